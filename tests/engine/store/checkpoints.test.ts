import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/index.ts';
import { admin } from '../../helpers/engine.ts';

const scratch = mkdtempSync(join(tmpdir(), 'rapport-checkpoints-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** How many notes the database file holds on its own, without its log: what a checkpoint has copied. */
function notesInFileAlone(dir: string, engine: Engine, name: string): number {
  const copy = join(scratch, `${name}.db`);
  copyFileSync(join(dir, 'rapport.db'), copy);
  const table = engine.metadata.registry.table('crm', 'notes').sql;
  const db = new Database(copy, { readonly: true });
  try {
    // Until a checkpoint, the file alone may not even hold the table.
    if (!db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(table)) return 0;
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('WAL checkpoints', () => {
  it('copy committed writes into the database file in the background while writes go on', async () => {
    const dir = mkdtempSync(join(scratch, 'data-'));
    const engine = new Engine({ dataDir: dir });
    try {
      await engine.metadata.createApp(admin, { name: 'crm' });
      await engine.metadata.createTable(admin, 'crm', {
        name: 'notes',
        fields: [{ name: 'text', type: 'text' }],
      });
      for (let i = 0; i < 120; i++)
        await engine.records.create(admin, 'crm', 'notes', { fields: { text: `note ${i}` } });
      // Far below the 1,000 pages at which SQLite would copy them itself, inside a commit.
      const deadline = Date.now() + 10_000;
      let copied = 0;
      while (copied < 120 && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 100));
        copied = notesInFileAlone(dir, engine, 'running');
      }
      expect(copied).toBe(120);
    } finally {
      engine.close();
    }
  });

  it('leave a whole database file and no log when the engine closes', async () => {
    const dir = mkdtempSync(join(scratch, 'data-'));
    const engine = new Engine({ dataDir: dir });
    await engine.metadata.createApp(admin, { name: 'crm' });
    await engine.metadata.createTable(admin, 'crm', {
      name: 'notes',
      fields: [{ name: 'text', type: 'text' }],
    });
    for (let i = 0; i < 80; i++)
      await engine.records.create(admin, 'crm', 'notes', { fields: { text: `note ${i}` } });
    engine.close();
    expect(existsSync(join(dir, 'rapport.db-wal'))).toBe(false);
    const reopened = new Engine({ dataDir: dir });
    try {
      expect(notesInFileAlone(dir, reopened, 'closed')).toBe(80);
    } finally {
      reopened.close();
    }
  });
});
