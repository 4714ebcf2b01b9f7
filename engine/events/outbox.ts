// The durable outbox: every committed change leaves an event row. Readers (live updates,
// workflows, webhooks) page through it by id; listeners are woken after each commit.
import type { Store } from '../store/database.ts';

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
 * too: the two queries are prepared once, on the reader, and read without a mapping layer.
 */
function prepareReads(store: Store) {
  const columns =
    'SELECT id, at, app_id AS appId, table_id AS tableId, record_id AS recordId, type, actor_id AS actorId, payload FROM outbox';
  return {
    all: store.reader.prepare(`${columns} WHERE id > ? ORDER BY id LIMIT ?`),
    ofApp: store.reader.prepare(`${columns} WHERE app_id = ? AND id > ? ORDER BY id LIMIT ?`),
  };
}

type OutboxRow = Omit<OutboxEvent, 'payload'> & { payload: string };

export class Outbox {
  private listeners = new Set<Listener>();
  private waking = false;
  private readonly reads: ReturnType<typeof prepareReads>;

  constructor(private readonly store: Store) {
    this.reads = prepareReads(store);
  }

  /** Events after `afterId`, oldest first; optionally of one app. */
  read(afterId: number, limit = 500, appId?: string): OutboxEvent[] {
    const rows = (
      appId ? this.reads.ofApp.all(appId, afterId, limit) : this.reads.all.all(afterId, limit)
    ) as OutboxRow[];
    // Parsed when first read: the dispatcher passes over most events by their type and app alone.
    return rows.map(({ payload: text, ...row }) => {
      let payload: Record<string, unknown> | undefined;
      return {
        ...row,
        get payload() {
          payload ??= JSON.parse(text) as Record<string, unknown>;
          return payload;
        },
      };
    });
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
