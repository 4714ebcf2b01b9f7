import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { aServer, type Json } from '../helpers/server.ts';

async function aCrm() {
  const t = await aServer();
  const api = await t.login();
  await api.post('/api/apps', { name: 'crm', label: { en: 'CRM', 'zh-CN': '客户' } });
  await api.post('/api/apps/crm/tables', {
    name: 'companies',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'city', type: 'text' },
    ],
  });
  const deals = await api.post('/api/apps/crm/tables', {
    name: 'deals',
    label: { en: 'Deals', 'zh-CN': '商机' },
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'notes', type: 'long_text' },
      { name: 'amount', type: 'currency', options: { currency: 'USD', precision: 2 } },
      { name: 'probability', type: 'percent' },
      { name: 'count', type: 'number' },
      { name: 'close_date', type: 'date' },
      { name: 'met_at', type: 'datetime' },
      { name: 'done', type: 'checkbox' },
      { name: 'stage', type: 'single_select', options: { choices: [{ name: 'new' }, { name: 'won' }] } },
      { name: 'tags', type: 'multi_select', options: { choices: [{ name: 'a' }, { name: 'b' }] } },
      { name: 'email', type: 'email' },
      { name: 'phone', type: 'phone' },
      { name: 'site', type: 'url' },
      { name: 'owner', type: 'user' },
      { name: 'company', type: 'link', options: { table: 'companies', many: false } },
      { name: 'city', type: 'lookup', options: { link: 'company', field: 'city' } },
      { name: 'weighted', type: 'formula', options: { expression: 'amount * probability / 100' } },
      { name: 'label', type: 'formula', options: { expression: "title & ' (' & stage & ')'" } },
      { name: 'number', type: 'autonumber' },
      { name: 'stars', type: 'rating' },
      { name: 'files', type: 'attachment' },
      { name: 'created', type: 'created_at' },
      { name: 'updated', type: 'updated_at' },
      { name: 'creator', type: 'created_by' },
      { name: 'editor', type: 'updated_by' },
    ],
  });
  expect(deals.status, deals.text).toBe(201);
  await api.post('/api/apps/crm/tables/companies/fields', {
    name: 'total',
    type: 'rollup',
    options: { link: 'deals', field: 'amount', fn: 'sum' },
  });
  return { t, api };
}

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const { api } = await aCrm();
    // Two tables whose schema names would collide: crm / x_deals and crm_x / deals.
    await api.post('/api/apps/crm/tables', { name: 'x_deals' });
    await api.post('/api/apps', { name: 'crm_x' });
    await api.post('/api/apps/crm_x/tables', { name: 'deals' });
    const doc = await api.get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(doc.body);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // Every $ref points somewhere.
    expect(() => validator.resolveRefs()).not.toThrow();
    const operationIds = Object.values(doc.body.paths as Record<string, Json>).flatMap((item) =>
      Object.values(item)
        .map((operation: Json) => operation?.operationId)
        .filter(Boolean),
    );
    expect(new Set(operationIds).size).toBe(operationIds.length);
    expect(doc.body.components.schemas.CrmXDealsRecord).toBeDefined();
    expect(doc.body.components.schemas.CrmXDeals2Record).toBeDefined();
    // The validator is not a rubber stamp.
    const broken = await new Validator().validate({ ...doc.body, info: { title: 1 } });
    expect(broken.valid).toBe(false);
  });

  it('types each table’s records, and real records validate against their schema', async () => {
    const { api } = await aCrm();
    const me = (await api.get('/api/me')).body.id;
    const company = (
      await api.post('/api/apps/crm/tables/companies/records', { fields: { name: 'Acme', city: 'Paris' } })
    ).body.id;
    const upload = await api.request('POST', '/api/attachments?name=a.txt', 'hi', {
      'content-type': 'text/plain',
    });
    const full = await api.post('/api/apps/crm/tables/deals/records', {
      fields: {
        title: 'Big',
        notes: 'n',
        amount: 1000,
        probability: 40,
        count: 3,
        close_date: '2026-05-01',
        met_at: '2026-05-01T10:00:00.000Z',
        done: true,
        stage: 'won',
        tags: ['a'],
        email: 'a@example.com',
        phone: '+1 555 0100',
        site: 'https://example.com',
        owner: me,
        company: [company],
        stars: 4,
        files: [upload.body.id],
      },
    });
    expect(full.status, full.text).toBe(201);
    expect(
      (await api.post('/api/apps/crm/tables/deals/records', { fields: { title: 'Empty' } })).status,
    ).toBe(201);

    const doc = (await api.get('/api/openapi.json')).body;
    const fields = doc.components.schemas.CrmDealsFields;
    expect(fields.type).toBe('object');
    expect(fields.properties.amount.type).toContain('number');
    expect(fields.properties.done.type).toContain('boolean');
    expect(fields.properties.stage.enum).toEqual(expect.arrayContaining(['new', 'won']));
    expect(fields.properties.tags.type).toContain('array');
    expect(fields.properties.close_date.format).toBe('date');
    expect(fields.properties.company.type).toContain('array');
    expect(Object.keys(fields.properties)).toHaveLength(25);
    expect(doc.components.schemas.CrmCompaniesRecord).toBeDefined();
    const list = doc.paths['/api/apps/crm/tables/deals/records'];
    expect(list.get.responses['200'].content['application/json'].schema.properties.items.items.$ref).toBe(
      '#/components/schemas/CrmDealsRecord',
    );
    expect(doc.paths['/api/apps/crm/tables/deals/records/{id}'].patch).toBeDefined();

    // The schemas describe what the API really returns.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'rapport', components: doc.components });
    for (const [table, schema] of [
      ['deals', 'CrmDealsRecord'],
      ['companies', 'CrmCompaniesRecord'],
    ] as const) {
      const validate = ajv.compile({ $ref: `rapport#/components/schemas/${schema}` });
      const records = (await api.get(`/api/apps/crm/tables/${table}/records`)).body.items as Json[];
      expect(records.length).toBeGreaterThan(0);
      for (const record of records)
        expect(validate(record), JSON.stringify([record, validate.errors])).toBe(true);
    }
  });

  it('describes every route the server answers', async () => {
    const { t, api } = await aCrm();
    const doc = (await api.get('/api/openapi.json')).body;
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>))
      for (const method of Object.keys(item))
        if (method !== 'parameters') documented.add(`${method.toUpperCase()} ${path}`);
    const missing = t.server.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !r.path.includes('*'))
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, '{$1}')}`)
      .filter((route) => route !== 'GET /api/docs' && route !== 'GET /api/openapi.json')
      .filter((route) => !documented.has(route));
    expect(missing).toEqual([]);
  });

  it('serves an interactive reference page at /api/docs', async () => {
    const { t } = await aCrm();
    const page = await t.raw('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('/api/openapi.json');
    expect(html).toMatch(/<html/i);
    // Its script comes from this server, not a CDN: the page works offline.
    expect(html).toContain('/api/docs/assets/standalone.js');
    expect(html).not.toContain('cdn.jsdelivr');
    const script = await t.raw('GET', '/api/docs/assets/standalone.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await t.raw('GET', '/api/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});
