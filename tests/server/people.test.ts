import { describe, expect, it } from 'vitest';
import { aServer, expectError } from '../helpers/server.ts';

async function aWorkspace() {
  const t = await aServer();
  const admin = await t.login();
  const sales = (await admin.post('/api/teams', { name: 'sales', label: { en: 'Sales', 'zh-CN': '销售部' } }))
    .body;
  const east = (await admin.post('/api/teams', { name: 'sales_east', label: 'East', parent: 'sales' })).body;
  const boss = (
    await admin.post('/api/users', {
      email: 'boss@example.com',
      name: 'Boss',
      password: 'Tiger-lily-123',
      team: sales.id,
    })
  ).body;
  const rep = await admin.post('/api/users', {
    email: 'rep@example.com',
    name: 'Rep',
    password: 'Orchid-77-pass',
    team: 'sales_east',
    manager: boss.id,
  });
  expect(rep.status, rep.text).toBe(201);
  return { t, admin, sales, east, boss, rep: rep.body };
}

describe('people: users and teams', () => {
  it('creates users with a team and a manager, and teams in a hierarchy', async () => {
    const { admin, sales, east, boss, rep } = await aWorkspace();
    expect(east.parent).toBe(sales.id);
    expect(rep).toMatchObject({ email: 'rep@example.com', manager: boss.id, active: true, isAdmin: false });
    expect(rep.team).toBe(east.id);
    expect(JSON.stringify(rep)).not.toMatch(/password/i);
    expect((await admin.get('/api/users')).body.items).toHaveLength(3);
    expect((await admin.get(`/api/teams/${east.id}`)).body.name).toBe('sales_east');
    expectError(await admin.post('/api/users', { email: 'rep@example.com', name: 'Again' }), 409);
    expectError(await admin.post('/api/users', { email: 'not-an-email', name: 'X' }), 422);
    expectError(await admin.post('/api/users', { email: 'x@example.com', password: 'short' }), 422);
    expectError(await admin.post('/api/users', { email: 'y@example.com', team: 'ghosts' }), 422);
    expectError(await admin.post('/api/teams', { name: 'sales' }), 409);
    expectError(await admin.post('/api/teams', { name: 'x', parent: 'ghosts' }), 404);
    expectError(await admin.get('/api/users/usr_nobody'), 404);
    expect((await admin.get('/api/users')).body.items).toHaveLength(3);
  });

  it('refuses a circle of teams or of managers', async () => {
    const { admin, sales, boss, rep } = await aWorkspace();
    expectError(await admin.patch(`/api/teams/${sales.id}`, { parent: 'sales_east' }), 422);
    expectError(await admin.patch(`/api/users/${boss.id}`, { manager: rep.id }), 422);
    expectError(await admin.patch(`/api/users/${boss.id}`, { manager: boss.id }), 422);
    expect((await admin.get(`/api/teams/${sales.id}`)).body.parent).toBeNull();
    expectError(await admin.del(`/api/teams/${sales.id}`), 409);
    expect((await admin.del('/api/teams/sales_east')).status).toBe(204);
    expect((await admin.get(`/api/users/${rep.id}`)).body.team).toBeNull();
  });

  it('lets people change their own name and password, but not their team, manager, e-mail or rights', async () => {
    const { t, admin, sales, boss, rep } = await aWorkspace();
    const me = await t.login('rep@example.com', 'Orchid-77-pass');
    expect((await me.patch(`/api/users/${rep.id}`, { name: 'Rep R.' })).body.name).toBe('Rep R.');
    expect((await me.patch('/api/me', { locale: 'zh-CN' })).body.locale).toBe('zh-CN');
    for (const change of [
      { team: sales.id },
      { manager: null },
      { isAdmin: true },
      { active: false },
      { email: 'boss2@example.com' },
    ])
      expectError(await me.patch(`/api/users/${rep.id}`, change), 403);
    expectError(await me.patch(`/api/users/${boss.id}`, { name: 'Hacked' }), 403);
    expectError(await me.post('/api/teams', { name: 'mine' }), 403);
    const after = (await admin.get(`/api/users/${rep.id}`)).body;
    expect(after).toMatchObject({
      name: 'Rep R.',
      manager: boss.id,
      isAdmin: false,
      active: true,
      email: 'rep@example.com',
    });
    expect(
      (await me.post('/api/auth/password', { current: 'Orchid-77-pass', password: 'New-pass-5678' })).status,
    ).toBe(204);
    expectError(await me.post('/api/auth/password', { current: 'wrong', password: 'Other-pass-999' }), 422);
    expect((await t.login('rep@example.com', 'New-pass-5678').then((c) => c.get('/api/me'))).status).toBe(
      200,
    );
  });

  it('keeps at least one active admin', async () => {
    const { t, admin } = await aWorkspace();
    const me = (await admin.get('/api/me')).body;
    expectError(await admin.patch(`/api/users/${me.id}`, { active: false }), 409, 'last_admin');
    expectError(await admin.patch(`/api/users/${me.id}`, { isAdmin: false }), 409, 'last_admin');
    expect((await admin.get('/api/me')).body).toMatchObject({ isAdmin: true, active: true });
    const second = await admin.post('/api/users', {
      email: 'second@example.com',
      name: 'Second',
      password: 'Maple-leaf-42',
      isAdmin: true,
    });
    expect(second.status).toBe(201);
    expect((await admin.patch(`/api/users/${me.id}`, { isAdmin: false })).status).toBe(200);
    const other = await t.login('second@example.com', 'Maple-leaf-42');
    expectError(await other.patch(`/api/users/${second.body.id}`, { active: false }), 409, 'last_admin');
  });
});
