import { describe, expect, it } from 'vitest';
import { admin, anEngine, testClock } from '../../helpers/engine.ts';

const dayMs = 86_400_000;

async function aDormancyTracker() {
  const clock = testClock(Date.parse('2026-03-15T10:00:00Z'));
  const engine = anEngine(clock);
  await engine.metadata.createApp(admin, { name: 'crm' });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'companies',
    fields: [{ name: 'name', type: 'text' }],
  });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'contacts',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'last_contact', type: 'date' },
      {
        name: 'company',
        type: 'link',
        options: { table: 'companies', inverse: 'contacts', inverseMany: true },
      },
    ],
  });
  await engine.metadata.createField(admin, 'crm', 'contacts', {
    name: 'days_quiet',
    type: 'formula',
    options: { expression: '$round(($toMillis($today()) - $toMillis(last_contact)) / 86400000)' },
  });
  await engine.metadata.createField(admin, 'crm', 'companies', {
    name: 'quietest',
    type: 'rollup',
    options: { link: 'contacts', field: 'days_quiet', fn: 'max' },
  });
  const acme = await engine.records.create(admin, 'crm', 'companies', { fields: { name: 'Acme' } });
  // More contacts than one refresh batch holds.
  await engine.records.createMany(
    admin,
    'crm',
    'contacts',
    Array.from({ length: 1200 }, (_, i) => ({
      fields: { name: `c${i}`, last_contact: '2026-03-10', company: i < 3 ? [acme.id] : [] },
    })),
    { maxRecords: 1200 },
  );
  return { engine, clock, acme };
}

describe('formulas that read the clock', () => {
  it('move on with the calendar when refreshed, with their dependents, and announce what moved', async () => {
    const { engine, clock, acme } = await aDormancyTracker();
    const quiet = () =>
      engine.query.list(admin, 'crm', 'contacts', { limit: 1000 }).items.map((c) => c.fields.days_quiet);
    expect(new Set(quiet())).toEqual(new Set([5]));
    const eventsBefore = engine.outbox.lastId();

    clock.now += 2 * dayMs;
    expect(await engine.records.refreshClockFormulas()).toBe(1200);
    expect(new Set(quiet())).toEqual(new Set([7]));
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields.quietest).toBe(7);
    const recomputed = engine.outbox
      .read(eventsBefore, 1000)
      .filter((e) => e.type === 'records.recomputed')
      .map((e) => e.payload as { table: string; records: string[]; fields: string[] });
    expect(recomputed.filter((p) => p.table === 'contacts').flatMap((p) => p.records)).toHaveLength(1200);
    expect(recomputed.find((p) => p.table === 'companies')?.fields).toContain('quietest');
  });

  it('changes and announces nothing when the day has not moved', async () => {
    const { engine, clock } = await aDormancyTracker();
    clock.now += 60_000;
    const eventsBefore = engine.outbox.lastId();
    expect(await engine.records.refreshClockFormulas()).toBe(0);
    expect(engine.outbox.lastId()).toBe(eventsBefore);
  });
});
