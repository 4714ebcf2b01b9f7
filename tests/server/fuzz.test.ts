// Throws a few hundred seeded, random, malformed bodies at every write route. The server
// must never answer 5xx, every error must have the contract's shape, and afterwards exactly
// the objects and records it said it accepted exist — with the values it last reported.
import { describe, expect, it } from 'vitest';
import { aServer, expectError, type Json, type Reply } from '../helpers/server.ts';

/** mulberry32: small, seeded, good enough to pick junk reproducibly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof prng>;

const nastyStrings = [
  '',
  ' ',
  'x'.repeat(100_000),
  '\u0000',
  '\uD800',
  '💥'.repeat(50),
  '__proto__',
  'constructor',
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '2026-02-30',
  '9999-99-99',
  'NaN',
  '-0',
  '1e309',
  'won',
  'a@b.co',
  'Name',
];
const nastyNumbers = [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, Number.MIN_VALUE, 42];

/** Any JSON value, biased towards the awkward. */
function junk(r: Random, depth = 0): unknown {
  const kind = r.int(depth > 3 ? 5 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick(nastyNumbers);
    case 3:
    case 4:
      return r.pick(nastyStrings);
    case 5:
      return Array.from({ length: r.int(4) }, () => junk(r, depth + 1));
    case 6: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--)
        o[r.pick(['name', 'label', 'type', 'fields', 'x', 'options', 'id'])] = junk(r, depth + 1);
      return o;
    }
    default:
      return r.pick([[], {}, [null], { '': '' }]);
  }
}

/** Nesting deep enough to break a recursive walker. */
function deep(r: Random, levels: number): string {
  const kind = r.int(3);
  if (kind === 0) return `${'['.repeat(levels)}${']'.repeat(levels)}`;
  if (kind === 1) return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  return `${'{"not":'.repeat(levels)}{"field":"title","op":"is","value":1}${'}'.repeat(levels)}`;
}

const pollution = [
  '{"__proto__":{"isAdmin":true,"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"fields":{"__proto__":{"polluted":1}}}',
  '{"fields":{"title":"p","__proto__":{"title":"q"}}}',
  '{"name":"x","__proto__":{"polluted":1}}',
  '{"records":[{"fields":{"__proto__":{"polluted":1}}}]}',
  '{"form":{"__proto__":{"public":true}},"name":"f","type":"form"}',
];

/** A body for a route: usually a valid one with something broken, sometimes pure junk. */
function mutate(r: Random, valid: Record<string, unknown>): string {
  // Some valid bodies go through untouched: what they create is checked at the end.
  if (r.chance(0.15)) return JSON.stringify(valid);
  const roll = r.int(10);
  if (roll === 0) return JSON.stringify(junk(r));
  if (roll === 1) return r.pick(pollution);
  if (roll === 2) {
    // Deep nesting dropped under a random key of the valid body.
    const keys = Object.keys(valid);
    const key = r.pick(keys.length ? keys : ['x']);
    const rest = JSON.stringify({ ...valid, [key]: 0 }).replace(
      `"${key}":0`,
      `"${key}":${deep(r, 2000 + r.int(5000))}`,
    );
    return rest;
  }
  if (roll === 3) return r.pick(['', '{', '[1,', 'nul', '{"a":1}}', '\uFEFF{}', '{"a":1,}', "{'a':1}"]);
  const body = structuredClone(valid);
  const edits = 1 + r.int(3);
  for (let i = 0; i < edits; i++) mutateIn(r, body);
  return JSON.stringify(body);
}

function mutateIn(r: Random, target: unknown): void {
  if (typeof target !== 'object' || target === null) return;
  const keys = Object.keys(target);
  const o = target as Record<string, unknown>;
  const key = keys.length ? r.pick(keys) : 'x';
  const child = o[key];
  const action = r.int(6);
  if (action === 0 || keys.length === 0) o[r.pick(['extra', 'isAdmin', 'id', 'createdAt', key])] = junk(r);
  else if (action === 1) delete o[key];
  else if ((action === 2 || action === 3) && typeof child === 'object' && child !== null) mutateIn(r, child);
  else if (action === 4) o[key] = [child];
  else o[key] = junk(r);
}

interface Tracked {
  apps: Set<string>;
  tables: Set<string>;
  scratchFields: Set<string>;
  views: Set<string>;
  users: Set<string>;
  teams: Set<string>;
  tokens: Set<string>;
  /** Record id → the fields the server last reported for it (undefined: not reported). */
  records: Map<string, Record<string, unknown> | undefined>;
}

const setup = '/api/apps/crm/tables';

describe('fuzz: random malformed bodies at every write route', () => {
  it('never answers 5xx, always with the error shape, and keeps exactly what it accepted', async () => {
    const t = await aServer();
    const api = await t.login();
    const r = prng(Number(process.env.FUZZ_SEED ?? 20261123));
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();

    // The world the fuzz plays in.
    expect((await api.post('/api/apps', { name: 'crm' })).status).toBe(201);
    const companies = await api.post(`${setup}`, {
      name: 'companies',
      fields: [{ name: 'name', type: 'text' }],
    });
    expect(companies.status).toBe(201);
    const dealsTable = await api.post(`${setup}`, {
      name: 'deals',
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'amount', type: 'currency', options: { currency: 'EUR', precision: 2 } },
        { name: 'stage', type: 'single_select', options: { choices: [{ name: 'new' }, { name: 'won' }] } },
        { name: 'tags', type: 'multi_select', options: { choices: [{ name: 'a' }, { name: 'b' }] } },
        { name: 'due', type: 'date' },
        { name: 'done', type: 'checkbox' },
        { name: 'email', type: 'email' },
        { name: 'stars', type: 'rating' },
        { name: 'owner', type: 'user' },
        { name: 'company', type: 'link', options: { table: 'companies', many: false } },
        { name: 'code', type: 'text', unique: true },
      ],
    });
    expect(dealsTable.status, dealsTable.text).toBe(201);
    const scratch = await api.post(`${setup}`, {
      name: 'scratch',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'n', type: 'number' },
      ],
    });
    expect(scratch.status).toBe(201);
    const company = (await api.post(`${setup}/companies/records`, { fields: { name: 'Acme' } })).body
      .id as string;
    const form = await api.post(`${setup}/deals/views`, {
      name: 'signup',
      type: 'form',
      form: {
        public: true,
        sections: [
          {
            fields: [
              { field: 'title', required: true },
              { field: 'stage' },
              { field: 'done' },
              {
                field: 'email',
                showIf: {
                  and: [
                    { field: 'stage', op: 'is', value: 'won' },
                    { field: 'done', op: 'is', value: true },
                  ],
                },
              },
            ],
          },
        ],
      },
    });
    expect(form.status).toBe(201);
    const publicId = form.body.form.publicId as string;
    const sam = await api.post('/api/users', {
      email: 'sam@example.com',
      name: 'Sam',
      password: 'Secret-pass-99',
    });
    expect(sam.status).toBe(201);
    const team = await api.post('/api/teams', { name: 'sales', label: 'Sales' });
    expect(team.status).toBe(201);
    const me = (await api.get('/api/me')).body;

    // Fuzzed renames must not lose the targets: address them by id from here on.
    const appId = (await api.get('/api/apps/crm')).body.id as string;
    const base = `/api/apps/${appId}/tables`;
    const deals = `${base}/${dealsTable.body.id}`;
    const scratchPath = `${base}/${scratch.body.id}`;
    const numberField = scratch.body.fields.find((f: Json) => f.name === 'n').id as string;
    const allView = dealsTable.body.views.find((v: Json) => v.name === 'all').id as string;

    const tracked: Tracked = {
      apps: new Set((await api.get('/api/apps')).body.items.map((a: Json) => a.id)),
      tables: new Set((await api.get('/api/apps/crm')).body.tables.map((x: Json) => x.id)),
      scratchFields: new Set(scratch.body.fields.map((f: Json) => f.id)),
      views: new Set((await api.get(`${deals}/views`)).body.items.map((v: Json) => v.id)),
      users: new Set([me.id, sam.body.id]),
      teams: new Set([team.body.id]),
      tokens: new Set(),
      records: new Map(),
    };
    const recordIds = () => [...tracked.records.keys()];
    const validRecord = () => ({
      title: `t${r.int(1e6)}`,
      amount: r.int(10000) / 100,
      stage: r.pick(['new', 'won']),
      tags: ['a'],
      due: '2026-03-01',
      done: r.chance(0.5),
      email: 'x@example.com',
      stars: 3,
      owner: me.id,
      company: [company],
      code: `c${r.int(1e9)}`,
    });

    let n = 0;
    const routes: {
      name: string;
      method: string;
      path: () => string;
      valid: () => Record<string, unknown>;
      accept: (reply: Reply) => void;
      public?: boolean;
    }[] = [
      {
        name: 'app',
        method: 'POST',
        path: () => '/api/apps',
        valid: () => ({ name: `app_${n++}`, label: 'L' }),
        accept: (x) => tracked.apps.add(x.body.id),
      },
      {
        name: 'app patch',
        method: 'PATCH',
        path: () => `/api/apps/${appId}`,
        valid: () => ({ label: { en: 'CRM', 'zh-CN': '客户' }, color: 'red' }),
        accept: () => {},
      },
      {
        name: 'table',
        method: 'POST',
        path: () => base,
        valid: () => ({
          name: `table_${n++}`,
          label: 'T',
          fields: [
            { name: 'a', type: 'text' },
            { name: 'b', type: 'number', options: { precision: 2 } },
          ],
        }),
        accept: (x) => tracked.tables.add(x.body.id),
      },
      {
        name: 'table patch',
        method: 'PATCH',
        path: () => scratchPath,
        valid: () => ({ label: 'Scratch', icon: 'box' }),
        accept: () => {},
      },
      {
        name: 'field',
        method: 'POST',
        path: () => `${scratchPath}/fields`,
        valid: () =>
          r.pick([
            { name: `f_${n++}`, type: 'number', options: { precision: 1 } },
            { name: `f_${n++}`, type: 'single_select', options: { choices: [{ name: 'x', color: 'red' }] } },
            { name: `f_${n++}`, type: 'formula', options: { expression: 'n * 2' } },
            { name: `f_${n++}`, type: 'text', required: false, default: 'hi' },
          ]),
        accept: (x) => tracked.scratchFields.add(x.body.id),
      },
      {
        name: 'field patch',
        method: 'PATCH',
        path: () => `${scratchPath}/fields/${numberField}${r.pick(['', '?dryRun=1', '?clearInvalid=1'])}`,
        valid: () => ({ label: 'N', options: { precision: 2 } }),
        accept: () => {},
      },
      {
        name: 'view',
        method: 'POST',
        path: () => `${deals}/views`,
        valid: () => ({
          name: `view_${n++}`,
          type: 'grid',
          filter: { and: [{ field: 'amount', op: 'gt', value: 1 }] },
          sort: [{ field: 'due', dir: 'desc' }],
          fields: ['title', 'amount'],
        }),
        accept: (x) => tracked.views.add(x.body.id),
      },
      {
        name: 'view patch',
        method: 'PATCH',
        path: () => `${deals}/views/${allView}`,
        valid: () => ({
          label: 'All',
          filter: { field: 'stage', op: 'is', value: 'won' },
          rowHeight: 'tall',
        }),
        accept: () => {},
      },
      {
        name: 'record',
        method: 'POST',
        path: () => `${deals}/records`,
        valid: () => ({ fields: validRecord() }),
        accept: (x) => tracked.records.set(x.body.id, x.body.fields),
      },
      {
        name: 'record batch',
        method: 'POST',
        path: () => `${deals}/records`,
        valid: () => ({ records: Array.from({ length: 1 + r.int(4) }, () => ({ fields: validRecord() })) }),
        accept: (x) => {
          for (const item of x.body.items) tracked.records.set(item.id, item.fields);
        },
      },
      {
        name: 'record patch',
        method: 'PATCH',
        path: () =>
          `${deals}/records/${recordIds().length && r.chance(0.9) ? r.pick(recordIds()) : r.pick(['1', 'x', '99999'])}`,
        valid: () => ({ fields: { amount: r.int(100), stage: 'won', tags: ['a', 'b'] } }),
        accept: (x) => tracked.records.set(x.body.id, x.body.fields),
      },
      {
        name: 'record batch patch',
        method: 'PATCH',
        path: () => `${deals}/records`,
        valid: () => ({
          records: [
            ...new Set(
              Array.from({ length: 1 + r.int(3) }, () => (recordIds().length ? r.pick(recordIds()) : '1')),
            ),
          ].map((id) => ({ id, fields: { done: r.chance(0.5), stars: 1 + r.int(5) } })),
        }),
        accept: (x) => {
          for (const item of x.body.items) tracked.records.set(item.id, item.fields);
        },
      },
      {
        name: 'user',
        method: 'POST',
        path: () => '/api/users',
        valid: () => ({
          email: `u${n++}@example.com`,
          name: 'U',
          password: 'long-enough-pw-1',
          team: 'sales',
          manager: sam.body.id,
        }),
        accept: (x) => tracked.users.add(x.body.id),
      },
      {
        name: 'user patch',
        method: 'PATCH',
        path: () => `/api/users/${sam.body.id}`,
        valid: () => ({ name: 'Sam S', team: null, locale: 'zh-CN', timeZone: 'Asia/Shanghai' }),
        accept: () => {},
      },
      {
        name: 'me patch',
        method: 'PATCH',
        path: () => '/api/me',
        valid: () => ({ name: 'Admin', locale: 'en' }),
        accept: () => {},
      },
      {
        name: 'team',
        method: 'POST',
        path: () => '/api/teams',
        valid: () => ({ name: `team_${n++}`, label: { en: 'T' }, parent: 'sales' }),
        accept: (x) => tracked.teams.add(x.body.id),
      },
      {
        name: 'team patch',
        method: 'PATCH',
        path: () => `/api/teams/${team.body.id}`,
        valid: () => ({ label: 'Sales' }),
        accept: () => {},
      },
      {
        name: 'token',
        method: 'POST',
        path: () => '/api/tokens',
        valid: () => ({ name: `tok ${n++}`, readOnly: r.chance(0.5), apps: ['crm'] }),
        accept: (x) => tracked.tokens.add(x.body.id),
      },
      {
        name: 'form',
        method: 'POST',
        path: () => `/api/forms/${publicId}`,
        valid: () => ({ fields: { title: `form ${n++}`, email: 'f@example.com', stage: 'won', done: true } }),
        accept: (x) => {
          if (x.body.id) tracked.records.set(x.body.id, undefined);
        },
        public: true,
      },
    ];

    const statuses = new Map<string, Map<number, number>>();
    let sent = 0;
    for (let round = 0; round < 22; round++) {
      for (const route of routes) {
        const body = mutate(r, route.valid());
        const path = route.path();
        const reply = await (route.public ? t.as('') : api).request(route.method, path, body, {
          'content-type': 'application/json',
          ...(route.public ? { authorization: '' } : {}),
        });
        sent++;
        if (process.env.DEBUG_FUZZ && route.name === process.env.DEBUG_FUZZ)
          console.log(path, body.slice(0, 200), reply.status, reply.text.slice(0, 300));
        const seen = statuses.get(route.name) ?? new Map<number, number>();
        seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
        statuses.set(route.name, seen);
        const what = `${route.method} ${path} ${body.slice(0, 300)}`;
        expect(reply.status, `${what} → ${reply.text.slice(0, 300)}`).toBeLessThan(500);
        if (reply.status >= 400) expectError(reply, reply.status);
        else if (reply.status === 200 || reply.status === 201) route.accept(reply);
      }
    }
    expect(sent).toBeGreaterThanOrEqual(400);
    // The fuzz reached both sides of every route: something accepted and something refused.
    for (const route of routes) {
      const seen = [...(statuses.get(route.name)?.keys() ?? [])];
      expect(
        seen.some((s) => s < 300),
        `${route.name} accepted nothing: ${seen}`,
      ).toBe(true);
      expect(
        seen.some((s) => s >= 400),
        `${route.name} refused nothing`,
      ).toBe(true);
    }

    // Nothing leaked into the prototypes the server's objects share.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await api.get('/api/me')).body.isAdmin).toBe(true);
    expect(
      (await t.login('sam@example.com', 'Secret-pass-99').then((c) => c.get('/api/me'))).body.isAdmin,
    ).toBe(false);

    // Exactly what was accepted exists.
    const ids = async (path: string, key = 'items') =>
      new Set((await api.get(path)).body[key].map((x: Json) => x.id));
    expect(await ids('/api/apps')).toEqual(tracked.apps);
    expect(new Set((await api.get(`/api/apps/${appId}`)).body.tables.map((x: Json) => x.id))).toEqual(
      tracked.tables,
    );
    expect(await ids(`${scratchPath}/fields`)).toEqual(tracked.scratchFields);
    expect(await ids(`${deals}/views`)).toEqual(tracked.views);
    expect(await ids('/api/users')).toEqual(tracked.users);
    expect(await ids('/api/teams')).toEqual(tracked.teams);
    expect(await ids('/api/tokens')).toEqual(tracked.tokens);
    const stored = new Map<string, Record<string, unknown>>();
    let cursor: string | null = null;
    do {
      const page: Reply = await api.get(
        `${deals}/records?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      for (const item of page.body.items) stored.set(item.id, item.fields);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(stored.keys())).toEqual(new Set(tracked.records.keys()));
    for (const [id, fields] of tracked.records)
      if (fields) expect(stored.get(id), `record ${id}`).toEqual(fields);
    expect(tracked.records.size).toBeGreaterThan(10);
  });
});
