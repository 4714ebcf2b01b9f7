// Live events: server-sent events of an app's record and metadata changes, read from the
// outbox after commit. Each event's id is its outbox id, so a client reconnecting with
// Last-Event-ID resumes exactly where it left off.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { openValues } from '../../engine/crypto/values.ts';
import { type Actor, type OutboxEvent, RapportError } from '../../engine/index.ts';
import { type Env, engineOf } from '../context.ts';

const heartbeatMs = 15_000;

export const eventRoutes = new Hono<Env>().get('/:app/events', (c) => {
  const engine = engineOf(c);
  const app = engine.metadata.registry.app(c.req.param('app'));
  let cursor = resumePoint(
    c.req.header('last-event-id') ?? c.req.query('lastEventId'),
    engine.outbox.lastId(),
  );
  const shutdown = c.get('shutdown');
  const principal = c.get('principal');
  const auth = c.get('auth');
  return streamSSE(c, async (stream) => {
    let wake: (() => void) | undefined;
    const unsubscribe = engine.outbox.subscribe(() => wake?.());
    const stop = () => wake?.();
    shutdown.addEventListener('abort', stop);
    stream.onAbort(() => {
      unsubscribe();
      shutdown.removeEventListener('abort', stop);
      wake?.();
    });
    // A stream outlives the request that opened it: a deactivated user, an ended session or a
    // revoked token closes it at the next change or heartbeat.
    const open = () => !stream.aborted && !shutdown.aborted && auth.stillValid(principal);
    await stream.writeSSE({
      event: 'ready',
      data: JSON.stringify({ lastEventId: cursor }),
      id: String(cursor),
    });
    while (open()) {
      for (;;) {
        const events = engine.outbox.read(cursor, 500, app.doc.id);
        for (const event of events) {
          const data = await describe(engine, principal.actor, event);
          if (data)
            await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(data) });
        }
        if (events.length === 0) break;
        cursor = events[events.length - 1]!.id;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, heartbeatMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (open()) await stream.write(': keep-alive\n\n');
    }
    // Ended by shutdown: returning closes the response; the client reconnects with Last-Event-ID.
    unsubscribe();
    shutdown.removeEventListener('abort', stop);
  });
});

/**
 * Where a reconnecting client left off. Anything but an event id this server could have
 * given (empty, negative, not a whole number, beyond the last event) starts from now.
 */
function resumePoint(lastEventId: string | undefined, last: number): number {
  if (lastEventId === undefined || !/^\d{1,15}$/.test(lastEventId.trim())) return last;
  const id = Number(lastEventId.trim());
  return Math.min(id, last);
}

/**
 * The event as this client may see it: what changed and, for records, the changed values —
 * only of records the actor may read, without the fields hidden from them. Null: not for them.
 */
async function describe(engine: ReturnType<typeof engineOf>, actor: Actor, event: OutboxEvent) {
  const base = { id: event.id, type: event.type, at: new Date(event.at).toISOString(), actor: event.actorId };
  // An inbox notification is for the person it addresses, and nobody else.
  if (event.type === 'notification.created')
    return event.payload.userId === actor.userId
      ? { ...base, notification: event.payload.id, title: event.payload.title }
      : null;
  if (event.type === 'mail.requested') return null;
  // A token limited to some tables hears of nothing else, whoever owns it.
  if (actor.tokenTables && event.tableId && !actor.tokenTables.includes(event.tableId)) return null;
  // Records changed as a consequence of another write: told as ids, only those the reader may see.
  if (event.type === 'records.recomputed') {
    const ids = (event.payload.records as number[] | undefined) ?? [];
    let records = ids.map(String);
    let fields = (event.payload.fields as string[] | undefined) ?? [];
    if (!actor.isAdmin) {
      try {
        const visible = engine.query.list(actor, event.appId, event.tableId!, {
          ids: records,
          limit: 1000,
          fields: [],
        });
        records = visible.items.map((r) => r.id);
        const seen = new Set(
          engine.query.visibleFields(actor, event.appId, event.tableId!).map((f) => f.doc.name),
        );
        fields = fields.filter((f) => seen.has(f));
      } catch (error) {
        if (error instanceof RapportError) return null;
        throw error;
      }
    }
    return records.length ? { ...base, table: event.payload.table, records, fields } : null;
  }
  if (event.recordId === null || !event.tableId)
    return { ...base, object: event.payload.id, kind: event.payload.kind, parent: event.payload.parentId };
  const auditId = event.payload.auditId as number | undefined;
  const audit = auditId
    ? (engine.store.reader.prepare('SELECT before, after FROM audit WHERE id = ?').get(auditId) as
        | { before: string | null; after: string | null }
        | undefined)
    : undefined;
  const table = engine.metadata.registry.findApp(event.appId)?.tables.find((t) => t.doc.id === event.tableId);
  const open = (json: string | null | undefined) => {
    if (!json) return null;
    const values = JSON.parse(json) as Record<string, unknown>;
    return table ? openValues(table, values) : values;
  };
  let before = open(audit?.before);
  let after = open(audit?.after);
  if (!actor.isAdmin) {
    const visible = await visibleFields(engine, actor, event);
    if (!visible) return null;
    const only = (values: Record<string, unknown> | null) =>
      values && Object.fromEntries(Object.entries(values).filter(([name]) => visible.has(name)));
    before = only(before);
    after = only(after);
  }
  return { ...base, table: event.payload.table, record: String(event.recordId), before, after };
}

/**
 * The fields of the event's record the actor may read now, or null when the record is not
 * theirs to see. A deleted record can no longer be checked: its deletion is told (without
 * values) to whoever may read its table at all.
 */
async function visibleFields(
  engine: ReturnType<typeof engineOf>,
  actor: Actor,
  event: OutboxEvent,
): Promise<Set<string> | null> {
  try {
    if (event.type === 'record.deleted') {
      engine.query.list(actor, event.appId, event.tableId!, { limit: 1 });
      return new Set();
    }
    const record = await engine.records.get(actor, event.appId, event.tableId!, event.recordId!);
    return new Set(Object.keys(record.fields));
  } catch (error) {
    if (error instanceof RapportError) return null;
    throw error;
  }
}
