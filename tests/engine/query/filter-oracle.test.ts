// Every filter operator of every common field type, run by the engine over a few hundred
// generated records and compared with an independent JavaScript oracle. The app lives in
// Asia/Shanghai and the clock stands at 04:00 there (20:00 UTC the day before), so
// "today" is only right if the engine counts days in the app's time zone.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Engine, Invalid } from '../../../engine/index.ts';
import { operatorsOf } from '../../../engine/query/filter.ts';
import { actorFor, anEngine, failure, seeded, testClock } from '../../helpers/engine.ts';

const timeZone = 'Asia/Shanghai'; // UTC+8 all year: the oracle can count days by hand
const offsetMs = 8 * 3600_000;
const clock = testClock(Date.parse('2026-03-15T20:00:00Z'));
const day = 86_400_000;

/** A calendar date in Shanghai, `days` after the clock's. */
function shanghaiDate(ms: number, days = 0): string {
  return new Date(ms + offsetMs + days * day).toISOString().slice(0, 10);
}
const today = shanghaiDate(clock.now); // 2026-03-16, a Monday
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * day).toISOString().slice(0, 10);
const midnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

/** Half-open [start, end) ranges of calendar dates, worked out independently of the engine. */
function relative(token: string): [string, string] {
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  const nextMonth = new Date(Date.parse(`${firstOfMonth}T00:00:00Z`));
  nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1);
  const lastMonth = new Date(Date.parse(`${firstOfMonth}T00:00:00Z`));
  lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const ranges: Record<string, [string, string]> = {
    today: [today, addDays(today, 1)],
    yesterday: [addDays(today, -1), today],
    tomorrow: [addDays(today, 1), addDays(today, 2)],
    last_7_days: [addDays(today, -6), addDays(today, 1)],
    next_30_days: [today, addDays(today, 30)],
    this_week: [addDays(today, -weekday), addDays(today, 7 - weekday)],
    this_month: [firstOfMonth, nextMonth.toISOString().slice(0, 10)],
    last_month: [lastMonth.toISOString().slice(0, 10), firstOfMonth],
  };
  const range = ranges[token];
  if (!range) throw new Error(`oracle does not know ${token}`);
  return range;
}
const tokens = [
  'today',
  'yesterday',
  'tomorrow',
  'last_7_days',
  'next_30_days',
  'this_week',
  'this_month',
  'last_month',
];

interface Deal {
  id: string;
  name: string | null;
  amount: number | null;
  price: number | null;
  close: string | null;
  at: number | null;
  won: boolean;
  stage: string | null;
  tags: string[];
  owner: string | null;
  company: string[];
  partners: string[];
}

type Oracle = (deal: Deal, operand: unknown) => boolean;
interface Condition {
  field: string;
  op: string;
  value?: unknown;
}

let engine: Engine;
const deals: Deal[] = [];
const users: string[] = [];
let me = '';
const companies: { id: string; name: string }[] = [];

const names = [
  'Acme',
  'acme',
  'ACME Corp',
  'Globex',
  'globex inc',
  'Initech',
  '50% off',
  'under_score',
  'back\\slash',
  '张伟',
  '张伟科技',
  'Zoë',
  "O'Brien",
];
const stages = ['lead', 'qualified', 'won', 'lost'];
const tagNames = ['hot', 'vip', 'cold', 'new'];

// ---- the oracle ---------------------------------------------------------------------------

const fold = (s: string) => s.toLowerCase();
const textOracle = (get: (d: Deal) => string | null): Record<string, Oracle> => ({
  is: (d, v) => get(d) !== null && fold(get(d)!) === fold(String(v)),
  is_not: (d, v) => get(d) === null || fold(get(d)!) !== fold(String(v)),
  in: (d, v) => get(d) !== null && (v as string[]).some((x) => fold(x) === fold(get(d)!)),
  not_in: (d, v) => get(d) === null || !(v as string[]).some((x) => fold(x) === fold(get(d)!)),
  contains: (d, v) => get(d) !== null && fold(get(d)!).includes(fold(String(v))),
  not_contains: (d, v) => get(d) === null || !fold(get(d)!).includes(fold(String(v))),
  starts_with: (d, v) => get(d) !== null && fold(get(d)!).startsWith(fold(String(v))),
  ends_with: (d, v) => get(d) !== null && fold(get(d)!).endsWith(fold(String(v))),
  is_empty: (d) => get(d) === null,
  is_not_empty: (d) => get(d) !== null,
});

const numberOracle = (get: (d: Deal) => number | null): Record<string, Oracle> => {
  const n = (v: unknown) => Number(v);
  const has = (d: Deal) => get(d) !== null;
  return {
    is: (d, v) => has(d) && get(d) === n(v),
    is_not: (d, v) => !has(d) || get(d) !== n(v),
    in: (d, v) => has(d) && (v as unknown[]).map(n).includes(get(d)!),
    not_in: (d, v) => !has(d) || !(v as unknown[]).map(n).includes(get(d)!),
    gt: (d, v) => has(d) && get(d)! > n(v),
    gte: (d, v) => has(d) && get(d)! >= n(v),
    lt: (d, v) => has(d) && get(d)! < n(v),
    lte: (d, v) => has(d) && get(d)! <= n(v),
    between: (d, v) => {
      const [a, b] = (v as unknown[]).map(n) as [number, number];
      return has(d) && get(d)! >= a && get(d)! <= b;
    },
    is_empty: (d) => !has(d),
    is_not_empty: (d) => has(d),
  };
};

/** A date operand as the [start, end) days it covers, or undefined for a precise instant. */
function days(operand: unknown): [string, string] | undefined {
  if (typeof operand !== 'string') return undefined;
  if (tokens.includes(operand)) return relative(operand);
  if (/^\d{4}-\d{2}-\d{2}$/.test(operand)) return [operand, addDays(operand, 1)];
  return undefined;
}

/** Oracle for date-like fields; `key` maps a value and a day to comparable numbers. */
function dateOracle<V>(
  get: (d: Deal) => V | null,
  startOf: (date: string) => V,
  point: (operand: unknown) => V,
): Record<string, Oracle> {
  const has = (d: Deal) => get(d) !== null;
  const inRange = (v: V, [a, b]: [string, string]) => v >= startOf(a) && v < startOf(b);
  return {
    is: (d, v) => {
      const r = days(v);
      return has(d) && (r ? inRange(get(d)!, r) : get(d) === point(v));
    },
    is_not: (d, v) => {
      const r = days(v);
      return !has(d) || (r ? !inRange(get(d)!, r) : get(d) !== point(v));
    },
    gt: (d, v) => {
      const r = days(v);
      return has(d) && (r ? get(d)! >= startOf(r[1]) : get(d)! > point(v));
    },
    gte: (d, v) => {
      const r = days(v);
      return has(d) && get(d)! >= (r ? startOf(r[0]) : point(v));
    },
    lt: (d, v) => {
      const r = days(v);
      return has(d) && get(d)! < (r ? startOf(r[0]) : point(v));
    },
    lte: (d, v) => {
      const r = days(v);
      return has(d) && (r ? get(d)! < startOf(r[1]) : get(d)! <= point(v));
    },
    between: (d, v) => {
      const [from, to] = v as [unknown, unknown];
      const rf = days(from);
      const rt = days(to);
      const low = rf ? startOf(rf[0]) : point(from);
      return has(d) && get(d)! >= low && (rt ? get(d)! < startOf(rt[1]) : get(d)! <= point(to));
    },
    within: (d, v) => has(d) && inRange(get(d)!, relative(String(v))),
    is_empty: (d) => !has(d),
    is_not_empty: (d) => has(d),
  };
}

const listOracle = (get: (d: Deal) => string[]): Record<string, Oracle> => {
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]).map(String);
  return {
    has_any: (d, v) => list(v).some((x) => get(d).includes(x)),
    has_all: (d, v) => list(v).every((x) => get(d).includes(x)),
    has_none: (d, v) => !list(v).some((x) => get(d).includes(x)),
    is: (d, v) => {
      const wanted = new Set(list(v));
      return wanted.size === new Set(get(d)).size && get(d).every((x) => wanted.has(x));
    },
    is_empty: (d) => get(d).length === 0,
    is_not_empty: (d) => get(d).length > 0,
  };
};

const linkOracle = (get: (d: Deal) => string[]): Record<string, Oracle> => {
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]).map(String);
  return {
    has_any: (d, v) => list(v).some((x) => get(d).includes(x)),
    has_all: (d, v) => list(v).every((x) => get(d).includes(x)),
    has_none: (d, v) => !list(v).some((x) => get(d).includes(x)),
    is: (d, v) => list(v).some((x) => get(d).includes(x)),
    contains: (d, v) =>
      get(d).some((id) => fold(companies.find((c) => c.id === id)!.name).includes(fold(String(v)))),
    is_empty: (d) => get(d).length === 0,
    is_not_empty: (d) => get(d).length > 0,
  };
};

const userOracle = (get: (d: Deal) => string | null): Record<string, Oracle> => {
  const id = (v: unknown) => (v === '$me' ? me : String(v));
  return {
    is: (d, v) => get(d) === id(v),
    is_not: (d, v) => get(d) !== id(v),
    in: (d, v) => (v as unknown[]).map(id).includes(get(d) ?? '\u0000'),
    not_in: (d, v) => get(d) === null || !(v as unknown[]).map(id).includes(get(d)!),
    is_me: (d) => get(d) === me,
    is_not_me: (d) => get(d) !== me,
    is_empty: (d) => get(d) === null,
    is_not_empty: (d) => get(d) !== null,
  };
};

const oracles: Record<string, Record<string, Oracle>> = {
  name: textOracle((d) => d.name),
  amount: numberOracle((d) => d.amount),
  price: numberOracle((d) => d.price),
  close: dateOracle(
    (d) => d.close,
    (date) => date,
    (v) => String(v),
  ),
  at: dateOracle(
    (d) => d.at,
    midnight,
    (v) => Date.parse(String(v)),
  ),
  won: {
    is: (d, v) => d.won === v,
    is_not: (d, v) => d.won !== v,
  },
  stage: pick(
    textOracle((d) => d.stage),
    ['is', 'is_not', 'in', 'not_in', 'is_empty', 'is_not_empty'],
  ),
  tags: listOracle((d) => d.tags),
  owner: userOracle((d) => d.owner),
  company: linkOracle((d) => d.company),
  partners: linkOracle((d) => d.partners),
};

function pick(oracle: Record<string, Oracle>, ops: string[]): Record<string, Oracle> {
  return Object.fromEntries(ops.map((op) => [op, oracle[op]!]));
}

function matches(deal: Deal, filter: unknown): boolean {
  const node = filter as { and?: unknown[]; or?: unknown[]; not?: unknown } & Condition;
  if (node.and) return node.and.every((f) => matches(deal, f));
  if (node.or) return node.or.some((f) => matches(deal, f));
  if (node.not) return !matches(deal, node.not);
  const oracle = oracles[node.field]?.[node.op];
  if (!oracle) throw new Error(`no oracle for ${node.field} ${node.op}`);
  return oracle(deal, node.value);
}

// ---- operands -----------------------------------------------------------------------------

/** A spread of operands per field and operator: values present in the data, absent ones and edges. */
function operandsFor(field: string, op: string): unknown[] {
  const c = companies.map((x) => x.id);
  const dateOperands = [
    today,
    addDays(today, -1),
    addDays(today, 29),
    addDays(today, -45),
    '2026-03-01',
    ...tokens,
  ];
  const byField: Record<string, () => unknown[]> = {
    name: () => {
      if (op === 'in' || op === 'not_in') return [['acme', 'Initech'], ['张伟'], ['nobody'], []];
      if (['contains', 'not_contains', 'starts_with', 'ends_with'].includes(op))
        return ['acm', 'ACM', 'corp', '%', '_', '\\', '张', '伟', "o'b", 'ë', 'nomatch'];
      return ['Acme', 'ACME', 'globex INC', '张伟', 'Zoë', "O'Brien", '50% off', 'nobody'];
    },
    amount: () => {
      if (op === 'in' || op === 'not_in') return [[0, 7, 2.5], ['10'], []];
      if (op === 'between')
        return [
          [0, 10],
          [2.5, 7],
          [10, 0],
          [-10, -1],
        ];
      return [-5, -3, 0, 2.5, 7, 10, 20, 25, '7'];
    },
    price: () => {
      const present = deals.find((d) => d.price !== null)!.price!;
      if (op === 'in' || op === 'not_in') return [[present, 1], []];
      if (op === 'between')
        return [
          [100, 500.5],
          [present, present],
        ];
      return [0, 99.99, 500, present, 1000];
    },
    close: () => {
      if (op === 'within') return tokens;
      if (op === 'between')
        return [
          [addDays(today, -10), today],
          ['last_7_days', 'next_30_days'],
          [addDays(today, -3), 'tomorrow'],
        ];
      return dateOperands;
    },
    at: () => {
      if (op === 'within') return tokens;
      const exact = new Date(deals.find((d) => d.at !== null)!.at!).toISOString();
      if (op === 'between')
        return [
          [addDays(today, -10), today],
          ['yesterday', 'today'],
          [new Date(midnight(today)).toISOString(), exact],
        ];
      return [...dateOperands, exact, new Date(midnight(today)).toISOString()];
    },
    won: () => [true, false],
    stage: () => {
      if (op === 'in' || op === 'not_in') return [['lead', 'won'], ['lost'], []];
      return stages;
    },
    tags: () => {
      if (op === 'is') return [['hot'], ['vip', 'hot'], []];
      return [['hot'], ['vip', 'cold'], ['hot', 'vip', 'new'], []];
    },
    owner: () => {
      if (op === 'in' || op === 'not_in') return [[users[0], '$me'], [users[2]], []];
      return [...users, '$me'];
    },
    company: () => {
      if (op === 'contains') return ['acme', 'GLOBEX', 'nomatch'];
      if (op === 'is') return [c[0], c[3]];
      return [[c[0]], [c[1], c[2]], [c[0], c[5], c[7]]];
    },
    partners: () => {
      if (op === 'contains') return ['acme', 'GLOBEX', 'nomatch'];
      if (op === 'is') return [c[0], c[3]];
      return [[c[0]], [c[1], c[2]], [c[0], c[5], c[7]]];
    },
  };
  return byField[field]!();
}

function conditions(field: string): Condition[] {
  const out: Condition[] = [];
  for (const op of Object.keys(oracles[field]!)) {
    if (['is_empty', 'is_not_empty', 'is_me', 'is_not_me'].includes(op)) out.push({ field, op });
    else for (const value of operandsFor(field, op)) out.push({ field, op, value });
  }
  return out;
}

function listIds(filter: unknown): string[] {
  return engine.query
    .list(actorFor(me), 'crm', 'deals', { filter, limit: 1000, fields: [] })
    .items.map((r) => r.id)
    .sort((a, b) => Number(a) - Number(b));
}

function oracleIds(filter: unknown): string[] {
  return deals.filter((d) => matches(d, filter)).map((d) => d.id);
}

// ---- data ---------------------------------------------------------------------------------

beforeAll(async () => {
  engine = anEngine(clock);
  for (const [email, name] of [
    ['ann@example.com', 'Ann'],
    ['bob@example.com', 'Bob'],
    ['cai@example.com', 'Cai'],
  ] as const)
    users.push((await engine.people.createUser({ email, name }, null)).id);
  me = users[1]!;
  const actor = actorFor(me);
  await engine.metadata.createApp(actor, { name: 'crm', label: 'CRM', timeZone });
  await engine.metadata.createTable(actor, 'crm', {
    name: 'companies',
    fields: [{ name: 'name', type: 'text' }],
  });
  await engine.metadata.createTable(actor, 'crm', {
    name: 'deals',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'amount', type: 'number' },
      { name: 'price', type: 'currency', options: { currency: 'EUR' } },
      { name: 'close', type: 'date' },
      { name: 'at', type: 'datetime' },
      { name: 'won', type: 'checkbox' },
      {
        name: 'stage',
        type: 'single_select',
        options: { choices: stages.map((name) => ({ name })) },
      },
      {
        name: 'tags',
        type: 'multi_select',
        options: { choices: tagNames.map((name) => ({ name })) },
      },
      { name: 'owner', type: 'user' },
      { name: 'company', type: 'link', options: { table: 'companies', inverse: 'deals' } },
      {
        name: 'partners',
        type: 'link',
        options: { table: 'companies', many: true, inverse: 'partner_deals' },
      },
    ],
  });
  for (const name of ['Acme', 'Acme Asia', 'Globex', 'Initech', 'Hooli', '张伟科技', 'Umbrella', 'Stark'])
    companies.push({
      id: (await engine.records.create(actor, 'crm', 'companies', { fields: { name } })).id,
      name,
    });

  const random = seeded(20260316);
  const maybe = <T>(value: T, p = 0.15): T | null => (random.chance(p) ? null : value);
  const generated: Omit<Deal, 'id'>[] = [];
  for (let i = 0; i < 300; i++) {
    const dayOffset = random.int(-45, 45);
    const edge = random.pick([0, 1, 2]);
    const at =
      midnight(shanghaiDate(clock.now, dayOffset)) +
      (edge === 0 ? 0 : edge === 1 ? day - 1 : random.int(0, day - 1));
    generated.push({
      name: maybe(random.pick(names)),
      amount: maybe(random.pick([-3, 0, 1, 2.5, 5, 7, 7, 10, 12, 20])),
      price: maybe(random.int(0, 100_000) / 100),
      close: maybe(shanghaiDate(clock.now, random.int(-45, 45))),
      at: maybe(at),
      won: random.chance(0.4),
      stage: maybe(random.pick(stages)),
      tags: tagNames.filter(() => random.chance(0.35)),
      owner: maybe(random.pick(users), 0.25),
      company: random.chance(0.2) ? [] : [random.pick(companies).id],
      partners: [...new Set(Array.from({ length: random.int(0, 3) }, () => random.pick(companies).id))],
    });
  }
  for (let start = 0; start < generated.length; start += 100) {
    const batch = generated.slice(start, start + 100);
    const created = await engine.records.createMany(
      actor,
      'crm',
      'deals',
      batch.map((d) => ({ fields: { ...d, at: d.at === null ? null : new Date(d.at).toISOString() } })),
    );
    created.forEach((record, i) => {
      deals.push({ ...batch[i]!, id: record.id });
    });
  }
});

// ---- tests --------------------------------------------------------------------------------

describe('filter: every operator against the oracle', () => {
  it('stores the generated data as given', () => {
    const stored = engine.query.list(actorFor(me), 'crm', 'deals', { limit: 1000 }).items;
    expect(stored).toHaveLength(deals.length);
    stored.forEach((record, i) => {
      const deal = deals[i]!;
      expect(record.id).toBe(deal.id);
      expect(record.fields).toMatchObject({
        name: deal.name,
        amount: deal.amount,
        close: deal.close,
        at: deal.at === null ? null : new Date(deal.at).toISOString(),
        won: deal.won,
        stage: deal.stage,
        owner: deal.owner,
        company: deal.company,
      });
      expect([...(record.fields.partners as string[])].sort()).toEqual([...deal.partners].sort());
      expect([...(record.fields.tags as string[])].sort()).toEqual([...deal.tags].sort());
    });
  });

  it.each([
    ['text', 'name'],
    ['number', 'amount'],
    ['currency', 'price'],
    ['date', 'close'],
    ['datetime', 'at'],
    ['checkbox', 'won'],
    ['single_select', 'stage'],
    ['multi_select', 'tags'],
    ['user', 'owner'],
    ['link (many-to-one)', 'company'],
    ['link (many-to-many)', 'partners'],
  ])('%s operators select what the oracle selects', (_type, field) => {
    // The oracle knows every operator the type offers, so none goes untested.
    const table = engine.metadata.registry.table('crm', 'deals');
    expect(Object.keys(operatorsOf(engine.metadata.registry.field(table, field))).sort()).toEqual(
      Object.keys(oracles[field]!).sort(),
    );
    const checked = conditions(field);
    expect(checked.length).toBeGreaterThanOrEqual(4);
    let nonTrivial = 0;
    for (const condition of checked) {
      const expected = oracleIds(condition);
      if (expected.length > 0 && expected.length < deals.length) nonTrivial++;
      expect(listIds(condition), JSON.stringify(condition)).toEqual(expected);
    }
    // The spread of operands must actually split the data, or the comparison proves little.
    expect(nonTrivial).toBeGreaterThan(checked.length / 2);
  });

  it('negated conditions select the complement, empty values included', () => {
    for (const field of Object.keys(oracles))
      for (const condition of conditions(field)) {
        const filter = { not: condition };
        const expected = oracleIds(filter);
        expect(listIds(filter), JSON.stringify(filter)).toEqual(expected);
        expect(expected.length + oracleIds(condition).length).toBe(deals.length);
      }
  });

  it('nested and/or/not groups agree with the oracle', () => {
    const random = seeded(7);
    const leaves = Object.keys(oracles).flatMap(conditions);
    const tree = (depth: number): unknown => {
      if (depth === 0 || random.chance(0.3)) return random.pick(leaves);
      const kind = random.pick(['and', 'or', 'not'] as const);
      if (kind === 'not') return { not: tree(depth - 1) };
      return { [kind]: Array.from({ length: random.int(0, 3) }, () => tree(depth - 1)) };
    };
    for (let i = 0; i < 200; i++) {
      const filter = tree(4);
      expect(listIds(filter), JSON.stringify(filter)).toEqual(oracleIds(filter));
    }
  });
});

describe('filter: relative dates', () => {
  it('counts days in the app time zone', () => {
    expect(today).toBe('2026-03-16');
    const ids = listIds({ field: 'close', op: 'is', value: 'today' });
    expect(ids).toEqual(deals.filter((d) => d.close === '2026-03-16').map((d) => d.id));
    expect(ids.length).toBeGreaterThan(0);
  });

  it('last_7_days includes today and the six days before, and excludes seven days ago', () => {
    const ids = new Set(listIds({ field: 'close', op: 'within', value: 'last_7_days' }));
    for (const deal of deals) {
      if (deal.close === null) continue;
      const inside = deal.close >= addDays(today, -6) && deal.close <= today;
      expect(ids.has(deal.id), `${deal.close}`).toBe(inside);
    }
    expect(deals.some((d) => d.close === addDays(today, -7) && !ids.has(d.id))).toBe(true);
  });

  it('datetimes at midnight belong to the day they start', () => {
    const start = midnight(today);
    const ids = new Set(listIds({ field: 'at', op: 'is', value: 'today' }));
    const atMidnight = deals.filter((d) => d.at === start);
    const justBefore = deals.filter((d) => d.at === start - 1);
    expect(atMidnight.length + justBefore.length).toBeGreaterThan(0);
    for (const d of atMidnight) expect(ids.has(d.id)).toBe(true);
    for (const d of justBefore) expect(ids.has(d.id)).toBe(false);
  });

  it('refuses a time zone the runtime does not know, instead of failing at the first "today"', async () => {
    const error = await failure(
      engine.metadata.createApp(actorFor(me), { name: 'mars', timeZone: 'Mars/Olympus_Mons' }),
    );
    expect(error).toBeInstanceOf(Invalid);
    expect(error.details[0]?.field).toBe('timeZone');
    expect(
      await failure(engine.metadata.updateApp(actorFor(me), 'crm', { timeZone: 'UTC+25' })),
    ).toBeInstanceOf(Invalid);
  });

  it('moves with the clock', () => {
    const before = listIds({ field: 'close', op: 'within', value: 'next_30_days' });
    clock.now += 5 * day;
    try {
      const later = listIds({ field: 'close', op: 'within', value: 'next_30_days' });
      const expected = deals
        .filter((d) => d.close !== null && d.close >= addDays(today, 5) && d.close < addDays(today, 35))
        .map((d) => d.id);
      expect(later).toEqual(expected);
      expect(later).not.toEqual(before);
    } finally {
      clock.now -= 5 * day;
    }
  });
});

describe('filter: is_me', () => {
  it('matches the acting user, and nobody for an actor without a user', () => {
    for (const user of users) {
      const ids = engine.query
        .list(actorFor(user), 'crm', 'deals', { filter: { field: 'owner', op: 'is_me' }, limit: 1000 })
        .items.map((r) => r.id);
      expect(ids).toEqual(deals.filter((d) => d.owner === user).map((d) => d.id));
    }
    const system = { userId: null, isAdmin: true, roles: [] };
    expect(
      engine.query.list(system, 'crm', 'deals', { filter: { field: 'owner', op: 'is_me' } }).items,
    ).toEqual([]);
  });
});
