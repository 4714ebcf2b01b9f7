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
