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
});
