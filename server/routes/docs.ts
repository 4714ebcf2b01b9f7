// API documentation: the OpenAPI document (signed-in users) and an interactive reference page.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { appAsSeen, type Env, engineOf } from '../context.ts';
import { openApiDocument, type RouteInfo } from '../openapi.ts';

// The reference page's script is served from our own package, not a CDN: it works offline
// and behind firewalls, and the page's content security policy stays 'self'.
const scalarDir = (() => {
  // The package exports no package.json; its entry sits under dist/, beside dist/browser/.
  let dir = dirname(createRequire(import.meta.url).resolve('@scalar/api-reference'));
  while (!dir.endsWith('dist') && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'browser');
})();

export const docsPageRoutes = new Hono<Env>()
  .get(
    '/docs',
    Scalar({ url: '/api/openapi.json', pageTitle: 'Rapport API', cdn: '/api/docs/assets/standalone.js' }),
  )
  .get('/docs/assets/*', async (c) => {
    const name = c.req.path.slice('/api/docs/assets/'.length);
    if (!/^(standalone(\.esm)?\.js|chunks\/[\w.-]+\.js)$/.test(name)) return c.notFound();
    const file = join(scalarDir, name);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(await readFile(file, 'utf8'));
  });

/** The document, describing `routes` (filled in once the whole API is assembled). */
export function openApiRoutes(routes: RouteInfo[]) {
  return new Hono<Env>().get('/openapi.json', (c) => {
    const scope = c.get('principal').token?.apps;
    return c.json(
      openApiDocument(engineOf(c), {
        routes,
        shows: (app) => !scope || scope.includes(app.doc.name) || scope.includes(app.doc.id),
        seen: (app) => appAsSeen(c, app),
      }),
    );
  });
}
