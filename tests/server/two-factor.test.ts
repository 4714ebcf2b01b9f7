import { describe, expect, it } from 'vitest';
import { totpCode } from '../../server/auth/totp.ts';
import { aServer } from '../helpers/server.ts';

describe('server: two-factor sign-in', () => {
  it('enrols with a code from the device, then demands a current code at every sign-in', async () => {
    const t = await aServer();
    const api = await t.login();
    const setup = await api.post('/api/auth/2fa/setup', {});
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\/Rapport:/);
    expect((await api.post('/api/auth/2fa/enable', { code: '000000' })).status).toBe(422);
    expect(
      (await api.post('/api/auth/2fa/enable', { code: totpCode(setup.body.secret, Date.now()) })).status,
    ).toBe(204);
    const json = { 'content-type': 'application/json' };
    const withoutCode = await t.raw('POST', '/api/auth/login', {
      body: JSON.stringify({ email: 'admin@example.com', password: 'correct-horse-42' }),
      headers: json,
    });
    expect(withoutCode.status).toBe(401);
    expect(((await withoutCode.json()) as { error: { code: string } }).error.code).toBe(
      'two_factor_required',
    );
    const wrong = await t.raw('POST', '/api/auth/login', {
      body: JSON.stringify({ email: 'admin@example.com', password: 'correct-horse-42', code: '123456' }),
      headers: json,
    });
    expect(wrong.status).toBe(401);
    const right = await t.raw('POST', '/api/auth/login', {
      body: JSON.stringify({
        email: 'admin@example.com',
        password: 'correct-horse-42',
        code: totpCode(setup.body.secret, Date.now()),
      }),
      headers: json,
    });
    expect(right.status).toBe(200);
  });

  it('holds a user whose role requires two-factor to enrolment until they set it up', async () => {
    const t = await aServer();
    const api = await t.login();
    await api.post('/api/apps', { name: 'crm' });
    await api.post('/api/apps/crm/tables', { name: 'deals' });
    await api.post('/api/apps/crm/roles', {
      name: 'finance',
      requireTwoFactor: true,
      tables: { deals: { read: true } },
    });
    const user = (await api.post('/api/users', { email: 'fin@example.com', password: 'Ledger-Balance-77' }))
      .body;
    await api.request('PUT', `/api/apps/crm/members/${user.id}`, { roles: ['finance'] });
    const fin = await t.login('fin@example.com', 'Ledger-Balance-77');
    const blocked = await fin.get('/api/apps/crm/tables/deals/records');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('two_factor_setup_required');
    const setup = await fin.post('/api/auth/2fa/setup', {});
    expect(
      (await fin.post('/api/auth/2fa/enable', { code: totpCode(setup.body.secret, Date.now()) })).status,
    ).toBe(204);
    expect((await fin.get('/api/apps/crm/tables/deals/records')).status).toBe(200);
    expect(
      (await fin.post('/api/auth/2fa/disable', { code: totpCode(setup.body.secret, Date.now()) })).status,
    ).toBe(403);
  });
});
