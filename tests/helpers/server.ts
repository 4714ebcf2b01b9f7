// Builders for server tests: the real HTTP server on port 0 over a real SQLite file, and a
// small client that signs in and speaks JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';

const running: { server: RunningServer; dir: string }[] = [];

afterEach(async () => {
  for (const { server, dir } of running.splice(0)) {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

export const adminEmail = 'admin@example.com';
export const adminPassword = 'correct-horse-42';

// Tests read response bodies freely; each assertion is the type check.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Json = any;

export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
  text: string;
}

export interface Client {
  token: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  get(path: string): Promise<Reply>;
  post(path: string, body?: unknown): Promise<Reply>;
  put(path: string, body?: unknown): Promise<Reply>;
  patch(path: string, body?: unknown): Promise<Reply>;
  del(path: string): Promise<Reply>;
}

export interface TestServer {
  server: RunningServer;
  url: string;
  dir: string;
  raw(
    method: string,
    path: string,
    init?: { body?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  login(email?: string, password?: string): Promise<Client>;
  /** A JSON client for any bearer secret (session or API token). */
  as(token: string): Client;
}

/** Password hashing at a test-only cost: the suite signs in hundreds of times. */
process.env.RAPPORT_SCRYPT_N ??= '1024';

/** Asserts the contract's error shape and returns the error. */
export function expectError(reply: Reply, status: number, code?: string) {
  const context = `${reply.status} ${reply.text.slice(0, 500)}`;
  if (reply.status !== status) throw new Error(`expected ${status}, got ${context}`);
  const error = reply.body?.error;
  if (
    !error ||
    typeof error.code !== 'string' ||
    !/^[a-z][a-z0-9_]*$/.test(error.code) ||
    typeof error.message !== 'string' ||
    !Array.isArray(error.details)
  )
    throw new Error(`not the contract's error shape: ${context}`);
  if (code !== undefined && error.code !== code) throw new Error(`expected code ${code}, got ${context}`);
  return error as {
    code: string;
    message: string;
    details: { field?: string; message: string; index?: number }[];
  };
}

export async function aServer(
  options: { clock?: () => number; dir?: string; designerDir?: string } = {},
): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rapport-server-'));
  process.env.RAPPORT_ADMIN_EMAIL = adminEmail;
  process.env.RAPPORT_ADMIN_PASSWORD = adminPassword;
  const server = await startServer({
    port: 0,
    dataDir: dir,
    designerDir: options.designerDir ?? join(dir, 'no-designer'),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  running.push({ server, dir });
  const raw = (
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${server.url}${path}`, {
      method,
      ...(init.body !== undefined ? { body: init.body } : {}),
      headers: init.headers ?? {},
    });
  const clientFor = (token: string): Client => {
    const request: Client['request'] = async (method, path, body, headers = {}) => {
      const response = await raw(method, path, {
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      });
      // Keep a byte order mark: CSV exports may start with one on purpose.
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, headers: response.headers, text };
    };
    return {
      token,
      request,
      get: (path) => request('GET', path),
      post: (path, body) => request('POST', path, body ?? {}),
      put: (path, body) => request('PUT', path, body ?? {}),
      patch: (path, body) => request('PATCH', path, body ?? {}),
      del: (path) => request('DELETE', path),
    };
  };
  return {
    server,
    url: server.url,
    dir,
    raw,
    as: clientFor,
    async login(email = adminEmail, password = adminPassword) {
      const response = await raw('POST', '/api/auth/login', {
        body: JSON.stringify({ email, password }),
        headers: { 'content-type': 'application/json' },
      });
      const body = (await response.json()) as { token?: string; error?: unknown };
      if (!body.token) throw new Error(`login failed: ${response.status} ${JSON.stringify(body)}`);
      return clientFor(body.token);
    },
  };
}
