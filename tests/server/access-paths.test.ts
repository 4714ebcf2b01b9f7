// One rep, one role (own deals, margin hidden), and every way a value could reach them over
// HTTP: search, aggregates, CSV, a linked table's rollup and lookup, the picker for a link,
// comments, a record's history and the app's audit log.
import { describe, expect, it } from 'vitest';
import { aServer } from '../helpers/server.ts';

const crm = '/api/apps/crm/tables';

async function aRepWithOwnDeals() {
  const t = await aServer();
  const api = await t.login();
  await api.post('/api/apps', { name: 'crm' });
  await api.post(crm, { name: 'companies', fields: [{ name: 'name', type: 'text' }] });
  await api.post(crm, {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'owner', type: 'user' },
      { name: 'margin', type: 'number' },
      { name: 'secret_note', type: 'text' },
      { name: 'company', type: 'link', options: { table: 'companies', inverse: 'deals' } },
    ],
    ownerField: 'owner',
  });
  await api.post(`${crm}/companies/fields`, {
    name: 'deal_margins',
    type: 'rollup',
    options: { link: 'deals', field: 'margin', fn: 'sum' },
  });
  await api.post(`${crm}/companies/fields`, {
    name: 'deal_titles',
    type: 'rollup',
    options: { link: 'deals', field: 'title', fn: 'concat' },
  });
  const rep = (
    await api.post('/api/users', { email: 'rep@example.com', name: 'Rep', password: 'Blue-harbour-42' })
  ).body;
  const role = await api.post('/api/apps/crm/roles', {
    name: 'rep',
    label: 'Rep',
    tables: {
      companies: { read: true },
      deals: {
        read: { scope: 'own' },
        update: { scope: 'own' },
        fields: { margin: 'hidden', secret_note: 'hidden' },
      },
    },
  });
  expect(role.status, JSON.stringify(role.body)).toBe(201);
  expect((await api.request('PUT', `/api/apps/crm/members/${rep.id}`, { roles: ['rep'] })).status).toBe(200);
  const acme = (await api.post(`${crm}/companies/records`, { fields: { name: 'Acme' } })).body;
  const mine = (
    await api.post(`${crm}/deals/records`, {
      fields: { title: 'Mine', owner: rep.id, margin: 5, secret_note: 'zebra-mine', company: [acme.id] },
    })
  ).body;
  const theirs = (
    await api.post(`${crm}/deals/records`, {
      fields: { title: 'Theirs', margin: 500, secret_note: 'zebra-theirs', company: [acme.id] },
    })
  ).body;
  await api.post(`${crm}/deals/records/${theirs.id}/comments`, { body: 'Theirs is worth 500' });
  const repApi = await t.login('rep@example.com', 'Blue-harbour-42');
  return { api, repApi, acme, mine, theirs };
}

const titles = (items: { fields: { title?: string } }[]) => items.map((r) => r.fields.title);

function noSecrets(text: string) {
  expect(text).not.toContain('Theirs');
  expect(text).not.toContain('zebra');
  expect(text).not.toContain('500');
}

describe('server: no path shows a rep what their role hides', () => {
  it('keeps other rows and hidden fields out of search, aggregates and CSV', async () => {
    const { repApi } = await aRepWithOwnDeals();
    expect(titles((await repApi.get(`${crm}/deals/records?q=Theirs`)).body.items)).toEqual([]);
    expect(titles((await repApi.get(`${crm}/deals/records?q=zebra`)).body.items)).toEqual([]);
    const count = await repApi.get(`${crm}/deals/records/aggregate?aggregates=title:count`);
    expect(count.status, count.text).toBe(200);
    noSecrets(count.text);
    expect(JSON.stringify(count.body)).toContain('1');
    expect((await repApi.get(`${crm}/deals/records/aggregate?aggregates=margin:sum`)).status).toBe(422);
    const csv = await repApi.get(`${crm}/deals/records.csv`);
    expect(csv.text).toContain('Mine');
    noSecrets(csv.text);
    expect(csv.text.split('\n')[0]).not.toMatch(/margin|secret_note/);
  });

  it("computes a linked table's rollups from the deals the rep may see, and offers only those in the link picker", async () => {
    const { repApi, acme, mine } = await aRepWithOwnDeals();
    const company = (await repApi.get(`${crm}/companies/records/${acme.id}`)).body;
    // A rollup over a hidden field is empty for the rep; the title rollup counts only their deal.
    expect(company.fields.deal_margins).toBeNull();
    expect(company.fields.deal_titles).toBe('Mine');
    // The link itself lists only the deal the rep may open, not the ids of the others.
    expect(company.fields.deals).toEqual([mine.id]);
    const theirsAsLinked = await repApi.get(
      `${crm}/companies/records?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'is', value: 'Acme' }))}`,
    );
    expect(theirsAsLinked.body.items[0].fields.deals).toEqual([mine.id]);
    noSecrets(JSON.stringify(company));
    const picker = await repApi.get(`${crm}/deals/records?q=&fields=title&limit=20`);
    expect(titles(picker.body.items)).toEqual(['Mine']);
    const companies = await repApi.get(`${crm}/companies/records.csv`);
    noSecrets(companies.text);
  });

  it("refuses comments and history of a record outside the scope, and the app's audit log", async () => {
    const { api, repApi, mine, theirs } = await aRepWithOwnDeals();
    expect((await repApi.get(`${crm}/deals/records/${theirs.id}/comments`)).status).toBe(403);
    expect(
      (await repApi.post(`${crm}/deals/records/${theirs.id}/comments`, { body: 'let me in' })).status,
    ).toBe(403);
    const theirHistory = await repApi.get(`${crm}/deals/records/${theirs.id}/history`);
    expect(theirHistory.body.items ?? []).toEqual([]);
    noSecrets(theirHistory.text);
    await api.patch(`${crm}/deals/records/${mine.id}`, { fields: { margin: 7, secret_note: 'zebra-2' } });
    const myHistory = await repApi.get(`${crm}/deals/records/${mine.id}/history`);
    expect(myHistory.status).toBe(200);
    expect(myHistory.body.items.length).toBeGreaterThan(0);
    expect(myHistory.text).not.toContain('zebra');
    expect(myHistory.text).not.toContain('margin');
    expect((await repApi.get('/api/apps/crm/audit')).status).toBe(403);
    expect((await repApi.get('/api/apps/crm/audit.csv')).status).toBe(403);
  });

  it('refuses writes to hidden fields and to records outside the scope, changing nothing, even in a batch', async () => {
    const { api, repApi, mine, theirs } = await aRepWithOwnDeals();
    const hidden = await repApi.patch(`${crm}/deals/records/${mine.id}`, { fields: { margin: 1 } });
    // A hidden field does not exist for the rep: writing it is the error for an unknown field.
    expect(hidden.status).toBe(422);
    expect(hidden.body.error.details[0].field).toBe('margin');
    const outside = await repApi.patch(`${crm}/deals/records/${theirs.id}`, {
      fields: { title: 'mine now' },
    });
    expect(outside.status).toBe(403);
    const batch = await repApi.patch(`${crm}/deals/records`, {
      records: [
        { id: mine.id, fields: { title: 'Mine, renamed' } },
        { id: theirs.id, fields: { title: 'also mine' } },
      ],
    });
    expect(batch.status).toBe(403);
    const fieldsNow = async (id: string) => (await api.get(`${crm}/deals/records/${id}`)).body.fields;
    expect(await fieldsNow(mine.id)).toMatchObject({ title: 'Mine', margin: 5 });
    expect(await fieldsNow(theirs.id)).toMatchObject({ title: 'Theirs', margin: 500 });
  });
});
