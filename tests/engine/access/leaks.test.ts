import { describe, expect, it } from 'vitest';
import type { Actor, Engine } from '../../../engine/index.ts';
import { admin, anEngine } from '../../helpers/engine.ts';

// A rep sees only their own companies and never a deal's margin; nothing about other
// companies or margins may reach them through any path.
async function world(engine: Engine) {
  await engine.metadata.createApp(admin, { name: 'crm' });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'companies',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'owner', type: 'user' },
      { name: 'secret_note', type: 'text' },
    ],
    ownerField: 'owner',
  });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'owner', type: 'user' },
      { name: 'amount', type: 'number' },
      { name: 'margin', type: 'number' },
      { name: 'company', type: 'link', options: { table: 'companies', inverse: 'deals', inverseMany: true } },
    ],
    ownerField: 'owner',
  });
  await engine.metadata.createField(admin, 'crm', 'deals', {
    name: 'company_name',
    type: 'lookup',
    options: { link: 'company', field: 'name' },
  });
  await engine.metadata.createField(admin, 'crm', 'deals', {
    name: 'margin_rate',
    type: 'formula',
    options: { expression: 'margin / amount' },
  });
  await engine.metadata.createField(admin, 'crm', 'companies', {
    name: 'deal_total',
    type: 'rollup',
    options: { link: 'deals', field: 'amount', fn: 'sum' },
  });
  await engine.metadata.createField(admin, 'crm', 'companies', {
    name: 'margin_total',
    type: 'rollup',
    options: { link: 'deals', field: 'margin', fn: 'sum' },
  });
  const repUser = await engine.people.createUser({ email: 'rep@x.co' }, null);
  const bossUser = await engine.people.createUser({ email: 'boss@x.co' }, null);
  await engine.access.createRole(admin, 'crm', {
    name: 'rep',
    tables: {
      companies: { read: { scope: 'own' }, fields: { secret_note: 'hidden' } },
      deals: { create: true, read: true, update: { scope: 'own' }, fields: { margin: 'hidden' } },
    },
  });
  await engine.access.setMember(admin, 'crm', repUser.id, ['rep']);
  const mine = await engine.records.create(admin, 'crm', 'companies', {
    fields: { name: 'Mine Ltd', owner: repUser.id, secret_note: 'classified-x' },
  });
  const theirs = await engine.records.create(admin, 'crm', 'companies', {
    fields: { name: 'Hidden Corp', owner: bossUser.id, secret_note: 'classified-y' },
  });
  const d1 = await engine.records.create(admin, 'crm', 'deals', {
    fields: { title: 'd1', owner: repUser.id, amount: 100, margin: 40, company: [mine.id] },
  });
  const d2 = await engine.records.create(admin, 'crm', 'deals', {
    fields: { title: 'd2', owner: bossUser.id, amount: 500, margin: 300, company: [theirs.id] },
  });
  const rep: Actor = { userId: repUser.id, isAdmin: false, roles: [] };
  return { rep, mine, theirs, d1, d2 };
}

describe('access: nothing hidden leaks', () => {
  it('leaves hidden fields out of lists, reads and write results, and refuses writing them', async () => {
    const engine = anEngine();
    const { rep, d1 } = await world(engine);
    const deals = engine.query.list(rep, 'crm', 'deals').items;
    for (const deal of deals) expect(deal.fields).not.toHaveProperty('margin');
    expect((await engine.records.get(rep, 'crm', 'deals', d1.id)).fields).not.toHaveProperty('margin');
    const created = await engine.records.create(rep, 'crm', 'deals', { fields: { title: 'new', amount: 1 } });
    expect(created.fields).not.toHaveProperty('margin');
    await expect(
      engine.records.update(rep, 'crm', 'deals', d1.id, { fields: { margin: 1 } }),
    ).rejects.toMatchObject({ details: [{ field: 'margin' }] });
    expect((await engine.records.get(admin, 'crm', 'deals', d1.id)).fields.margin).toBe(40);
  });

  it('refuses filters, sorts and aggregates over hidden fields, so values cannot be probed', async () => {
    const engine = anEngine();
    const { rep } = await world(engine);
    expect(() =>
      engine.query.list(rep, 'crm', 'deals', { filter: { field: 'margin', op: 'gt', value: 100 } }),
    ).toThrow(/no field 'margin'/);
    expect(() => engine.query.list(rep, 'crm', 'deals', { sort: [{ field: 'margin' }] })).toThrow(
      /no field 'margin'/,
    );
    expect(() =>
      engine.query.aggregate(rep, 'crm', 'deals', { aggregates: [{ field: 'margin', fn: 'sum' }] }),
    ).toThrow(/no field 'margin'/);
  });

  it('computes links, lookups, rollups and formulas from what the reader may see', async () => {
    const engine = anEngine();
    const { rep, d2, mine, theirs } = await world(engine);
    const other = await engine.records.get(rep, 'crm', 'deals', d2.id);
    expect(other.fields.company_name).toBeNull();
    // Not even the id of the company the rep may not open.
    expect(other.fields.company).toEqual([]);
    expect((await engine.records.get(admin, 'crm', 'deals', d2.id)).fields.company).toEqual([theirs.id]);
    const listed = engine.query.list(rep, 'crm', 'deals', { sort: [{ field: 'title' }] }).items;
    expect(listed.map((d) => d.fields.company)).toEqual([[mine.id], []]);
    expect(other.fields.margin_rate).toBeNull();
    expect((await engine.records.get(admin, 'crm', 'deals', d2.id)).fields.company_name).toBe('Hidden Corp');
    const company = await engine.records.get(rep, 'crm', 'companies', mine.id);
    expect(company.fields.deal_total).toBe(100);
    expect(company.fields.margin_total).toBeNull();
    expect(company.fields).not.toHaveProperty('secret_note');
    expect(
      engine.query.list(rep, 'crm', 'deals', {
        filter: { field: 'company_name', op: 'is', value: 'Hidden Corp' },
      }).items,
    ).toEqual([]);
  });

  it('keeps other rows and hidden text out of search, counts and aggregates', async () => {
    const engine = anEngine();
    const { rep } = await world(engine);
    expect(engine.query.list(rep, 'crm', 'companies', { q: 'Hidden' }).items).toEqual([]);
    expect(engine.query.list(rep, 'crm', 'companies', { q: 'classified' }).items).toEqual([]);
    expect(engine.query.list(rep, 'crm', 'companies', { q: 'Mine' }).items).toHaveLength(1);
    expect(engine.query.count(rep, 'crm', 'companies')).toBe(1);
    expect(
      engine.query.aggregate(rep, 'crm', 'companies', { aggregates: [{ field: 'deal_total', fn: 'sum' }] })
        .total.values.deal_total?.sum,
    ).toBe(100);
  });

  it('renders workflow messages with only what the acting user may read', async () => {
    const engine = anEngine();
    const { rep, d1 } = await world(engine);
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'tell',
      runAs: rep.userId!,
      trigger: { type: 'record_updated', table: 'deals', fields: ['title'] },
      actions: [{ type: 'notify', to: [rep.userId!], title: 'Deal {{title}} margin {{margin}}' }],
    });
    await engine.records.update(admin, 'crm', 'deals', d1.id, { fields: { title: 'd1b' } });
    await engine.workflows.tick();
    expect(engine.workflows.inbox.list(rep.userId!).map((n) => n.title)).toEqual(['Deal d1b margin ']);
  });
});
