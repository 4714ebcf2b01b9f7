import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { admin, anEngine } from '../../helpers/engine.ts';

const secret = 'PASSPORT-X93-44-SECRET';

function filesHold(dir: string, text: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith('rapport.db'))
    .filter((name) => readFileSync(join(dir, name)).includes(Buffer.from(text)));
}

describe('encrypted fields', () => {
  it('round-trips through the engine while the files on disk hold no plaintext', async () => {
    const engine = anEngine();
    await engine.metadata.createApp(admin, { name: 'hr' });
    await engine.metadata.createTable(admin, 'hr', {
      name: 'people',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'passport', type: 'text', encrypted: true },
      ],
    });
    const created = await engine.records.create(admin, 'hr', 'people', {
      fields: { name: 'Ada', passport: secret },
    });
    expect(created.fields.passport).toBe(secret);
    await engine.records.update(admin, 'hr', 'people', created.id, { fields: { passport: `${secret}-2` } });
    expect((await engine.records.get(admin, 'hr', 'people', created.id)).fields.passport).toBe(`${secret}-2`);
    expect(engine.audit.list(admin, 'hr', { table: 'people', record: created.id }).items[0]!.after).toEqual({
      passport: `${secret}-2`,
    });
    engine.store.writer.pragma('wal_checkpoint(TRUNCATE)');
    expect(filesHold(engine.dataDir, secret)).toEqual([]);
    expect(filesHold(engine.dataDir, 'Ada')).not.toEqual([]);
  });

  it('keeps encrypted values out of search, sorts and comparisons, but allows is_empty', async () => {
    const engine = anEngine();
    await engine.metadata.createApp(admin, { name: 'hr' });
    await engine.metadata.createTable(admin, 'hr', {
      name: 'people',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'passport', type: 'text', encrypted: true },
      ],
    });
    await engine.records.create(admin, 'hr', 'people', { fields: { name: 'Ada', passport: secret } });
    await engine.records.create(admin, 'hr', 'people', { fields: { name: 'Bob' } });
    expect(engine.query.list(admin, 'hr', 'people', { q: 'PASSPORT' }).items).toEqual([]);
    expect(() => engine.query.list(admin, 'hr', 'people', { sort: [{ field: 'passport' }] })).toThrow(
      /cannot be sorted/,
    );
    expect(() =>
      engine.query.list(admin, 'hr', 'people', { filter: { field: 'passport', op: 'is', value: secret } }),
    ).toThrow(/encrypted/);
    const filled = engine.query.list(admin, 'hr', 'people', {
      filter: { field: 'passport', op: 'is_not_empty' },
    });
    expect(filled.items.map((r) => r.fields.name)).toEqual(['Ada']);
    await expect(
      engine.metadata.createField(admin, 'hr', 'people', {
        name: 'p2',
        type: 'formula',
        options: { expression: 'passport' },
      }),
    ).rejects.toMatchObject({ code: 'reads_encrypted' });
  });

  it('encrypts existing values when a field is marked encrypted, and decrypts them when unmarked', async () => {
    const engine = anEngine();
    await engine.metadata.createApp(admin, { name: 'hr' });
    await engine.metadata.createTable(admin, 'hr', {
      name: 'people',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'passport', type: 'text' },
      ],
    });
    const ada = await engine.records.create(admin, 'hr', 'people', {
      fields: { name: 'Ada', passport: secret },
    });
    await engine.metadata.updateField(admin, 'hr', 'people', 'passport', { encrypted: true });
    expect((await engine.records.get(admin, 'hr', 'people', ada.id)).fields.passport).toBe(secret);
    const table = engine.metadata.registry.table('hr', 'people');
    const raw = engine.store.reader
      .prepare(`SELECT "${table.byName.get('passport')!.column}" AS v FROM "${table.sql}"`)
      .get() as { v: string };
    expect(raw.v.startsWith('enc:v1:')).toBe(true);
    await engine.metadata.updateField(admin, 'hr', 'people', 'passport', { encrypted: false });
    const plain = engine.store.reader
      .prepare(`SELECT "${table.byName.get('passport')!.column}" AS v FROM "${table.sql}"`)
      .get() as { v: string };
    expect(plain.v).toBe(secret);
    expect(engine.query.list(admin, 'hr', 'people', { q: 'PASSPORT' }).items).toHaveLength(1);
  });
});
