// Serves the built designer: hashed assets cached for a year, everything else falls back to
// index.html (the SPA routes on the client), which is never cached.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { Env } from './context.ts';

export function serveDesigner(app: Hono<Env>, dir: string): void {
  const index = join(dir, 'index.html');
  if (existsSync(dir)) serveFiles(app, dir);
  app.get('*', (c) => {
    if (!existsSync(index)) return c.text('The designer is not built yet: run `npm run build`.', 503);
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(index, 'utf8'));
  });
}

function serveFiles(app: Hono<Env>, dir: string): void {
  app.use(
    '/assets/*',
    serveStatic({
      root: dir,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use(
    '*',
    serveStatic({
      root: dir,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'no-cache');
      },
    }),
  );
}
