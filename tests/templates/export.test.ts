import { describe, expect, it } from 'vitest';
import { exportTemplate, installTemplate } from '../../engine/templates/index.ts';
import { anEngine } from '../helpers/engine.ts';
import { anInstaller, aSmallTemplate, snapshot } from './builders.ts';

describe('templates: export', () => {
  it('exports an app built by hand: links once, on the side created first, with their inverse', async () => {
    const engine = anEngine();
    const actor = await anInstaller(engine);
    await installTemplate(engine, actor, aSmallTemplate(), { sampleData: false });
    await engine.metadata.createField(actor, 'small', 'companies', {
      name: 'parent',
      label: 'Parent company',
      type: 'link',
      options: { table: 'companies', inverse: 'subsidiaries', inverseLabel: 'Subsidiaries' },
    });
    const parent = await engine.records.create(actor, 'small', 'companies', { fields: { name: 'Group' } });
    const child = await engine.records.create(actor, 'small', 'companies', {
      fields: { name: 'Subsidiary', parent: [parent.id], owner: null },
    });
    await engine.records.create(actor, 'small', 'deals', {
      fields: { title: 'Deal', amount: 5, company: [child.id] },
    });

    const exported = await exportTemplate(engine, 'small');
    const companies = exported.tables[0]!;
    expect(companies.fields.map((f) => f.name)).toEqual(['name', 'city', 'owner', 'pipeline', 'parent']);
    expect(companies.fields.find((f) => f.name === 'parent')!.options).toEqual({
      table: 'companies',
      many: false,
      inverse: 'subsidiaries',
      inverseLabel: 'Subsidiaries',
      inverseMany: true,
    });
    expect(exported.tables[1]!.fields.find((f) => f.name === 'company')!.options).toMatchObject({
      table: 'companies',
      inverse: 'deals',
    });
    // Records keep their keys; the owner left empty on purpose stays empty instead of defaulting to "me".
    expect(exported.sampleData?.companies).toEqual([
      { key: `r${parent.id}`, fields: { name: 'Group', owner: actor.userId } },
      { key: `r${child.id}`, fields: { name: 'Subsidiary', owner: null, parent: [`@r${parent.id}`] } },
    ]);
    // Public forms get a new link when installed.
    expect(exported.tables[1]!.views?.find((v) => v.name === 'form')?.form).not.toHaveProperty('publicId');

    // Fields added by hand have no template key; the export gives them one, so the copy can be upgraded.
    expect(companies.fields.find((f) => f.name === 'parent')!.templateKey).toBe('companies.parent');
    await installTemplate(engine, actor, exported, { app: 'small_copy' });
    const withoutKeys = (state: ReturnType<typeof snapshot>) =>
      JSON.parse(JSON.stringify(state, (key, value) => (key === 'templateKey' ? undefined : value)));
    expect(withoutKeys(snapshot(engine, actor, 'small_copy'))).toEqual(
      withoutKeys(snapshot(engine, actor, 'small')),
    );
  });

  it('exports roles and workflows with the teams they address by name, form links as tokens, and no secrets', async () => {
    const engine = anEngine();
    const actor = await anInstaller(engine);
    const app = await installTemplate(engine, actor, aSmallTemplate(), {
      sampleData: false,
      publicUrl: 'https://crm.example.com',
    });
    const support = await engine.people.createTeam({ name: 'support', label: 'Support', parent: 'sales' });
    const form = engine.metadata.findView(app.tablesByName.get('deals')!, 'form').form!.publicId!;
    await engine.workflows.definitions.create(actor, 'small', {
      name: 'big_deals',
      trigger: { type: 'record_created', table: 'deals' },
      condition: { field: 'amount', op: 'gt', value: 1000 },
      actions: [
        {
          type: 'notify',
          to: [`team:${support.id}`],
          title: 'Big deal {{title}}',
          body: `Ask them: https://crm.example.com/f/${form} or /f/${form}`,
        },
      ],
    });
    await engine.workflows.definitions.create(actor, 'small', {
      name: 'inbound',
      trigger: { type: 'webhook' },
      actions: [{ type: 'notify', to: ['$actor'], title: 'Ping' }],
    });
    await engine.access.createRole(actor, 'small', { name: 'auditor', tables: { deals: { read: true } } });

    const exported = await exportTemplate(engine, 'small');
    expect(exported.teams).toEqual([
      { name: 'sales', label: { en: 'Sales', 'zh-CN': '销售部' } },
      { name: 'key_accounts', label: { en: 'Key accounts', 'zh-CN': '大客户组' }, parent: 'sales' },
      { name: 'support', label: 'Support', parent: 'sales' },
    ]);
    expect(exported.roles?.map((r) => [r.templateKey, r.name])).toEqual([
      ['rep', 'rep'],
      ['auditor', 'auditor'],
    ]);
    const [, won, big, inbound] = exported.workflows!;
    expect(won!.actions[0]!.body).toBe('Tell the customer about our form: [[form:deals.form]]');
    expect(big).toMatchObject({ templateKey: 'big_deals', name: 'big_deals' });
    expect(big!.actions[0]).toMatchObject({
      to: ['team:support'],
      body: 'Ask them: [[form:deals.form]] or [[form:deals.form]]',
    });
    expect(inbound!.trigger).toEqual({ type: 'webhook' });
    expect(JSON.stringify(exported.workflows)).not.toContain('runAs');

    await installTemplate(engine, actor, exported, {
      app: 'small_copy',
      publicUrl: 'https://crm.example.com',
    });
    // What the export made canonical: keys for what was built by hand, teams by name, absolute form links.
    const canonical = (state: ReturnType<typeof snapshot>) =>
      JSON.parse(
        JSON.stringify(state, (key, value) => (key === 'templateKey' ? undefined : value))
          .replaceAll(`team:${support.id}`, 'team:support')
          .replaceAll(' or /f/', ' or https://crm.example.com/f/'),
      );
    expect(canonical(snapshot(engine, actor, 'small_copy'))).toEqual(
      canonical(snapshot(engine, actor, 'small')),
    );
    const secret = (appName: string) => engine.metadata.registry.app(appName).workflows[3]!.trigger.secret;
    expect(secret('small_copy')).toMatch(/^[\w-]{16,}$/);
    expect(secret('small_copy')).not.toBe(secret('small'));
  });
});
