import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  aServer,
  type Client,
  expectError,
  type Json,
  type Reply,
  type TestServer,
} from '../helpers/server.ts';

const records = '/api/apps/crm/tables/deals/records';
const q = (value: unknown) => encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));

const hostile = [
  "x' OR '1'='1",
  "x'; DROP TABLE metadata; --",
  '1 OR 1=1',
  '"; DELETE FROM users; --',
  "') UNION SELECT email, password_hash FROM users --",
  '%',
  '_',
  '\\',
  '\\%',
  '*',
  '\u0000',
  'Robert"); DROP TABLE students;--',
  '/* comment */',
  'NULL',
];

/** What the database holds, read straight from the file: its schema and its row counts. */
function snapshot(t: TestServer) {
  const db = new Database(join(t.dir, 'rapport.db'), { readonly: true });
  try {
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all() as {
      type: string;
      name: string;
    }[];
    const counts: Record<string, number> = {};
    for (const { name } of schema.filter(
      (s) => s.type === 'table' && !/_fts_/.test(s.name) && !/fts/.test(s.name),
    ))
      counts[name] = (
        db.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }
      ).n;
    return { schema, counts };
  } finally {
    db.close();
  }
}

async function aTarget() {
  const t = await aServer();
  const api = await t.login();
  await api.post('/api/apps', { name: 'crm' });
  await api.post('/api/apps/crm/tables', {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'amount', type: 'number' },
      { name: 'tags', type: 'multi_select', options: { choices: [{ name: 'a' }, { name: 'b' }] } },
      { name: 'due', type: 'date' },
    ],
  });
  const titles = [
    'plain',
    '100% sure',
    'under_score',
    "it's quoted",
    'back\\slash',
    'NEAR the end',
    '"quoted"',
  ];
  const created = await api.post(records, {
    records: titles.map((title, i) => ({ fields: { title, amount: i, tags: i % 2 ? ['a'] : ['b'] } })),
  });
  expect(created.status).toBe(201);
  return { t, api, before: snapshot(t) };
}

/** Never a 5xx; every error in the contract's shape. */
function harmless(reply: Reply, what: string) {
  expect(reply.status, `${what}: ${reply.text.slice(0, 300)}`).toBeLessThan(500);
  if (reply.status >= 400) expectError(reply, reply.status);
}

async function titlesOf(api: Client, query: string): Promise<string[]> {
  const reply = await api.get(`${records}?${query}`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body.items.map((r: Json) => r.fields.title);
}

describe('injection: hostile input is data, never SQL', () => {
  it('treats hostile filter values as plain values', async () => {
    const { t, api, before } = await aTarget();
    for (const value of hostile) {
      for (const op of ['is', 'is_not', 'contains', 'not_contains', 'starts_with', 'ends_with', 'gt', 'in'])
        harmless(
          await api.get(
            `${records}?filter=${q({ field: 'title', op, value: op === 'in' ? [value] : value })}`,
          ),
          `${op} ${value}`,
        );
      for (const op of ['is', 'gt', 'between', 'in'])
        harmless(
          await api.get(`${records}?filter=${q({ field: 'amount', op, value })}`),
          `amount ${op} ${value}`,
        );
      harmless(
        await api.get(`${records}?filter=${q({ field: 'tags', op: 'has_any', value: [value] })}`),
        `tags ${value}`,
      );
      harmless(await api.get(`${records}?filter=${q({ field: 'due', op: 'is', value })}`), `due ${value}`);
      harmless(
        await api.get(`${records}?filter=${q({ field: 'title', op: value, value: 1 })}`),
        `op ${value}`,
      );
    }
    // Names of Object.prototype are no operators.
    for (const op of ['__proto__', 'constructor', 'to_string', 'value_of'])
      expectError(await api.get(`${records}?filter=${q({ field: 'title', op, value: 'x' })}`), 422);
    expect(await titlesOf(api, `filter=${q({ field: 'title', op: 'is', value: "x' OR '1'='1" })}`)).toEqual(
      [],
    );
    // LIKE wildcards in a value match themselves only.
    expect(await titlesOf(api, `filter=${q({ field: 'title', op: 'contains', value: '%' })}`)).toEqual([
      '100% sure',
    ]);
    expect(await titlesOf(api, `filter=${q({ field: 'title', op: 'contains', value: '_' })}`)).toEqual([
      'under_score',
    ]);
    expect(await titlesOf(api, `filter=${q({ field: 'title', op: 'contains', value: '\\' })}`)).toEqual([
      'back\\slash',
    ]);
    expect(await titlesOf(api, `filter=${q({ field: 'title', op: 'is', value: "it's quoted" })}`)).toEqual([
      "it's quoted",
    ]);
    expect(snapshot(t)).toEqual(before);
  });

  it('refuses hostile field names in filters, sorts, field lists, groupings and aggregates', async () => {
    const { t, api, before } = await aTarget();
    const names = [
      ...hostile,
      'title; DROP TABLE metadata',
      'title"',
      'id',
      'rowid',
      'r.id',
      '(SELECT 1)',
      'c_fld',
      '__proto__',
      'constructor',
      'toString',
    ];
    for (const name of names) {
      harmless(
        await api.get(`${records}?filter=${q({ field: name, op: 'is', value: 1 })}`),
        `filter field ${name}`,
      );
      harmless(await api.get(`${records}?sort=${q(name)}`), `sort ${name}`);
      harmless(await api.get(`${records}?sort=${q(`-${name}`)}`), `sort -${name}`);
      harmless(await api.get(`${records}?sort=${q([{ field: name, dir: 'desc' }])}`), `json sort ${name}`);
      harmless(await api.get(`${records}?fields=${q(`title,${name}`)}`), `fields ${name}`);
      harmless(await api.get(`${records}/aggregate?groupBy=${q(name)}`), `groupBy ${name}`);
      harmless(await api.get(`${records}/aggregate?aggregates=${q(`${name}:sum`)}`), `aggregate ${name}`);
      harmless(
        await api.get(`${records}/aggregate?aggregates=${q(`amount:${name}`)}`),
        `aggregate fn ${name}`,
      );
      harmless(await api.get(`${records}.csv?fields=${q(name)}&sort=${q(name)}`), `csv ${name}`);
    }
    for (const name of ['title; DROP TABLE metadata', '(SELECT 1)', '__proto__', 'constructor'])
      expectError(await api.get(`${records}?filter=${q({ field: name, op: 'is', value: 1 })}`), 422);
    expectError(await api.get(`${records}?sort=${q('title desc, (SELECT 1)')}`), 422);
    expect(snapshot(t)).toEqual(before);
  });

  it('keeps full-text search syntax in q from reaching FTS5', async () => {
    const { t, api, before } = await aTarget();
    const queries = [
      '"',
      '""',
      '*',
      'NEAR(',
      'NEAR(plain sure)',
      'OR',
      'plain OR sure',
      'AND',
      'NOT plain',
      'title:plain',
      '^plain',
      '(',
      ')',
      '{title}: x',
      '-plain',
      '+',
      "'",
      '\\',
      'a"b',
      '*plain',
      '%',
      '\u0000',
      'x'.repeat(5000),
      Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '),
      ...hostile,
    ];
    for (const text of queries)
      harmless(await api.get(`${records}?q=${q(text)}`), `q ${JSON.stringify(text).slice(0, 40)}`);
    // FTS keywords are words like any other: "near" finds the record that has it.
    expect(await titlesOf(api, `q=${q('NEAR(')}`)).toEqual(['NEAR the end']);
    expect(await titlesOf(api, `q=${q('plain OR sure')}`)).toEqual([]);
    expect(await titlesOf(api, `q=${q('"quoted')}`)).toEqual(["it's quoted", '"quoted"']);
    harmless(await api.get(`${records}/aggregate?q=${q('NEAR(')}`), 'aggregate q');
    expect(snapshot(t)).toEqual(before);
  });

  it('refuses hostile record ids in paths, bodies and ?ids=', async () => {
    const { t, api, before } = await aTarget();
    const ids = [
      '1 OR 1=1',
      '1; DROP TABLE metadata',
      "1' --",
      '1)',
      '(SELECT 1)',
      '0x1',
      '1e0',
      ' 1',
      '1 ',
      '%00',
      '..%2F..%2Fetc',
    ];
    for (const id of ids) {
      harmless(await api.get(`${records}/${encodeURIComponent(id)}`), `get ${id}`);
      harmless(
        await api.patch(`${records}/${encodeURIComponent(id)}`, { fields: { title: 'hacked' } }),
        `patch ${id}`,
      );
      harmless(await api.del(`${records}/${encodeURIComponent(id)}`), `delete ${id}`);
      harmless(await api.del(`${records}?ids=${encodeURIComponent(`424242,${id}`)}`), `delete ids ${id}`);
      harmless(await api.patch(records, { records: [{ id, fields: { title: 'hacked' } }] }), `batch ${id}`);
      harmless(
        await api.get(`${records}?filter=${q({ field: 'id', op: 'is', value: id })}`),
        `filter id ${id}`,
      );
    }
    expect(await titlesOf(api, `filter=${q({ field: 'title', op: 'is', value: 'hacked' })}`)).toEqual([]);
    expect(snapshot(t)).toEqual(before);
  });

  it('maps hostile CSV headers to no field and imports nothing through them', async () => {
    const { t, api, before } = await aTarget();
    const headers = ['"title""; DROP TABLE metadata; --"', '"(SELECT 1)"', 'rowid', '"c_fld,1"', '__proto__'];
    for (const header of headers) {
      const reply = await api.request('POST', `${records}.csv`, `${header}\nvalue\n`, {
        'content-type': 'text/csv',
      });
      harmless(reply, `csv header ${header}`);
      expect(reply.status).not.toBe(201);
    }
    const mixed = await api.request(
      'POST',
      `${records}.csv`,
      `title,"amount); DROP TABLE users; --"\nsafe,1\n`,
      {
        'content-type': 'text/csv',
      },
    );
    expect(mixed.status).toBe(201);
    expect(mixed.body.columns).toEqual([
      { column: 'title', field: 'title' },
      { column: 'amount); DROP TABLE users; --', field: null },
    ]);
    const after = snapshot(t);
    expect(after.schema).toEqual(before.schema);
    expect(after.counts.users).toBe(before.counts.users);
    expect(await titlesOf(api, `filter=${q({ field: 'title', op: 'is', value: 'safe' })}`)).toEqual(['safe']);
  });

  it('stores hostile names and labels of metadata as plain text', async () => {
    const { t, api } = await aTarget();
    for (const name of hostile)
      expectError(await api.post('/api/apps/crm/tables/deals/fields', { name, type: 'text' }), 422);
    const label = "'); DROP TABLE metadata; --";
    const field = await api.post('/api/apps/crm/tables/deals/fields', { name: 'evil', label, type: 'text' });
    expect(field.status).toBe(201);
    expect((await api.get('/api/apps/crm/tables/deals/fields/evil')).body.label).toBe(label);
    const view = await api.post('/api/apps/crm/tables/deals/views', { name: 'v', label, type: 'grid' });
    expect(view.status).toBe(201);
    const names = snapshot(t).schema.map((s) => s.name);
    expect(names).toContain('metadata');
    expect(names.some((n) => n.includes('DROP'))).toBe(false);
  });
});
