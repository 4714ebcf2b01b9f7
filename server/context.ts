// What every route gets: the engine, the auth service, who is asking, and safe body reading.
import type { Context } from 'hono';
import { type Actor, type Engine, Forbidden, Malformed, TooLarge } from '../engine/index.ts';
import type { AuthService, Principal } from './auth/service.ts';

export interface Env {
  Variables: {
    engine: Engine;
    auth: AuthService;
    principal: Principal;
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
  const text = await c.req.text();
  if (Buffer.byteLength(text) > maxJsonBytes)
    throw new TooLarge('body_too_large', `The request body is larger than ${maxJsonBytes / 1024 / 1024} MB.`);
  if (text.trim() === '') throw new Malformed('invalid_json', 'The request body is empty; send JSON.');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Malformed('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
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
