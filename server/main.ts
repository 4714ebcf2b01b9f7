// Starts Rapport: opens the engine on the data directory, creates the first admin on a new
// database, serves the API and the designer, and shuts down gracefully on SIGINT/SIGTERM.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { Engine } from '../engine/index.ts';
import { createApp } from './app.ts';
import { AuthService } from './auth/service.ts';
import { securityHeaders, withSecurityHeaders } from './security-headers.ts';

export interface ServeOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  designerDir?: string;
  clock?: () => number;
  /** Print the listening line and the first admin's generated password (the CLI does; tests don't). */
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  engine: Engine;
  /** Every route the app answers, for tests that walk them all. */
  routes: { method: string; path: string }[];
  close(): Promise<void>;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir ?? join(process.cwd(), 'data'));
  const engine = new Engine({ dataDir, ...(options.clock ? { clock: options.clock } : {}) });
  const auth = new AuthService(engine);
  const admin = await auth.ensureFirstAdmin(
    process.env.RAPPORT_ADMIN_EMAIL,
    process.env.RAPPORT_ADMIN_PASSWORD,
  );
  if (admin?.password)
    log(
      `First admin created: ${admin.email} with password ${admin.password} (shown once; change it after signing in)`,
    );
  else if (admin) log(`First admin created: ${admin.email}`);
  const designerDir = options.designerDir ?? join(root, 'designer', 'dist');
  const shutdown = new AbortController();
  const app = createApp(engine, auth, {
    ...(existsSync(designerDir) || options.designerDir ? { designerDir } : {}),
    shutdown: shutdown.signal,
  });
  const host = options.host ?? '127.0.0.1';
  const listener = withSecurityHeaders(
    await securityHeaders(),
    getRequestListener(app.fetch, { hostname: host }),
  );
  const server = createServer(listener);
  await new Promise<void>((ready) => server.listen(options.port ?? 3000, host, ready));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(`Rapport listening on ${url}`);
  engine.workflows.start();
  const pruning = setInterval(() => void auth.pruneExpired().catch(() => undefined), 3_600_000);
  pruning.unref();
  // Formulas over $today() and $now() move on with the clock: recomputed at start and hourly.
  let refreshing: Promise<unknown> = Promise.resolve();
  const refreshClock = () => {
    refreshing = engine.records
      .refreshClockFormulas(shutdown.signal)
      .catch((error) => console.error('refreshing clock formulas failed', error));
  };
  refreshClock();
  const clockFormulas = setInterval(refreshClock, 3_600_000);
  clockFormulas.unref();
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    engine,
    routes: app.routes.map((r) => ({ method: r.method, path: r.path })),
    close() {
      closing ??= new Promise<void>((done) => {
        clearInterval(pruning);
        clearInterval(clockFormulas);
        // Stop accepting connections; in-flight requests finish; idle keep-alive sockets close;
        // live-event streams, which would never finish on their own, end now.
        shutdown.abort();
        server.close(() => {
          Promise.all([engine.workflows.stop(), refreshing])
            .catch(() => undefined)
            .finally(() => {
              engine.close();
              done();
            });
        });
        // A connection that finishes its last request after this point is idle too: keep closing those.
        const http = server as unknown as { closeIdleConnections(): void; closeAllConnections(): void };
        http.closeIdleConnections();
        const sweeping = setInterval(() => http.closeIdleConnections(), 100);
        sweeping.unref();
        server.once('close', () => clearInterval(sweeping));
        setTimeout(() => http.closeAllConnections(), 5_000).unref();
      });
      return closing;
    },
  };
}
