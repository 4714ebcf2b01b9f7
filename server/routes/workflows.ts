// Workflows of an app (metadata), their runs, manual and dry runs, and incoming webhooks;
// the user's inbox, approvals and tasks.
import { Hono } from 'hono';
import { Invalid } from '../../engine/index.ts';
import {
  actor,
  type Env,
  engineOf,
  maxJsonBytes,
  numericId,
  queryParam,
  readBytes,
  readJson,
} from '../context.ts';

function recordOf(body: unknown): string | number | undefined {
  if (body && typeof body === 'object' && 'record' in body)
    return (body as { record: string | number }).record;
  return undefined;
}

export const workflowRoutes = new Hono<Env>()
  .get('/:app/workflows', (c) => {
    const { workflows } = engineOf(c);
    const last = workflows.lastRuns(c.req.param('app'));
    return c.json({
      items: workflows.definitions
        .list(c.req.param('app'))
        .map((w) => ({ ...w, lastRun: last[w.name] ?? null })),
    });
  })
  .post('/:app/workflows', async (c) =>
    c.json(
      await engineOf(c).workflows.definitions.create(actor(c), c.req.param('app'), await readJson(c)),
      201,
    ),
  )
  .get('/:app/workflows/:workflow', (c) =>
    c.json(engineOf(c).workflows.definitions.get(c.req.param('app'), c.req.param('workflow'))),
  )
  .patch('/:app/workflows/:workflow', async (c) =>
    c.json(
      await engineOf(c).workflows.definitions.update(
        actor(c),
        c.req.param('app'),
        c.req.param('workflow'),
        await readJson(c),
      ),
    ),
  )
  .delete('/:app/workflows/:workflow', async (c) => {
    await engineOf(c).workflows.definitions.delete(actor(c), c.req.param('app'), c.req.param('workflow'));
    return c.body(null, 204);
  })
  .get('/:app/workflows/:workflow/runs', (c) => {
    const limit = Number(queryParam(c, 'limit') ?? 50);
    return c.json({
      items: engineOf(c).workflows.listRuns(
        c.req.param('app'),
        c.req.param('workflow'),
        Number.isFinite(limit) ? limit : 50,
      ),
    });
  })
  .get('/:app/workflows/:workflow/runs/:id', (c) =>
    c.json(engineOf(c).workflows.run(numericId(c, 'id', 'run'))),
  )
  .post('/:app/workflows/:workflow/runs/:id/retry', async (c) =>
    c.json(await engineOf(c).workflows.retry(numericId(c, 'id', 'run'))),
  )
  .post('/:app/workflows/:workflow/run', async (c) => {
    const body = await readJson(c);
    return c.json(
      await engineOf(c).workflows.runManual(
        actor(c),
        c.req.param('app'),
        c.req.param('workflow'),
        recordOf(body),
      ),
      201,
    );
  })
  .post('/:app/workflows/:workflow/dry-run', async (c) => {
    const body = await readJson(c);
    return c.json(
      await engineOf(c).workflows.dryRun(
        actor(c),
        c.req.param('app'),
        c.req.param('workflow'),
        recordOf(body),
      ),
    );
  })
  .get('/:app/tables/:table/records/:id/approvals', (c) => {
    const engine = engineOf(c);
    const table = engine.metadata.registry.table(c.req.param('app'), c.req.param('table'));
    return c.json({
      items: engine.workflows.approvals.forRecord(
        table.doc.id,
        engine.records.recordId(table, c.req.param('id')),
      ),
    });
  });

/** Incoming webhooks: no sign-in, the workflow's secret instead. */
export const hookRoutes = new Hono<Env>().post('/:app/:workflow', async (c) => {
  let body: unknown = null;
  // Anyone may call a webhook: read no more of the body than any JSON request may hold.
  const text = (await readBytes(c, maxJsonBytes)).toString('utf8');
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const secret = c.req.header('x-rapport-secret') ?? c.req.query('secret');
  const result = await engineOf(c).workflows.receiveWebhook(
    c.req.param('app'),
    c.req.param('workflow'),
    secret,
    body,
  );
  return c.json(result, 202);
});

export const inboxRoutes = new Hono<Env>()
  .get('/', (c) => {
    const user = c.get('principal').user.id;
    const inbox = engineOf(c).workflows.inbox;
    return c.json({
      items: inbox.list(user, { unreadOnly: queryParam(c, 'unread') === '1' }),
      unread: inbox.unreadCount(user),
    });
  })
  .post('/read', async (c) => {
    const body = (await readJson(c)) as { ids?: unknown; all?: unknown } | null;
    const ids =
      body?.all === true
        ? 'all'
        : Array.isArray(body?.ids) && body.ids.every((i) => Number.isInteger(i))
          ? (body.ids as number[])
          : undefined;
    if (!ids)
      throw new Invalid('invalid_body', 'Send {"ids": [1, 2]} or {"all": true}.', [
        { field: 'ids', message: 'must be a list of notification ids' },
      ]);
    const marked = await engineOf(c).workflows.inbox.markRead(c.get('principal').user.id, ids);
    return c.json({ marked, unread: engineOf(c).workflows.inbox.unreadCount(c.get('principal').user.id) });
  });

export const approvalRoutes = new Hono<Env>()
  .get('/', (c) => c.json({ items: engineOf(c).workflows.approvals.waitingFor(c.get('principal').user.id) }))
  .get('/:id', (c) => c.json(engineOf(c).workflows.approvals.get(numericId(c, 'id', 'run'))))
  .post('/:id/decide', async (c) => {
    const body = (await readJson(c)) as { decision?: unknown; comment?: unknown } | null;
    const approval = await engineOf(c).workflows.approvals.decide(
      actor(c),
      numericId(c, 'id', 'run'),
      body?.decision,
      body?.comment,
    );
    return c.json(approval);
  });
