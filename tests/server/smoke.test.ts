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

describe('server: public forms and attachments', () => {
  it('publishes a form anyone can submit, and refuses one missing a required field', async () => {
    const t = await aServer();
    const api = await t.login();
    await api.post('/api/apps', { name: 'crm' });
    await api.post('/api/apps/crm/tables', {
      name: 'leads',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'email', type: 'email' },
      ],
    });
    const view = await api.post('/api/apps/crm/tables/leads/views', {
      name: 'signup',
      type: 'form',
      form: { public: true, sections: [{ fields: [{ field: 'name', required: true }, { field: 'email' }] }] },
    });
    expect(view.status).toBe(201);
    const publicId = view.body.form.publicId as string;
    const form = await t.raw('GET', `/api/forms/${publicId}`);
    expect(form.status).toBe(200);
    const json = { 'content-type': 'application/json' };
    const missing = await t.raw('POST', `/api/forms/${publicId}`, {
      body: JSON.stringify({ fields: { email: 'a@b.co' } }),
      headers: json,
    });
    expect(missing.status).toBe(422);
    const ok = await t.raw('POST', `/api/forms/${publicId}`, {
      body: JSON.stringify({ fields: { name: 'Ada', email: 'a@b.co' } }),
      headers: json,
    });
    expect(ok.status).toBe(201);
    const bot = await t.raw('POST', `/api/forms/${publicId}`, {
      body: JSON.stringify({ fields: { name: 'Bot' }, website_url: 'http://spam' }),
      headers: json,
    });
    expect(bot.status).toBe(201);
    const names = (await api.get('/api/apps/crm/tables/leads/records')).body.items.map(
      (r: { fields: { name: string } }) => r.fields.name,
    );
    expect(names).toEqual(['Ada']);
  });

  it('stores an uploaded file and attaches it to a record', async () => {
    const t = await aServer();
    const api = await t.login();
    await api.post('/api/apps', { name: 'crm' });
    await api.post('/api/apps/crm/tables', {
      name: 'docs',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'files', type: 'attachment' },
      ],
    });
    const upload = await api.request('POST', '/api/attachments?name=report.txt', 'hello', {
      'content-type': 'text/plain',
    });
    expect(upload.status).toBe(201);
    const record = await api.post('/api/apps/crm/tables/docs/records', {
      fields: { title: 'r', files: [upload.body.id] },
    });
    expect(record.body.fields.files[0].name).toBe('report.txt');
    const download = await api.get(`/api/attachments/${upload.body.id}`);
    expect(download.text).toBe('hello');
    const bogus = await api.post('/api/apps/crm/tables/docs/records', {
      fields: { files: ['att_doesnotexist'] },
    });
    expect(bogus.status).toBe(422);
  });
});
