// Hand-arranged order: a moved record sits between its new neighbours, and live views hear of it.
import { describe, expect, it } from 'vitest';
import { admin, anEngine } from '../../helpers/engine.ts';

describe('moving a record by hand', () => {
  it('places it between two others and leaves one event for live views, without an audit row', async () => {
    const engine = anEngine();
    await engine.metadata.createApp(admin, { name: 'crm' });
    await engine.metadata.createTable(admin, 'crm', {
      name: 'cards',
      fields: [{ name: 'title', type: 'text' }],
    });
    const [a, b, c] = await engine.records.createMany(admin, 'crm', 'cards', [
      { fields: { title: 'a' } },
      { fields: { title: 'b' } },
      { fields: { title: 'c' } },
    ]);
    const from = engine.outbox.lastId();
    const audits = () =>
      (engine.store.reader.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    const auditsBefore = audits();
    await engine.records.move(admin, 'crm', 'cards', c!.id, { after: a!.id, before: b!.id });
    const order = engine.query.list(admin, 'crm', 'cards', { sort: [{ field: '@position' }], limit: 10 });
    expect(order.items.map((r) => r.fields.title)).toEqual(['a', 'c', 'b']);
    const events = engine.outbox.read(from);
    expect(events.map((e) => [e.type, e.recordId, e.payload.table])).toEqual([
      ['records.moved', Number(c!.id), 'cards'],
    ]);
    expect(audits()).toBe(auditsBefore);
  });

  async function cards(count: number) {
    const engine = anEngine();
    await engine.metadata.createApp(admin, { name: 'crm' });
    await engine.metadata.createTable(admin, 'crm', {
      name: 'cards',
      fields: [{ name: 'title', type: 'text' }],
    });
    const created = await engine.records.createMany(
      admin,
      'crm',
      'cards',
      Array.from({ length: count }, (_, i) => ({ fields: { title: `c${i}` } })),
    );
    const order = () =>
      engine.query
        .list(admin, 'crm', 'cards', { sort: [{ field: '@position' }], limit: 1000 })
        .items.map((r) => r.fields.title);
    return { engine, ids: created.map((r) => r.id), order };
  }

  it('keeps the order when records are dropped into the same spot a hundred times', async () => {
    const { engine, ids, order } = await cards(102);
    // c1 … c100 each go between c0 and the one moved before it: the gap halves every time.
    let before = ids[101]!;
    for (let i = 1; i <= 100; i++) {
      await engine.records.move(admin, 'crm', 'cards', ids[i]!, { after: ids[0]!, before });
      before = ids[i]!;
    }
    const expected = ['c0', ...Array.from({ length: 100 }, (_, i) => `c${100 - i}`), 'c101'];
    expect(order()).toEqual(expected);
    const added = await engine.records.create(admin, 'crm', 'cards', { fields: { title: 'new' } });
    expect(order().at(-1)).toBe('new');
    await engine.records.move(admin, 'crm', 'cards', added.id, { before: ids[0]! });
    expect(order()[0]).toBe('new');
  });

  it('with one neighbour named, places the record right beside it, before the next one', async () => {
    const { engine, ids, order } = await cards(4);
    await engine.records.move(admin, 'crm', 'cards', ids[3]!, { after: ids[0]! });
    expect(order()).toEqual(['c0', 'c3', 'c1', 'c2']);
    await engine.records.move(admin, 'crm', 'cards', ids[0]!, { before: ids[2]! });
    expect(order()).toEqual(['c3', 'c1', 'c0', 'c2']);
  });

  it('refuses neighbours in the wrong order or the record itself, and moves nothing', async () => {
    const { engine, ids, order } = await cards(3);
    await expect(
      engine.records.move(admin, 'crm', 'cards', ids[1]!, { after: ids[2]!, before: ids[0]! }),
    ).rejects.toMatchObject({ kind: 'invalid', code: 'invalid_move' });
    await expect(
      engine.records.move(admin, 'crm', 'cards', ids[1]!, { after: ids[1]! }),
    ).rejects.toMatchObject({
      code: 'invalid_move',
    });
    await expect(engine.records.move(admin, 'crm', 'cards', ids[1]!, { after: '999' })).rejects.toMatchObject(
      {
        kind: 'not_found',
      },
    );
    expect(order()).toEqual(['c0', 'c1', 'c2']);
  });
});
