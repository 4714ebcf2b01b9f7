// People: users (with a team and a manager) and teams in a hierarchy. Assignment rules,
// approvals and row-level access read this model. Password hashing lives with the server's
// auth; this service only stores the hash it is given.
import { asc, eq, or, sql } from 'drizzle-orm';
import { Conflict, Invalid, invalidField, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { apiNameSchema, type Checker, compile, type Label, labelSchema } from '../schema/index.ts';
import type { Store } from '../store/database.ts';
import { teams, users } from '../store/fixed-tables.ts';

type UserRow = typeof users.$inferSelect;

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  active: boolean;
  team: string | null;
  manager: string | null;
  locale: string | null;
  timeZone: string | null;
  createdAt: string;
}

export interface Team {
  id: string;
  name: string;
  label: Label;
  parent: string | null;
}

interface UserInput {
  email: string;
  name?: string;
  team?: string | null;
  manager?: string | null;
  isAdmin?: boolean;
  active?: boolean;
  locale?: string | null;
  timeZone?: string | null;
}

const userInput: Checker<UserInput> = compile<UserInput>({
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    password: { type: 'string' },
    team: { type: ['string', 'null'] },
    manager: { type: ['string', 'null'] },
    isAdmin: { type: 'boolean' },
    active: { type: 'boolean' },
    locale: { type: ['string', 'null'], enum: ['en', 'zh-CN', null] },
    timeZone: { type: ['string', 'null'], maxLength: 64 },
  },
  additionalProperties: false,
});

interface TeamInput {
  name: string;
  label?: Label;
  parent?: string | null;
}

const teamInput: Checker<TeamInput> = compile<TeamInput>({
  type: 'object',
  required: ['name'],
  properties: { name: apiNameSchema, label: labelSchema, parent: { type: ['string', 'null'] } },
  additionalProperties: false,
});

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.isAdmin,
    active: row.active,
    team: row.teamId,
    manager: row.managerId,
    locale: row.locale,
    timeZone: row.timeZone,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** A user by id is read on every authenticated request: the query is built and prepared once. */
const prepareUserById = (store: Store) =>
  store.readDb
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();

export class PeopleService {
  private readonly userById: ReturnType<typeof prepareUserById>;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {
    this.userById = prepareUserById(store);
    store.hotRows.watch('users');
  }

  listUsers(): User[] {
    return this.store.readDb.select().from(users).orderBy(asc(users.name)).all().map(toUser);
  }

  findUserRow(id: string): UserRow | undefined {
    return this.store.hotRows.get(`user:${id}`, () => this.userById.get({ id }));
  }

  findUserByEmail(email: string): UserRow | undefined {
    return this.store.readDb.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
  }

  user(id: string): User {
    const row = this.findUserRow(id);
    if (!row) throw notFound('User', id);
    return toUser(row);
  }

  countUsers(): number {
    return (this.store.reader.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  async createUser(input: unknown, passwordHash: string | null): Promise<User> {
    userInput.assert(input, 'user');
    if (!input.email) throw invalidField('email', "'email' is required");
    return this.store.write(() => {
      const email = input.email.trim().toLowerCase();
      if (this.store.db.select().from(users).where(eq(users.email, email)).get())
        throw new Conflict('duplicate_email', `A user with e-mail '${email}' already exists.`, [
          { field: 'email', message: 'already in use' },
        ]);
      this.checkRelations(input.team ?? null, input.manager ?? null, null);
      const at = this.now();
      const row = this.store.db
        .insert(users)
        .values({
          id: newId('usr'),
          email,
          name: input.name ?? email.split('@')[0]!,
          passwordHash,
          isAdmin: input.isAdmin ?? false,
          active: input.active ?? true,
          teamId: this.teamIdOf(input.team ?? null),
          managerId: input.manager ?? null,
          locale: input.locale ?? null,
          timeZone: input.timeZone ?? null,
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get();
      return toUser(row);
    });
  }

  async updateUser(id: string, patch: unknown, passwordHash?: string): Promise<User> {
    if (typeof patch !== 'object' || patch === null) throw new Invalid('invalid_body', 'Expected an object.');
    userInput.assert({ email: 'x@example.com', ...patch }, 'user');
    const changes = patch as Partial<{
      email: string;
      name: string;
      team: string | null;
      manager: string | null;
      isAdmin: boolean;
      active: boolean;
      locale: string | null;
      timeZone: string | null;
    }>;
    return this.store.write(() => {
      const current = this.store.db.select().from(users).where(eq(users.id, id)).get();
      if (!current) throw notFound('User', id);
      if (changes.email && changes.email.toLowerCase() !== current.email) {
        if (this.store.db.select().from(users).where(eq(users.email, changes.email.toLowerCase())).get())
          throw new Conflict('duplicate_email', `A user with e-mail '${changes.email}' already exists.`);
      }
      this.checkRelations(
        changes.team === undefined ? current.teamId : changes.team,
        changes.manager === undefined ? current.managerId : changes.manager,
        id,
      );
      const row = this.store.db
        .update(users)
        .set({
          ...(changes.email ? { email: changes.email.toLowerCase() } : {}),
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.team !== undefined ? { teamId: this.teamIdOf(changes.team) } : {}),
          ...(changes.manager !== undefined ? { managerId: changes.manager } : {}),
          ...(changes.isAdmin !== undefined ? { isAdmin: changes.isAdmin } : {}),
          ...(changes.active !== undefined ? { active: changes.active } : {}),
          ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
          ...(changes.timeZone !== undefined ? { timeZone: changes.timeZone } : {}),
          ...(passwordHash !== undefined ? { passwordHash } : {}),
          updatedAt: this.now(),
        })
        .where(eq(users.id, id))
        .returning()
        .get();
      return toUser(row);
    });
  }

  /** A team given by name or id, stored by id (access scopes and team deletion compare ids). */
  private teamIdOf(ref: string | null): string | null {
    if (!ref) return null;
    const row = this.store.db
      .select()
      .from(teams)
      .where(or(eq(teams.id, ref), eq(teams.name, ref)))
      .get();
    return row?.id ?? ref;
  }

  private checkRelations(team: string | null, manager: string | null, self: string | null) {
    if (
      team &&
      !this.store.db.select().from(teams).where(eq(teams.id, team)).get() &&
      !this.store.db.select().from(teams).where(eq(teams.name, team)).get()
    )
      throw invalidField('team', `There is no team '${team}'.`, 'unknown_team');
    if (manager) {
      if (manager === self) throw invalidField('manager', 'A user cannot manage themselves.');
      let cursor: string | null = manager;
      for (let depth = 0; cursor; depth++) {
        const row = this.store.db.select().from(users).where(eq(users.id, cursor)).get();
        if (!row) throw invalidField('manager', `There is no user '${manager}'.`, 'unknown_user');
        if (row.managerId === self && self !== null)
          throw invalidField('manager', 'That would make a circle of managers.');
        cursor = depth > 50 ? null : row.managerId;
      }
    }
  }

  listTeams(): Team[] {
    // Inside a write, teams created earlier in the same transaction must be found (e.g. as a parent).
    return (this.store.inWrite ? this.store.db : this.store.readDb)
      .select()
      .from(teams)
      .orderBy(asc(teams.name))
      .all()
      .map((row) => ({ id: row.id, name: row.name, label: row.label as Label, parent: row.parentId }));
  }

  team(ref: string): Team {
    const team = this.listTeams().find((t) => t.id === ref || t.name === ref);
    if (!team) throw notFound('Team', ref);
    return team;
  }

  async createTeam(input: unknown): Promise<Team> {
    teamInput.assert(input, 'team');
    return this.store.write(() => {
      if (this.store.db.select().from(teams).where(eq(teams.name, input.name)).get())
        throw new Conflict('duplicate_name', `A team named '${input.name}' already exists.`, [
          { field: 'name', message: 'already in use' },
        ]);
      const parent = input.parent ? this.team(input.parent).id : null;
      const row = this.store.db
        .insert(teams)
        .values({
          id: newId('tem'),
          name: input.name,
          label: input.label ?? input.name,
          parentId: parent,
          createdAt: this.now(),
        })
        .returning()
        .get();
      return { id: row.id, name: row.name, label: row.label as Label, parent: row.parentId };
    });
  }

  async updateTeam(ref: string, patch: unknown): Promise<Team> {
    if (typeof patch !== 'object' || patch === null) throw new Invalid('invalid_body', 'Expected an object.');
    const current = this.team(ref);
    teamInput.assert({ name: current.name, ...patch }, 'team');
    const changes = patch as { name?: string; label?: Label; parent?: string | null };
    return this.store.write(() => {
      if (
        changes.name &&
        changes.name !== current.name &&
        this.store.db.select().from(teams).where(eq(teams.name, changes.name)).get()
      )
        throw new Conflict('duplicate_name', `A team named '${changes.name}' already exists.`);
      let parent = current.parent;
      if (changes.parent !== undefined) {
        parent = changes.parent ? this.team(changes.parent).id : null;
        for (let cursor = parent; cursor; cursor = this.team(cursor).parent)
          if (cursor === current.id) throw invalidField('parent', 'A team cannot sit below itself.');
      }
      this.store.db
        .update(teams)
        .set({
          ...(changes.name ? { name: changes.name } : {}),
          ...(changes.label ? { label: changes.label } : {}),
          parentId: parent,
        })
        .where(eq(teams.id, current.id))
        .run();
      return this.team(current.id);
    });
  }

  async deleteTeam(ref: string): Promise<void> {
    const team = this.team(ref);
    await this.store.write(() => {
      if (this.store.db.select().from(teams).where(eq(teams.parentId, team.id)).get())
        throw new Conflict('in_use', `Team '${team.name}' has sub-teams; move or delete them first.`);
      this.store.db.update(users).set({ teamId: null }).where(eq(users.teamId, team.id)).run();
      this.store.db.delete(teams).where(eq(teams.id, team.id)).run();
    });
  }

  /** The team and every team below it, for "my reports" scopes and approvals. */
  teamAndBelow(teamId: string): string[] {
    const all = this.listTeams();
    const out = [teamId];
    for (let i = 0; i < out.length; i++) for (const t of all) if (t.parent === out[i]) out.push(t.id);
    return out;
  }
}
