// Live events: server-sent events of an app's record and metadata changes, read from the
// outbox after commit. Each event's id is its outbox id, so a client reconnecting with
// Last-Event-ID resumes exactly where it left off.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { OutboxEvent } from '../../engine/index.ts';
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
    const open = () => !stream.aborted && !shutdown.aborted;
    await stream.writeSSE({
      event: 'ready',
      data: JSON.stringify({ lastEventId: cursor }),
      id: String(cursor),
    });
    while (open()) {
      for (;;) {
        const events = engine.outbox.read(cursor, 500, app.doc.id);
        for (const event of events)
          await stream.writeSSE({
            id: String(event.id),
            event: event.type,
            data: JSON.stringify(describe(engine, event)),
          });
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

/** The event as clients see it: what changed and, for records, the changed values. */
function describe(engine: ReturnType<typeof engineOf>, event: OutboxEvent) {
  const base = { id: event.id, type: event.type, at: new Date(event.at).toISOString(), actor: event.actorId };
  if (event.recordId !== null && event.tableId) {
    const auditId = event.payload.auditId as number | undefined;
    const audit = auditId
      ? (engine.store.reader.prepare('SELECT before, after FROM audit WHERE id = ?').get(auditId) as
          | { before: string | null; after: string | null }
          | undefined)
      : undefined;
    return {
      ...base,
      table: event.payload.table,
      record: String(event.recordId),
      before: audit?.before ? JSON.parse(audit.before) : null,
      after: audit?.after ? JSON.parse(audit.after) : null,
    };
  }
  return { ...base, object: event.payload.id, kind: event.payload.kind, parent: event.payload.parentId };
}
