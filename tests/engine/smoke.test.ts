import { describe, expect, it } from 'vitest';
import { aCrm, admin, anEngine } from '../helpers/engine.ts';

describe('engine: a small CRM end to end', () => {
  it('creates records whose formula, lookup and rollup follow edits on either side', async () => {
    const engine = anEngine();
    await aCrm(engine);
    const acme = await engine.records.create(admin, 'crm', 'companies', {
      fields: { name: 'Acme', city: 'Paris' },
    });
    const deal = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'Big one', amount: 1000, probability: 30, stage: 'lead', company: [acme.id] },
    });
    expect(deal.fields.weighted).toBe(300);
    expect(deal.fields.company_city).toBe('Paris');
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields.pipeline).toBe(1000);
    await engine.records.update(admin, 'crm', 'companies', acme.id, { fields: { city: 'Lyon' } });
    expect((await engine.records.get(admin, 'crm', 'deals', deal.id)).fields.company_city).toBe('Lyon');
    await engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { amount: 2500 } });
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields.pipeline).toBe(2500);
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields.deals).toEqual([deal.id]);
    const page = engine.query.list(admin, 'crm', 'deals', {
      filter: { field: 'stage', op: 'is', value: 'lead' },
      q: 'big',
    });
    expect(page.items.map((r) => r.id)).toEqual([deal.id]);
    await engine.records.delete(admin, 'crm', 'deals', deal.id);
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields.pipeline).toBe(0);
  });
});
