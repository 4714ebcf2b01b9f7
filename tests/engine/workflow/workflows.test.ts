import { describe, expect, it } from 'vitest';
import { aCrm, admin, anEngine, testClock } from '../../helpers/engine.ts';

async function setup() {
  const clock = testClock();
  const engine = anEngine(clock);
  await aCrm(engine);
  return { clock, engine };
}

describe('workflows: triggers, conditions and record actions', () => {
  it('updates a new record when its condition holds, and not otherwise', async () => {
    const { engine } = await setup();
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'qualify_big_leads',
      trigger: { type: 'record_created', table: 'deals' },
      condition: { field: 'amount', op: 'gte', value: 10000 },
      actions: [
        {
          type: 'update_record',
          fields: { stage: 'qualified', probability: { expr: 'amount > 50000 ? 50 : 20' } },
        },
      ],
    });
    const big = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'Big', amount: 60000, stage: 'lead' },
    });
    const small = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'Small', amount: 10, stage: 'lead' },
    });
    await engine.workflows.tick();
    const bigAfter = await engine.records.get(admin, 'crm', 'deals', big.id);
    expect(bigAfter.fields.stage).toBe('qualified');
    expect(bigAfter.fields.probability).toBe(50);
    expect(bigAfter.fields.weighted).toBe(30000);
    expect((await engine.records.get(admin, 'crm', 'deals', small.id)).fields.stage).toBe('lead');
    const runs = engine.workflows.listRuns('crm', 'qualify_big_leads');
    expect(runs.map((r) => r.status)).toEqual(['succeeded']);
  });

  it('runs record_updated only when a watched field changes, with before and after', async () => {
    const { engine } = await setup();
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'won_note',
      trigger: { type: 'record_updated', table: 'deals', fields: ['stage'] },
      condition: { expr: "$after.stage = 'won' and $before.stage != 'won'" },
      actions: [{ type: 'create_record', table: 'companies', fields: { name: { expr: "'Won: ' & title" } } }],
    });
    const deal = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'D1', stage: 'lead' },
    });
    await engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { amount: 5 } });
    await engine.workflows.tick();
    expect(engine.query.count(admin, 'crm', 'companies')).toBe(0);
    await engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { stage: 'won' } });
    await engine.workflows.tick();
    const names = engine.query.list(admin, 'crm', 'companies').items.map((r) => r.fields.name);
    expect(names).toEqual(['Won: D1']);
  });

  it('stops a rule that triggers itself after the depth limit, with a clear error', async () => {
    const { engine } = await setup();
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'bump',
      trigger: { type: 'record_updated', table: 'deals' },
      actions: [{ type: 'update_record', fields: { amount: { expr: '$exists(amount) ? amount + 1 : 1' } } }],
    });
    const deal = await engine.records.create(admin, 'crm', 'deals', { fields: { title: 'loop' } });
    await engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { amount: 0 } });
    await engine.workflows.tick();
    const runs = engine.workflows.listRuns('crm', 'bump', 100);
    const failed = runs.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(/loop protection/);
    expect((await engine.records.get(admin, 'crm', 'deals', deal.id)).fields.amount).toBe(6);
  });

  it('does not run disabled rules', async () => {
    const { engine } = await setup();
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'off',
      enabled: false,
      trigger: { type: 'record_created', table: 'deals' },
      actions: [{ type: 'update_record', fields: { stage: 'won' } }],
    });
    const deal = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'x', stage: 'lead' },
    });
    await engine.workflows.tick();
    expect((await engine.records.get(admin, 'crm', 'deals', deal.id)).fields.stage).toBe('lead');
    expect(engine.workflows.listRuns('crm', 'off')).toEqual([]);
  });

  it('refuses a workflow that names a missing field, naming the spot', async () => {
    const { engine } = await setup();
    await expect(
      engine.workflows.definitions.create(admin, 'crm', {
        name: 'bad',
        trigger: { type: 'record_created', table: 'deals' },
        actions: [{ type: 'update_record', fields: { nope: 1 } }],
      }),
    ).rejects.toMatchObject({ details: [{ field: 'actions.0.fields.nope' }] });
  });

  it('fires a date trigger three days before the close date, re-planned when the date moves', async () => {
    const { engine, clock } = await setup();
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'closing_soon',
      trigger: {
        type: 'date_reached',
        table: 'deals',
        dateField: 'close_date',
        offset: { days: -3 },
        atHour: 9,
      },
      actions: [{ type: 'update_record', fields: { probability: 90 } }],
    });
    const deal = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'soon', close_date: '2026-03-25' },
    });
    await engine.workflows.tick();
    await engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { close_date: '2026-03-30' } });
    clock.now = Date.parse('2026-03-22T09:30:00Z');
    await engine.workflows.tick();
    expect((await engine.records.get(admin, 'crm', 'deals', deal.id)).fields.probability).toBeNull();
    clock.now = Date.parse('2026-03-27T09:00:00Z');
    await engine.workflows.tick();
    expect((await engine.records.get(admin, 'crm', 'deals', deal.id)).fields.probability).toBe(90);
  });

  it('runs a schedule at its cron time in its time zone', async () => {
    const { engine, clock } = await setup();
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'daily',
      trigger: { type: 'schedule', cron: '0 8 * * *', timeZone: 'Asia/Shanghai' },
      actions: [{ type: 'create_record', table: 'companies', fields: { name: 'daily check' } }],
    });
    await engine.workflows.tick();
    expect(engine.query.count(admin, 'crm', 'companies')).toBe(0);
    clock.now = Date.parse('2026-03-16T00:00:00Z'); // 08:00 in Shanghai
    await engine.workflows.tick();
    await engine.workflows.tick();
    expect(engine.query.count(admin, 'crm', 'companies')).toBe(1);
  });

  it('branches, waits two days, then creates a task and notifies the owner in the inbox', async () => {
    const { engine, clock } = await setup();
    const rep = await engine.people.createUser({ email: 'rep@example.com', name: 'Rep' }, null);
    await engine.metadata.createField(admin, 'crm', 'deals', { name: 'owner', type: 'user' });
    await engine.metadata.updateTable(admin, 'crm', 'deals', { ownerField: 'owner' });
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'follow_up',
      trigger: { type: 'record_created', table: 'deals' },
      actions: [
        {
          type: 'branch',
          condition: { field: 'amount', op: 'gt', value: 100 },
          ifTrue: [{ type: 'wait', duration: { days: 2 } }],
          ifFalse: [],
        },
        {
          type: 'create_task',
          title: 'Follow up {{title}}',
          assignee: '$owner',
          dueIn: { days: 1 },
          remindBefore: { hours: 2 },
        },
        { type: 'notify', to: ['$owner'], title: 'New deal {{title}}' },
      ],
    });
    await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'Acme', amount: 500, owner: rep.id },
    });
    await engine.workflows.tick();
    expect(engine.workflows.inbox.unreadCount(rep.id)).toBe(0);
    clock.now += 2 * 86_400_000 + 1000;
    await engine.workflows.tick();
    expect(engine.workflows.inbox.list(rep.id).map((n) => n.title)).toEqual(['New deal Acme']);
    clock.now += 86_400_000;
    await engine.workflows.tick();
    expect(engine.workflows.inbox.list(rep.id).map((n) => n.title)).toEqual([
      'Reminder: Follow up Acme',
      'New deal Acme',
    ]);
  });

  it('dry-runs a rule against a record without changing anything', async () => {
    const { engine } = await setup();
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'manual_win',
      trigger: { type: 'manual', table: 'deals' },
      actions: [
        { type: 'update_record', fields: { stage: 'won' } },
        { type: 'create_record', table: 'companies', fields: { name: { expr: 'title' } } },
      ],
    });
    const deal = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'T', stage: 'lead' },
    });
    const report = await engine.workflows.dryRun(admin, 'crm', 'manual_win', deal.id);
    expect(report.steps.map((s) => s.status)).toEqual(['would_run', 'would_run']);
    expect(report.steps[1]!.output).toEqual({ wouldCreateIn: 'companies', fields: { name: 'T' } });
    expect((await engine.records.get(admin, 'crm', 'deals', deal.id)).fields.stage).toBe('lead');
    const run = await engine.workflows.runManual(admin, 'crm', 'manual_win', deal.id);
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((s) => s.type)).toEqual(['update_record', 'create_record']);
    expect((await engine.records.get(admin, 'crm', 'deals', deal.id)).fields.stage).toBe('won');
  });
});

describe('workflows: changes that follow from other writes', () => {
  it('runs a rule watching a rollup when a linked record moves it past a threshold', async () => {
    const clock = testClock();
    const engine = anEngine(clock);
    await aCrm(engine);
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'big_account',
      trigger: { type: 'record_updated', table: 'companies', fields: ['pipeline'] },
      condition: { field: 'pipeline', op: 'gte', value: 1000 },
      actions: [{ type: 'update_record', fields: { industry: 'finance' } }],
    });
    const acme = await engine.records.create(admin, 'crm', 'companies', { fields: { name: 'Acme' } });
    await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'small', amount: 10, company: [acme.id] },
    });
    await engine.workflows.tick();
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields.industry).toBeNull();
    await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'big', amount: 5000, company: [acme.id] },
    });
    await engine.workflows.tick();
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields.industry).toBe('finance');
    const events = engine.outbox.read(0, 500).filter((e) => e.type === 'records.recomputed');
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.payload).toMatchObject({ table: 'companies', records: [Number(acme.id)] });
  });
});

describe('workflows: the dispatcher on a busy server', () => {
  it('passes over writes of an app without rules with no transaction per batch, and saves how far it read', async () => {
    const { clock, engine } = await setup();
    let commits = 0;
    engine.store.onCommit(() => commits++);
    const savedCursor = () =>
      Number(
        (
          engine.store.reader.prepare("SELECT value FROM workflow_state WHERE key = 'cursor'").get() as {
            value: string;
          }
        ).value,
      );
    for (let i = 0; i < 120; i++)
      await engine.records.create(admin, 'crm', 'companies', { fields: { name: `Co ${i}` } });
    commits = 0;
    await engine.workflows.tick();
    expect(commits).toBe(1);
    expect(savedCursor()).toBe(engine.outbox.lastId());

    const before = savedCursor();
    for (let i = 0; i < 10; i++)
      await engine.records.create(admin, 'crm', 'companies', { fields: { name: `More ${i}` } });
    commits = 0;
    await engine.workflows.tick();
    expect(commits).toBe(0);
    expect(savedCursor()).toBe(before);
    clock.now += 1000;
    await engine.workflows.tick();
    expect(savedCursor()).toBe(engine.outbox.lastId());

    // A rule made afterwards runs for the writes that follow it, and only those.
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'tag_new',
      trigger: { type: 'record_created', table: 'companies' },
      actions: [{ type: 'update_record', fields: { industry: 'finance' } }],
    });
    const fresh = await engine.records.create(admin, 'crm', 'companies', { fields: { name: 'Fresh' } });
    await engine.workflows.tick();
    expect((await engine.records.get(admin, 'crm', 'companies', fresh.id)).fields.industry).toBe('finance');
    expect(engine.workflows.listRuns('crm', 'tag_new')).toHaveLength(1);
  });
});
