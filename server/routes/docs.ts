// API documentation: the OpenAPI document (signed-in users) and an interactive reference page.
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { type Env, engineOf } from '../context.ts';
import { openApiDocument, type RouteInfo } from '../openapi.ts';

export const docsPageRoutes = new Hono<Env>().get(
  '/docs',
  Scalar({ url: '/api/openapi.json', pageTitle: 'Rapport API' }),
);

/** The document, describing `routes` (filled in once the whole API is assembled). */
export function openApiRoutes(routes: RouteInfo[]) {
  return new Hono<Env>().get('/openapi.json', (c) => {
    const scope = c.get('principal').token?.apps;
    return c.json(
      openApiDocument(engineOf(c), {
        routes,
        shows: (app) => !scope || scope.includes(app.doc.name) || scope.includes(app.doc.id),
      }),
    );
  });
}
