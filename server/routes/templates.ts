// The template gallery: list, preview, install (one transaction) and export any app back.
import { Hono } from 'hono';
import {
  exportTemplate,
  type InstallOptions,
  installTemplate,
  listTemplates,
  loadTemplate,
} from '../../engine/index.ts';
import { actor, assertTokenAllows, type Env, engineOf, readJson } from '../context.ts';
import { appJson } from '../serialize.ts';

const previewRows = 5;

export const templateRoutes = new Hono<Env>()
  .get('/', async (c) => c.json({ items: await listTemplates() }))
  .get('/:name', async (c) => {
    const template = await loadTemplate(c.req.param('name'));
    const { sampleData, ...rest } = template;
    return c.json({
      ...rest,
      sampleCounts: Object.fromEntries(
        Object.entries(sampleData ?? {}).map(([table, rows]) => [table, rows.length]),
      ),
      samples: Object.fromEntries(
        Object.entries(sampleData ?? {}).map(([table, rows]) => [
          table,
          rows.slice(0, previewRows).map((r) => r.fields),
        ]),
      ),
    });
  })
  .post('/:name/install', async (c) => {
    assertTokenAllows(c, undefined, true);
    const body = (await readJson(c)) as { app?: unknown; sampleData?: unknown } | null;
    const template = await loadTemplate(c.req.param('name'));
    // Links to public forms in the template's e-mails point where this request came in, unless
    // the installation names its public address.
    const options: InstallOptions = {
      publicUrl: process.env.RAPPORT_PUBLIC_URL ?? new URL(c.req.url).origin,
    };
    if (typeof body?.app === 'string') options.app = body.app;
    if (typeof body?.sampleData === 'boolean') options.sampleData = body.sampleData;
    const app = await installTemplate(engineOf(c), actor(c), template, options);
    return c.json(appJson(app), 201);
  });

export const appTemplateRoutes = new Hono<Env>().get('/:app/template', async (c) => {
  assertTokenAllows(c, c.req.param('app'), false);
  return c.json(await exportTemplate(engineOf(c), c.req.param('app')));
});
