import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { aServer, type Client, type Json } from '../helpers/server.ts';

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, '../../bin/rapport.js');
const scratch = mkdtempSync(join(tmpdir(), 'rapport-backup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function rapport(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function everything(api: Client) {
  const records: Json[] = [];
  for (const table of ['deals', 'companies']) {
    let cursor: string | null = null;
    do {
      const page: Json = await api.get(
        `/api/apps/crm/tables/${table}/records?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      records.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
  }
  return {
    app: (await api.get('/api/apps/crm')).body,
    users: (await api.get('/api/users')).body.items,
    records,
  };
}

describe('backup and restore', () => {
  it('backs up a consistent copy while the server writes, and restores identical data', async () => {
    const t = await aServer();
    const api = await t.login();
    await api.post('/api/apps', { name: 'crm' });
    await api.post('/api/apps/crm/tables', { name: 'companies', fields: [{ name: 'name', type: 'text' }] });
    const deals = await api.post('/api/apps/crm/tables', {
      name: 'deals',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'amount', type: 'number' },
        { name: 'company', type: 'link', options: { table: 'companies' } },
      ],
    });
    expect(deals.status).toBe(201);
    const acme = (await api.post('/api/apps/crm/tables/companies/records', { fields: { name: 'Acme' } })).body
      .id;
    await api.post('/api/users', { email: 'sam@example.com', name: 'Sam', password: 'Secret-pass-99' });

    // Keep writing while the backup runs.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const batch = await api.post('/api/apps/crm/tables/deals/records', {
          records: Array.from({ length: 20 }, (_, i) => ({
            fields: { title: `d${written + i}`, amount: i, company: [acme] },
          })),
        });
        expect(batch.status).toBe(201);
        written += 20;
      }
    })();
    while (written < 200) await new Promise((done) => setTimeout(done, 10));
    const during = join(scratch, 'during.db');
    const backup = await rapport('backup', during, '--data', t.dir);
    const writtenWhenDone = written;
    writing = false;
    await writer;
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('Backed up');
    expect(written).toBeGreaterThan(200);

    // The copy is whole and consistent: every record it holds has its audit row and outbox event.
    const copy = new Database(during, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const table = `t_${String(deals.body.id).slice(4)}`;
      const rows = (copy.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
      const audited = (
        copy
          .prepare("SELECT count(*) AS n FROM audit WHERE table_id = ? AND action = 'create'")
          .get(deals.body.id) as {
          n: number;
        }
      ).n;
      const events = (
        copy
          .prepare("SELECT count(*) AS n FROM outbox WHERE table_id = ? AND type = 'record.created'")
          .get(deals.body.id) as {
          n: number;
        }
      ).n;
      expect(rows % 20).toBe(0);
      expect(rows).toBeGreaterThanOrEqual(200);
      expect(rows).toBeLessThanOrEqual(writtenWhenDone + 20);
      expect(audited).toBe(rows);
      expect(events).toBe(rows);
    } finally {
      copy.close();
    }

    // Quiet now: a second backup restored into a fresh directory serves exactly the same data.
    const quiet = join(scratch, 'quiet.db');
    expect((await rapport('backup', quiet, '--data', t.dir)).code).toBe(0);
    const fresh = join(scratch, 'restored');
    const restore = await rapport('restore', quiet, '--data', fresh);
    expect(restore.code, restore.stderr).toBe(0);
    const restored = await aServer({ dir: fresh });
    const restoredApi = await restored.login();
    const before = await everything(api);
    const after = await everything(restoredApi);
    expect(after.records).toHaveLength(written + 1);
    expect(after).toEqual(before);
    // Passwords came along too.
    expect(
      (await restored.login('sam@example.com', 'Secret-pass-99').then((c) => c.get('/api/me'))).body.email,
    ).toBe('sam@example.com');
    // And the restored server keeps working: new ids follow the restored ones.
    const next = await restoredApi.post('/api/apps/crm/tables/deals/records', {
      fields: { title: 'after restore' },
    });
    expect(next.status).toBe(201);
    expect(before.records.some((r: Json) => r.id === next.body.id)).toBe(false);
  }, 120_000);

  it('refuses to restore a file that is not a Rapport backup, and leaves the data alone', async () => {
    const t = await aServer();
    const api = await t.login();
    await api.post('/api/apps', { name: 'crm' });
    const junk = join(scratch, 'junk.db');
    writeFileSync(junk, 'this is not a database');
    const refused = await rapport('restore', junk, '--data', t.dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Error/);
    const missing = await rapport('restore', join(scratch, 'nope.db'), '--data', join(scratch, 'elsewhere'));
    expect(missing.code).toBe(1);
    expect(existsSync(join(scratch, 'elsewhere', 'rapport.db'))).toBe(false);
    const nothing = await rapport('backup', join(scratch, 'x.db'), '--data', join(scratch, 'empty-dir'));
    expect(nothing.code).toBe(1);
    expect((await api.get('/api/apps')).body.items).toHaveLength(1);
  }, 60_000);
});
