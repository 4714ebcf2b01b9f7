import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
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

describe('WAL restarts', () => {
  it('keep the log short under steady writes, by holding writes back while the worker copies it', async () => {
    const dir = mkdtempSync(join(scratch, 'data-'));
    // 200 frames, about 800 KB, instead of 64 MB: the same behaviour at a test's scale.
    const engine = new Engine({ dataDir: dir, walDrainFrames: 200 });
    try {
      await engine.metadata.createApp(admin, { name: 'crm' });
      await engine.metadata.createTable(admin, 'crm', {
        name: 'notes',
        fields: [{ name: 'text', type: 'text' }],
      });
      const text = 'x'.repeat(200);
      const size = () => statSync(join(dir, 'rapport.db-wal')).size + statSync(join(dir, 'rapport.db')).size;
      // Each restart of the log gives its header new salts (bytes 16–23).
      const salts = new Set<string>();
      const header = Buffer.alloc(32);
      const readSalts = () => {
        const fd = openSync(join(dir, 'rapport.db-wal'), 'r');
        try {
          if (readSync(fd, header, 0, 32, 0) === 32) salts.add(header.subarray(16, 24).toString('hex'));
        } finally {
          closeSync(fd);
        }
      };
      // Writes back to back, never a pause in which the log could restart by itself, until it
      // has restarted twice (three salts); without the drains it does not, and this fails at 20 s.
      const started = Date.now();
      for (let i = 0; salts.size < 3 && Date.now() - started < 20_000; i++) {
        await engine.records.createMany(
          admin,
          'crm',
          'notes',
          Array.from({ length: 20 }, (_, k) => ({ fields: { text: `${i}-${k} ${text}` } })),
        );
        readSalts();
      }
      expect(salts.size).toBe(3);
      const written = size();
      const other = new Database(join(dir, 'rapport.db'));
      const { log } = (other.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!;
      other.close();
      // The log holds only what came since its last restart, less than all that was written.
      expect(log * 4096).toBeLessThan(written);
    } finally {
      engine.close();
    }
  });
});
