import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/main.ts';
import {
  adminEmail,
  adminPassword,
  aServer,
  type Client,
  expectError,
  type TestServer,
} from '../helpers/server.ts';

const json = { 'content-type': 'application/json' };

async function crmWithDeals(api: Client, app = 'crm') {
  expect((await api.post('/api/apps', { name: app })).status).toBe(201);
  const table = await api.post(`/api/apps/${app}/tables`, {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'amount', type: 'number' },
    ],
  });
  expect(table.status).toBe(201);
}

async function loginRaw(t: TestServer, email: string, password: string) {
  return t.raw('POST', '/api/auth/login', { body: JSON.stringify({ email, password }), headers: json });
}

/** Signs in and returns the cookies a browser would keep, as one Cookie header. */
async function browserLogin(t: TestServer) {
  const response = await loginRaw(t, adminEmail, adminPassword);
  expect(response.status).toBe(200);
  const cookies = response.headers.getSetCookie();
  const jar = Object.fromEntries(
    cookies.map((c) => {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      return [pair!.slice(0, at), pair!.slice(at + 1)];
    }),
  );
  return {
    cookies,
    csrf: jar.rapport_csrf as string,
    header: Object.entries(jar)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
  };
}

async function addUser(api: Client, email: string, password = 'another-pass-77') {
  const created = await api.post('/api/users', { email, name: 'Sam', password });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('auth: signing in', () => {
  it('refuses a wrong password and an unknown account with 401 and the error shape', async () => {
    const t = await aServer();
    const wrong = await loginRaw(t, adminEmail, 'not-the-password-1');
    expect(wrong.status).toBe(401);
    const body = (await wrong.json()) as { error: { code: string; message: string; details: unknown[] } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(Array.isArray(body.error.details)).toBe(true);
    expect((await loginRaw(t, 'nobody@example.com', adminPassword)).status).toBe(401);
    const missing = await t.raw('POST', '/api/auth/login', { body: '{}', headers: json });
    expect(missing.status).toBe(422);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('gives a bearer token and an httpOnly SameSite session cookie', async () => {
    const t = await aServer();
    const response = await loginRaw(t, adminEmail, adminPassword);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      token: string;
      user: { id: string; email: string; name: string };
    };
    expect(body.token.length).toBeGreaterThan(30);
    expect(body.user).toMatchObject({ email: adminEmail, name: 'Admin' });
    expect(Object.keys(body.user).sort()).toEqual(['email', 'id', 'name']);
    const session = response.headers.getSetCookie().find((c) => c.startsWith('rapport_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=(Lax|Strict)/i);
    expect(session).toMatch(/Path=\//);
    const me = await t.as(body.token).get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(adminEmail);
  });

  it('accepts the session cookie for reads, and for writes only with the CSRF header', async () => {
    const t = await aServer();
    const browser = await browserLogin(t);
    const me = await t.raw('GET', '/api/me', { headers: { cookie: browser.header } });
    expect(me.status).toBe(200);

    const write = (headers: Record<string, string>) =>
      t.raw('POST', '/api/apps', { body: JSON.stringify({ name: 'crm' }), headers: { ...json, ...headers } });
    const noHeader = await write({ cookie: browser.header });
    expect(noHeader.status).toBe(403);
    expect(((await noHeader.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const wrongHeader = await write({ cookie: browser.header, 'x-csrf-token': 'guess' });
    expect(wrongHeader.status).toBe(403);
    // Nothing was created by the refused writes.
    const apps = await t.raw('GET', '/api/apps', { headers: { cookie: browser.header } });
    expect(((await apps.json()) as { items: unknown[] }).items).toEqual([]);
    const ok = await write({ cookie: browser.header, 'x-csrf-token': browser.csrf });
    expect(ok.status).toBe(201);
  });

  it('ends the session on logout: the token and the cookie stop working', async () => {
    const t = await aServer();
    const api = await t.login();
    const other = await t.login();
    const out = await api.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expectError(await api.get('/api/me'), 401);
    // Another session of the same user is untouched.
    expect((await other.get('/api/me')).status).toBe(200);

    const browser = await browserLogin(t);
    const logout = await t.raw('POST', '/api/auth/logout', {
      headers: { cookie: browser.header, 'x-csrf-token': browser.csrf },
    });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().some((c) => /rapport_session=;|Max-Age=0/i.test(c))).toBe(true);
    expect((await t.raw('GET', '/api/me', { headers: { cookie: browser.header } })).status).toBe(401);
  });

  it('sends the secure headers on API responses and on errors', async () => {
    const t = await aServer();
    for (const response of [await t.raw('GET', '/api/apps'), await loginRaw(t, adminEmail, adminPassword)]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toMatch(/DENY|SAMEORIGIN/);
      expect(response.headers.get('referrer-policy')).toBeTruthy();
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });
});

describe('auth: every API route needs a signed-in caller', () => {
  it('answers 401 with the error shape on each /api route without credentials', async () => {
    const t = await aServer();
    const api = await t.login();
    await crmWithDeals(api);
    const record = await api.post('/api/apps/crm/tables/deals/records', { fields: { title: 'x' } });
    const publicRoute = (path: string) =>
      path === '/api/auth/login' ||
      path.startsWith('/api/forms/') ||
      path.startsWith('/api/hooks/') ||
      path === '/api/docs' ||
      path.startsWith('/api/docs/assets/');
    const routes = t.server.routes.filter(
      (r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !publicRoute(r.path),
    );
    // The walk must cover the whole contract, not just whatever happens to be registered.
    const paths = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const expected of [
      'GET /api/me',
      'POST /api/auth/logout',
      'GET /api/users',
      'POST /api/users',
      'PATCH /api/users/:id',
      'POST /api/teams',
      'DELETE /api/teams/:team',
      'POST /api/tokens',
      'DELETE /api/tokens/:id',
      'GET /api/apps',
      'POST /api/apps/:app/tables',
      'PATCH /api/apps/:app/tables/:table/fields/:field',
      'DELETE /api/apps/:app/tables/:table/views/:view',
      'GET /api/apps/:app/tables/:table/records',
      'POST /api/apps/:app/tables/:table/records',
      'PATCH /api/apps/:app/tables/:table/records/:id',
      'GET /api/apps/:app/tables/:table/records.csv',
      'POST /api/apps/:app/tables/:table/records.csv',
      'GET /api/apps/:app/events',
      'GET /api/openapi.json',
    ])
      expect(paths).toContain(expected);
    const values: Record<string, string> = {
      app: 'crm',
      table: 'deals',
      field: 'title',
      view: 'all',
      id: String(record.body.id),
      team: 'sales',
      role: 'rep',
      user: 'usr_x',
      workflow: 'wf',
      name: 'pipeline',
    };
    const checked: string[] = [];
    for (const route of routes) {
      const path = route.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_m, name: string) => values[name] ?? 'x');
      const write = route.method !== 'GET' && route.method !== 'HEAD';
      for (const headers of [
        {},
        { authorization: 'Bearer not-a-token' },
        { cookie: 'rapport_session=forged' },
      ]) {
        const response = await t.raw(route.method, path, {
          ...(write ? { body: '{"name":"x"}' } : {}),
          headers: { ...json, ...headers },
        });
        const text = await response.text();
        const reply = { status: response.status, body: JSON.parse(text), headers: response.headers, text };
        expectError(reply, 401);
      }
      checked.push(`${route.method} ${path}`);
    }
    expect(checked.length).toBeGreaterThanOrEqual(30);
    // And nothing was written by all those refused requests.
    expect((await api.get('/api/apps')).body.items).toHaveLength(1);
    expect((await api.get('/api/apps/crm/tables/deals/records')).body.items).toHaveLength(1);
  });
});

describe('auth: API tokens', () => {
  it('shows a token once, accepts it as Bearer, and refuses it after revocation', async () => {
    const t = await aServer();
    const api = await t.login();
    await crmWithDeals(api);
    const created = await api.post('/api/tokens', { name: 'zapier' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^rap_/);
    const listed = await api.get('/api/tokens');
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([created.body.id]);
    expect(listed.text).not.toContain(created.body.token);
    const integration = t.as(created.body.token);
    expect((await integration.get('/api/apps/crm/tables/deals/records')).status).toBe(200);
    expect(
      (await integration.post('/api/apps/crm/tables/deals/records', { fields: { title: 't' } })).status,
    ).toBe(201);
    // A token cannot mint more tokens.
    expectError(await integration.post('/api/tokens', { name: 'again' }), 403);
    expect((await api.del(`/api/tokens/${created.body.id}`)).status).toBe(204);
    expectError(await integration.get('/api/apps'), 401, 'invalid_token');
    expectError(await api.del(`/api/tokens/${created.body.id}`), 404);
  });

  it('refuses writes with a read-only token on every kind of route, and allows its reads', async () => {
    const t = await aServer();
    const api = await t.login();
    await crmWithDeals(api);
    const record = await api.post('/api/apps/crm/tables/deals/records', { fields: { title: 'keep' } });
    const { token } = (await api.post('/api/tokens', { name: 'reports', readOnly: true })).body;
    const reader = t.as(token);
    expect((await reader.get('/api/apps/crm/tables/deals/records')).body.items).toHaveLength(1);
    expect((await reader.get('/api/apps/crm')).status).toBe(200);
    const refused = [
      await reader.post('/api/apps/crm/tables/deals/records', { fields: { title: 'no' } }),
      await reader.patch(`/api/apps/crm/tables/deals/records/${record.body.id}`, { fields: { title: 'no' } }),
      await reader.del(`/api/apps/crm/tables/deals/records/${record.body.id}`),
      await reader.post('/api/apps/crm/tables/deals/fields', { name: 'note', type: 'text' }),
      await reader.post('/api/apps', { name: 'other' }),
      await reader.patch('/api/me', { name: 'Renamed' }),
      await reader.post('/api/users', { email: 'x@example.com', name: 'X' }),
      await reader.post('/api/teams', { name: 'sales' }),
      await reader.request('POST', '/api/attachments?name=a.txt', 'hi', { 'content-type': 'text/plain' }),
      await reader.request('POST', '/api/apps/crm/tables/deals/records.csv', 'title\nno\n', {
        'content-type': 'text/csv',
      }),
    ];
    for (const reply of refused) expectError(reply, 403);
    const after = await api.get('/api/apps/crm/tables/deals/records');
    expect(after.body.items.map((r: { fields: { title: string } }) => r.fields.title)).toEqual(['keep']);
    expect((await api.get('/api/me')).body.name).toBe('Admin');
    expect((await api.get('/api/apps')).body.items).toHaveLength(1);
    expect((await api.get('/api/users')).body.items).toHaveLength(1);
  });

  it('limits a token scoped to one app to that app', async () => {
    const t = await aServer();
    const api = await t.login();
    await crmWithDeals(api, 'alpha');
    await crmWithDeals(api, 'beta');
    const secret = await api.post('/api/apps/beta/tables/deals/records', { fields: { title: 'secret' } });
    const scoped = await api.post('/api/tokens', { name: 'alpha only', apps: ['alpha'] });
    expect(scoped.status).toBe(201);
    const alpha = t.as(scoped.body.token);
    expect((await alpha.get('/api/apps')).body.items.map((a: { name: string }) => a.name)).toEqual(['alpha']);
    expect(
      (await alpha.post('/api/apps/alpha/tables/deals/records', { fields: { title: 'ok' } })).status,
    ).toBe(201);
    const base = '/api/apps/beta/tables/deals';
    for (const reply of [
      await alpha.get('/api/apps/beta'),
      await alpha.get(`${base}/records`),
      await alpha.get(`${base}/records/${secret.body.id}`),
      await alpha.get(`${base}/records.csv`),
      await alpha.get(`${base}/records/aggregate`),
      await alpha.post(`${base}/records`, { fields: { title: 'sneak' } }),
      await alpha.patch(`${base}/records/${secret.body.id}`, { fields: { title: 'sneak' } }),
      await alpha.del(`${base}/records/${secret.body.id}`),
      await alpha.post(`${base}/fields`, { name: 'x', type: 'text' }),
      await alpha.del('/api/apps/beta'),
      await alpha.get('/api/apps/beta/events'),
      await alpha.post('/api/apps', { name: 'gamma' }),
      await alpha.post('/api/users', { email: 'x@example.com', name: 'X' }),
    ])
      expectError(reply, 403, 'token_scope');
    expect((await api.get('/api/apps')).body.items).toHaveLength(2);
    // An app id is as good as its name for the scope check.
    const betaId = (await api.get('/api/apps/beta')).body.id;
    expectError(await alpha.get(`/api/apps/${betaId}/tables/deals/records`), 403);
    const titles = (await api.get(`${base}/records`)).body.items.map(
      (r: { fields: { title: string } }) => r.fields.title,
    );
    expect(titles).toEqual(['secret']);
    // The document of the API shows only what the token may use.
    const doc = await alpha.get('/api/openapi.json');
    expect(Object.keys(doc.body.paths).some((p) => p.includes('/apps/beta/'))).toBe(false);
    expectError(await api.post('/api/tokens', { name: 'bad', apps: ['nope'] }), 404);
  });
});

describe('auth: API tokens limited to some tables', () => {
  it('reach only those tables, on every path, even when an admin made them', async () => {
    const t = await aServer();
    const api = await t.login();
    await crmWithDeals(api);
    await api.post('/api/apps/crm/tables', {
      name: 'contacts',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'email', type: 'email' },
      ],
    });
    await api.post('/api/apps/crm/tables/deals/fields', {
      name: 'contact',
      type: 'link',
      options: { table: 'contacts', inverse: 'deals' },
    });
    await api.post('/api/apps/crm/tables/deals/fields', {
      name: 'contact_email',
      type: 'lookup',
      options: { link: 'contact', field: 'email' },
    });
    const ada = await api.post('/api/apps/crm/tables/contacts/records', {
      fields: { name: 'Ada', email: 'ada@secret.example' },
    });
    await api.post('/api/apps/crm/tables/deals/records', {
      fields: { title: 'Big deal', contact: [ada.body.id] },
    });
    const made = await api.post('/api/tokens', { name: 'deals feed', tables: ['crm.deals'] });
    expect(made.status, made.text).toBe(201);
    const feed = t.as(made.body.token);

    const deals = await feed.get('/api/apps/crm/tables/deals/records');
    expect(deals.status).toBe(200);
    expect(deals.body.items[0].fields).toMatchObject({ title: 'Big deal', contact: [], contact_email: null });
    expect(deals.text).not.toContain('secret.example');
    expect((await feed.post('/api/apps/crm/tables/deals/records', { fields: { title: 'ok' } })).status).toBe(
      201,
    );
    const contacts = '/api/apps/crm/tables/contacts';
    for (const reply of [
      await feed.get(`${contacts}/records`),
      await feed.get(`${contacts}/records/${ada.body.id}`),
      await feed.get(`${contacts}/records.csv`),
      await feed.post(`${contacts}/records`, { fields: { name: 'sneak' } }),
    ])
      expectError(reply, 403, 'token_scope');
    expectError(await feed.post('/api/apps/crm/tables/deals/fields', { name: 'x', type: 'text' }), 403);
    expectError(await feed.get(contacts), 403, 'token_scope');
    expectError(await feed.get(`${contacts}/views`), 403, 'token_scope');
    expect((await feed.get('/api/apps/crm/tables/deals')).status).toBe(200);
    expectError(await feed.get('/api/apps/crm/audit'), 403);
    // The other tables' names stay out of sight too.
    const names = (items: { name: string }[]) => items.map((x) => x.name);
    expect(names((await feed.get('/api/apps/crm')).body.tables)).toEqual(['deals']);
    expect(names((await feed.get('/api/apps/crm/tables')).body.items)).toEqual(['deals']);
    expect(names((await feed.get('/api/apps')).body.items[0].tables)).toEqual(['deals']);
    const doc = await feed.get('/api/openapi.json');
    expect(Object.keys(doc.body.paths).some((p) => p.includes('/tables/contacts/'))).toBe(false);
    expect(Object.keys(doc.body.paths).some((p) => p.includes('/tables/deals/'))).toBe(true);
    expect((await api.get('/api/tokens')).body.items[0]).toMatchObject({
      name: 'deals feed',
      tables: ['crm.deals'],
    });
    const bad = await api.post('/api/tokens', { name: 'bad', tables: ['crm.nope'] });
    expectError(bad, 422);
    expect(bad.body.error.details[0].field).toBe('tables.0');
  });
});

describe('auth: API tokens with a role', () => {
  it('act with that role only, even when an admin made them', async () => {
    const t = await aServer();
    const api = await t.login();
    await crmWithDeals(api);
    await api.post('/api/apps/crm/tables/deals/records', { fields: { title: 'seen' } });
    const viewer = await api.post('/api/tokens', { name: 'dashboard', role: 'viewer' });
    expect(viewer.status).toBe(201);
    const dashboard = t.as(viewer.body.token);
    expect((await dashboard.get('/api/apps/crm/tables/deals/records')).body.items).toHaveLength(1);
    expectError(await dashboard.post('/api/apps/crm/tables/deals/records', { fields: { title: 'no' } }), 403);
    expectError(await dashboard.post('/api/users', { email: 'x@example.com', name: 'X' }), 403);
    expectError(await api.post('/api/tokens', { name: 'typo', role: 'veiwer' }), 422);
    expect((await api.get('/api/apps/crm/tables/deals/records')).body.items).toHaveLength(1);
  });
});

describe('auth: deactivating a user', () => {
  it('stops their sessions and tokens at once, and keeps their records', async () => {
    const t = await aServer();
    const admin = await t.login();
    await crmWithDeals(admin);
    const userId = await addUser(admin, 'sam@example.com');
    const sam = await t.login('sam@example.com', 'another-pass-77');
    const samToken = t.as((await sam.post('/api/tokens', { name: 'sam script' })).body.token);
    const record = await samToken.post('/api/apps/crm/tables/deals/records', {
      fields: { title: "Sam's deal" },
    });
    expect(record.status).toBe(201);
    // A non-admin may not deactivate anyone, themselves included.
    expectError(await sam.patch(`/api/users/${userId}`, { active: false }), 403);
    const off = await admin.patch(`/api/users/${userId}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expectError(await sam.get('/api/me'), 401, 'user_inactive');
    expectError(await samToken.get('/api/apps'), 401, 'user_inactive');
    expectError(
      await samToken.post('/api/apps/crm/tables/deals/records', { fields: { title: 'late' } }),
      401,
    );
    expect((await loginRaw(t, 'sam@example.com', 'another-pass-77')).status).toBe(401);
    const kept = await admin.get(`/api/apps/crm/tables/deals/records/${record.body.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body.fields.title).toBe("Sam's deal");
    expect((await admin.get(`/api/users/${userId}`)).body.email).toBe('sam@example.com');
    // Reactivated, they sign in again; the old session stays ended only if it was revoked.
    expect((await admin.patch(`/api/users/${userId}`, { active: true })).status).toBe(200);
    expect((await loginRaw(t, 'sam@example.com', 'another-pass-77')).status).toBe(200);
  });
});

describe('auth: sessions and tokens are written in their own transactions', () => {
  it('keeps a logout, a new sign-in and a revoked token even when a long import beside them rolls back', async () => {
    const t = await aServer();
    const api = await t.login();
    await crmWithDeals(api);
    const leaving = await t.login();
    const doomed = (await api.post('/api/tokens', { name: 'doomed' })).body;
    // An all-or-nothing import that holds its transaction open while the client is still sending.
    let release!: () => void;
    const held = new Promise<void>((done) => {
      release = done;
    });
    let stage = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (stage === 0) controller.enqueue(encoder.encode(`title,amount\n${'deal,1\n'.repeat(1500)}`));
        else if (stage === 1) {
          await held;
          controller.enqueue(encoder.encode('bad,lots\n'));
        } else controller.close();
        stage++;
      },
    });
    const importing = fetch(`${t.url}/api/apps/crm/tables/deals/records.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    // The first 1500 rows are in (a batch written inside the open transaction); the last row is held back.
    while (!t.server.engine.store.writer.inTransaction) await new Promise((done) => setTimeout(done, 20));
    await new Promise((done) => setTimeout(done, 300));
    expect(t.server.engine.store.writer.inTransaction).toBe(true);
    // Sent while the import's transaction is open; they wait for it rather than join it.
    const logout = leaving.post('/api/auth/logout');
    const revoke = api.del(`/api/tokens/${doomed.id}`);
    const signIn = t.login();
    await new Promise((done) => setTimeout(done, 300));
    release();
    expect((await logout).status).toBe(204);
    expect((await revoke).status).toBe(204);
    const fresh = await signIn;
    const report = (await (await importing).json()) as { imported: number; failedCount: number };
    expect(report).toMatchObject({ imported: 0, failedCount: 1 });
    expectError(await leaving.get('/api/me'), 401);
    expectError(await t.as(doomed.token).get('/api/me'), 401);
    expect((await fresh.get('/api/me')).status).toBe(200);
  });
});

describe('auth: sign-in rate limits', () => {
  it('limits failed sign-ins per account with 429 and Retry-After, even with the right password', async () => {
    const t = await aServer();
    for (let i = 0; i < 10; i++) expect((await loginRaw(t, adminEmail, `wrong-guess-${i}`)).status).toBe(401);
    const limited = await loginRaw(t, adminEmail, adminPassword);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await limited.json()) as { error: { code: string; details: unknown[] } };
    expect(body.error.code).toBe('rate_limited');
    // The same account typed in capitals is the same account.
    const api = await t.login(adminEmail.toUpperCase(), adminPassword).catch(() => undefined);
    expect(api).toBeUndefined();
    // The limit is per account: another account is still checked normally.
    expect((await loginRaw(t, 'someone@example.com', 'whatever-1')).status).toBe(401);
  });

  it('limits failed sign-ins per address across accounts', async () => {
    const t = await aServer();
    const api = await t.login();
    await addUser(api, 'real@example.com');
    let status = 0;
    let attempts = 0;
    let retryAfter: string | null = null;
    while (attempts < 100) {
      const response = await loginRaw(t, `nobody${attempts}@example.com`, 'wrong-guess-1');
      attempts++;
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      if (status !== 401) break;
    }
    expect(status).toBe(429);
    expect(attempts).toBeLessThanOrEqual(60);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect((await loginRaw(t, 'real@example.com', 'another-pass-77')).status).toBe(429);
  });
});

describe('auth: the first admin', () => {
  it('is generated and printed once when RAPPORT_ADMIN_* are unset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-first-admin-'));
    const saved = { email: process.env.RAPPORT_ADMIN_EMAIL, password: process.env.RAPPORT_ADMIN_PASSWORD };
    delete process.env.RAPPORT_ADMIN_EMAIL;
    delete process.env.RAPPORT_ADMIN_PASSWORD;
    try {
      const lines: string[] = [];
      const first = await startServer({
        port: 0,
        dataDir: dir,
        designerDir: join(dir, 'none'),
        log: (l) => lines.push(l),
      });
      const printed = lines.filter((l) => l.includes('password'));
      expect(printed).toHaveLength(1);
      const [, email, password] = printed[0]!.match(/: (\S+@\S+) with password (\S+)/) ?? [];
      expect(email).toBe('admin@example.com');
      expect(lines).toContain(`Rapport listening on ${first.url}`);
      const login = await fetch(`${first.url}/api/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email, password }),
      });
      expect(login.status).toBe(200);
      await first.close();

      const again: string[] = [];
      const second = await startServer({
        port: 0,
        dataDir: dir,
        designerDir: join(dir, 'none'),
        log: (l) => again.push(l),
      });
      expect(again.some((l) => l.includes('password') || l.includes('First admin'))).toBe(false);
      expect(again).toHaveLength(1);
      await second.close();
    } finally {
      if (saved.email !== undefined) process.env.RAPPORT_ADMIN_EMAIL = saved.email;
      if (saved.password !== undefined) process.env.RAPPORT_ADMIN_PASSWORD = saved.password;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
