// Group-by with count, sum, avg, min and max (kanban column totals, report charts), compared
// with an oracle computed in the test over generated records.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Engine, type Group, Invalid } from '../../../engine/index.ts';
import { admin, anEngine, failure, seeded } from '../../helpers/engine.ts';

const stages = ['lead', 'qualified', 'proposal', 'won', 'lost']; // pipeline order, not alphabetical
let engine: Engine;
let owners: string[] = [];

interface Deal {
  stage: string | null;
  owner: string | null;
  amount: number | null;
  probability: number | null;
  close: string | null;
}
const deals: Deal[] = [];

const fns = ['count', 'count_filled', 'count_empty', 'sum', 'avg', 'min', 'max'] as const;

function summary(values: (number | string | null)[]) {
  const filled = values.filter((v): v is number | string => v !== null);
  const numbers = filled.filter((v): v is number => typeof v === 'number');
  const sorted = [...filled].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    count: filled.length,
    count_filled: filled.length,
    count_empty: values.length - filled.length,
    sum: numbers.reduce((a, b) => a + b, 0),
    avg: numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null,
    min: sorted[0] ?? null,
    max: sorted[sorted.length - 1] ?? null,
  };
}

function expectGroup(group: Group | undefined, rows: Deal[], fields: (keyof Deal)[]) {
  expect(group, 'group exists').toBeDefined();
  expect(group!.count).toBe(rows.length);
  for (const field of fields) {
    const expected = summary(rows.map((d) => d[field]));
    const actual = group!.values[field]!;
    for (const fn of fns) {
      if ((fn === 'sum' || fn === 'avg') && field === 'close') continue;
      const want = expected[fn];
      if (typeof want === 'number' && (fn === 'sum' || fn === 'avg'))
        expect(actual[fn] as number, `${field} ${fn}`).toBeCloseTo(want, 6);
      else expect(actual[fn], `${field} ${fn}`).toEqual(want);
    }
  }
}

function aggregates(fields: (keyof Deal)[]) {
  return fields.flatMap((field) =>
    fns.filter((fn) => !(field === 'close' && (fn === 'sum' || fn === 'avg'))).map((fn) => ({ field, fn })),
  );
}

beforeAll(async () => {
  engine = anEngine();
  for (const name of ['Wu', 'Li'])
    owners.push((await engine.people.createUser({ email: `${name}@example.com`, name }, null)).id);
  owners = [...owners];
  await engine.metadata.createApp(admin, { name: 'crm' });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'stage', type: 'single_select', options: { choices: stages.map((name) => ({ name })) } },
      { name: 'owner', type: 'user' },
      { name: 'amount', type: 'currency', options: { currency: 'CNY' } },
      { name: 'probability', type: 'percent' },
      { name: 'close', type: 'date' },
    ],
  });
  const random = seeded(4242);
  for (let i = 0; i < 400; i++)
    deals.push({
      stage: random.chance(0.1) ? null : random.pick(stages.slice(0, 4)), // nobody has lost yet
      owner: random.chance(0.2) ? null : random.pick(owners),
      amount: random.chance(0.15) ? null : random.int(-500, 100_000) / 100,
      probability: random.chance(0.3) ? null : random.pick([10, 25, 50, 90]),
      close: random.chance(0.25) ? null : `2026-0${random.int(1, 9)}-${String(random.int(10, 28))}`,
    });
  for (let i = 0; i < deals.length; i += 200)
    await engine.records.createMany(
      admin,
      'crm',
      'deals',
      deals.slice(i, i + 200).map((d, j) => ({ fields: { title: `Deal ${i + j}`, ...d } })),
    );
});

describe('aggregate: group by', () => {
  it('groups by a single select in choice order, empty first, with every function', () => {
    const fields: (keyof Deal)[] = ['amount', 'probability', 'close'];
    const result = engine.query.aggregate(admin, 'crm', 'deals', {
      groupBy: ['stage'],
      aggregates: aggregates(fields),
    });
    const present = [null, ...stages].filter((s) => deals.some((d) => d.stage === s));
    expect(result.groups.map((g) => g.key.stage)).toEqual(present);
    for (const stage of present)
      expectGroup(
        result.groups.find((g) => g.key.stage === stage),
        deals.filter((d) => d.stage === stage),
        fields,
      );
    expectGroup(result.total, deals, fields);
    expect(result.groups.reduce((n, g) => n + g.count, 0)).toBe(deals.length);
  });

  it('applies filters before grouping', () => {
    const filter = {
      and: [
        { field: 'amount', op: 'gt', value: 100 },
        { field: 'owner', op: 'is_not_empty' },
      ],
    };
    const result = engine.query.aggregate(admin, 'crm', 'deals', {
      filter,
      groupBy: ['stage'],
      aggregates: aggregates(['amount']),
    });
    const kept = deals.filter((d) => d.amount !== null && d.amount > 100 && d.owner !== null);
    for (const group of result.groups)
      expectGroup(
        group,
        kept.filter((d) => d.stage === group.key.stage),
        ['amount'],
      );
    expectGroup(result.total, kept, ['amount']);
  });

  it('groups by two fields', () => {
    const result = engine.query.aggregate(admin, 'crm', 'deals', {
      groupBy: ['owner', 'stage'],
      aggregates: [{ field: 'amount', fn: 'sum' }],
    });
    const keys = new Set(deals.map((d) => `${d.owner}|${d.stage}`));
    expect(result.groups).toHaveLength(keys.size);
    for (const group of result.groups) {
      const rows = deals.filter((d) => d.owner === group.key.owner && d.stage === group.key.stage);
      expect(group.count).toBe(rows.length);
      expect(group.values.amount!.sum as number).toBeCloseTo(summary(rows.map((d) => d.amount)).sum, 6);
    }
  });

  it('groups a checkbox into one true and one false group, however the false came about', async () => {
    const e = anEngine();
    await e.metadata.createApp(admin, { name: 'crm' });
    await e.metadata.createTable(admin, 'crm', {
      name: 'tasks',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'flag', type: 'text' },
      ],
    });
    await e.records.createMany(admin, 'crm', 'tasks', [
      { fields: { title: 'before the field', flag: 'yes' } },
      { fields: { title: 'also before', flag: 'no' } },
      { fields: { title: 'never flagged' } },
    ]);
    await e.metadata.createField(admin, 'crm', 'tasks', { name: 'done', type: 'checkbox' });
    await e.records.createMany(admin, 'crm', 'tasks', [
      { fields: { title: 'unset' } },
      { fields: { title: 'unchecked', done: false } },
      { fields: { title: 'checked', done: true } },
    ]);
    const groups = () =>
      e.query
        .aggregate(admin, 'crm', 'tasks', { groupBy: ['done'] })
        .groups.map((g) => [g.key.done, g.count]);
    expect(groups()).toEqual([
      [false, 5],
      [true, 1],
    ]);
    // A text field turned into a checkbox: its empty values are false too.
    await e.metadata.updateField(admin, 'crm', 'tasks', 'flag', { type: 'checkbox' });
    const flags = e.query.aggregate(admin, 'crm', 'tasks', { groupBy: ['flag'] }).groups;
    expect(flags.map((g) => [g.key.flag, g.count])).toEqual([
      [false, 5],
      [true, 1],
    ]);
  });

  it('refuses sums of what is not a number, and unknown fields', async () => {
    expect(
      await failure(() =>
        engine.query.aggregate(admin, 'crm', 'deals', { aggregates: [{ field: 'title', fn: 'sum' }] }),
      ),
    ).toBeInstanceOf(Invalid);
    expect(
      await failure(() =>
        engine.query.aggregate(admin, 'crm', 'deals', { aggregates: [{ field: 'close', fn: 'avg' }] }),
      ),
    ).toBeInstanceOf(Invalid);
    expect(
      await failure(() => engine.query.aggregate(admin, 'crm', 'deals', { groupBy: ['nope'] })),
    ).toBeInstanceOf(Invalid);
  });

  it('follows writes at once', async () => {
    const before = engine.query.aggregate(admin, 'crm', 'deals', {
      groupBy: ['stage'],
      aggregates: [{ field: 'amount', fn: 'sum' }],
    });
    const created = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'Late', stage: 'lost', amount: 1234.5 },
    });
    const after = engine.query.aggregate(admin, 'crm', 'deals', {
      groupBy: ['stage'],
      aggregates: [{ field: 'amount', fn: 'sum' }],
    });
    expect(after.groups.map((g) => g.key.stage)).toEqual([...before.groups.map((g) => g.key.stage), 'lost']);
    expect(after.groups.find((g) => g.key.stage === 'lost')).toMatchObject({
      count: 1,
      values: { amount: { sum: 1234.5 } },
    });
    await engine.records.delete(admin, 'crm', 'deals', created.id);
  });
});
