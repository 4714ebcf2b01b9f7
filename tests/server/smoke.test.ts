import { describe, expect, it } from 'vitest';
import { aServer } from '../helpers/server.ts';

describe('server: the API contract, happy path', () => {
  it('signs in, builds a table, writes and reads records, exports CSV', async () => {
    const t = await aServer();
    const api = await t.login();
    expect((await api.get('/api/me')).body.email).toBe('admin@example.com');
    expect((await api.post('/api/apps', { name: 'crm' })).status).toBe(201);
    const table = await api.post('/api/apps/crm/tables', {
      name: 'deals',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'amount', type: 'number' },
      ],
    });
    expect(table.status).toBe(201);
    const bad = await api.post('/api/apps/crm/tables/deals/records', {
      fields: { title: 'x', amount: 'lots' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].field).toBe('amount');
    const created = await api.post('/api/apps/crm/tables/deals/records', {
      fields: { title: 'x', amount: 5 },
    });
    expect(created.status).toBe(201);
    const list = await api.get('/api/apps/crm/tables/deals/records?sort=-amount');
    expect(list.body.items).toHaveLength(1);
    const csv = await api.get('/api/apps/crm/tables/deals/records.csv?bom=1');
    expect(csv.text.startsWith('\uFEFFid,title,amount')).toBe(true);
    const malformed = await api.get('/api/apps/crm/tables/deals/records?filter=%7Bbad');
    expect(malformed.status).toBe(400);
    const doc = await api.get('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect((await t.raw('GET', '/api/apps')).status).toBe(401);
  });
});
