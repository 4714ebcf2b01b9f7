import { describe, expect, it } from 'vitest';
import { aServer } from '../helpers/server.ts';

async function crm() {
  const t = await aServer();
  const api = await t.login();
  await api.post('/api/apps', { name: 'crm' });
  await api.post('/api/apps/crm/tables', {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'stage', type: 'single_select', options: { choices: [{ name: 'lead' }, { name: 'won' }] } },
    ],
  });
  return { t, api };
}

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition never held');
}

describe('server: workflows over HTTP', () => {
  it('creates a rule that runs on new records, lists it with its last run and its run history', async () => {
    const { api } = await crm();
    const created = await api.post('/api/apps/crm/workflows', {
      name: 'win_all',
      label: { en: 'Win everything', 'zh-CN': '全部成交' },
      trigger: { type: 'record_created', table: 'deals' },
      actions: [{ type: 'update_record', fields: { stage: 'won' } }],
    });
    expect(created.status).toBe(201);
    const deal = await api.post('/api/apps/crm/tables/deals/records', {
      fields: { title: 'x', stage: 'lead' },
    });
    await eventually(
      () => api.get(`/api/apps/crm/tables/deals/records/${deal.body.id}`),
      (r) => r.body.fields.stage === 'won',
    );
    const list = await api.get('/api/apps/crm/workflows');
    expect(list.body.items[0].lastRun.status).toBe('succeeded');
    const runs = await api.get('/api/apps/crm/workflows/win_all/runs');
    expect(runs.body.items).toHaveLength(1);
    const run = await api.get(`/api/apps/crm/workflows/win_all/runs/${runs.body.items[0].id}`);
    expect(run.body.steps[0]).toMatchObject({ type: 'update_record', status: 'succeeded' });
  });

  it('refuses a broken rule with 422 naming the spot, and a duplicate with 409', async () => {
    const { api } = await crm();
    const broken = await api.post('/api/apps/crm/workflows', {
      name: 'broken',
      trigger: { type: 'record_created', table: 'nope' },
      actions: [],
    });
    expect(broken.status).toBe(422);
    expect(broken.body.error.details[0].field).toBe('trigger.table');
    const rule = { name: 'dup', trigger: { type: 'manual', table: 'deals' }, actions: [] };
    expect((await api.post('/api/apps/crm/workflows', rule)).status).toBe(201);
    expect((await api.post('/api/apps/crm/workflows', rule)).status).toBe(409);
    expect((await api.get('/api/apps/crm/workflows/missing')).status).toBe(404);
  });

  it('dry-runs and runs a manual rule, then retries nothing that succeeded', async () => {
    const { api } = await crm();
    await api.post('/api/apps/crm/workflows', {
      name: 'close',
      trigger: { type: 'manual', table: 'deals', buttonLabel: 'Close it' },
      actions: [{ type: 'update_record', fields: { stage: 'won' } }],
    });
    const deal = await api.post('/api/apps/crm/tables/deals/records', {
      fields: { title: 'm', stage: 'lead' },
    });
    const dry = await api.post('/api/apps/crm/workflows/close/dry-run', { record: deal.body.id });
    expect(dry.body.steps[0]).toMatchObject({ status: 'would_run', output: { fields: { stage: 'won' } } });
    expect((await api.get(`/api/apps/crm/tables/deals/records/${deal.body.id}`)).body.fields.stage).toBe(
      'lead',
    );
    const run = await api.post('/api/apps/crm/workflows/close/run', { record: deal.body.id });
    expect(run.status).toBe(201);
    expect(run.body.status).toBe('succeeded');
    const retry = await api.post(`/api/apps/crm/workflows/close/runs/${run.body.id}/retry`, {});
    expect(retry.status).toBe(409);
  });

  it('accepts an incoming webhook with the secret and refuses it without', async () => {
    const { t, api } = await crm();
    const rule = await api.post('/api/apps/crm/workflows', {
      name: 'inbound',
      trigger: { type: 'webhook' },
      actions: [{ type: 'create_record', table: 'deals', fields: { title: { expr: '$body.title' } } }],
    });
    const json = { 'content-type': 'application/json' };
    const refused = await t.raw('POST', '/api/hooks/crm/inbound', {
      body: JSON.stringify({ title: 'no' }),
      headers: { ...json, 'x-rapport-secret': 'wrong-secret-wrong' },
    });
    expect(refused.status).toBe(403);
    const accepted = await t.raw('POST', '/api/hooks/crm/inbound', {
      body: JSON.stringify({ title: 'From hook' }),
      headers: { ...json, 'x-rapport-secret': rule.body.trigger.secret },
    });
    expect(accepted.status).toBe(202);
    await eventually(
      () => api.get('/api/apps/crm/tables/deals/records'),
      (r) => r.body.items.some((d: { fields: { title: string } }) => d.fields.title === 'From hook'),
    );
  });

  it('delivers notifications to the inbox with an unread count, and marks them read', async () => {
    const { api } = await crm();
    const me = (await api.get('/api/me')).body;
    await api.post('/api/apps/crm/workflows', {
      name: 'tell_me',
      trigger: { type: 'record_created', table: 'deals' },
      actions: [{ type: 'notify', to: [me.id], title: 'New deal {{title}}' }],
    });
    await api.post('/api/apps/crm/tables/deals/records', { fields: { title: 'Ping' } });
    const inbox = await eventually(
      () => api.get('/api/notifications'),
      (r) => r.body.unread === 1,
    );
    expect(inbox.body.items[0].title).toBe('New deal Ping');
    const read = await api.post('/api/notifications/read', { all: true });
    expect(read.body).toEqual({ marked: 1, unread: 0 });
  });
});
