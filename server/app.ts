// The HTTP application: middleware (secure headers, auth, CSRF, errors) and the routes of
// the API contract. A thin adapter: every route parses, calls the engine, and responds.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { type Engine, Forbidden, Invalid, NotFound } from '../engine/index.ts';
import type { AuthService, Principal } from './auth/service.ts';
import { compressResponses } from './compress.ts';
import { type Env, tokenTableGuard } from './context.ts';
import { errorResponse } from './errors.ts';
import type { RouteInfo } from './openapi.ts';
import { accessRoutes } from './routes/access.ts';
import { appRoutes } from './routes/apps.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes, csrfCookie, publicAuthRoutes, sessionCookie, tokenRoutes } from './routes/auth.ts';
import { commentRoutes } from './routes/comments.ts';
import { csvRoutes } from './routes/csv.ts';
import { docsPageRoutes, openApiRoutes } from './routes/docs.ts';
import { eventRoutes } from './routes/events.ts';
import { publicFormRoutes } from './routes/forms.ts';
import { meRoutes, teamRoutes, userRoutes } from './routes/people.ts';
import { recordRoutes } from './routes/records.ts';
import { fieldTypeRoutes, formulaPreviewRoutes } from './routes/reference.ts';
import { taskRoutes } from './routes/tasks.ts';
import { appTemplateRoutes, templateRoutes } from './routes/templates.ts';
import { approvalRoutes, hookRoutes, inboxRoutes, workflowRoutes } from './routes/workflows.ts';
import { serveDesigner } from './static.ts';

export interface AppOptions {
  /** Where the built designer lives; omitted in API-only tests. */
  designerDir?: string;
  /** Aborted when the server shuts down, so that streams of live events end. */
  shutdown?: AbortSignal;
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Limits of API tokens that hold for every route: a read-only token writes nothing, and a
 * token scoped to some apps cannot change the workspace (people, new apps). Per-app checks
 * are in assertTokenAllows.
 */
function assertTokenMayWrite(token: NonNullable<Principal['token']>, path: string): void {
  if (path === '/api/auth/logout') return;
  if (token.readOnly) throw new Forbidden('read_only_token', 'This API token is read-only.');
  if ((token.apps || token.role) && /^\/api\/(users|teams|apps\/?$)/.test(path))
    throw new Forbidden(
      'token_scope',
      'This API token is limited to some apps or to a role; it cannot change the workspace.',
    );
}

/**
 * "View as": a workspace admin (or an app's designer) sees exactly what a user, or anyone
 * holding a role, sees — read-only, so nothing can be changed in someone else's name.
 * Header: `X-View-As: user:<id>` or `role:<name>` (with `X-View-As-App: <app>` for roles).
 */
function viewAsPrincipal(
  engine: Engine,
  principal: Principal,
  target: string,
  method: string,
  appRef: string | undefined,
): Principal {
  if (unsafe.has(method)) throw new Forbidden('view_as_read_only', 'Viewing as someone else is read-only.');
  const [kind, value] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
  const app = appRef ? engine.metadata.registry.app(appRef) : undefined;
  const allowed =
    principal.user.isAdmin || (app !== undefined && engine.access.canDesign(principal.actor, app));
  if (!allowed)
    throw new Forbidden('forbidden', 'Only administrators and app designers may view as someone else.');
  if (kind === 'user') return { ...principal, actor: engine.access.viewAs({ user: value }, appRef ?? '') };
  if (kind === 'role' && app)
    return { ...principal, actor: engine.access.viewAs({ role: value }, app.doc.id) };
  throw new Invalid('invalid_view_as', "X-View-As is 'user:<id>', or 'role:<name>' with X-View-As-App.", [
    { field: 'x-view-as', message: 'unknown target' },
  ]);
}

export function createApi(engine: Engine, auth: AuthService, shutdown = new AbortController().signal) {
  const routes: RouteInfo[] = [];
  const api = new Hono<Env>()
    .use('*', async (c, next) => {
      c.set('engine', engine);
      c.set('auth', auth);
      c.set('shutdown', shutdown);
      await next();
      // Shutting down: this connection serves no further request.
      if (shutdown.aborted) c.header('Connection', 'close');
    })
    .route('/auth', publicAuthRoutes)
    .route('/forms', publicFormRoutes())
    .route('/hooks', hookRoutes)
    .route('/', docsPageRoutes)
    .use('*', async (c, next) => {
      const header = c.req.header('authorization');
      const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
      const principal = bearer
        ? auth.authenticate(bearer, 'bearer')
        : auth.authenticate(getCookie(c, sessionCookie), 'cookie');
      // A cookie rides along with any request the browser makes; a write must also prove it came from our pages.
      if (!bearer && unsafe.has(c.req.method)) {
        const expected = getCookie(c, csrfCookie);
        if (!expected || c.req.header('x-csrf-token') !== expected)
          throw new Forbidden(
            'csrf_failed',
            'Missing or wrong X-CSRF-Token header for a cookie-authenticated write.',
          );
      }
      c.set('principal', principal);
      // A role demands a second factor this user has not set up: until they do, only enrolment is open.
      if (principal.mustEnrol && !/^\/api\/(me$|auth\/(2fa|logout))/.test(c.req.path))
        throw new Forbidden(
          'two_factor_setup_required',
          'A role you hold requires two-factor sign-in: set it up at /api/auth/2fa/setup first.',
        );
      if (principal.token && unsafe.has(c.req.method)) assertTokenMayWrite(principal.token, c.req.path);
      const viewAs = c.req.header('x-view-as');
      if (viewAs)
        c.set(
          'principal',
          viewAsPrincipal(engine, principal, viewAs, c.req.method, c.req.header('x-view-as-app')),
        );
      await next();
    })
    .use('/apps/:app/tables/:table', tokenTableGuard)
    .use('/apps/:app/tables/:table/*', tokenTableGuard)
    .route('/auth', authRoutes)
    .route('/', openApiRoutes(routes))
    .route('/tokens', tokenRoutes)
    .route('/me', meRoutes)
    .route('/users', userRoutes)
    .route('/teams', teamRoutes)
    .route('/apps', appRoutes)
    .route('/apps', recordRoutes)
    .route('/apps', csvRoutes)
    .route('/apps', eventRoutes)
    .route('/apps', workflowRoutes)
    .route('/apps', auditRoutes)
    .route('/apps', accessRoutes)
    .route('/apps', commentRoutes)
    .route('/apps', formulaPreviewRoutes)
    .route('/field-types', fieldTypeRoutes)
    .route('/tasks', taskRoutes)
    .route('/apps', appTemplateRoutes)
    .route('/templates', templateRoutes)
    .route('/notifications', inboxRoutes)
    .route('/approvals', approvalRoutes)
    .route('/attachments', attachmentRoutes);
  // The OpenAPI document describes every route, including those added after it in the chain.
  routes.push(...api.routes.map((r) => ({ method: r.method, path: `/api${r.path}` })));
  return api;
}

export type ApiType = ReturnType<typeof createApi>;

export function createApp(engine: Engine, auth: AuthService, options: AppOptions = {}) {
  const app = new Hono<Env>();
  // Security headers are set on every Node response by the server (server/security-headers.ts).
  // Compressed: API answers and the designer's files. Not event streams, which must flush as they go.
  app.use(
    '*',
    compressResponses({
      contentTypes:
        /^(application\/json|text\/html|text\/css|(application|text)\/javascript|image\/svg\+xml)/,
    }),
  );
  app.onError((error, c) => errorResponse(error, c));
  app.route('/api', createApi(engine, auth, options.shutdown));
  app.all('/api/*', (c) =>
    errorResponse(new NotFound('route_not_found', `There is no ${c.req.method} ${c.req.path}.`), c),
  );
  if (options.designerDir) serveDesigner(app, options.designerDir);
  app.notFound((c) => errorResponse(new NotFound('not_found', `There is nothing at ${c.req.path}.`), c));
  return app;
}
