import { describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/index.ts';
import { installTemplate, loadTemplate, type Template } from '../../engine/templates/index.ts';
import { admin, anEngine } from '../helpers/engine.ts';
import { anInstaller, aSmallTemplate, failureOf, userTables } from './builders.ts';

/** The install fails with Invalid naming `spot`, and the database holds no app and no user table. */
async function expectRefused(engine: Engine, template: unknown, spot: string, code?: string) {
  const error = await failureOf(installTemplate(engine, await anInstaller(engine), template));
  expect(error.kind).toBe('invalid');
  expect(error.details.map((d) => d.field)).toContain(spot);
  if (code) expect(error.details.find((d) => d.field === spot)?.code).toBe(code);
  expect(error.message).toContain(spot);
  expect(engine.metadata.registry.listApps()).toEqual([]);
  expect(userTables(engine)).toEqual([]);
  expect(engine.people.listTeams()).toEqual([]);
  return error;
}

const corrupt = (change: (template: Template) => void): Template => {
  const template = structuredClone(aSmallTemplate());
  change(template);
  return template;
};

describe('templates: a corrupted template is refused and nothing is written', () => {
  it('an unknown field type', async () => {
    const template = corrupt((t) => {
      t.tables[1]!.fields[2] = { ...t.tables[1]!.fields[2]!, type: 'percentage' as never };
    });
    const error = await expectRefused(anEngine(), template, 'tables.1.fields.2.type', 'unknown_field_type');
    expect(error.message).toContain("unknown field type 'percentage'");
  });

  it('a link to a missing table', async () => {
    const template = corrupt((t) => {
      t.tables[1]!.fields[5]!.options = { table: 'accounts', inverse: 'deals' };
    });
    await expectRefused(anEngine(), template, 'tables.1.fields.5.options.table');
  });

  it('a bad choice in sample data', async () => {
    const template = corrupt((t) => {
      t.sampleData!.deals![1]!.fields.stage = 'closed_won';
    });
    const error = await expectRefused(
      anEngine(),
      template,
      'sampleData.deals.1.fields.stage',
      'unknown_choice',
    );
    expect(error.message).toContain('closed_won');
  });

  it('a lookup of a missing field, a formula of an unknown name, a reference to a missing sample record', async () => {
    const template = corrupt((t) => {
      t.tables[1]!.fields[7]!.options = { link: 'company', field: 'town' };
      t.tables[1]!.fields[6]!.options = { expression: 'amount * chance' };
      t.sampleData!.deals![0]!.fields.company = ['@gamma'];
    });
    const error = await failureOf(installTemplate(anEngine(), admin, template));
    expect(error.details.map((d) => d.field)).toEqual(
      expect.arrayContaining([
        'tables.1.fields.7.options.field',
        'tables.1.fields.6.options.expression',
        'sampleData.deals.0.fields.company',
      ]),
    );
  });

  it('a kanban over a text field, a view of a missing field, a computed field in a form', async () => {
    const template = corrupt((t) => {
      t.tables[1]!.views![0]!.kanban = { groupField: 'title' };
      t.tables[0]!.views![0]!.sort = [{ field: 'revenue' }];
      t.tables[1]!.views![1]!.form!.sections![0]!.fields.push({ field: 'weighted' });
    });
    const error = await failureOf(installTemplate(anEngine(), admin, template));
    expect(error.details.map((d) => d.field)).toEqual(
      expect.arrayContaining([
        'tables.1.views.0.kanban.groupField',
        'tables.0.views.0.sort.0.field',
        'tables.1.views.1.form.sections.0.fields.2.field',
      ]),
    );
  });

  it('schema errors name their spot too', async () => {
    const template = corrupt((t) => {
      (t.tables[0] as { name: string }).name = 'Companies';
    });
    await expectRefused(anEngine(), template, 'tables.0.name');
  });

  it('a problem only the engine finds, deep into a big install, rolls back everything', async () => {
    const engine = anEngine();
    const template = structuredClone(await loadTemplate('pipeline'));
    const orders = template.sampleData!.orders!;
    orders[orders.length - 1]!.fields.amount = 'a lot';
    const error = await expectRefused(
      engine,
      template,
      `sampleData.orders.${orders.length - 1}.fields.amount`,
    );
    expect(error.message).toContain("Field 'amount' must be a number");
  });

  it('a view filter the engine rejects is named by its view', async () => {
    const template = corrupt((t) => {
      // ViewDoc types a filter as never: json-schema-to-ts cannot follow the recursive filter schema.
      t.tables[1]!.views![0]!.filter = { field: 'amount', op: 'contains', value: '1' } as never;
    });
    await expectRefused(anEngine(), template, 'tables.1.views.0.filter.amount');
  });
});

describe('templates: a corrupted role, team or workflow is refused and nothing is written', () => {
  it('a workflow setting naming a missing field, found by the engine after tables, teams and sample records exist', async () => {
    const template = corrupt((t) => {
      t.workflows![1]!.actions[1]!.ifTrue = [{ type: 'update_record', fields: { chance: 100 } }];
    });
    const error = await expectRefused(anEngine(), template, 'workflows.1.actions.1.ifTrue.0.fields.chance');
    expect(error.message).toContain("table 'deals' has no field 'chance'");
  });

  it('a workflow action without a setting it needs, and a trigger on a missing table', async () => {
    const missing = corrupt((t) => {
      delete t.workflows![0]!.actions[0]!.strategy;
    });
    await expectRefused(anEngine(), missing, 'workflows.0.actions.0.strategy');
    const table = corrupt((t) => {
      t.workflows![0]!.trigger.table = 'accounts';
    });
    await expectRefused(anEngine(), table, 'workflows.0.trigger.table');
  });

  it('an unknown action type, nested in a branch or at the top', async () => {
    const nested = corrupt((t) => {
      t.workflows![1]!.actions[1]!.ifTrue = [{ type: 'send_sms' as never }];
    });
    const error = await expectRefused(
      anEngine(),
      nested,
      'workflows.1.actions.1.ifTrue.0.type',
      'unknown_action_type',
    );
    expect(error.message).toContain('unknown action type "send_sms"');
    const top = corrupt((t) => {
      t.workflows![0]!.actions[0]!.type = 'assign' as never;
    });
    await expectRefused(anEngine(), top, 'workflows.0.actions.0.type');
  });

  it('a team the workflows address but the template does not declare, and a link to a form it lacks', async () => {
    const template = corrupt((t) => {
      t.workflows![0]!.actions[0]!.team = 'marketing';
      t.workflows![1]!.actions[0]!.to = ['$owner', 'team:finance'];
      t.workflows![1]!.actions[0]!.body = 'See [[form:deals.survey]]';
    });
    const error = await expectRefused(anEngine(), template, 'workflows.0.actions.0.team', 'unknown_team');
    expect(error.details.map((d) => [d.field, d.code])).toEqual(
      expect.arrayContaining([
        ['workflows.1.actions.0.to.1', 'unknown_team'],
        ['workflows.1.actions.0.body', 'unknown_form'],
      ]),
    );
  });

  it('a role of a missing table or field, or with a built-in name; a team below a team it does not have', async () => {
    const template = corrupt((t) => {
      t.roles![0]!.tables.deals!.fields = { margin: 'hidden' };
      t.roles![0]!.tables.accounts = { read: true };
      t.roles!.push({ ...t.roles![0]!, templateKey: 'admin', name: 'admin', tables: {} });
      t.teams![1]!.parent = 'sales_east';
    });
    const error = await expectRefused(anEngine(), template, 'teams.1.parent');
    expect(error.details.map((d) => [d.field, d.code])).toEqual(
      expect.arrayContaining([
        ['roles.0.tables.deals.fields.margin', 'unknown_field'],
        ['roles.0.tables.accounts', 'unknown_table'],
        ['roles.1.name', 'invalid_template'],
      ]),
    );
  });

  it('a role scope filter the engine rejects is named by its role', async () => {
    const template = corrupt((t) => {
      // The role type knows no filter scope: json-schema-to-ts cannot follow the recursive filter schema.
      const read = { scope: { filter: { field: 'amount', op: 'contains', value: '1' } } } as never;
      t.roles![0]!.tables.deals = { read };
    });
    await expectRefused(anEngine(), template, 'roles.0.tables.deals.read.scope.filter.amount');
  });

  it('schema errors in workflows and roles name their spot', async () => {
    const template = corrupt((t) => {
      (t.workflows![0]!.trigger as { type: string }).type = 'record_born';
      (t.roles![0] as { tables: unknown }).tables = { companies: { read: 'yes' } };
    });
    const error = await failureOf(installTemplate(anEngine(), admin, template));
    expect(error.details.map((d) => d.field)).toEqual(
      expect.arrayContaining(['workflows.0.trigger.type', 'roles.0.tables.companies.read']),
    );
  });
});
