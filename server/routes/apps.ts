// Apps and their metadata: tables, fields and views.
import { Hono } from 'hono';
import { actor, appAsSeen, assertTokenAllows, type Env, engineOf, readJson } from '../context.ts';
import { appJson, tableJson } from '../serialize.ts';

const flag = (value: string | undefined) => value === 'true' || value === '1';

export const appRoutes = new Hono<Env>()
  .use('/:app/*', async (c, next) => {
    assertTokenAllows(c, c.req.param('app'), c.req.method !== 'GET' && c.req.method !== 'HEAD');
    await next();
  })
  .get('/', (c) => {
    const token = c.get('principal').token;
    const apps = engineOf(c)
      .metadata.registry.listApps()
      .filter((a) => !token?.apps || token.apps.includes(a.doc.name) || token.apps.includes(a.doc.id));
    return c.json({ items: apps.map((a) => appJson(appAsSeen(c, a), false)) });
  })
  .post('/', async (c) => {
    assertTokenAllows(c, undefined, true);
    const app = await engineOf(c).metadata.createApp(actor(c), await readJson(c));
    return c.json(appJson(app), 201);
  })
  .get('/:app', (c) => {
    assertTokenAllows(c, c.req.param('app'), false);
    return c.json(appJson(appAsSeen(c, engineOf(c).metadata.registry.app(c.req.param('app')))));
  })
  .patch('/:app', async (c) => {
    assertTokenAllows(c, c.req.param('app'), true);
    const app = await engineOf(c).metadata.updateApp(actor(c), c.req.param('app'), await readJson(c));
    return c.json(appJson(app));
  })
  .delete('/:app', async (c) => {
    assertTokenAllows(c, c.req.param('app'), true);
    await engineOf(c).metadata.deleteApp(actor(c), c.req.param('app'));
    return c.body(null, 204);
  })
  .get('/:app/tables', (c) =>
    c.json({
      items: appAsSeen(c, engineOf(c).metadata.registry.app(c.req.param('app'))).tables.map(tableJson),
    }),
  )
  .post('/:app/tables', async (c) => {
    const table = await engineOf(c).metadata.createTable(actor(c), c.req.param('app'), await readJson(c));
    return c.json(tableJson(table), 201);
  })
  .get('/:app/tables/:table', (c) =>
    c.json(tableJson(engineOf(c).metadata.registry.table(c.req.param('app'), c.req.param('table')))),
  )
  .patch('/:app/tables/:table', async (c) => {
    const table = await engineOf(c).metadata.updateTable(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      await readJson(c),
    );
    return c.json(tableJson(table));
  })
  .delete('/:app/tables/:table', async (c) => {
    await engineOf(c).metadata.deleteTable(actor(c), c.req.param('app'), c.req.param('table'));
    return c.body(null, 204);
  })
  .get('/:app/tables/:table/fields', (c) =>
    c.json({
      items: engineOf(c)
        .metadata.registry.table(c.req.param('app'), c.req.param('table'))
        .fields.map((f) => f.doc),
    }),
  )
  .post('/:app/tables/:table/fields', async (c) => {
    const field = await engineOf(c).metadata.createField(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      await readJson(c),
    );
    return c.json(field.doc, 201);
  })
  .get('/:app/tables/:table/fields/:field', (c) => {
    const { registry } = engineOf(c).metadata;
    return c.json(
      registry.field(registry.table(c.req.param('app'), c.req.param('table')), c.req.param('field')).doc,
    );
  })
  .patch('/:app/tables/:table/fields/:field', async (c) => {
    const dryRun = flag(c.req.query('dryRun'));
    const result = await engineOf(c).metadata.updateField(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      c.req.param('field'),
      await readJson(c),
      { dryRun, clearInvalid: flag(c.req.query('clearInvalid')) },
    );
    if (dryRun) return c.json(result);
    return c.json(result.conversion ? { ...result.field, conversion: result.conversion } : result.field);
  })
  .delete('/:app/tables/:table/fields/:field', async (c) => {
    await engineOf(c).metadata.deleteField(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      c.req.param('field'),
    );
    return c.body(null, 204);
  })
  .get('/:app/tables/:table/views', (c) =>
    c.json({ items: engineOf(c).metadata.registry.table(c.req.param('app'), c.req.param('table')).views }),
  )
  .post('/:app/tables/:table/views', async (c) => {
    const view = await engineOf(c).metadata.createView(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      await readJson(c),
    );
    return c.json(view, 201);
  })
  .get('/:app/tables/:table/views/:view', (c) => {
    const { metadata } = engineOf(c);
    return c.json(
      metadata.findView(
        metadata.registry.table(c.req.param('app'), c.req.param('table')),
        c.req.param('view'),
      ),
    );
  })
  .patch('/:app/tables/:table/views/:view', async (c) => {
    const view = await engineOf(c).metadata.updateView(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      c.req.param('view'),
      await readJson(c),
    );
    return c.json(view);
  })
  .delete('/:app/tables/:table/views/:view', async (c) => {
    await engineOf(c).metadata.deleteView(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      c.req.param('view'),
    );
    return c.body(null, 204);
  })
  .get('/:app/history', (c) => {
    const object = c.req.query('object');
    const app = engineOf(c).metadata.registry.app(c.req.param('app'));
    return c.json({ items: engineOf(c).metadata.history(object ?? app.doc.id) });
  });
