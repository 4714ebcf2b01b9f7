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

export interface Client {
  token: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  get(path: string): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  post(path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  patch(path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  del(path: string): Promise<{ status: number; body: any; headers: Headers; text: string }>;
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
}

export async function aServer(options: { clock?: () => number; dir?: string } = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rapport-server-'));
  process.env.RAPPORT_ADMIN_EMAIL = adminEmail;
  process.env.RAPPORT_ADMIN_PASSWORD = adminPassword;
  const server = await startServer({
    port: 0,
    dataDir: dir,
    designerDir: join(dir, 'no-designer'),
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
      patch: (path, body) => request('PATCH', path, body ?? {}),
      del: (path) => request('DELETE', path),
    };
  };
  return {
    server,
    url: server.url,
    dir,
    raw,
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
