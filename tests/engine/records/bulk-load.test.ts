// Large loads build sort indexes once at the end instead of row by row (engine/records/bulk-load.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../engine/index.ts';
import { admin, anEngine } from '../../helpers/engine.ts';

let engine: Engine;

const indexes = (connection: 'writer' | 'reader') =>
  (
    engine.store[connection]
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
      .all(engine.metadata.registry.table('crm', 'people').sql) as { name: string }[]
  )
    .map((r) => r.name)
    .sort();

const person = (i: number) => ({
  fields: { name: `Person ${i}`, email: `p${i}@example.com`, score: (i * 7919) % 1000, team: [teamId] },
});
let teamId = '';

async function load(from: number, rows: number, during?: () => void) {
  await engine.store.write(async () => {
    const session = engine.records.startLoad('crm', 'people');
    for (let i = from; i < from + rows; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, from + rows - i) }, (_, k) => person(i + k));
      await engine.records.createMany(admin, 'crm', 'people', batch, { maxRecords: 1000 });
      session.wrote(batch.length);
    }
    during?.();
    session.finish();
  });
}

beforeAll(async () => {
  engine = anEngine();
  await engine.metadata.createApp(admin, { name: 'crm' });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'teams',
    fields: [{ name: 'name', type: 'text' }],
  });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'people',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'email', type: 'email', unique: true },
      { name: 'score', type: 'number', indexed: true },
      { name: 'team', type: 'link', options: { table: 'teams', inverse: 'people' } },
    ],
  });
  await engine.metadata.createField(admin, 'crm', 'teams', {
    name: 'total',
    type: 'rollup',
    options: { link: 'people', field: 'score', fn: 'sum' },
  });
  teamId = (await engine.records.create(admin, 'crm', 'teams', { fields: { name: 'Sales' } })).id;
});

describe('bulk loads', () => {
  it('drop sort indexes for a large load, keep unique and link indexes, and build them again before commit', async () => {
    const before = indexes('writer');
    let during: { writer: string[]; reader: string[] } | undefined;
    await load(0, 21_000, () => {
      during = { writer: indexes('writer'), reader: indexes('reader') };
    });
    // The sort index on score was gone inside the load; readers kept the committed schema.
    const people = engine.metadata.registry.table('crm', 'people');
    const column = (name: string) => people.byName.get(name)!.column!;
    const indexOn = (name: string) => before.find((index) => index.endsWith(column(name)))!;
    // Gone: the score's sort index. Kept: the unique e-mail index, the link's and the rollup's.
    expect(during!.writer).toEqual(before.filter((index) => index !== indexOn('score')));
    expect(during!.writer).toContain(indexOn('email'));
    expect(during!.writer).toContain(indexOn('team'));
    expect(during!.reader).toEqual(before);
    expect(indexes('writer')).toEqual(before);

    const top = engine.query.list(admin, 'crm', 'people', {
      sort: [{ field: 'score', dir: 'desc' }],
      limit: 3,
    });
    expect(top.items.map((r) => r.fields.score)).toEqual([999, 999, 999]);
    const team = await engine.records.get(admin, 'crm', 'teams', teamId);
    expect(team.fields.total).toBe(
      Array.from({ length: 21_000 }, (_, i) => (i * 7919) % 1000).reduce((a, b) => a + b, 0),
    );
    await expect(engine.records.create(admin, 'crm', 'people', person(5))).rejects.toMatchObject({
      details: [expect.objectContaining({ field: 'email', code: 'not_unique' })],
    });
  }, 60_000);

  it('leave every index and row as they were when the load fails', async () => {
    const before = indexes('writer');
    const count = engine.query.count(admin, 'crm', 'people');
    await expect(
      load(100_000, 21_000, () => {
        throw new Error('the file broke off');
      }),
    ).rejects.toThrow('the file broke off');
    expect(indexes('writer')).toEqual(before);
    expect(engine.query.count(admin, 'crm', 'people')).toBe(count);
  }, 60_000);

  it('keep indexes for a load that is small next to the table', async () => {
    const before = indexes('writer');
    let during: string[] = [];
    await load(200_000, 2_000, () => {
      during = indexes('writer');
    });
    expect(during).toEqual(before);
  }, 60_000);
});
