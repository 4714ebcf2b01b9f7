// The durable outbox: every committed change leaves an event row. Readers (live updates,
// workflows, webhooks) page through it by id; listeners are woken after each commit.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Store } from '../store/database.ts';
import { outbox } from '../store/fixed-tables.ts';

export interface OutboxEvent {
  id: number;
  at: number;
  appId: string;
  tableId: string | null;
  recordId: number | null;
  type: string;
  actorId: string | null;
  payload: Record<string, unknown>;
}

type Listener = () => void;

/**
 * The workflow dispatcher reads after every commit and each live stream after every commit
 * too: the two queries are built and prepared once, not per read.
 */
function prepareReads(store: Store) {
  const after = sql.placeholder('after');
  const page = (condition: ReturnType<typeof gt>) =>
    store.readDb
      .select()
      .from(outbox)
      .where(condition)
      .orderBy(asc(outbox.id))
      .limit(sql.placeholder('limit'))
      .prepare();
  return {
    all: page(gt(outbox.id, after)),
    ofApp: page(and(gt(outbox.id, after), eq(outbox.appId, sql.placeholder('app')))!),
  };
}

export class Outbox {
  private listeners = new Set<Listener>();
  private waking = false;
  private readonly reads: ReturnType<typeof prepareReads>;

  constructor(private readonly store: Store) {
    this.reads = prepareReads(store);
  }

  /** Events after `afterId`, oldest first; optionally of one app. */
  read(afterId: number, limit = 500, appId?: string): OutboxEvent[] {
    const rows = appId
      ? this.reads.ofApp.all({ after: afterId, limit, app: appId })
      : this.reads.all.all({ after: afterId, limit });
    return rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as Record<string, unknown> }));
  }

  lastId(): number {
    const row = this.store.reader.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number | null };
    return row.id ?? 0;
  }

  /** The last event id as the current write sees it (its own uncommitted events included). */
  lastIdInWrite(): number {
    const row = this.store.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number | null };
    return row.id ?? 0;
  }

  /** Calls `listener` soon after every commit that may have added events. Returns an unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Wakes the listeners once the current turn of the event loop is over, not inside the commit:
   * the request that committed answers first, and the commits of one turn (many requests under
   * load) wake each listener once. Listeners read from their own cursor, so none is missed.
   */
  notify(): void {
    if (this.waking) return;
    this.waking = true;
    setImmediate(() => {
      this.waking = false;
      for (const listener of this.listeners) listener();
    });
  }
}
