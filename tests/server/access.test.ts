import { describe, expect, it } from 'vitest';
import { aServer } from '../helpers/server.ts';

describe('server: access control over HTTP', () => {
  it('gives a rep only their own deals, hides the margin, refuses others with 403, and explains why', async () => {
    const t = await aServer();
    const api = await t.login();
    await api.post('/api/apps', { name: 'crm' });
    await api.post('/api/apps/crm/tables', {
      name: 'deals',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'owner', type: 'user' },
        { name: 'margin', type: 'number' },
      ],
      ownerField: 'owner',
    });
    const rep = (
      await api.post('/api/users', { email: 'rep@example.com', name: 'Rep', password: 'Blue-harbour-42' })
    ).body;
    const role = await api.post('/api/apps/crm/roles', {
      name: 'sales_rep',
      label: { en: 'Sales rep', 'zh-CN': '销售代表' },
      tables: {
        deals: {
          create: true,
          read: { scope: 'own' },
          update: { scope: 'own' },
          delete: false,
          fields: { margin: 'hidden' },
        },
      },
    });
    expect(role.status).toBe(201);
    const member = await api.request('PUT', `/api/apps/crm/members/${rep.id}`, { roles: ['sales_rep'] });
    expect(member.status, JSON.stringify(member.body)).toBe(200);
    const mine = (
      await api.post('/api/apps/crm/tables/deals/records', {
        fields: { title: 'mine', owner: rep.id, margin: 5 },
      })
    ).body;
    const theirs = (
      await api.post('/api/apps/crm/tables/deals/records', { fields: { title: 'theirs', margin: 50 } })
    ).body;

    const repApi = await t.login('rep@example.com', 'Blue-harbour-42');
    const list = await repApi.get('/api/apps/crm/tables/deals/records');
    expect(list.body.items.map((r: { fields: { title: string } }) => r.fields.title)).toEqual(['mine']);
    expect(list.body.items[0].fields).not.toHaveProperty('margin');
    expect((await repApi.get(`/api/apps/crm/tables/deals/records/${theirs.id}`)).status).toBe(403);
    expect(
      (await repApi.patch(`/api/apps/crm/tables/deals/records/${theirs.id}`, { fields: { title: 'x' } }))
        .status,
    ).toBe(403);
    expect((await repApi.del(`/api/apps/crm/tables/deals/records/${mine.id}`)).status).toBe(403);
    expect(
      (await repApi.get('/api/apps/crm/tables/deals/records?filter={"field":"margin","op":"gt","value":1}'))
        .status,
    ).toBe(422);
    expect((await repApi.get('/api/apps/crm/tables/deals/records.csv')).text).not.toContain('margin');
    expect((await repApi.post('/api/apps/crm/tables', { name: 'sneaky' })).status).toBe(403);
    const why = await api.get(`/api/apps/crm/tables/deals/records/${theirs.id}/access?user=${rep.id}`);
    expect(why.body.allowed).toBe(false);
    expect(why.body.roles[0]).toMatchObject({ role: 'sales_rep', grants: false });
    expect(
      (
        await api.post(`/api/apps/crm/tables/deals/records/${theirs.id}/shares`, {
          user: rep.id,
          level: 'read',
        })
      ).status,
    ).toBe(201);
    expect((await repApi.get(`/api/apps/crm/tables/deals/records/${theirs.id}`)).status).toBe(200);
    expect((await api.get('/api/apps/crm/members')).body.items).toEqual([
      { user: rep.id, roles: ['sales_rep'] },
    ]);
    // The admin looks through the rep's eyes (the shared deal included), read-only.
    const asRep = await api.request('GET', '/api/apps/crm/tables/deals/records', undefined, {
      'x-view-as': `user:${rep.id}`,
    });
    expect(asRep.body.items.map((r: { fields: { title: string } }) => r.fields.title)).toEqual([
      'mine',
      'theirs',
    ]);
    expect(asRep.body.items[0].fields).not.toHaveProperty('margin');
    const asRole = await api.request('GET', '/api/apps/crm/tables/deals/records', undefined, {
      'x-view-as': 'role:sales_rep',
      'x-view-as-app': 'crm',
    });
    expect(asRole.body.items).toEqual([]);
    const write = await api.request(
      'POST',
      '/api/apps/crm/tables/deals/records',
      { fields: { title: 'no' } },
      { 'x-view-as': `user:${rep.id}` },
    );
    expect(write.status).toBe(403);
    const sneaky = await repApi.request('GET', '/api/apps/crm/tables/deals/records', undefined, {
      'x-view-as': 'role:admin',
      'x-view-as-app': 'crm',
    });
    expect(sneaky.status).toBe(403);
  });
});
