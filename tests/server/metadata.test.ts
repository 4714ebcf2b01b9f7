import { describe, expect, it } from 'vitest';
import { aServer, type Client, expectError } from '../helpers/server.ts';

const deals = '/api/apps/crm/tables/deals';

async function aCrm() {
  const t = await aServer();
  const api = await t.login();
  expect((await api.post('/api/apps', { name: 'crm', label: { en: 'CRM', 'zh-CN': '客户' } })).status).toBe(
    201,
  );
  const table = await api.post('/api/apps/crm/tables', {
    name: 'deals',
    label: 'Deals',
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'amount', type: 'number' },
      { name: 'code', type: 'text' },
      {
        name: 'stage',
        type: 'single_select',
        options: { choices: [{ name: 'new' }, { name: 'won', label: 'Won', color: 'green' }] },
      },
    ],
  });
  expect(table.status).toBe(201);
  return { t, api };
}

/** Sends a raw body with the right headers, for malformed JSON and oversize bodies. */
function send(api: Client, method: string, path: string, body: string) {
  return api.request(method, path, body, { 'content-type': 'application/json' });
}

describe('metadata: apps', () => {
  it('creates, lists, reads, renames and deletes an app', async () => {
    const t = await aServer();
    const api = await t.login();
    const created = await api.post('/api/apps', { name: 'crm', label: 'CRM' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'crm', label: 'CRM', tables: [] });
    expect(created.body.id).toMatch(/^app_/);
    expect((await api.get('/api/apps')).body.items.map((a: { name: string }) => a.name)).toEqual(['crm']);
    expect((await api.get(`/api/apps/${created.body.id}`)).body.name).toBe('crm');
    const renamed = await api.patch('/api/apps/crm', {
      name: 'sales',
      label: { en: 'Sales', 'zh-CN': '销售' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.label['zh-CN']).toBe('销售');
    expectError(await api.get('/api/apps/crm'), 404);
    expect((await api.del('/api/apps/sales')).status).toBe(204);
    expect((await api.get('/api/apps')).body.items).toEqual([]);
  });

  it('answers 400 for malformed JSON and changes nothing', async () => {
    const { api } = await aCrm();
    for (const body of ['{"name":', 'not json', '', '{"name":"x"}}'])
      expectError(await send(api, 'POST', '/api/apps', body), 400);
    expectError(await send(api, 'POST', `${deals}/fields`, '{bad'), 400);
    expectError(await send(api, 'PATCH', `${deals}/fields/title`, '[1,'), 400);
    expectError(await send(api, 'POST', `${deals}/views`, "{'single':'quotes'}"), 400);
    expect((await api.get('/api/apps')).body.items).toHaveLength(1);
  });

  it('answers 404 for an unknown app, table, field or view', async () => {
    const { api } = await aCrm();
    for (const reply of [
      await api.get('/api/apps/nope'),
      await api.patch('/api/apps/nope', { label: 'x' }),
      await api.del('/api/apps/nope'),
      await api.post('/api/apps/nope/tables', { name: 'x' }),
      await api.get('/api/apps/crm/tables/nope'),
      await api.patch('/api/apps/crm/tables/nope', { label: 'x' }),
      await api.del('/api/apps/crm/tables/nope'),
      await api.post('/api/apps/crm/tables/nope/fields', { name: 'x', type: 'text' }),
      await api.get(`${deals}/fields/nope`),
      await api.patch(`${deals}/fields/nope`, { label: 'x' }),
      await api.del(`${deals}/fields/nope`),
      await api.get(`${deals}/views/nope`),
      await api.patch(`${deals}/views/nope`, { label: 'x' }),
      await api.del(`${deals}/views/nope`),
      await api.get('/api/apps/crm/tables/nope/records'),
      await api.get('/api/apps/nope/tables/deals/records.csv'),
      await api.get('/api/no-such-route'),
    ])
      expectError(reply, 404);
  });

  it('answers 409 for a duplicate app, table, field or view name', async () => {
    const { api } = await aCrm();
    await api.post(`${deals}/views`, { name: 'board', type: 'grid' });
    const dup = [
      await api.post('/api/apps', { name: 'crm' }),
      await api.post('/api/apps/crm/tables', { name: 'deals' }),
      await api.post(`${deals}/fields`, { name: 'amount', type: 'number' }),
      await api.post(`${deals}/views`, { name: 'board', type: 'grid' }),
      await api.patch(`${deals}/fields/code`, { name: 'title' }),
    ];
    for (const reply of dup) expectError(reply, 409);
    expect(expectError(dup[2]!, 409).details[0]?.field).toBe('name');
    const table = (await api.get(deals)).body;
    expect(table.fields.map((f: { name: string }) => f.name)).toEqual(['title', 'amount', 'code', 'stage']);
    expect(table.views.map((v: { name: string }) => v.name)).toEqual(['all', 'board']);
  });

  it('answers 422 naming the field for a bad name or bad options', async () => {
    const { api } = await aCrm();
    const cases: [Promise<import('../helpers/server.ts').Reply>, string][] = [
      [api.post('/api/apps', { name: 'Bad Name' }), 'name'],
      [api.post('/api/apps', { label: 'no name' }), 'name'],
      [api.post('/api/apps', { name: 'ok', colour: 'red' }), 'colour'],
      [api.post('/api/apps/crm/tables', { name: '1table' }), 'name'],
      [api.post(`${deals}/fields`, { name: 'x', type: 'telepathy' }), 'type'],
      [api.post(`${deals}/fields`, { name: 'drop table', type: 'text' }), 'name'],
      [
        api.post(`${deals}/fields`, { name: 'pick', type: 'single_select', options: { choices: 'abc' } }),
        'choices',
      ],
      [
        api.post(`${deals}/fields`, { name: 'calc', type: 'formula', options: { expression: 'amount +' } }),
        'expression',
      ],
      [api.post(`${deals}/fields`, { name: 'who', type: 'link', options: { table: 'ghosts' } }), 'table'],
      [
        api.post('/api/apps/crm/tables', {
          name: 'people',
          fields: [{ name: 'n', type: 'number', options: { precision: 'x' } }],
        }),
        'fields.0',
      ],
      [api.post(`${deals}/views`, { name: 'v', type: 'kanban' }), 'kanban'],
      [
        api.post(`${deals}/views`, {
          name: 'v',
          type: 'grid',
          filter: { field: 'ghost', op: 'is', value: 1 },
        }),
        'ghost',
      ],
      [
        api.post(`${deals}/views`, { name: 'v', type: 'grid', sort: [{ field: 'amount', dir: 'up' }] }),
        'sort',
      ],
      [api.patch('/api/apps/crm/tables/deals', { primaryField: 'ghost' }), 'primaryField'],
    ];
    for (const [pending, field] of cases) {
      const error = expectError(await pending, 422);
      expect(
        error.details.some((d) => (d.field ?? '').includes(field) || d.message.includes(field)),
        `${JSON.stringify(error)} should name ${field}`,
      ).toBe(true);
    }
    expect((await api.get('/api/apps')).body.items).toHaveLength(1);
    expect((await api.get('/api/apps/crm')).body.tables).toHaveLength(1);
    expect((await api.get(deals)).body.fields).toHaveLength(4);
    expect((await api.get(deals)).body.views).toHaveLength(1);
  });

  it('answers 413 for a body over the limit, declared or not, and changes nothing', async () => {
    const { t, api } = await aCrm();
    const huge = JSON.stringify({ name: 'big', label: 'x'.repeat(6 * 1024 * 1024) });
    expectError(await send(api, 'POST', '/api/apps', huge), 413);
    expectError(
      await send(api, 'POST', `${deals}/records`, JSON.stringify({ fields: { title: 'x'.repeat(6e6) } })),
      413,
    );
    // The public webhook route, too.
    const hook = await t.raw('POST', '/api/hooks/crm/anything', { body: 'x'.repeat(6 * 1024 * 1024) });
    expect(hook.status).toBe(413);
    // Without a Content-Length (chunked), the limit holds all the same.
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const chunked = await fetch(`${t.url}/api/apps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: new ReadableStream({
        pull(controller) {
          if (sent === 0) controller.enqueue(new TextEncoder().encode('{"name":"big","label":"'));
          if (sent++ < 8) controller.enqueue(chunk);
          else {
            controller.enqueue(new TextEncoder().encode('"}'));
            controller.close();
          }
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(chunked.headers.get('connection')).toBe('close');
    expect(((await chunked.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
    expect((await api.get('/api/apps')).body.items).toHaveLength(1);
    expect((await api.get(`${deals}/records`)).body.items).toHaveLength(0);
  });
});

describe('metadata: tables, fields and views', () => {
  it('creates a table with default field and view, then changes and deletes it', async () => {
    const { api } = await aCrm();
    const people = await api.post('/api/apps/crm/tables', {
      name: 'people',
      label: { en: 'People', 'zh-CN': '人' },
    });
    expect(people.status).toBe(201);
    expect(people.body.fields.map((f: { name: string }) => f.name)).toEqual(['name']);
    expect(people.body.views.map((v: { name: string }) => v.name)).toEqual(['all']);
    expect((await api.get('/api/apps/crm/tables')).body.items).toHaveLength(2);
    const patched = await api.patch('/api/apps/crm/tables/people', { name: 'contacts', icon: 'user' });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('contacts');
    expect((await api.get('/api/apps/crm/tables/contacts')).body.icon).toBe('user');
    expect((await api.del('/api/apps/crm/tables/contacts')).status).toBe(204);
    expect((await api.get('/api/apps/crm')).body.tables.map((t: { name: string }) => t.name)).toEqual([
      'deals',
    ]);
  });

  it('adds, reads, renames and deletes a field; data follows the rename', async () => {
    const { api } = await aCrm();
    await api.post(`${deals}/records`, { fields: { title: 'A', code: 'x1' } });
    const added = await api.post(`${deals}/fields`, { name: 'due', type: 'date', label: 'Due' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'due', type: 'date', label: 'Due' });
    expect((await api.get(`${deals}/fields`)).body.items).toHaveLength(5);
    expect((await api.get(`${deals}/fields/due`)).body.id).toBe(added.body.id);
    expect((await api.patch(`${deals}/fields/code`, { name: 'ref' })).status).toBe(200);
    const [record] = (await api.get(`${deals}/records`)).body.items;
    expect(record.fields.ref).toBe('x1');
    expect((await api.del(`${deals}/fields/due`)).status).toBe(204);
    expectError(await api.get(`${deals}/fields/due`), 404);
  });

  it('previews a type change with ?dryRun=1 without changing anything, and applies it with ?clearInvalid=1', async () => {
    const { api } = await aCrm();
    await api.post(`${deals}/records`, {
      records: [
        { fields: { title: 'a', code: '12' } },
        { fields: { title: 'b', code: 'abc' } },
        { fields: { title: 'c' } },
      ],
    });
    const preview = await api.patch(`${deals}/fields/code?dryRun=1`, { type: 'number' });
    expect(preview.status).toBe(200);
    expect(preview.body.conversion).toMatchObject({ total: 2, converted: 1, failedCount: 1 });
    expect(preview.body.conversion.failed[0].value).toBe('abc');
    expect(preview.body.field.type).toBe('number');
    // Nothing changed: the field is still text and the values are untouched.
    expect((await api.get(`${deals}/fields/code`)).body.type).toBe('text');
    const values = async () =>
      (await api.get(`${deals}/records?sort=title`)).body.items.map(
        (r: { fields: { code: unknown } }) => r.fields.code,
      );
    expect(await values()).toEqual(['12', 'abc', null]);
    // Without clearInvalid the change is refused, naming the field.
    const refused = expectError(
      await api.patch(`${deals}/fields/code`, { type: 'number' }),
      422,
      'conversion_failed',
    );
    expect(refused.details[0]?.field).toBe('code');
    expect((await api.get(`${deals}/fields/code`)).body.type).toBe('text');
    expect(await values()).toEqual(['12', 'abc', null]);
    const applied = await api.patch(`${deals}/fields/code?clearInvalid=1`, { type: 'number' });
    expect(applied.status).toBe(200);
    expect(applied.body.type).toBe('number');
    expect(await values()).toEqual([12, null, null]);
    // The new type is in force for writes and filters.
    expectError(await api.post(`${deals}/records`, { fields: { title: 'd', code: 'abc' } }), 422);
    const filtered = await api.get(
      `${deals}/records?filter=${encodeURIComponent('{"field":"code","op":"gt","value":10}')}`,
    );
    expect(filtered.body.items).toHaveLength(1);
  });

  it('creates, reads, changes and deletes views; a view filter must name real fields', async () => {
    const { api } = await aCrm();
    const board = await api.post(`${deals}/views`, {
      name: 'pipeline',
      type: 'kanban',
      kanban: { groupField: 'stage' },
      filter: { field: 'amount', op: 'gt', value: 0 },
      sort: [{ field: 'amount', dir: 'desc' }],
    });
    expect(board.status).toBe(201);
    expect((await api.get(`${deals}/views`)).body.items.map((v: { name: string }) => v.name)).toEqual([
      'all',
      'pipeline',
    ]);
    expect((await api.get(`${deals}/views/pipeline`)).body.kanban.groupField).toBe('stage');
    const changed = await api.patch(`${deals}/views/pipeline`, {
      label: 'Pipeline',
      filter: { field: 'stage', op: 'is', value: 'won' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.filter.value).toBe('won');
    expectError(await api.patch(`${deals}/views/pipeline`, { kanban: { groupField: 'ghost' } }), 422);
    expectError(
      await api.patch(`${deals}/views/pipeline`, { filter: { field: 'stage', op: 'is', value: 'lost' } }),
      422,
    );
    expect((await api.get(`${deals}/views/pipeline`)).body.filter.value).toBe('won');
    expect((await api.del(`${deals}/views/pipeline`)).status).toBe(204);
    expectError(await api.get(`${deals}/views/pipeline`), 404);
  });

  it('refuses to delete a field a view depends on, and keeps both', async () => {
    const { api } = await aCrm();
    await api.post(`${deals}/views`, { name: 'board', type: 'kanban', kanban: { groupField: 'stage' } });
    const reply = await api.del(`${deals}/fields/stage`);
    expect([409, 422]).toContain(reply.status);
    expectError(reply, reply.status);
    expect((await api.get(`${deals}/fields/stage`)).status).toBe(200);
  });
});
