import { describe, expect, it } from 'vitest';
import { aServer } from '../helpers/server.ts';

describe('server: templates', () => {
  it('lists the four templates, previews one, installs it twice under two names and refuses a taken name', async () => {
    const t = await aServer();
    const api = await t.login();
    const list = await api.get('/api/templates');
    expect(list.body.items.map((i: { name: string }) => i.name).sort()).toEqual([
      'customer',
      'marketing',
      'pipeline',
      'service',
    ]);
    const preview = await api.get('/api/templates/pipeline');
    expect(preview.body.tables.length).toBeGreaterThan(3);
    expect(preview.body.sampleCounts.opportunities).toBeGreaterThan(50);
    const installed = await api.post('/api/templates/pipeline/install', {});
    expect(installed.status).toBe(201);
    expect(installed.body.name).toBe('pipeline');
    const second = await api.post('/api/templates/pipeline/install', {
      app: 'pipeline_eu',
      sampleData: false,
    });
    expect(second.status).toBe(201);
    expect((await api.get('/api/apps/pipeline_eu/tables/opportunities/records')).body.items).toEqual([]);
    expect(
      (await api.get('/api/apps/pipeline/tables/opportunities/records')).body.items.length,
    ).toBeGreaterThan(0);
    expect((await api.post('/api/templates/pipeline/install', {})).status).toBe(409);
    expect((await api.post('/api/templates/nope/install', {})).status).toBe(404);
    const exported = await api.get('/api/apps/pipeline_eu/template');
    expect(exported.body.tables.map((tb: { name: string }) => tb.name)).toEqual(
      preview.body.tables.map((tb: { name: string }) => tb.name),
    );
  });

  it('links e-mails to public forms at the address the install request came in on', async () => {
    const t = await aServer();
    const api = await t.login();
    expect((await api.post('/api/templates/service/install', { sampleData: false })).status).toBe(201);
    const survey = (await api.get('/api/apps/service/workflows/satisfaction_survey')).body;
    const email = survey.actions.find((a: { type: string }) => a.type === 'send_email');
    expect(email.body).toMatch(new RegExp(`${t.url.replace(/[.:/]/g, '\\$&')}/f/[A-Za-z0-9_-]{8,}\\n`));
    expect(email.body).not.toContain('[[form:');
  });
});
