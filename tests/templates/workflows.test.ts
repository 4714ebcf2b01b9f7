import { describe, expect, it } from 'vitest';
import type { Actor, Engine } from '../../engine/index.ts';
import { type InstallOptions, installTemplate, loadTemplate } from '../../engine/templates/index.ts';
import { anEngine, testClock } from '../helpers/engine.ts';
import { anSmtpServer } from '../helpers/smtp.ts';
import { anInstaller } from './builders.ts';

const hourMs = 3_600_000;

/** A shipped template installed without sample data, on an engine with a clock the test moves. */
async function installed(name: string, options: InstallOptions = {}, mail?: { url: string }) {
  const clock = testClock(Date.parse('2026-11-16T02:00:00Z'));
  const engine = anEngine(clock, mail ? { mail } : {});
  const actor = await anInstaller(engine);
  await installTemplate(engine, actor, await loadTemplate(name), { sampleData: false, ...options });
  return { engine, actor, clock };
}

/** A user in one of the teams the template created. */
function aMember(engine: Engine, name: string, team: string, manager?: string) {
  return engine.people.createUser(
    {
      email: `${name}@example.com`,
      name,
      team: engine.people.team(team).id,
      ...(manager ? { manager } : {}),
    },
    null,
  );
}

const actorOf = (user: { id: string; team: string | null }): Actor => ({
  userId: user.id,
  isAdmin: false,
  roles: [],
  teamId: user.team,
});

function publicForm(engine: Engine, app: string, table: string, view: string): string {
  return engine.metadata.registry.table(app, table).views.find((v) => v.name === view)!.form!.publicId!;
}

/** Every run of a workflow, oldest first, with its steps. */
function runsOf(engine: Engine, app: string, workflow: string) {
  return engine.workflows
    .listRuns(app, workflow)
    .reverse()
    .map((run) => engine.workflows.run(run.id));
}

const titles = (engine: Engine, userId: string) => engine.workflows.inbox.list(userId).map((n) => n.title);

describe('pipeline template: workflows', () => {
  it('assigns web-form leads round-robin in the sales team once it has people, each with a follow-up task due in two days', async () => {
    const { engine, actor, clock } = await installed('pipeline');
    const form = publicForm(engine, 'pipeline', 'leads', 'web_form');
    const submit = (n: number) =>
      engine.forms.submit(form, {
        fields: { name: `Lead ${n}`, company_name: 'Acme', email: `lead${n}@example.org` },
      });

    // Nobody is in sales yet: the assignment fails at run time with a clear error; the lead waits.
    const early = await submit(0);
    await engine.workflows.tick();
    expect((await engine.records.get(actor, 'pipeline', 'leads', early.id)).fields.owner).toBeNull();
    expect(runsOf(engine, 'pipeline', 'assign_new_leads')).toMatchObject([
      { status: 'failed', error: expect.stringContaining('no active members') },
    ]);

    const reps = [
      await aMember(engine, 'ann', 'sales'),
      await aMember(engine, 'bob', 'sales'),
      await aMember(engine, 'cyd', 'sales'),
    ];
    const leads = [];
    for (let n = 1; n <= 6; n++) leads.push(await submit(n));
    await engine.workflows.tick();

    const owners = [];
    for (const lead of leads)
      owners.push((await engine.records.get(actor, 'pipeline', 'leads', lead.id)).fields.owner);
    const turn = reps.map((r) => r.id).sort();
    expect(owners).toEqual([...turn, ...turn]);

    const tasks = runsOf(engine, 'pipeline', 'lead_follow_up').map((run) => run.steps[0]!.output);
    expect(tasks.map((t) => t.assignee)).toEqual([null, ...owners]);
    expect(tasks[1]).toMatchObject({
      title: 'Follow up with Lead 1 / 跟进线索：Lead 1',
      dueAt: new Date(clock.now + 48 * hourMs).toISOString(),
      remindAt: new Date(clock.now + 46 * hourMs).toISOString(),
    });
  });

  it('opens the contract approval for a big deal reaching negotiation, locks its amount, and hands the won deal to finance and service', async () => {
    const { engine, actor } = await installed('pipeline');
    const boss = await aMember(engine, 'boss', 'executive');
    const manager = await aMember(engine, 'manager', 'sales', boss.id);
    const rep = await aMember(engine, 'rep', 'sales', manager.id);
    const fay = await aMember(engine, 'fay', 'finance');
    const sam = await aMember(engine, 'sam', 'service');
    const deal = (name: string, amount: number) =>
      engine.records.create(actor, 'pipeline', 'opportunities', {
        fields: { name, amount, stage: 'proposal', owner: rep.id },
      });
    const small = await deal('Small', 40_000);
    const big = await deal('Big', 250_000);
    const risky = await deal('Risky', 300_000);
    for (const { id } of [small, big, risky])
      await engine.records.update(actor, 'pipeline', 'opportunities', id, {
        fields: { stage: 'negotiation' },
      });
    await engine.workflows.tick();

    const table = engine.metadata.registry.table('pipeline', 'opportunities').doc.id;
    expect(engine.workflows.approvals.forRecord(table, Number(small.id))).toEqual([]);
    const [approval] = engine.workflows.approvals.forRecord(table, Number(big.id));
    expect(approval).toMatchObject({
      status: 'pending',
      title: 'Contract approval / 合同审批：Big (250,000 USD)',
    });
    expect(approval!.steps.map((s) => s.approvers)).toEqual([[manager.id], [fay.id], [boss.id]]);
    await expect(
      engine.records.update(actor, 'pipeline', 'opportunities', big.id, { fields: { amount: 1 } }),
    ).rejects.toMatchObject({ code: 'record_locked' });

    for (const approver of [manager, fay, boss])
      await engine.workflows.approvals.decide(actorOf(approver), approval!.id, 'approve', null);
    await engine.workflows.tick();
    expect(engine.workflows.approvals.get(approval!.id).status).toBe('approved');
    expect(titles(engine, rep.id)).toContain('Contract approved / 合同审批通过：Big');

    // A rejection at any step sends the deal back to Proposal and tells its owner.
    const [rejected] = engine.workflows.approvals.forRecord(table, Number(risky.id));
    await engine.workflows.approvals.decide(actorOf(manager), rejected!.id, 'reject', 'Margin too thin');
    await engine.workflows.tick();
    expect((await engine.records.get(actor, 'pipeline', 'opportunities', risky.id)).fields.stage).toBe(
      'proposal',
    );
    expect(titles(engine, rep.id)).toContain('Contract rejected / 合同审批未通过：Risky');

    await engine.records.update(actor, 'pipeline', 'opportunities', big.id, {
      fields: { amount: 260_000, stage: 'won' },
    });
    await engine.workflows.tick();
    expect(titles(engine, fay.id)).toContain('Please invoice / 请开票：Big');
    const [handoff] = runsOf(engine, 'pipeline', 'won_handoff');
    expect(handoff!.steps[1]!.output).toMatchObject({
      title: 'Prepare onboarding / 准备客户上线：Big',
      assignee: sam.id,
    });
  });

  it('gives reps their own deals, managers their team’s, and finance the won deals’ invoice fields', async () => {
    const { engine, actor } = await installed('pipeline');
    const manager = await aMember(engine, 'manager', 'sales');
    const rep = await aMember(engine, 'rep', 'sales', manager.id);
    const peer = await aMember(engine, 'peer', 'sales', manager.id);
    const fay = await aMember(engine, 'fay', 'finance');
    for (const [user, role] of [
      [rep, 'sales_rep'],
      [peer, 'sales_rep'],
      [manager, 'sales_manager'],
      [fay, 'finance'],
    ] as const)
      await engine.access.setMember(actor, 'pipeline', user.id, [role]);
    const won = await engine.records.create(actor, 'pipeline', 'opportunities', {
      fields: { name: 'Won deal', amount: 5000, stage: 'won', owner: rep.id },
    });
    await engine.records.create(actor, 'pipeline', 'opportunities', {
      fields: { name: 'Open deal', amount: 7000, stage: 'qualified', owner: peer.id },
    });
    const names = (user: typeof rep) =>
      engine.query
        .list(actorOf(user), 'pipeline', 'opportunities', {})
        .items.map((r) => r.fields.name)
        .sort();
    expect(names(rep)).toEqual(['Won deal']);
    expect(names(manager)).toEqual(['Open deal', 'Won deal']);
    expect(names(fay)).toEqual(['Won deal']);

    await engine.records.update(actorOf(fay), 'pipeline', 'opportunities', won.id, {
      fields: { invoice_number: 'INV-2026-0100', invoiced_on: '2026-11-16' },
    });
    await expect(
      engine.records.update(actorOf(fay), 'pipeline', 'opportunities', won.id, { fields: { amount: 1 } }),
    ).rejects.toMatchObject({ kind: expect.stringMatching(/invalid|forbidden/) });
    await expect(
      engine.records.update(actorOf(rep), 'pipeline', 'opportunities', won.id, {
        fields: { invoice_number: 'mine' },
      }),
    ).rejects.toMatchObject({ kind: expect.stringMatching(/invalid|forbidden/) });
    expect((await engine.records.get(actor, 'pipeline', 'opportunities', won.id)).fields).toMatchObject({
      amount: 5000,
      invoice_number: 'INV-2026-0100',
    });
  });
});

describe('service template: workflows', () => {
  it('escalates an open ticket whose SLA passes, leaves a closed one alone, and e-mails the survey link on closing', async () => {
    const smtp = await anSmtpServer();
    const { engine, actor, clock } = await installed(
      'service',
      { publicUrl: 'https://crm.example.com/' },
      { url: smtp.url },
    );
    const lead = await aMember(engine, 'lead', 'service');
    const agent = await aMember(engine, 'agent', 'service_desk', lead.id);
    const ticket = (subject: string) =>
      engine.records.create(actor, 'service', 'tickets', {
        fields: { subject, type: 'request', contact_name: 'Ada', contact_email: 'ada@example.org' },
      });
    const stuck = await ticket('Printer jam');
    const solved = await ticket('Password reset');
    await engine.workflows.tick();
    // New tickets go to the least busy service desk agent.
    expect((await engine.records.get(actor, 'service', 'tickets', stuck.id)).fields.assignee).toBe(agent.id);
    await engine.records.update(actor, 'service', 'tickets', solved.id, { fields: { status: 'closed' } });
    await engine.workflows.tick();

    clock.now += 25 * hourMs; // past the 24-hour SLA of a normal ticket
    await engine.workflows.tick();
    expect((await engine.records.get(actor, 'service', 'tickets', stuck.id)).fields).toMatchObject({
      priority: 'high',
      escalated: true,
    });
    expect((await engine.records.get(actor, 'service', 'tickets', solved.id)).fields).toMatchObject({
      priority: 'normal',
      escalated: false,
    });
    for (const user of [agent, lead])
      expect(titles(engine, user.id)).toEqual(['Ticket past SLA / 工单已超出 SLA：T-10001 Printer jam']);

    const [survey] = runsOf(engine, 'service', 'satisfaction_survey');
    expect(survey).toMatchObject({ status: 'succeeded', record: solved.id });
    expect(smtp.received.filter((m) => m.to.includes('ada@example.org'))).toHaveLength(1);
    const preview = await engine.workflows.dryRun(actor, 'service', 'satisfaction_survey', solved.id);
    const publicId = publicForm(engine, 'service', 'surveys', 'survey');
    expect((preview.steps[0]!.output as { wouldSend: { text: string } }).wouldSend.text).toContain(
      `Hello Ada,\n\nyour ticket T-10002 "Password reset" is closed. Please tell us how we did; it takes two minutes:\nhttps://crm.example.com/f/${publicId}\n`,
    );
  });
});

describe('marketing template: workflows', () => {
  it('turns a campaign member who responds into a lead linked back, assigned to sales', async () => {
    const { engine, actor } = await installed('marketing');
    const sally = await aMember(engine, 'sally', 'sales');
    const contact = await engine.records.create(actor, 'marketing', 'contacts', {
      fields: { name: 'Ada Lovelace', email: 'ada@example.org', company: 'Analytical Engines Ltd' },
    });
    const campaign = await engine.records.create(actor, 'marketing', 'campaigns', {
      fields: { name: 'Webinar: forecasting', channel: 'webinar' },
    });
    const member = await engine.records.create(actor, 'marketing', 'campaign_members', {
      fields: { campaign: [campaign.id], contact: [contact.id], status: 'sent' },
    });
    await engine.records.update(actor, 'marketing', 'campaign_members', member.id, {
      fields: { status: 'responded' },
    });
    await engine.workflows.tick();
    await engine.records.update(actor, 'marketing', 'campaign_members', member.id, {
      fields: { status: 'converted' },
    });
    await engine.workflows.tick();

    const leads = engine.query.list(actor, 'marketing', 'leads', {}).items;
    expect(leads.map((l) => l.fields)).toMatchObject([
      {
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        company: 'Analytical Engines Ltd',
        status: 'new',
        owner: sally.id,
        campaign: [campaign.id],
        contact: [contact.id],
        campaign_member: [member.id],
        campaign_name: 'Webinar: forecasting',
      },
    ]);
    expect(
      (await engine.records.get(actor, 'marketing', 'campaign_members', member.id)).fields,
    ).toMatchObject({
      became_lead: true,
      lead: [leads[0]!.id],
    });
    expect(runsOf(engine, 'marketing', 'assign_new_leads')[0]!.steps[1]!.output).toMatchObject({
      assignee: sally.id,
    });
  });
});

describe('customer template: workflows', () => {
  it('hands web enquiries to account managers in turn and tells the account owner about an unhappy customer', async () => {
    const { engine, actor } = await installed('customer');
    const boss = await aMember(engine, 'boss', 'account_managers');
    const amy = await aMember(engine, 'amy', 'account_managers', boss.id);
    const form = publicForm(engine, 'customer', 'contacts', 'contact_us');
    const enquiry = await engine.forms.submit(form, { fields: { name: 'Ada', email: 'ada@example.org' } });
    await engine.workflows.tick();
    const owner = (await engine.records.get(actor, 'customer', 'contacts', enquiry.id)).fields.owner;
    expect([amy.id, boss.id]).toContain(owner);
    expect(runsOf(engine, 'customer', 'assign_web_enquiries')[0]!.steps[1]!.output).toMatchObject({
      title: "Reply to Ada's enquiry / 回复 Ada 的咨询",
      assignee: owner,
    });

    const company = await engine.records.create(actor, 'customer', 'companies', {
      fields: { name: 'Acme', owner: boss.id },
    });
    await engine.records.create(actor, 'customer', 'interactions', {
      fields: {
        subject: 'Renewal call',
        channel: 'call',
        occurred_at: '2026-11-16T01:00:00Z',
        company: [company.id],
        outcome: 'negative',
        owner: amy.id,
      },
    });
    await engine.workflows.tick();
    // The company's owner is also the logger's manager: told once.
    expect(titles(engine, boss.id)).toEqual(['Unhappy customer / 客户反馈消极：Renewal call']);
  });
});
