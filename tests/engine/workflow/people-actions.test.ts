import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../engine/index.ts';
import { aCrm, admin, anEngine, testClock } from '../../helpers/engine.ts';
import { anSmtpServer } from '../../helpers/smtp.ts';

async function withOwners(engine: Engine) {
  await aCrm(engine);
  await engine.metadata.createField(admin, 'crm', 'deals', { name: 'owner', type: 'user' });
  await engine.metadata.createField(admin, 'crm', 'deals', {
    name: 'region',
    type: 'single_select',
    options: { choices: [{ name: 'north' }, { name: 'south' }] },
  });
  await engine.metadata.updateTable(admin, 'crm', 'deals', { ownerField: 'owner' });
  const sales = await engine.people.createTeam({ name: 'sales' });
  const finance = await engine.people.createTeam({ name: 'finance' });
  const boss = await engine.people.createUser({ email: 'boss@example.com', name: 'Boss' }, null);
  const manager = await engine.people.createUser(
    { email: 'manager@example.com', name: 'Manager', team: sales.id, manager: boss.id },
    null,
  );
  const ann = await engine.people.createUser(
    { email: 'ann@example.com', name: 'Ann', team: sales.id, manager: manager.id },
    null,
  );
  const bob = await engine.people.createUser(
    { email: 'bob@example.com', name: 'Bob', team: sales.id, manager: manager.id },
    null,
  );
  const fay = await engine.people.createUser(
    { email: 'fay@example.com', name: 'Fay', team: finance.id },
    null,
  );
  return { boss, manager, ann, bob, fay };
}

const actorOf = (id: string) => ({ userId: id, isAdmin: false, roles: [] });

describe('workflows: assignment', () => {
  it('assigns new deals round-robin within the sales team', async () => {
    const engine = anEngine(testClock());
    const { ann, bob, manager } = await withOwners(engine);
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'assign',
      trigger: { type: 'record_created', table: 'deals' },
      actions: [{ type: 'assign_owner', strategy: 'round_robin', team: 'sales' }],
    });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await engine.records.create(admin, 'crm', 'deals', { fields: { title: `d${i}` } })).id);
    await engine.workflows.tick();
    const owners = await Promise.all(
      ids.map(async (id) => (await engine.records.get(admin, 'crm', 'deals', id)).fields.owner),
    );
    const members = [ann.id, bob.id, manager.id].sort();
    expect(owners).toEqual([...members, ...members]);
  });

  it('assigns to the least-loaded person and by region rule', async () => {
    const engine = anEngine(testClock());
    const { ann, bob } = await withOwners(engine);
    for (let i = 0; i < 3; i++)
      await engine.records.create(admin, 'crm', 'deals', { fields: { title: `a${i}`, owner: ann.id } });
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'least',
      trigger: { type: 'record_created', table: 'deals' },
      condition: { field: 'region', op: 'is_empty' },
      actions: [{ type: 'assign_owner', strategy: 'least_loaded', users: [ann.id, bob.id] }],
    });
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'by_region',
      trigger: { type: 'record_created', table: 'deals' },
      condition: { field: 'region', op: 'is_not_empty' },
      actions: [
        {
          type: 'assign_owner',
          strategy: 'rule',
          rules: [
            { condition: { field: 'region', op: 'is', value: 'north' }, user: ann.id },
            { condition: { field: 'region', op: 'is', value: 'south' }, user: bob.id },
          ],
        },
      ],
    });
    const plain = await engine.records.create(admin, 'crm', 'deals', { fields: { title: 'new' } });
    const south = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 's', region: 'south' },
    });
    await engine.workflows.tick();

    expect((await engine.records.get(admin, 'crm', 'deals', plain.id)).fields.owner).toBe(bob.id);
    expect((await engine.records.get(admin, 'crm', 'deals', south.id)).fields.owner).toBe(bob.id);
  });
});

describe('workflows: approvals', () => {
  async function contractApproval() {
    const engine = anEngine(testClock());
    const people = await withOwners(engine);
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'contract_approval',
      trigger: { type: 'record_updated', table: 'deals', fields: ['stage'] },
      condition: {
        and: [
          { field: 'stage', op: 'is', value: 'qualified' },
          { field: 'amount', op: 'gt', value: 50000 },
        ],
      },
      actions: [
        {
          type: 'request_approval',
          title: 'Contract {{title}}',
          lockFields: ['amount'],
          steps: [
            { name: 'sales_manager', approvers: ['$manager'] },
            { name: 'finance', approvers: ['team:finance'] },
            { name: 'executive', approvers: [people.boss.id] },
          ],
          onApprove: [
            { type: 'update_record', fields: { stage: 'won' } },
            { type: 'notify', to: ['$owner'], title: 'Approved: {{title}}' },
          ],
          onReject: [{ type: 'update_record', fields: { stage: 'lost' } }],
        },
      ],
    });
    const deal = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'Mega', amount: 90000, stage: 'lead', owner: people.ann.id },
    });
    await engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { stage: 'qualified' } });
    await engine.workflows.tick();
    const approval = engine.workflows.approvals.forRecord(
      engine.metadata.registry.table('crm', 'deals').doc.id,
      Number(deal.id),
    )[0]!;
    return { engine, people, deal, approval };
  }

  it('walks sales manager → finance → executive and runs the approve outcome', async () => {
    const { engine, people, deal, approval } = await contractApproval();
    expect(approval.status).toBe('pending');
    expect(approval.steps.map((s) => s.approvers)).toEqual([
      [people.manager.id],
      [people.fay.id],
      [people.boss.id],
    ]);
    expect(engine.workflows.approvals.waitingFor(people.manager.id)).toHaveLength(1);
    await expect(
      engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { amount: 1 } }),
    ).rejects.toMatchObject({ code: 'record_locked' });
    await expect(
      engine.workflows.approvals.decide(actorOf(people.fay.id), approval.id, 'approve', null),
    ).rejects.toMatchObject({ code: 'not_an_approver' });
    await engine.workflows.approvals.decide(actorOf(people.manager.id), approval.id, 'approve', 'ok');
    await engine.workflows.approvals.decide(actorOf(people.fay.id), approval.id, 'approve', 'budget fine');
    await engine.workflows.tick();
    expect((await engine.records.get(admin, 'crm', 'deals', deal.id)).fields.stage).toBe('qualified');
    await engine.workflows.approvals.decide(actorOf(people.boss.id), approval.id, 'approve', 'go');
    await engine.workflows.tick();
    const after = await engine.records.get(admin, 'crm', 'deals', deal.id);
    expect(after.fields.stage).toBe('won');
    const history = engine.workflows.approvals.get(approval.id);
    expect(history.status).toBe('approved');
    expect(history.decisions.map((d) => [d.step, d.decision, d.comment])).toEqual([
      [0, 'approve', 'ok'],
      [1, 'approve', 'budget fine'],
      [2, 'approve', 'go'],
    ]);
    expect(engine.workflows.inbox.list(people.ann.id).map((n) => n.title)).toContain('Approved: Mega');
    await engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { amount: 95000 } });
  });

  it('runs the reject outcome when anyone rejects', async () => {
    const { engine, people, deal, approval } = await contractApproval();
    await engine.workflows.approvals.decide(actorOf(people.manager.id), approval.id, 'reject', 'too risky');
    await engine.workflows.tick();
    expect((await engine.records.get(admin, 'crm', 'deals', deal.id)).fields.stage).toBe('lost');
    await expect(
      engine.workflows.approvals.decide(actorOf(people.fay.id), approval.id, 'approve', null),
    ).rejects.toMatchObject({ code: 'approval_decided' });
  });
});

describe('workflows: e-mail and webhooks', () => {
  const receivers: ReturnType<typeof createServer>[] = [];
  afterEach(() => {
    for (const r of receivers.splice(0)) r.close();
  });

  it('sends a templated e-mail to the contact through SMTP', async () => {
    const smtp = await anSmtpServer();
    const engine = anEngine(testClock(), { mail: { url: smtp.url } });
    await aCrm(engine);
    await engine.metadata.createField(admin, 'crm', 'deals', { name: 'contact_email', type: 'email' });
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'survey',
      trigger: { type: 'record_updated', table: 'deals', fields: ['stage'] },
      condition: { field: 'stage', op: 'is', value: 'won' },
      actions: [
        {
          type: 'send_email',
          to: { expr: 'contact_email' },
          subject: 'Thanks for {{title}}',
          body: 'Dear customer, your deal {{title}} of {{amount}} is done.',
        },
      ],
    });
    const deal = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'Order 7', amount: 1200, contact_email: 'li.na@example.cn' },
    });
    await engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { stage: 'won' } });
    await engine.workflows.tick();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['li.na@example.cn']);
    expect(smtp.received[0]!.raw).toContain('Subject: Thanks for Order 7');
    expect(smtp.received[0]!.raw).toContain('your deal Order 7 of 1200 is done');
  });

  it('signs webhook calls, retries with backoff while the receiver fails, and logs each delivery', async () => {
    const clock = testClock();
    const engine = anEngine(clock);
    await aCrm(engine);
    const calls: { signature: string | undefined; delivery: string | undefined; body: string }[] = [];
    let failures = 2;
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        calls.push({
          signature: req.headers['x-rapport-signature'] as string,
          delivery: req.headers['x-rapport-delivery'] as string,
          body,
        });
        res.statusCode = failures-- > 0 ? 503 : 200;
        res.end();
      });
    });
    receivers.push(receiver);
    await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', () => ready()));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await engine.workflows.definitions.create(admin, 'crm', {
      name: 'hook',
      trigger: { type: 'record_created', table: 'deals' },
      actions: [{ type: 'webhook', url, secret: 'shared-secret', body: { title: { expr: 'title' } } }],
    });
    await engine.records.create(admin, 'crm', 'deals', { fields: { title: 'Hooked' } });
    await engine.workflows.tick();
    expect(calls).toHaveLength(1);
    expect(engine.workflows.listRuns('crm', 'hook')[0]!.status).toBe('queued');
    clock.now += 31_000;
    await engine.workflows.tick();
    clock.now += 121_000;
    await engine.workflows.tick();
    expect(calls).toHaveLength(3);
    const run = engine.workflows.listRuns('crm', 'hook')[0]!;
    expect(run.status).toBe('succeeded');
    const expected = `sha256=${createHmac('sha256', 'shared-secret').update(calls[2]!.body).digest('hex')}`;
    expect(calls[2]!.signature).toBe(expected);
    expect(JSON.parse(calls[2]!.body)).toEqual({ title: 'Hooked' });
    expect(new Set(calls.map((c) => c.delivery)).size).toBe(1);
    const deliveries = engine.store.reader
      .prepare('SELECT status_code FROM webhook_deliveries ORDER BY id')
      .all();
    expect(deliveries).toEqual([{ status_code: 503 }, { status_code: 503 }, { status_code: 200 }]);
  });

  it('starts a run from an incoming webhook only with the right secret', async () => {
    const engine = anEngine(testClock());
    await aCrm(engine);
    const workflow = await engine.workflows.definitions.create(admin, 'crm', {
      name: 'inbound',
      trigger: { type: 'webhook' },
      actions: [{ type: 'create_record', table: 'companies', fields: { name: { expr: '$body.company' } } }],
    });
    await expect(engine.workflows.receiveWebhook('crm', 'inbound', 'wrong', {})).rejects.toMatchObject({
      code: 'bad_secret',
    });
    await engine.workflows.receiveWebhook('crm', 'inbound', workflow.trigger.secret, { company: 'Globex' });
    await engine.workflows.tick();
    expect(engine.query.list(admin, 'crm', 'companies').items.map((r) => r.fields.name)).toEqual(['Globex']);
  });
});
