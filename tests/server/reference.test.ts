import { describe, expect, it } from 'vitest';
import { aServer } from '../helpers/server.ts';

describe('server: what screens need', () => {
  it('lists field types with their operators, previews a formula on a record, and reorders fields', async () => {
    const t = await aServer();
    const api = await t.login();
    const types = await api.get('/api/field-types');
    const number = types.body.items.find((ft: { name: string }) => ft.name === 'number');
    expect(number.operators.map((o: { op: string }) => o.op)).toContain('between');
    await api.post('/api/apps', { name: 'crm' });
    await api.post('/api/apps/crm/tables', {
      name: 'deals',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'amount', type: 'number' },
        { name: 'rate', type: 'percent' },
      ],
    });
    const deal = await api.post('/api/apps/crm/tables/deals/records', {
      fields: { title: 'x', amount: 200, rate: 10 },
    });
    const preview = await api.post('/api/apps/crm/tables/deals/formula-preview', {
      expression: 'amount * rate / 100',
      record: deal.body.id,
    });
    expect(preview.body).toEqual({ value: 20, resultType: 'number', record: deal.body.id });
    const sample = await api.post('/api/apps/crm/tables/deals/formula-preview', {
      expression: '$uppercase(title)',
    });
    expect(sample.body.resultType).toBe('text');
    const bad = await api.post('/api/apps/crm/tables/deals/formula-preview', { expression: 'amout * 2' });
    expect(bad.status).toBe(422);
    expect((await api.patch('/api/apps/crm/tables/deals/fields/rate', { position: 0 })).status).toBe(200);
    const order = (await api.get('/api/apps/crm/tables/deals')).body.fields.map(
      (f: { name: string }) => f.name,
    );
    expect(order).toEqual(['rate', 'title', 'amount']);
    const byIds = await api.get(`/api/apps/crm/tables/deals/records?ids=${deal.body.id}`);
    expect(byIds.body.items).toHaveLength(1);
    for (let i = 0; i < 5; i++)
      await api.post('/api/apps/crm/tables/deals/records', { fields: { title: `d${i}` } });
    const deep = await api.get('/api/apps/crm/tables/deals/records?offset=4&limit=10');
    expect(deep.body.items).toHaveLength(2);
  });

  it('keeps tasks for their assignee: create, list, tick off', async () => {
    const t = await aServer();
    const api = await t.login();
    await api.post('/api/apps', { name: 'crm' });
    const task = await api.post('/api/tasks', { app: 'crm', title: 'Call Ada', due: '2030-01-01T09:00:00Z' });
    expect(task.status).toBe(201);
    expect((await api.get('/api/tasks')).body.items.map((x: { title: string }) => x.title)).toEqual([
      'Call Ada',
    ]);
    expect((await api.patch(`/api/tasks/${task.body.id}`, { done: true })).body.done).not.toBeNull();
    expect((await api.get('/api/tasks')).body.items).toEqual([]);
  });

  it('compresses JSON for clients that accept gzip', async () => {
    const t = await aServer();
    const api = await t.login();
    const response = await t.raw('GET', '/api/field-types', {
      headers: { authorization: `Bearer ${api.token}`, 'accept-encoding': 'gzip' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });
});
