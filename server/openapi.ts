// OpenAPI 3.1 for the whole API, generated from the metadata: the fixed routes of the
// contract plus, for every table of every app, its records as typed schemas.
import { type AppModel, type Engine, labelText, resolveType, type TableModel } from '../engine/index.ts';

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  '400': { $ref: '#/components/responses/Malformed' },
  '401': { $ref: '#/components/responses/Unauthenticated' },
  '404': { $ref: '#/components/responses/NotFound' },
  '422': { $ref: '#/components/responses/Invalid' },
};

function schemaName(table: TableModel): string {
  const safe = (s: string) => s.replace(/(^|_)([a-z0-9])/g, (_m, _u, ch: string) => ch.toUpperCase());
  return `${safe(table.app.doc.name)}${safe(table.doc.name)}`;
}

function fieldsSchema(table: TableModel): Schema {
  const properties: Record<string, Schema> = {};
  for (const field of table.fields) {
    const { type } = resolveType(field);
    const schema = field.type.valueSchema(field) as Schema;
    properties[field.doc.name] = {
      ...schema,
      title: labelText(field.doc.label),
      description: `${field.doc.type}${type.name !== field.doc.type ? ` (reads as ${type.name})` : ''}${field.doc.required ? ', required' : ''}${field.doc.unique ? ', unique' : ''}`,
    };
  }
  return { type: 'object', properties, additionalProperties: false };
}

function tablePaths(table: TableModel, name: string): Record<string, Schema> {
  const base = `/api/apps/${table.app.doc.name}/tables/${table.doc.name}/records`;
  const tag = `${labelText(table.app.doc.label)} / ${labelText(table.doc.label)}`;
  const listParams = [
    {
      name: 'filter',
      in: 'query',
      schema: { type: 'string' },
      description: 'JSON filter, e.g. {"field":"stage","op":"is","value":"won"}',
    },
    {
      name: 'sort',
      in: 'query',
      schema: { type: 'string' },
      description: 'JSON [{"field","dir"}] or "amount,-close_date"',
    },
    { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
    { name: 'cursor', in: 'query', schema: { type: 'string' } },
    { name: 'q', in: 'query', schema: { type: 'string' }, description: 'full-text search' },
    { name: 'view', in: 'query', schema: { type: 'string' } },
    { name: 'fields', in: 'query', schema: { type: 'string' }, description: 'comma-separated field names' },
  ];
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  return {
    [base]: {
      get: {
        tags: [tag],
        operationId: `list${name}`,
        summary: `List ${labelText(table.doc.label)}`,
        parameters: listParams,
        responses: {
          '200': json({
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: {
              items: { type: 'array', items: ref(`${name}Record`) },
              nextCursor: { type: ['string', 'null'] },
            },
          }),
          ...errors,
        },
      },
      post: {
        tags: [tag],
        operationId: `create${name}`,
        summary: `Create ${labelText(table.doc.label)} (one, or up to 1000 with "records")`,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  { type: 'object', required: ['fields'], properties: { fields: ref(`${name}Fields`) } },
                  {
                    type: 'object',
                    required: ['records'],
                    properties: {
                      records: {
                        type: 'array',
                        maxItems: 1000,
                        items: { type: 'object', properties: { fields: ref(`${name}Fields`) } },
                      },
                    },
                  },
                ],
              },
            },
          },
        },
        responses: { '201': json(ref(`${name}Record`), 'Created'), ...errors },
      },
    },
    [`${base}/{id}`]: {
      parameters: [idParam],
      get: {
        tags: [tag],
        operationId: `get${name}`,
        responses: { '200': json(ref(`${name}Record`)), ...errors },
      },
      patch: {
        tags: [tag],
        operationId: `update${name}`,
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object', properties: { fields: ref(`${name}Fields`) } } },
          },
        },
        responses: { '200': json(ref(`${name}Record`)), ...errors },
      },
      delete: {
        tags: [tag],
        operationId: `delete${name}`,
        responses: { '204': { description: 'Deleted' }, ...errors },
      },
    },
  };
}

/** A route the server answers, as Hono lists it: `/api/apps/:app/tables/:table`. */
export interface RouteInfo {
  method: string;
  path: string;
}

const publicRoutes = [/^\/api\/auth\/login$/, /^\/api\/forms\//, /^\/api\/hooks\//];

const tags: [RegExp, string][] = [
  [/^\/api\/(auth|tokens)/, 'Auth'],
  [/^\/api\/(me|users|teams)/, 'People'],
  [/^\/api\/apps\/\{app\}\/tables\/\{table\}\/records/, 'Records'],
  [/^\/api\/(apps\/\{app\}\/workflows|hooks|approvals|notifications)/, 'Workflows'],
  [/^\/api\/apps\/\{app\}\/(audit|history)/, 'Audit'],
  [/^\/api\/apps\/\{app\}\/events/, 'Live'],
  [/^\/api\/(templates|apps\/\{app\}\/template)/, 'Templates'],
  [/^\/api\/forms/, 'Forms'],
  [/^\/api\/attachments/, 'Attachments'],
  [/^\/api\/apps/, 'Metadata'],
];

const verbs: Record<string, string> = {
  GET: 'Read',
  POST: 'Create or run',
  PUT: 'Set',
  PATCH: 'Change',
  DELETE: 'Delete',
};

/**
 * Every route the server answers, described from its path: parameters, a JSON (or CSV, or
 * file) body for writes, the error responses. The hand-written descriptions of staticPaths
 * and the typed record routes of each table are laid over these, so a new route is never
 * missing from the document even before someone describes it in detail.
 */
function routePaths(routes: RouteInfo[]): Record<string, Schema> {
  const paths: Record<string, Schema> = {};
  for (const route of routes) {
    if (route.method === 'ALL' || !route.path.startsWith('/api/') || route.path.includes('*')) continue;
    const params: string[] = [];
    const path = route.path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, (_m, name: string) => {
      params.push(name);
      return `{${name}}`;
    });
    if (path === '/api/docs' || path === '/api/openapi.json') continue;
    const method = route.method.toLowerCase();
    const writes = ['post', 'put', 'patch'].includes(method);
    const media = path.endsWith('.csv')
      ? { 'text/csv': { schema: { type: 'string' } } }
      : path === '/api/attachments'
        ? { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } }
        : { 'application/json': { schema: { type: 'object', additionalProperties: true } } };
    const words = path
      .replace(/^\/api\//, '')
      .split('/')
      .filter((part) => !part.startsWith('{'))
      .join(' ')
      .replace(/[_-]/g, ' ');
    const isPublic = publicRoutes.some((pattern) => pattern.test(path));
    const operation: Schema = {
      tags: [tags.find(([pattern]) => pattern.test(path))?.[1] ?? 'Other'],
      summary: `${verbs[route.method] ?? route.method} ${words}`,
      ...(params.length
        ? {
            parameters: params.map((name) => ({
              name,
              in: 'path',
              required: true,
              schema: { type: 'string' },
            })),
          }
        : {}),
      ...(writes ? { requestBody: { required: false, content: media } } : {}),
      responses: {
        '2XX':
          path.endsWith('.csv') && method === 'get'
            ? { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }
            : { description: 'Success' },
        ...errors,
        ...(isPublic ? {} : { '403': { $ref: '#/components/responses/Forbidden' } }),
      },
      ...(isPublic ? { security: [] } : {}),
    };
    paths[path] = { ...paths[path], [method]: operation };
  }
  return paths;
}

function staticPaths(): Record<string, Schema> {
  const anyObject = { type: 'object', additionalProperties: true };
  const simple = (summary: string, tag: string, extra: Schema = {}) => ({
    tags: [tag],
    summary,
    responses: { '200': json(anyObject), ...errors },
    ...extra,
  });
  const body = { requestBody: { required: true, content: { 'application/json': { schema: anyObject } } } };
  const appParam = { name: 'app', in: 'path', required: true, schema: { type: 'string' } };
  const tableParam = { name: 'table', in: 'path', required: true, schema: { type: 'string' } };
  return {
    '/api/auth/login': {
      post: {
        tags: ['Auth'],
        summary: 'Sign in',
        security: [],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['email', 'password'],
                properties: { email: { type: 'string' }, password: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          '200': json({ type: 'object', properties: { token: { type: 'string' }, user: anyObject } }),
          '401': { $ref: '#/components/responses/Unauthenticated' },
          '429': { description: 'Too many attempts' },
        },
      },
    },
    '/api/auth/logout': {
      post: { tags: ['Auth'], summary: 'Sign out', responses: { '204': { description: 'Signed out' } } },
    },
    '/api/me': { get: simple('The signed-in user', 'People') },
    '/api/users': { get: simple('Users', 'People'), post: simple('Create a user', 'People', body) },
    '/api/users/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: simple('A user', 'People'),
      patch: simple('Change or deactivate a user', 'People', body),
    },
    '/api/teams': { get: simple('Teams', 'People'), post: simple('Create a team', 'People', body) },
    '/api/tokens': {
      get: simple('Your API tokens', 'Auth'),
      post: simple('Create an API token (shown once)', 'Auth', body),
    },
    '/api/apps': { get: simple('Apps', 'Metadata'), post: simple('Create an app', 'Metadata', body) },
    '/api/apps/{app}': {
      parameters: [appParam],
      get: simple('An app with its tables, fields and views', 'Metadata'),
      patch: simple('Change an app', 'Metadata', body),
    },
    '/api/apps/{app}/tables': { parameters: [appParam], post: simple('Create a table', 'Metadata', body) },
    '/api/apps/{app}/tables/{table}/fields': {
      parameters: [appParam, tableParam],
      post: simple('Add a field', 'Metadata', body),
    },
    '/api/apps/{app}/tables/{table}/views': {
      parameters: [appParam, tableParam],
      get: simple('Views', 'Metadata'),
      post: simple('Create a view', 'Metadata', body),
    },
    '/api/apps/{app}/events': {
      parameters: [appParam],
      get: {
        tags: ['Live'],
        summary: 'Server-sent events of changes',
        responses: { '200': { description: 'text/event-stream' } },
      },
    },
    '/api/templates': { get: simple('Templates', 'Templates') },
  };
}

export interface DocumentOptions {
  /** The routes the server answers, each described at least from its path. */
  routes?: RouteInfo[];
  /** Which apps' tables to include (an API token limited to some apps sees only those). */
  shows?: (app: AppModel) => boolean;
  /** The app as the reader sees it (a token limited to some tables sees only those). */
  seen?: (app: AppModel) => AppModel;
}

/** Lays `extra` over `base` path by path and operation by operation. */
function mergePaths(base: Record<string, Schema>, extra: Record<string, Schema>) {
  for (const [path, item] of Object.entries(extra)) {
    const { parameters, ...operations } = item;
    const current = base[path] ?? {};
    // Path-level parameters replace the per-operation ones generated from the route.
    const strip = (operation: unknown) => {
      if (!parameters || typeof operation !== 'object' || operation === null) return operation;
      const { parameters: _own, ...rest } = operation as Schema;
      return rest;
    };
    base[path] = Object.fromEntries(
      Object.entries({ ...current, ...operations, ...(parameters ? { parameters } : {}) }).map(
        ([key, value]) => [key, key === 'parameters' ? value : strip(value)],
      ),
    );
  }
  return base;
}

export function openApiDocument(engine: Engine, options: DocumentOptions = {}): Schema {
  const shows = options.shows ?? (() => true);
  const paths = mergePaths(routePaths(options.routes ?? []), staticPaths());
  const used = new Set<string>();
  const schemas: Record<string, Schema> = {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'details'],
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            details: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  field: { type: 'string' },
                  message: { type: 'string' },
                  index: { type: 'integer' },
                },
              },
            },
          },
        },
      },
    },
  };
  const seen = options.seen ?? ((app: AppModel) => app);
  for (const app of engine.metadata.registry.listApps().filter(shows)) {
    for (const table of seen(app).tables) {
      // crm_x/deals and crm/x_deals would both be CrmXDeals: number the second.
      let name = schemaName(table);
      for (let n = 2; used.has(name); n++) name = `${schemaName(table)}${n}`;
      used.add(name);
      schemas[`${name}Fields`] = fieldsSchema(table);
      schemas[`${name}Record`] = {
        type: 'object',
        required: ['id', 'fields', 'createdAt', 'updatedAt'],
        properties: {
          id: { type: 'string' },
          fields: ref(`${name}Fields`),
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      };
      mergePaths(paths, tablePaths(table, name));
    }
  }
  const errorResponse = (description: string) => json(ref('Error'), description);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rapport API',
      version: '1.0.0',
      description: 'The HTTP API of Rapport, generated from the metadata of this workspace.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A session token from /api/auth/login or an API token',
        },
        cookie: { type: 'apiKey', in: 'cookie', name: 'rapport_session' },
      },
      responses: {
        Malformed: errorResponse('Malformed request'),
        Unauthenticated: errorResponse('Not signed in'),
        NotFound: errorResponse('No such app, table, field or record'),
        Invalid: errorResponse('A rule was broken; details name each field'),
        Forbidden: errorResponse('Not allowed (a role, a read-only or app-limited API token, CSRF)'),
      },
    },
  };
}
