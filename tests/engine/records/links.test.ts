// Links are real relations: many-to-one as a column, many-to-many as a junction, editable
// from either side. Lookups, rollups and formulas over them stay correct after every edit,
// deletes remove links, and changing a link's cardinality migrates the pairs.
import { describe, expect, it } from 'vitest';
import { type Engine, Invalid } from '../../../engine/index.ts';
import { admin, anEngine, failure } from '../../helpers/engine.ts';

async function aCrm(engine: Engine, options: { many?: boolean; inverseMany?: boolean } = {}) {
  await engine.metadata.createApp(admin, { name: 'crm' });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'companies',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'city', type: 'text' },
      { name: 'tier', type: 'number' },
    ],
  });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'amount', type: 'number' },
      { name: 'close', type: 'date' },
      {
        name: 'company',
        type: 'link',
        options: { table: 'companies', inverse: 'deals', ...options },
      },
    ],
  });
  const rollups = ['sum', 'avg', 'min', 'max', 'count', 'concat'] as const;
  for (const fn of rollups)
    await engine.metadata.createField(admin, 'crm', 'companies', {
      name: `deal_${fn}`,
      type: 'rollup',
      options: { link: 'deals', field: fn === 'concat' ? 'title' : 'amount', fn },
    });
  await engine.metadata.createField(admin, 'crm', 'companies', {
    name: 'last_close',
    type: 'rollup',
    options: { link: 'deals', field: 'close', fn: 'max' },
  });
  await engine.metadata.createField(admin, 'crm', 'companies', {
    name: 'deal_titles',
    type: 'lookup',
    options: { link: 'deals', field: 'title' },
  });
  await engine.metadata.createField(admin, 'crm', 'deals', {
    name: 'city',
    type: 'lookup',
    options: { link: 'company', field: 'city' },
  });
  await engine.metadata.createField(admin, 'crm', 'deals', {
    name: 'tier',
    type: 'lookup',
    options: { link: 'company', field: 'tier' },
  });
  // A formula that reads a lookup: recomputed when the linked company changes.
  await engine.metadata.createField(admin, 'crm', 'deals', {
    name: 'where',
    type: 'formula',
    options: { expression: "$join([city], '/') & ' #' & $string($sum([tier]))" },
  });
  await engine.metadata.createField(admin, 'crm', 'companies', {
    name: 'share',
    type: 'formula',
    options: { expression: 'deal_count = 0 ? 0 : deal_max / deal_sum' },
  });
}

interface Deal {
  id: string;
  title: string;
  amount: number | null;
  close: string | null;
  companies: string[];
}
interface Company {
  id: string;
  name: string;
  city: string | null;
  tier: number | null;
}

/** Checks every computed field on both sides against what the records say. */
async function expectConsistent(engine: Engine) {
  const companies = engine.query
    .list(admin, 'crm', 'companies', { limit: 1000 })
    .items.map((r) => ({ id: r.id, fields: r.fields }));
  const deals = engine.query.list(admin, 'crm', 'deals', { limit: 1000 }).items;
  const plainDeals: Deal[] = deals.map((d) => ({
    id: d.id,
    title: d.fields.title as string,
    amount: d.fields.amount as number | null,
    close: d.fields.close as string | null,
    companies: d.fields.company as string[],
  }));
  for (const company of companies) {
    const mine = plainDeals.filter((d) => d.companies.includes(company.id));
    // The inverse lists exactly the deals that link here.
    expect([...(company.fields.deals as string[])].sort(), `deals of ${company.id}`).toEqual(
      mine.map((d) => d.id).sort(),
    );
    const amounts = mine.map((d) => d.amount).filter((a): a is number => a !== null);
    const sum = amounts.reduce((a, b) => a + b, 0);
    expect(company.fields).toMatchObject({
      deal_sum: sum,
      deal_avg: amounts.length ? sum / amounts.length : null,
      deal_min: amounts.length ? Math.min(...amounts) : null,
      deal_max: amounts.length ? Math.max(...amounts) : null,
      deal_count: amounts.length,
      last_close:
        mine
          .map((d) => d.close)
          .filter((c) => c !== null)
          .sort()
          .pop() ?? null,
      share: amounts.length === 0 ? 0 : Math.max(...amounts) / sum,
    });
    expect(((company.fields.deal_concat as string | null) ?? '').split(', ').filter(Boolean).sort()).toEqual(
      mine.map((d) => d.title).sort(),
    );
    const inverseMany = engine.metadata.registry.table('crm', 'companies').byName.get('deals')!.link!.many;
    if (inverseMany)
      expect([...(company.fields.deal_titles as string[])].sort()).toEqual(mine.map((d) => d.title).sort());
    else expect(company.fields.deal_titles).toEqual(mine[0]?.title ?? null);
  }
  for (const deal of deals) {
    const linked = (deal.fields.company as string[]).map(
      (id) => companies.find((c) => c.id === id)!.fields as unknown as Company,
    );
    const many = engine.metadata.registry.table('crm', 'deals').byName.get('company')!.link!.many;
    const cities = linked.map((c) => c.city).filter((c) => c !== null);
    const tiers = linked.map((c) => c.tier).filter((t) => t !== null);
    if (many) {
      expect(deal.fields.city, `city of deal ${deal.id}`).toEqual(cities);
    } else {
      expect(deal.fields.city, `city of deal ${deal.id}`).toEqual(cities[0] ?? null);
      expect(deal.fields.tier).toEqual(tiers[0] ?? null);
    }
    expect(deal.fields.where).toBe(`${cities.join('/')} #${tiers.reduce((a, b) => a + b, 0)}`);
  }
}

async function someData(engine: Engine) {
  const [acme, globex, initech] = await engine.records.createMany(admin, 'crm', 'companies', [
    { fields: { name: 'Acme', city: 'Paris', tier: 1 } },
    { fields: { name: 'Globex', city: 'Berlin', tier: 2 } },
    { fields: { name: 'Initech', city: null, tier: 3 } },
  ]);
  const deals = await engine.records.createMany(admin, 'crm', 'deals', [
    { fields: { title: 'd1', amount: 100, close: '2026-01-10', company: [acme!.id] } },
    { fields: { title: 'd2', amount: 50, close: '2026-03-01', company: [acme!.id] } },
    { fields: { title: 'd3', amount: 70, company: [globex!.id] } },
    { fields: { title: 'd4', amount: null, close: '2026-02-01', company: [] } },
  ]);
  return { acme: acme!, globex: globex!, initech: initech!, deals };
}

describe('links: many-to-one', () => {
  it('keeps the link in a column of the many side, indexed', async () => {
    const engine = anEngine();
    await aCrm(engine);
    const company = engine.metadata.registry.table('crm', 'deals').byName.get('company')!;
    expect(company.link!.storage).toMatchObject({ kind: 'column', on: 'self' });
    const indexes = engine.store.writer.prepare(`PRAGMA index_list(${company.table.sql})`).all() as {
      name: string;
    }[];
    expect(indexes.map((i) => i.name)).toContain(`i_${company.column}`);
  });

  it('computes lookups, rollups and formulas on create, and after edits on either side', async () => {
    const engine = anEngine();
    await aCrm(engine);
    const { acme, globex, initech, deals } = await someData(engine);
    await expectConsistent(engine);
    const [d1, d2, d3, d4] = deals;

    // Edit the many side: move a deal, change amounts, clear a link, set one.
    await engine.records.update(admin, 'crm', 'deals', d1!.id, { fields: { company: [globex.id] } });
    await expectConsistent(engine);
    await engine.records.update(admin, 'crm', 'deals', d3!.id, { fields: { amount: 5, title: 'd3b' } });
    await expectConsistent(engine);
    await engine.records.update(admin, 'crm', 'deals', d2!.id, { fields: { company: [] } });
    await expectConsistent(engine);
    await engine.records.update(admin, 'crm', 'deals', d4!.id, {
      fields: { company: [initech.id], amount: 9 },
    });
    await expectConsistent(engine);

    // Edit the one side: a lookup's source changes, and the formula reading that lookup follows.
    await engine.records.update(admin, 'crm', 'companies', globex.id, { fields: { city: 'Bonn', tier: 7 } });
    await expectConsistent(engine);
    expect((await engine.records.get(admin, 'crm', 'deals', d1!.id)).fields).toMatchObject({
      city: 'Bonn',
      tier: 7,
      where: 'Bonn #7',
    });

    // One-to-many from the other side: the company claims deals, taking d1 away from Globex.
    await engine.records.update(admin, 'crm', 'companies', acme.id, { fields: { deals: [d1!.id, d2!.id] } });
    await expectConsistent(engine);
    expect((await engine.records.get(admin, 'crm', 'deals', d1!.id)).fields.company).toEqual([acme.id]);
    expect((await engine.records.get(admin, 'crm', 'companies', globex.id)).fields.deals).toEqual([d3!.id]);
    await engine.records.update(admin, 'crm', 'companies', acme.id, { fields: { deals: [] } });
    await expectConsistent(engine);
    await engine.records.updateMany(admin, 'crm', 'companies', [
      { id: initech.id, fields: { deals: [d1!.id, d4!.id] } },
      { id: globex.id, fields: { deals: [d2!.id, d3!.id] } },
    ]);
    await expectConsistent(engine);
  });

  it('deleting a record removes its links and updates the other side', async () => {
    const engine = anEngine();
    await aCrm(engine);
    const { acme, globex, deals } = await someData(engine);
    await engine.records.delete(admin, 'crm', 'deals', deals[0]!.id);
    await expectConsistent(engine);
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields).toMatchObject({
      deals: [deals[1]!.id],
      deal_sum: 50,
      deal_count: 1,
    });
    // Deleting the one side leaves its deals unlinked, with empty lookups.
    await engine.records.delete(admin, 'crm', 'companies', globex.id);
    await expectConsistent(engine);
    expect((await engine.records.get(admin, 'crm', 'deals', deals[2]!.id)).fields).toMatchObject({
      company: [],
      city: null,
      where: ' #0',
    });
    // A new company never inherits the deleted one's links.
    const next = await engine.records.create(admin, 'crm', 'companies', { fields: { name: 'New' } });
    expect(next.fields.deals).toEqual([]);
    expect(Number(next.id)).toBeGreaterThan(Number(globex.id));
  });

  it('refuses a link to a record that does not exist, naming the field', async () => {
    const engine = anEngine();
    await aCrm(engine);
    const { acme } = await someData(engine);
    const error = await failure(
      engine.records.create(admin, 'crm', 'deals', { fields: { title: 'x', company: ['999'] } }),
    );
    expect(error).toBeInstanceOf(Invalid);
    expect(error.details[0]).toMatchObject({ field: 'company' });
    const fromOtherSide = await failure(
      engine.records.update(admin, 'crm', 'companies', acme.id, { fields: { deals: ['12345'] } }),
    );
    expect(fromOtherSide.details[0]).toMatchObject({ field: 'deals' });
    await expectConsistent(engine);
  });
});

describe('links: many-to-many', () => {
  it('keeps pairs in an indexed junction table, editable from both sides', async () => {
    const engine = anEngine();
    await aCrm(engine, { many: true });
    const link = engine.metadata.registry.table('crm', 'deals').byName.get('company')!.link!;
    expect(link.storage.kind).toBe('junction');
    const { acme, globex, initech, deals } = await someData(engine);
    const [d1, d2, d3] = deals;
    await engine.records.update(admin, 'crm', 'deals', d1!.id, { fields: { company: [acme.id, globex.id] } });
    await expectConsistent(engine);
    await engine.records.update(admin, 'crm', 'companies', initech.id, {
      fields: { deals: [d1!.id, d2!.id, d3!.id] },
    });
    await expectConsistent(engine);
    expect((await engine.records.get(admin, 'crm', 'deals', d1!.id)).fields.company).toEqual([
      acme.id,
      globex.id,
      initech.id,
    ]);
    await engine.records.update(admin, 'crm', 'companies', globex.id, { fields: { city: 'Bonn' } });
    await expectConsistent(engine);
    expect((await engine.records.get(admin, 'crm', 'deals', d1!.id)).fields.city).toEqual(['Paris', 'Bonn']);
    await engine.records.delete(admin, 'crm', 'companies', acme.id);
    await expectConsistent(engine);
    await engine.records.deleteMany(admin, 'crm', 'deals', [d1!.id, d3!.id]);
    await expectConsistent(engine);
    const junction = engine.store.writer.prepare(`SELECT count(*) AS n FROM ${link.storage.table}`).get() as {
      n: number;
    };
    expect(junction.n).toBe(1); // d2 – initech
  });
});

describe('links: one-to-one', () => {
  // The relation lives in one column, on whichever side sorts first; editing from both sides
  // exercises both ways of keeping each record to one partner.
  it('gives a record to one partner only: linking it elsewhere takes it away', async () => {
    const engine = anEngine();
    await aCrm(engine, { many: false, inverseMany: false });
    const { acme, globex, initech, deals } = await someData(engine);
    const [d1, d2, d3] = deals;
    // d1 and d2 were both created with Acme: only the later one holds it.
    expect((await engine.records.get(admin, 'crm', 'deals', d1!.id)).fields.company).toEqual([]);
    expect((await engine.records.get(admin, 'crm', 'deals', d2!.id)).fields.company).toEqual([acme.id]);
    await expectConsistent(engine);
    await engine.records.update(admin, 'crm', 'deals', d1!.id, { fields: { company: [globex.id] } });
    expect((await engine.records.get(admin, 'crm', 'deals', d3!.id)).fields.company).toEqual([]);
    await expectConsistent(engine);
    // From the other side: Initech claims d1, which Globex held.
    await engine.records.update(admin, 'crm', 'companies', initech.id, { fields: { deals: [d1!.id] } });
    expect((await engine.records.get(admin, 'crm', 'companies', globex.id)).fields.deals).toEqual([]);
    await expectConsistent(engine);
    const [c4, c5] = await engine.records.createMany(admin, 'crm', 'companies', [
      { fields: { name: 'Four', deals: [d2!.id] } },
      { fields: { name: 'Five', deals: [d2!.id] } },
    ]);
    expect((await engine.records.get(admin, 'crm', 'companies', c4!.id)).fields.deals).toEqual([]);
    expect((await engine.records.get(admin, 'crm', 'companies', c5!.id)).fields.deals).toEqual([d2!.id]);
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields.deals).toEqual([]);
    await expectConsistent(engine);
  });
});

describe('links: a table linked to itself', () => {
  it('keeps parent and children in step, and survives deleting a record linked to itself', async () => {
    const engine = anEngine();
    await engine.metadata.createApp(admin, { name: 'crm' });
    await engine.metadata.createTable(admin, 'crm', {
      name: 'companies',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'parent', type: 'link', options: { table: 'companies', inverse: 'children' } },
      ],
    });
    await engine.metadata.createField(admin, 'crm', 'companies', {
      name: 'child_count',
      type: 'rollup',
      options: { link: 'children', fn: 'count' },
    });
    const [group, sub, loop] = await engine.records.createMany(admin, 'crm', 'companies', [
      { fields: { name: 'Group' } },
      { fields: { name: 'Sub' } },
      { fields: { name: 'Loop' } },
    ]);
    await engine.records.update(admin, 'crm', 'companies', sub!.id, { fields: { parent: [group!.id] } });
    await engine.records.update(admin, 'crm', 'companies', loop!.id, { fields: { parent: [loop!.id] } });
    expect((await engine.records.get(admin, 'crm', 'companies', group!.id)).fields).toMatchObject({
      children: [sub!.id],
      child_count: 1,
    });
    expect((await engine.records.get(admin, 'crm', 'companies', loop!.id)).fields).toMatchObject({
      parent: [loop!.id],
      children: [loop!.id],
      child_count: 1,
    });
    await engine.records.delete(admin, 'crm', 'companies', loop!.id);
    await engine.records.delete(admin, 'crm', 'companies', group!.id);
    expect((await engine.records.get(admin, 'crm', 'companies', sub!.id)).fields).toMatchObject({
      parent: [],
      children: [],
      child_count: 0,
    });
  });
});

describe('links: chains across tables', () => {
  it('a lookup of a lookup, and a formula over it, follow a change two links away', async () => {
    const engine = anEngine();
    await aCrm(engine);
    await engine.metadata.createTable(admin, 'crm', {
      name: 'tasks',
      fields: [
        { name: 'subject', type: 'text' },
        { name: 'deal', type: 'link', options: { table: 'deals', inverse: 'tasks' } },
      ],
    });
    await engine.metadata.createField(admin, 'crm', 'tasks', {
      name: 'city',
      type: 'lookup',
      options: { link: 'deal', field: 'city' },
    });
    await engine.metadata.createField(admin, 'crm', 'tasks', {
      name: 'label',
      type: 'formula',
      options: { expression: "subject & ' @ ' & $uppercase(city)" },
    });
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'task_count',
      type: 'rollup',
      options: { link: 'tasks', fn: 'count' },
    });
    await engine.metadata.createField(admin, 'crm', 'companies', {
      name: 'tasks_total',
      type: 'rollup',
      options: { link: 'deals', field: 'task_count', fn: 'sum' },
    });
    const { acme, globex, deals } = await someData(engine);
    const task = await engine.records.create(admin, 'crm', 'tasks', {
      fields: { subject: 'Call', deal: [deals[0]!.id] },
    });
    expect(task.fields).toMatchObject({ city: 'Paris', label: 'Call @ PARIS' });
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields.tasks_total).toBe(1);

    await engine.records.update(admin, 'crm', 'companies', acme.id, { fields: { city: 'Nice' } });
    expect((await engine.records.get(admin, 'crm', 'tasks', task.id)).fields).toMatchObject({
      city: 'Nice',
      label: 'Call @ NICE',
    });
    // Moving the deal moves the task's city and both companies' totals.
    await engine.records.update(admin, 'crm', 'deals', deals[0]!.id, { fields: { company: [globex.id] } });
    expect((await engine.records.get(admin, 'crm', 'tasks', task.id)).fields.label).toBe('Call @ BERLIN');
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields.tasks_total).toBe(0);
    expect((await engine.records.get(admin, 'crm', 'companies', globex.id)).fields.tasks_total).toBe(1);
    await engine.records.delete(admin, 'crm', 'tasks', task.id);
    expect((await engine.records.get(admin, 'crm', 'companies', globex.id)).fields.tasks_total).toBe(0);
    await expectConsistent(engine);
  });
});

describe('links: changing cardinality', () => {
  it('many-to-one → many-to-many moves the pairs into a junction', async () => {
    const engine = anEngine();
    await aCrm(engine);
    const { acme, globex, deals } = await someData(engine);
    const result = await engine.metadata.updateField(admin, 'crm', 'deals', 'company', {
      options: { many: true },
    });
    expect(result.conversion?.failedCount).toBe(0);
    const link = engine.metadata.registry.table('crm', 'deals').byName.get('company')!.link!;
    expect(link.storage.kind).toBe('junction');
    await expectConsistent(engine);
    expect((await engine.records.get(admin, 'crm', 'deals', deals[0]!.id)).fields.company).toEqual([acme.id]);
    await engine.records.update(admin, 'crm', 'deals', deals[0]!.id, {
      fields: { company: [acme.id, globex.id] },
    });
    await expectConsistent(engine);
  });

  it('many-to-many → many-to-one refuses records with several links unless told to clear them', async () => {
    const engine = anEngine();
    await aCrm(engine, { many: true });
    const { acme, globex, deals } = await someData(engine);
    await engine.records.update(admin, 'crm', 'deals', deals[0]!.id, {
      fields: { company: [acme.id, globex.id] },
    });
    const error = await failure(
      engine.metadata.updateField(admin, 'crm', 'deals', 'company', { options: { many: false } }),
    );
    expect(error).toBeInstanceOf(Invalid);
    expect(error.details[0]).toMatchObject({ field: 'company' });
    expect(engine.metadata.registry.table('crm', 'deals').byName.get('company')!.link!.many).toBe(true);
    await expectConsistent(engine);

    const dry = await engine.metadata.updateField(
      admin,
      'crm',
      'deals',
      'company',
      { options: { many: false } },
      { dryRun: true },
    );
    expect(dry.conversion).toMatchObject({ failedCount: 1 });
    expect(engine.metadata.registry.table('crm', 'deals').byName.get('company')!.link!.many).toBe(true);

    await engine.metadata.updateField(
      admin,
      'crm',
      'deals',
      'company',
      { options: { many: false } },
      { clearInvalid: true },
    );
    const link = engine.metadata.registry.table('crm', 'deals').byName.get('company')!.link!;
    expect(link).toMatchObject({ many: false, storage: { kind: 'column', on: 'self' } });
    await expectConsistent(engine);
    expect((await engine.records.get(admin, 'crm', 'deals', deals[1]!.id)).fields.company).toEqual([acme.id]);
  });
});
