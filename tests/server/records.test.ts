import { describe, expect, it } from 'vitest';
import { aServer, type Client, expectError, type Json } from '../helpers/server.ts';

const deals = '/api/apps/crm/tables/deals';
const records = `${deals}/records`;

async function aDealsTable() {
  const t = await aServer();
  const api = await t.login();
  await api.post('/api/apps', { name: 'crm' });
  const table = await api.post('/api/apps/crm/tables', {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'amount', type: 'number' },
      {
        name: 'stage',
        type: 'single_select',
        options: { choices: [{ name: 'new' }, { name: 'won' }, { name: 'lost' }] },
      },
      { name: 'close_date', type: 'date' },
      { name: 'code', type: 'text', unique: true },
      { name: 'notes', type: 'long_text' },
    ],
  });
  expect(table.status).toBe(201);
  const won = await api.post(`${deals}/views`, {
    name: 'won',
    type: 'grid',
    filter: { field: 'stage', op: 'is', value: 'won' },
    sort: [{ field: 'amount', dir: 'desc' }],
  });
  expect(won.status).toBe(201);
  return { t, api };
}

/** Twelve deals: amounts 10..120, stages cycling new/won/lost, titles "Deal 01".."Deal 12". */
async function someDeals(api: Client) {
  const stages = ['new', 'won', 'lost'];
  const created = await api.post(records, {
    records: Array.from({ length: 12 }, (_, i) => ({
      fields: {
        title: `Deal ${String(i + 1).padStart(2, '0')}`,
        amount: (i + 1) * 10,
        stage: stages[i % 3],
        close_date: `2026-0${(i % 9) + 1}-15`,
        notes: i === 4 ? 'talked about the blue widget' : null,
      },
    })),
  });
  expect(created.status).toBe(201);
  return created.body.items as Json[];
}

const titles = (reply: { body: Json }) => reply.body.items.map((r: Json) => r.fields.title);
const q = (value: unknown) => encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));

describe('records: one at a time', () => {
  it('creates, reads, patches (merging) and deletes a record', async () => {
    const { api } = await aDealsTable();
    const created = await api.post(records, { fields: { title: 'Acme', amount: 5, stage: 'new' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ fields: { title: 'Acme', amount: 5, stage: 'new' } });
    expect(typeof created.body.id).toBe('string');
    expect(Date.parse(created.body.createdAt)).not.toBeNaN();
    const id = created.body.id;
    expect((await api.get(`${records}/${id}`)).body.fields.title).toBe('Acme');
    const patched = await api.patch(`${records}/${id}`, { fields: { amount: 7 } });
    expect(patched.status).toBe(200);
    expect(patched.body.fields).toMatchObject({ title: 'Acme', amount: 7, stage: 'new' });
    // A patch that breaks a rule changes nothing.
    expectError(await api.patch(`${records}/${id}`, { fields: { amount: 8, stage: 'bogus' } }), 422);
    expect((await api.get(`${records}/${id}`)).body.fields.amount).toBe(7);
    expect((await api.del(`${records}/${id}`)).status).toBe(204);
    expectError(await api.get(`${records}/${id}`), 404, 'record_not_found');
  });

  it('refuses a missing required field, an unknown field and a duplicate unique value', async () => {
    const { api } = await aDealsTable();
    const missing = expectError(await api.post(records, { fields: { amount: 1 } }), 422);
    expect(missing.details.map((d) => d.field)).toContain('title');
    const unknown = expectError(await api.post(records, { fields: { title: 'x', colour: 'red' } }), 422);
    expect(unknown.details.map((d) => d.field)).toContain('colour');
    expect((await api.post(records, { fields: { title: 'x', code: 'A1' } })).status).toBe(201);
    const dup = await api.post(records, { fields: { title: 'y', code: 'A1' } });
    expect([409, 422]).toContain(dup.status);
    expect(expectError(dup, dup.status).details[0]?.field).toBe('code');
    expect((await api.get(records)).body.items).toHaveLength(1);
  });
});

describe('records: batches', () => {
  it('creates up to 1000 records in one request', async () => {
    const { api } = await aDealsTable();
    const batch = Array.from({ length: 1000 }, (_, i) => ({ fields: { title: `R${i}`, amount: i } }));
    const created = await api.post(records, { records: batch });
    expect(created.status).toBe(201);
    expect(created.body.items).toHaveLength(1000);
    const count = await api.get(`${records}/aggregate`);
    expect(count.body.total.count).toBe(1000);
    const tooMany = expectError(
      await api.post(records, { records: [...batch, { fields: { title: 'x' } }] }),
      422,
    );
    expect(tooMany.message).toMatch(/1000/);
    expect((await api.get(`${records}/aggregate`)).body.total.count).toBe(1000);
  });

  it('writes nothing when one record of a batch is bad, and names its index and field', async () => {
    const { api } = await aDealsTable();
    const batch = Array.from({ length: 500 }, (_, i) => ({ fields: { title: `R${i}`, amount: i } }));
    batch[317] = { fields: { title: 'bad', amount: 'lots' as unknown as number } };
    const error = expectError(await api.post(records, { records: batch }), 422);
    expect(error.details).toEqual([expect.objectContaining({ index: 317, field: 'amount' })]);
    // Duplicates inside the batch are caught too.
    const dup = await api.post(records, {
      records: [{ fields: { title: 'a', code: 'Z' } }, { fields: { title: 'b', code: 'Z' } }],
    });
    expect(expectError(dup, dup.status).details[0]).toMatchObject({ index: 1, field: 'code' });
    expect((await api.get(`${records}/aggregate`)).body.total.count).toBe(0);
    expect((await api.get(`${deals}/records?q=bad`)).body.items).toEqual([]);
  });

  it('updates many records at once, all or nothing', async () => {
    const { api } = await aDealsTable();
    const [a, b, c] = await someDeals(api);
    const updated = await api.patch(records, {
      records: [
        { id: a.id, fields: { stage: 'won' } },
        { id: b.id, fields: { amount: 999 } },
      ],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.items.map((r: Json) => [r.fields.stage, r.fields.amount])).toEqual([
      ['won', 10],
      ['won', 999],
    ]);
    const bad = expectError(
      await api.patch(records, {
        records: [
          { id: a.id, fields: { amount: 1 } },
          { id: c.id, fields: { close_date: 'soon' } },
        ],
      }),
      422,
    );
    expect(bad.details[0]).toMatchObject({ index: 1, field: 'close_date' });
    expect((await api.get(`${records}/${a.id}`)).body.fields.amount).toBe(10);
    expectError(await api.patch(records, { records: [{ id: '999999', fields: { amount: 1 } }] }), 404);
    expectError(await api.patch(records, { records: 'all' }), 422);
  });

  it('deletes the records given by ?ids=, or none of them when one is missing', async () => {
    const { api } = await aDealsTable();
    const made = await someDeals(api);
    expectError(await api.del(`${records}?ids=${made[0].id},999999`), 404);
    expect((await api.get(`${records}/aggregate`)).body.total.count).toBe(12);
    expect((await api.del(`${records}?ids=${made[0].id},${made[1].id}`)).status).toBe(204);
    expect((await api.get(`${records}/aggregate`)).body.total.count).toBe(10);
    expectError(await api.del(records), 422);
    expectError(await api.del(`${records}?ids=1,abc`), 422);
    expect((await api.get(`${records}/aggregate`)).body.total.count).toBe(10);
  });
});

describe('records: listing', () => {
  it('filters, sorts in the JSON and the short form, and picks fields', async () => {
    const { api } = await aDealsTable();
    await someDeals(api);
    const won = await api.get(
      `${records}?filter=${q({ field: 'stage', op: 'is', value: 'won' })}&sort=-amount`,
    );
    expect(titles(won)).toEqual(['Deal 11', 'Deal 08', 'Deal 05', 'Deal 02']);
    const json = await api.get(
      `${records}?filter=${q({ field: 'stage', op: 'is', value: 'won' })}&sort=${q([{ field: 'amount', dir: 'desc' }])}`,
    );
    expect(titles(json)).toEqual(titles(won));
    const both = await api.get(
      `${records}?filter=${q({
        and: [
          { field: 'amount', op: 'gte', value: 50 },
          {
            or: [
              { field: 'stage', op: 'is', value: 'new' },
              { field: 'stage', op: 'is', value: 'lost' },
            ],
          },
        ],
      })}&sort=stage,-amount`,
    );
    // A single select sorts in the order of its choices: new, won, lost.
    expect(titles(both)).toEqual(['Deal 10', 'Deal 07', 'Deal 12', 'Deal 09', 'Deal 06']);
    const picked = await api.get(`${records}?fields=title,amount&limit=1&sort=amount`);
    expect(Object.keys(picked.body.items[0].fields).sort()).toEqual(['amount', 'title']);
  });

  it('pages with limit and cursor through every record exactly once', async () => {
    const { api } = await aDealsTable();
    await someDeals(api);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: Json } = await api.get(
        `${records}?sort=-close_date&limit=5${cursor ? `&cursor=${q(cursor)}` : ''}`,
      );
      seen.push(...titles(page));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(12);
    const all = await api.get(`${records}?sort=-close_date&limit=1000`);
    expect(seen).toEqual(titles(all));
    expect(all.body.nextCursor).toBeNull();
  });

  it('searches with q and applies a saved view', async () => {
    const { api } = await aDealsTable();
    await someDeals(api);
    expect(titles(await api.get(`${records}?q=widget`))).toEqual(['Deal 05']);
    expect(titles(await api.get(`${records}?q=${q('deal 1')}&sort=title`))).toEqual([
      'Deal 10',
      'Deal 11',
      'Deal 12',
    ]);
    expect(titles(await api.get(`${records}?view=won`))).toEqual([
      'Deal 11',
      'Deal 08',
      'Deal 05',
      'Deal 02',
    ]);
    // A request filter narrows the view's; a request sort overrides it.
    const narrowed = await api.get(
      `${records}?view=won&filter=${q({ field: 'amount', op: 'lt', value: 60 })}&sort=amount`,
    );
    expect(titles(narrowed)).toEqual(['Deal 02', 'Deal 05']);
    expectError(await api.get(`${records}?view=ghost`), 422);
  });

  it('aggregates with a filter, grouping and functions', async () => {
    const { api } = await aDealsTable();
    await someDeals(api);
    const result = await api.get(`${records}/aggregate?groupBy=stage&aggregates=amount:sum,amount:max`);
    expect(result.status).toBe(200);
    expect(result.body.total).toMatchObject({ count: 12, values: { amount: { sum: 780, max: 120 } } });
    const won = result.body.groups.find((g: Json) => g.key.stage === 'won');
    expect(won).toMatchObject({ count: 4, values: { amount: { sum: 260, max: 110 } } });
    const filtered = await api.get(
      `${records}/aggregate?filter=${q({ field: 'amount', op: 'gt', value: 100 })}`,
    );
    expect(filtered.body.total.count).toBe(2);
    expectError(await api.get(`${records}/aggregate?aggregates=amount:median`), 422);
    expectError(await api.get(`${records}/aggregate?aggregates=title:sum`), 422);
    expectError(await api.get(`${records}/aggregate?groupBy=ghost`), 422);
    expectError(await api.get(`${records}/aggregate?aggregates=amount`), 422);
  });
});

describe('records: errors', () => {
  it('answers 404 for an unknown record and 422 for a malformed id', async () => {
    const { api } = await aDealsTable();
    expectError(await api.get(`${records}/424242`), 404);
    expectError(await api.patch(`${records}/424242`, { fields: { amount: 1 } }), 404);
    expectError(await api.del(`${records}/424242`), 404);
    for (const bad of ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999', '%20'])
      expectError(await api.get(`${records}/${bad}`), 422, 'invalid_id');
    expectError(await api.patch(`${records}/abc`, { fields: {} }), 422);
    expectError(await api.del(`${records}/abc`), 422);
  });

  it('answers 422 for an unknown field in a filter, sort or field list, and for a bad limit', async () => {
    const { api } = await aDealsTable();
    await someDeals(api);
    const unknown = expectError(
      await api.get(`${records}?filter=${q({ field: 'ghost', op: 'is', value: 1 })}`),
      422,
    );
    expect(unknown.details[0]?.field).toBe('ghost');
    expectError(
      await api.get(`${records}?filter=${q({ field: 'amount', op: 'sounds_like', value: 1 })}`),
      422,
    );
    expectError(await api.get(`${records}?filter=${q({ field: 'amount', op: 'gt', value: 'many' })}`), 422);
    expectError(await api.get(`${records}?filter=${q([1, 2])}`), 422);
    expectError(await api.get(`${records}?sort=ghost`), 422);
    expectError(await api.get(`${records}?sort=${q([{ field: 'amount', dir: 'sideways' }])}`), 422);
    expectError(await api.get(`${records}?sort=${q('[{"field":')}`), 400);
    expectError(await api.get(`${records}?fields=title,ghost`), 422);
    for (const limit of ['0', '5000', '1001', '-1', 'ten', '2.5'])
      expectError(await api.get(`${records}?limit=${limit}`), 422, 'invalid_limit');
    expect((await api.get(`${records}?limit=1000`)).status).toBe(200);
  });

  it('answers 400 for a malformed or foreign cursor', async () => {
    const { api } = await aDealsTable();
    await someDeals(api);
    const first = await api.get(`${records}?limit=2&sort=amount`);
    const cursor = first.body.nextCursor as string;
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const bad of [
      'garbage!!',
      'e30',
      forged({ v: [true, 1], s: 'x' }),
      forged({ v: [{ a: 1 }, 1] }),
      forged(null),
      forged('text'),
    ])
      expectError(await api.get(`${records}?limit=2&sort=amount&cursor=${q(bad)}`), 400, 'invalid_cursor');
    // A cursor from one sort does not work with another.
    expectError(await api.get(`${records}?limit=2&sort=-amount&cursor=${q(cursor)}`), 400);
  });

  it('answers 400 or 422, never 500, for cursors holding values of the wrong kind', async () => {
    const { api } = await aDealsTable();
    await someDeals(api);
    const first = await api.get(`${records}?limit=2&sort=amount`);
    const body = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString()) as {
      v: unknown[];
      s: string;
    };
    for (const values of [
      [true, 2],
      [1, false],
      [1, 'x'],
      ['ten', 2],
    ]) {
      const cursor = Buffer.from(JSON.stringify({ v: values, s: body.s })).toString('base64url');
      const reply = await api.get(`${records}?limit=2&sort=amount&cursor=${q(cursor)}`);
      expect(reply.status, reply.text).toBeLessThan(500);
      if (reply.status !== 200) expectError(reply, reply.status);
    }
  });

  it('refuses bodies that are not a record', async () => {
    const { api } = await aDealsTable();
    for (const body of [
      '[]',
      '"text"',
      '42',
      'null',
      '{"fields":"x"}',
      '{"fields":[]}',
      '{"records":{}}',
      '{"records":[]}',
    ])
      expectError(await api.request('POST', records, body, { 'content-type': 'application/json' }), 422);
    expectError(await api.post(records, { records: [1, 2] }), 422);
    expect((await api.get(`${records}/aggregate`)).body.total.count).toBe(0);
  });
});

describe('records: the hand-arranged order', () => {
  it('moves a record between two others and lists by @position', async () => {
    const t = await aServer();
    const api = await t.login();
    await api.post('/api/apps', { name: 'crm' });
    await api.post('/api/apps/crm/tables', { name: 'cards', fields: [{ name: 'title', type: 'text' }] });
    const ids: string[] = [];
    for (const title of ['a', 'b', 'c', 'd'])
      ids.push((await api.post('/api/apps/crm/tables/cards/records', { fields: { title } })).body.id);
    const titles = async () =>
      (await api.get('/api/apps/crm/tables/cards/records?sort=@position')).body.items.map(
        (r: { fields: { title: string } }) => r.fields.title,
      );
    expect(await titles()).toEqual(['a', 'b', 'c', 'd']);
    expect(
      (await api.post(`/api/apps/crm/tables/cards/records/${ids[3]}/move`, { after: ids[0], before: ids[1] }))
        .status,
    ).toBe(200);
    expect(await titles()).toEqual(['a', 'd', 'b', 'c']);
    await api.post(`/api/apps/crm/tables/cards/records/${ids[0]}/move`, { after: ids[2] });
    expect(await titles()).toEqual(['d', 'b', 'c', 'a']);
    expect((await api.post(`/api/apps/crm/tables/cards/records/${ids[0]}/move`, {})).status).toBe(422);
    expect(
      (await api.post(`/api/apps/crm/tables/cards/records/${ids[0]}/move`, { after: '99999' })).status,
    ).toBe(404);
  });
});
