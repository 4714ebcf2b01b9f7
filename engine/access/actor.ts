// Who is asking. Every engine call carries an actor; the access policy decides from it.
export interface Actor {
  /** The user's id, or null for the system itself (template install, migrations). */
  userId: string | null;
  isAdmin: boolean;
  /** Role names per app, once roles exist (access-control issue). */
  roles: string[];
  teamId?: string | null;
  /** An API token scoped to one role acts with that role only. */
  tokenRole?: string;
  /** An API token limited to some tables (their ids): no other table is in reach, even for an admin's token. */
  tokenTables?: readonly string[];
  /** Set when a workflow run acts: changes it makes carry the run's depth, to stop rules that trigger themselves. */
  cause?: { runId: number; depth: number };
}

export const systemActor: Actor = { userId: null, isAdmin: true, roles: [] };
