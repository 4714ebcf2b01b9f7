// Keyset pagination: paging through any sort returns every record exactly once, in order,
// even while records are inserted between pages; cursors only work with the sort they came from.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiRecord, Engine } from '../../../engine/index.ts';
import { Invalid, Malformed } from '../../../engine/index.ts';
import { admin, anEngine, failure, seeded } from '../../helpers/engine.ts';

type Dir = 'asc' | 'desc';
interface Sort {
  field: string;
  dir: Dir;
}

const stages = ['new', 'contacted', 'qualified', 'won', 'lost']; // deliberately not alphabetical
let engine: Engine;
let users: { id: string; name: string }[] = [];
const companies: { id: string; name: string }[] = [];

/** A comparable form of each field's value, as the engine should order it (NULL first ascending). */
function sortValue(record: ApiRecord, field: string): string | number | null {
  const value = record.fields[field];
  if (value === null || value === undefined) return null;
  if (field === 'stage') return stages.indexOf(value as string);
  if (field === 'owner') return users.find((u) => u.id === value)!.name.toLowerCase();
  if (field === 'name') return (value as string).toLowerCase();
  if (field === 'hot') return value ? 1 : 0;
  if (field === 'company') {
    const [id] = value as string[];
    return id === undefined ? null : companies.find((c) => c.id === id)!.name.toLowerCase();
  }
  return value as string | number;
}

function compare(a: ApiRecord, b: ApiRecord, sort: Sort[]): number {
  for (const { field, dir } of sort) {
    const x = sortValue(a, field);
    const y = sortValue(b, field);
    if (x === y) continue;
    const order = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    return dir === 'asc' ? order : -order;
  }
  return Number(a.id) - Number(b.id);
}

function all(): ApiRecord[] {
  const out: ApiRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = engine.query.list(admin, 'crm', 'deals', { limit: 1000, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

function pageThrough(sort: Sort[], limit: number, between?: (last: ApiRecord) => Promise<void>) {
  return (async () => {
    const seen: ApiRecord[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const result = engine.query.list(admin, 'crm', 'deals', {
        sort,
        limit,
        ...(cursor ? { cursor } : {}),
      });
      expect(result.items.length).toBeLessThanOrEqual(limit);
      seen.push(...result.items);
      if (!result.nextCursor) return seen;
      expect(result.items).toHaveLength(limit);
      cursor = result.nextCursor;
      if (between) await between(result.items[result.items.length - 1]!);
    }
    throw new Error('pagination did not end');
  })();
}

const random = seeded(99);
const words = ['alpha', 'Beta', 'beta', 'gamma', 'Delta', 'epsilon', '张伟', 'zeta', 'Eta'];

function aDeal() {
  return {
    fields: {
      name: random.chance(0.1) ? null : random.pick(words),
      amount: random.chance(0.2) ? null : random.pick([0, 5, 5, 10, 12.5, 100, -1]),
      close: random.chance(0.2) ? null : `2026-0${random.int(1, 4)}-1${random.int(0, 3)}`,
      stage: random.chance(0.15) ? null : random.pick(stages),
      hot: random.chance(0.5),
      owner: random.chance(0.2) ? null : random.pick(users).id,
      company: random.chance(0.2) ? [] : [random.pick(companies).id],
    },
  };
}

beforeAll(async () => {
  engine = anEngine();
  for (const name of ['zed', 'Amy', 'bo'])
    users.push({
      id: (await engine.people.createUser({ email: `${name.toLowerCase()}@example.com`, name }, null)).id,
      name,
    });
  users = [...users];
  await engine.metadata.createApp(admin, { name: 'crm' });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'companies',
    fields: [{ name: 'name', type: 'text' }],
  });
  for (const name of ['Acme', 'acme', 'Globex', 'Initech', 'Umbrella'])
    companies.push({
      id: (await engine.records.create(admin, 'crm', 'companies', { fields: { name } })).id,
      name,
    });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'deals',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'amount', type: 'number' },
      { name: 'close', type: 'date' },
      { name: 'stage', type: 'single_select', options: { choices: stages.map((name) => ({ name })) } },
      { name: 'hot', type: 'checkbox' },
      { name: 'owner', type: 'user' },
      { name: 'company', type: 'link', options: { table: 'companies', inverse: 'deals' } },
    ],
  });
  await engine.metadata.createField(admin, 'crm', 'deals', {
    name: 'score',
    type: 'formula',
    options: { expression: 'amount * 3' },
  });
  await engine.records.createMany(
    admin,
    'crm',
    'deals',
    Array.from({ length: 240 }, () => aDeal()),
  );
});

const sorts: Sort[][] = [
  [],
  [{ field: 'amount', dir: 'asc' }],
  [{ field: 'amount', dir: 'desc' }],
  [
    { field: 'amount', dir: 'asc' },
    { field: 'close', dir: 'desc' },
  ],
  [
    { field: 'close', dir: 'desc' },
    { field: 'amount', dir: 'asc' },
    { field: 'name', dir: 'desc' },
  ],
  [
    { field: 'stage', dir: 'asc' },
    { field: 'name', dir: 'asc' },
  ],
  [
    { field: 'stage', dir: 'desc' },
    { field: 'hot', dir: 'desc' },
    { field: 'amount', dir: 'desc' },
  ],
  [
    { field: 'owner', dir: 'asc' },
    { field: 'close', dir: 'asc' },
  ],
  [
    { field: 'name', dir: 'desc' },
    { field: 'owner', dir: 'desc' },
  ],
  [
    { field: 'company', dir: 'asc' },
    { field: 'score', dir: 'desc' },
  ],
  [
    { field: 'score', dir: 'asc' },
    { field: 'company', dir: 'desc' },
  ],
];

describe('pagination: keyset cursors', () => {
  it.each(sorts.map((sort) => [JSON.stringify(sort), sort] as const))(
    'sort %s returns every record exactly once, in order',
    async (_name, sort) => {
      const expected = all()
        .sort((a, b) => compare(a, b, sort))
        .map((r) => r.id);
      expect(expected.length).toBeGreaterThanOrEqual(240);
      for (const limit of [1, 7, 50]) {
        const seen = (await pageThrough(sort, limit)).map((r) => r.id);
        expect(seen, `limit ${limit}`).toEqual(expected);
      }
    },
  );

  it('stays correct while records are inserted between pages', async () => {
    const sort: Sort[] = [
      { field: 'amount', dir: 'desc' },
      { field: 'name', dir: 'asc' },
    ];
    const before = all();
    const inserted: { record: ApiRecord; afterCursor: boolean }[] = [];
    const seen = await pageThrough(sort, 11, async (last) => {
      const created = await engine.records.createMany(
        admin,
        'crm',
        'deals',
        Array.from({ length: 3 }, () => aDeal()),
      );
      for (const record of created) inserted.push({ record, afterCursor: compare(record, last, sort) > 0 });
    });
    const ids = seen.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const record of before) expect(ids).toContain(record.id);
    for (let i = 1; i < seen.length; i++) expect(compare(seen[i - 1]!, seen[i]!, sort)).toBeLessThan(0);
    expect(inserted.length).toBeGreaterThan(30);
    // Keyset pages pick up what was inserted ahead of the reader and never what lies behind it.
    for (const { record, afterCursor } of inserted) expect(ids.includes(record.id)).toBe(afterCursor);
    expect(inserted.some((i) => i.afterCursor) && inserted.some((i) => !i.afterCursor)).toBe(true);
  });

  it('shows inserted records that sort after the cursor and skips those before it', async () => {
    const sort: Sort[] = [{ field: 'amount', dir: 'asc' }];
    const filter = { field: 'amount', op: 'is_not_empty' };
    const first = engine.query.list(admin, 'crm', 'deals', { sort, filter, limit: 20 });
    const last = first.items[first.items.length - 1]!;
    const [early, late] = await engine.records.createMany(admin, 'crm', 'deals', [
      { fields: { name: 'early', amount: -1000 } },
      { fields: { name: 'late', amount: 1_000_000 } },
    ]);
    const rest = await (async () => {
      const out: ApiRecord[] = [];
      let cursor: string | null = first.nextCursor;
      while (cursor) {
        const page = engine.query.list(admin, 'crm', 'deals', { sort, filter, limit: 100, cursor });
        out.push(...page.items);
        cursor = page.nextCursor;
      }
      return out;
    })();
    const ids = rest.map((r) => r.id);
    expect(ids).toContain(late!.id);
    expect(ids).not.toContain(early!.id);
    expect(ids).not.toContain(last.id);
    expect(ids[ids.length - 1]).toBe(late!.id);
  });

  it('refuses a cursor from a different sort, and one it never gave out', async () => {
    const page = engine.query.list(admin, 'crm', 'deals', {
      sort: [{ field: 'amount', dir: 'asc' }],
      limit: 5,
    });
    expect(page.nextCursor).not.toBeNull();
    const cursor = page.nextCursor!;
    for (const sort of [
      [{ field: 'amount', dir: 'desc' as const }],
      [{ field: 'close', dir: 'asc' as const }],
      [
        { field: 'amount', dir: 'asc' as const },
        { field: 'name', dir: 'asc' as const },
      ],
      [],
    ]) {
      const error = await failure(() => engine.query.list(admin, 'crm', 'deals', { sort, cursor }));
      expect(error, JSON.stringify(sort)).toBeInstanceOf(Malformed);
    }
    for (const bad of ['not-a-cursor', Buffer.from('{"v":[1],"s":"x"}').toString('base64url'), '']) {
      if (bad === '') continue;
      expect(
        await failure(() =>
          engine.query.list(admin, 'crm', 'deals', { sort: [{ field: 'amount' }], cursor: bad }),
        ),
      ).toBeInstanceOf(Malformed);
    }
  });

  it('sorts a single select by choice order, not alphabetically', () => {
    const items = engine.query.list(admin, 'crm', 'deals', {
      sort: [{ field: 'stage', dir: 'asc' }],
      filter: { field: 'stage', op: 'is_not_empty' },
      limit: 1000,
    }).items;
    const order = [...new Set(items.map((r) => r.fields.stage as string))];
    expect(order).toEqual(stages);
  });

  it('follows a change of choice order at once', async () => {
    const reversed = [...stages].reverse();
    await engine.metadata.updateField(admin, 'crm', 'deals', 'stage', {
      options: { choices: reversed.map((name) => ({ name })) },
    });
    try {
      const items = engine.query.list(admin, 'crm', 'deals', {
        sort: [{ field: 'stage', dir: 'asc' }],
        filter: { field: 'stage', op: 'is_not_empty' },
        limit: 1000,
      }).items;
      expect([...new Set(items.map((r) => r.fields.stage as string))]).toEqual(reversed);
    } finally {
      await engine.metadata.updateField(admin, 'crm', 'deals', 'stage', {
        options: { choices: stages.map((name) => ({ name })) },
      });
    }
  });

  it('refuses hostile field names in sorts and filters without running them', async () => {
    for (const name of ['"; DROP TABLE users; --', 'c_abc', 'id) OR 1=1 --']) {
      expect(
        await failure(() => engine.query.list(admin, 'crm', 'deals', { sort: [{ field: name }] })),
      ).toBeInstanceOf(Invalid);
      expect(
        await failure(() =>
          engine.query.list(admin, 'crm', 'deals', { filter: { field: name, op: 'is', value: 1 } }),
        ),
      ).toBeInstanceOf(Invalid);
    }
    const hostile = "x' OR '1'='1";
    expect(
      engine.query.list(admin, 'crm', 'deals', { filter: { field: 'name', op: 'is', value: hostile } }).items,
    ).toEqual([]);
    expect(engine.query.count(admin, 'crm', 'deals')).toBeGreaterThan(240);
  });
});
