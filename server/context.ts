// What every route gets: the engine, the auth service, who is asking, and safe body reading.
import type { Context, MiddlewareHandler } from 'hono';
import {
  type Actor,
  type AppModel,
  type Engine,
  Forbidden,
  Invalid,
  Malformed,
  TooLarge,
} from '../engine/index.ts';
import type { AuthService, Principal } from './auth/service.ts';

export interface Env {
  Variables: {
    engine: Engine;
    auth: AuthService;
    principal: Principal;
    /** Aborted when the server begins to shut down: long-lived responses (live events) end. */
    shutdown: AbortSignal;
  };
}

export const maxJsonBytes = 5 * 1024 * 1024;

export function actor(c: Context<Env>): Actor {
  return c.get('principal').actor;
}

export function engineOf(c: Context<Env>): Engine {
  return c.get('engine');
}

/** Reads a JSON body: 400 when it is not JSON, 413 when it is too large. Never trusts Content-Length alone. */
export async function readJson(c: Context<Env>): Promise<unknown> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > maxJsonBytes)
    throw new TooLarge('body_too_large', `The request body is larger than ${maxJsonBytes / 1024 / 1024} MB.`);
  const text = (await readBytes(c, maxJsonBytes)).toString('utf8');
  if (text.trim() === '') throw new Malformed('invalid_json', 'The request body is empty; send JSON.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Malformed('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  assertShallow(value);
  return value;
}

export const maxJsonDepth = 64;

/**
 * Refuses JSON nested deeper than any request of the API needs: recursive code further on
 * (validators, serialisers) would otherwise run out of stack. Iterative, so it cannot itself.
 */
function assertShallow(root: unknown): void {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxJsonDepth)
      throw new Invalid('too_deep', `The request body nests deeper than ${maxJsonDepth} levels.`, [
        { field: '(root)', message: `nests deeper than ${maxJsonDepth} levels` },
      ]);
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}

/** The body, refused as soon as it passes `limit` bytes (a chunked body declares no length). */
export async function readBytes(c: Context<Env>, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new TooLarge('body_too_large', `The request body is larger than ${limit / 1024 / 1024} MB.`);
  const declared = c.req.header('content-length');
  if (declared !== undefined && /^\d{1,15}$/.test(declared)) {
    if (Number(declared) > limit) throw tooLarge();
    // Node's HTTP parser ends a body at its declared length, so it is read whole through the
    // adapter's direct path: creating the web Request and stream behind `.body` costs more
    // than the rest of a small write. The size is checked again for callers that are not Node.
    const whole = Buffer.from(await c.req.raw.arrayBuffer());
    if (whole.byteLength > limit) throw tooLarge();
    return whole;
  }
  // Chunked: counted as it arrives, and abandoned at the limit.
  const body = c.req.raw.body;
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Read-only API tokens and tokens limited to some apps are checked here, once per request. */
export function assertTokenAllows(c: Context<Env>, appRef: string | undefined, writing: boolean): void {
  const token = c.get('principal').token;
  if (!token) return;
  if (writing && token.readOnly) throw new Forbidden('read_only_token', 'This API token is read-only.');
  if (appRef && token.apps) {
    const app = c.get('engine').metadata.registry.findApp(appRef);
    if (!app || !token.apps.some((a) => a === app.doc.name || a === app.doc.id))
      throw new Forbidden('token_scope', `This API token may not use app '${appRef}'.`);
  }
}

/**
 * The app as the caller's API token shows it: a token limited to some tables lists only those
 * (their records are guarded by the engine; this keeps the other tables' names out of sight).
 */
export function appAsSeen(c: Context<Env>, app: AppModel): AppModel {
  const only = c.get('principal').actor.tokenTables;
  return only ? { ...app, tables: app.tables.filter((t) => only.includes(t.doc.id)) } : app;
}

/**
 * Closes another table's routes (its schema, fields, views) to a token limited to some tables;
 * its records are refused by the engine as well. Unknown tables are left to the route's 404.
 */
export const tokenTableGuard: MiddlewareHandler<Env> = async (c, next) => {
  const only = c.get('principal').actor.tokenTables;
  const ref = c.req.param('table');
  const table = only
    ? c
        .get('engine')
        .metadata.registry.findApp(c.req.param('app') ?? '')
        ?.tables.find((t) => t.doc.name === ref || t.doc.id === ref)
    : undefined;
  if (table && !only!.includes(table.doc.id))
    throw new Forbidden('token_scope', `This API token may not use the table '${table.doc.name}'.`);
  await next();
};

export function queryParam(c: Context<Env>, name: string): string | undefined {
  const value = c.req.query(name);
  return value === undefined || value === '' ? undefined : value;
}

export function jsonParam(c: Context<Env>, name: string): unknown {
  const value = queryParam(c, name);
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new Malformed(`invalid_${name}`, `The '${name}' parameter is not valid JSON.`);
  }
}

/** A numeric id from the path (runs, tasks, comments, shares); anything else is a 422 naming it. */
export function numericId(c: Context<Env>, param: string, what: string): number {
  const raw = c.req.param(param) ?? '';
  if (!/^\d{1,15}$/.test(raw))
    throw new Invalid('invalid_id', `'${raw}' is not a ${what} id.`, [
      { field: param, message: 'must be a number' },
    ]);
  return Number(raw);
}
