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
});
