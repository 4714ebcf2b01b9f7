import { describe, expect, it } from 'vitest';
import { Conflict, systemActor } from '../../engine/index.ts';
import { installTemplate, loadTemplate } from '../../engine/templates/index.ts';
import { admin, anEngine, testClock } from '../helpers/engine.ts';
import { allRecords, anInstaller, aSmallTemplate, failureOf, userTables } from './builders.ts';

describe('templates: install', () => {
  it('builds the app in dependency order and links sample records by their keys', async () => {
    const engine = anEngine();
    const actor = await anInstaller(engine);
    const app = await installTemplate(engine, actor, aSmallTemplate());
    const companies = app.tablesByName.get('companies')!;
    // The rollup waits for the link it reads (declared by deals), the formula for its inputs.
    expect(companies.fields.map((f) => f.doc.name)).toEqual(['name', 'city', 'owner', 'deals', 'pipeline']);
    expect(app.tablesByName.get('deals')!.fields.map((f) => f.doc.name)).toEqual([
      'title',
      'amount',
      'probability',
      'stage',
      'close_date',
      'company',
      'weighted',
      'city',
    ]);
    const [acme, beta] = allRecords(engine, actor, 'small', 'companies');
    expect(acme!.fields).toMatchObject({ name: 'Acme', owner: actor.userId, pipeline: 500 });
    expect(beta!.fields).toMatchObject({ name: '北京星辰科技有限公司', owner: null, pipeline: 10 });
    const deals = allRecords(engine, actor, 'small', 'deals');
    expect(deals.map((d) => [d.fields.stage, d.fields.company, d.fields.city])).toEqual([
      ['won', [acme!.id], 'Paris'],
      ['lead', [beta!.id], '北京'],
    ]);
    expect(engine.metadata.findView(app.tablesByName.get('deals')!, 'form').form?.publicId).toBeDefined();
  });

  it("names a link's other side as planned when the template leaves the name out", async () => {
    const engine = anEngine();
    const actor = await anInstaller(engine);
    const template = aSmallTemplate();
    const [companies, deals] = template.tables;
    deals!.fields[5]!.options = { table: 'companies' };
    companies!.fields[3]!.options = { link: 'deals_2', field: 'weighted', fn: 'sum' };
    // A field listed later takes the plain name, so the inverse becomes deals_2.
    companies!.fields.push({
      templateKey: 'companies.deals',
      name: 'deals',
      label: 'Deal notes',
      type: 'long_text',
    });
    const app = await installTemplate(engine, actor, template);
    const link = app.tablesByName.get('deals')!.byName.get('company')!.link!;
    expect(link.inverse!.doc.name).toBe('deals_2');
    expect(app.tablesByName.get('companies')!.byName.get('deals')!.doc.type).toBe('long_text');
    expect(allRecords(engine, actor, 'small', 'companies').map((r) => r.fields.pipeline)).toEqual([500, 10]);
  });

  it('moves sample dates forward by the days since the template was written', async () => {
    const clock = testClock(Date.parse('2026-03-11T08:00:00Z'));
    const engine = anEngine(clock);
    const actor = await anInstaller(engine);
    await installTemplate(engine, actor, aSmallTemplate());
    const [deal] = allRecords(engine, actor, 'small', 'deals');
    expect(deal!.fields.close_date).toBe('2026-03-20');
  });

  it('installs as the system, leaving owners that would be "me" empty', async () => {
    const engine = anEngine();
    await installTemplate(engine, systemActor, aSmallTemplate());
    expect(allRecords(engine, admin, 'small', 'companies').map((r) => r.fields.owner)).toEqual([null, null]);
  });

  it('installs the same template twice under different names, and refuses a name in use', async () => {
    const engine = anEngine();
    const actor = await anInstaller(engine);
    const template = await loadTemplate('customer');
    await installTemplate(engine, actor, template);
    const second = await installTemplate(engine, actor, template, {
      app: 'customers_emea',
      sampleData: false,
    });
    expect(second.doc.name).toBe('customers_emea');
    expect(engine.metadata.registry.listApps().map((a) => a.doc.name)).toEqual([
      'customer',
      'customers_emea',
    ]);
    expect(allRecords(engine, actor, 'customer', 'contacts').length).toBeGreaterThan(100);
    expect(allRecords(engine, actor, 'customers_emea', 'contacts')).toHaveLength(0);
    const tables = userTables(engine).length;

    const error = await failureOf(installTemplate(engine, actor, template, { app: 'customers_emea' }));
    expect(error).toBeInstanceOf(Conflict);
    expect(error.code).toBe('duplicate_name');
    expect(engine.metadata.registry.listApps()).toHaveLength(2);
    expect(userTables(engine)).toHaveLength(tables);
  });

  it('refuses an app name that is not an API name', async () => {
    const engine = anEngine();
    const error = await failureOf(installTemplate(engine, admin, aSmallTemplate(), { app: 'Not OK' }));
    expect(error.kind).toBe('invalid');
    expect(engine.metadata.registry.listApps()).toHaveLength(0);
  });

  it('creates the teams it needs below one another, and uses a team that exists by name as it is', async () => {
    const engine = anEngine();
    const actor = await anInstaller(engine);
    const sales = await engine.people.createTeam({ name: 'sales', label: 'Vertrieb' });
    await installTemplate(engine, actor, aSmallTemplate(), { sampleData: false });
    await installTemplate(engine, actor, aSmallTemplate(), { app: 'small_two', sampleData: false });
    expect(engine.people.listTeams()).toEqual([
      {
        id: expect.any(String),
        name: 'key_accounts',
        label: { en: 'Key accounts', 'zh-CN': '大客户组' },
        parent: sales.id,
      },
      sales,
    ]);
  });

  it('creates roles and workflows that act as the installer, with form links to the installed form', async () => {
    const engine = anEngine();
    const actor = await anInstaller(engine);
    const app = await installTemplate(engine, actor, aSmallTemplate(), {
      publicUrl: 'https://crm.example.com/',
    });
    expect(engine.access.role('small', 'rep').tables.deals).toEqual({
      read: true,
      fields: { amount: 'hidden' },
    });
    const [assign, won] = app.workflows;
    expect([assign!.enabled, assign!.runAs, won!.templateKey]).toEqual([true, actor.userId, 'won_deals']);
    const form = engine.metadata.findView(app.tablesByName.get('deals')!, 'form').form!.publicId!;
    expect(won!.actions[0]!.body).toBe(`Tell the customer about our form: https://crm.example.com/f/${form}`);
    // Installed by the system, workflows act as the system.
    const system = await installTemplate(engine, systemActor, aSmallTemplate(), { app: 'small_system' });
    expect(system.workflows[0]!.runAs).toBeUndefined();
    expect(system.workflows[1]!.actions[0]!.body).toMatch(
      /^Tell the customer about our form: \/f\/[\w-]{8,}$/,
    );
  });
});
