// The floor the server benchmark compares Rapport with: a bare Hono handler on
// @hono/node-server answering the same two reads (one contact by id; the first page of 50 of a
// stage, amount descending) with hand-written SQL on better-sqlite3 over the same database
// file, in the same JSON shape. No auth, no metadata, no access rules: nothing but the work.
//
//   node --import tsx bench/lib/bare-server.ts '<config JSON>'   prints "Bare listening on <url>"
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';

export interface BareConfig {
  db: string;
  table: string;
  /** Each stored field: its API name, its column and how the API shows it. */
  fields: { name: string; column: string; kind: 'plain' | 'boolean' | 'link' }[];
  stage: string;
  amount: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as BareConfig;
const db = new Database(config.db, { readonly: true });
// Set up like the engine's reader connection.
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');
db.pragma('mmap_size = 268435456');

const select = ['id', 'created_at', 'updated_at', ...config.fields.map((f) => `"${f.column}"`)].join(', ');
const byId = db.prepare(`SELECT ${select} FROM "${config.table}" WHERE id = ?`).raw(true);
// The limit is a parameter, as in the engine's query: with a literal LIMIT 51 SQLite's planner
// prefers a full scan and a sort (tens of ms) to walking the amount index (under 1 ms).
const page = db
  .prepare(
    `SELECT ${select} FROM "${config.table}" WHERE "${config.stage}" = ? ORDER BY "${config.amount}" DESC, id LIMIT ?`,
  )
  .raw(true);

function toRecord(row: unknown[]) {
  const fields: Record<string, unknown> = {};
  config.fields.forEach((field, i) => {
    const value = row[i + 3];
    fields[field.name] =
      field.kind === 'boolean'
        ? value === 1
        : field.kind === 'link'
          ? value === null
            ? []
            : [String(value)]
          : value;
  });
  return {
    id: String(row[0]),
    fields,
    createdAt: new Date(row[1] as number).toISOString(),
    updatedAt: new Date(row[2] as number).toISOString(),
  };
}

const app = new Hono()
  .get('/records/:id', (c) => {
    const row = byId.get(Number(c.req.param('id'))) as unknown[] | undefined;
    return row ? c.json(toRecord(row)) : c.json({ error: 'not found' }, 404);
  })
  .get('/records', (c) => {
    const rows = page.all(c.req.query('stage'), 51) as unknown[][];
    const more = rows.length > 50;
    const items = rows.slice(0, 50).map(toRecord);
    return c.json({ items, nextCursor: more ? String(items[items.length - 1]!.id) : null });
  });

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.log(`Bare listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
