// Field changes: adding, renaming and deleting fields, and changing their type with the data
// converted in one transaction — values that cannot convert are reported and nothing changes
// unless the caller asks to clear them.
import { describe, expect, it } from 'vitest';
import { Conflict, type Engine, Invalid } from '../../../engine/index.ts';
import { admin, anEngine, failure } from '../../helpers/engine.ts';

async function anApp(engine: Engine) {
  await engine.metadata.createApp(admin, { name: 'crm' });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'code', type: 'text' },
      { name: 'amount', type: 'number' },
      {
        name: 'stage',
        type: 'single_select',
        options: {
          choices: [
            { name: 'lead', label: { en: 'Lead', 'zh-CN': '线索' } },
            { name: 'won', label: { en: 'Won', 'zh-CN': '赢单' } },
            { name: 'lost', label: 'Lost' },
          ],
        },
      },
      {
        name: 'tags',
        type: 'multi_select',
        options: { choices: [{ name: 'lead' }, { name: 'won' }, { name: 'lost' }, { name: 'vip' }] },
      },
    ],
  });
}

async function values(engine: Engine, field: string): Promise<unknown[]> {
  return engine.query.list(admin, 'crm', 'deals', { limit: 1000 }).items.map((r) => r.fields[field]);
}

function fieldDoc(engine: Engine, table: string, name: string) {
  const model = engine.metadata.registry.table('crm', table);
  return engine.metadata.registry.field(model, name).doc;
}

async function withCodes(engine: Engine, codes: (string | null)[]) {
  await engine.records.createMany(
    admin,
    'crm',
    'deals',
    codes.map((code, i) => ({ fields: { title: `deal ${i}`, code } })),
  );
}

describe('field changes: add, rename, delete', () => {
  it('adds a field that existing records read as empty and new ones can fill', async () => {
    const engine = anEngine();
    await anApp(engine);
    await withCodes(engine, ['a', 'b']);
    await engine.metadata.createField(admin, 'crm', 'deals', { name: 'due', type: 'date' });
    expect(await values(engine, 'due')).toEqual([null, null]);
    const created = await engine.records.create(admin, 'crm', 'deals', { fields: { due: '2026-05-01' } });
    expect(created.fields.due).toBe('2026-05-01');
  });

  it('adds a formula that is computed for the records already there', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.records.createMany(admin, 'crm', 'deals', [
      { fields: { amount: 2 } },
      { fields: { amount: 5 } },
    ]);
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'double',
      type: 'formula',
      options: { expression: 'amount * 2' },
    });
    expect(await values(engine, 'double')).toEqual([4, 10]);
  });

  it('refuses a second field with the same name', async () => {
    const engine = anEngine();
    await anApp(engine);
    const error = await failure(
      engine.metadata.createField(admin, 'crm', 'deals', { name: 'code', type: 'text' }),
    );
    expect(error).toBeInstanceOf(Conflict);
  });

  it('renames a field and rewrites the formulas, lookups, rollups and views that use it', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.metadata.createTable(admin, 'crm', {
      name: 'companies',
      fields: [{ name: 'name', type: 'text' }],
    });
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'company',
      type: 'link',
      options: { table: 'companies', inverse: 'deals' },
    });
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'double',
      type: 'formula',
      options: { expression: 'amount * 2 + $count($filter([amount], function($v) { $v > 1 }))' },
    });
    await engine.metadata.createField(admin, 'crm', 'companies', {
      name: 'total',
      type: 'rollup',
      options: { link: 'deals', field: 'amount', fn: 'sum' },
    });
    await engine.metadata.createField(admin, 'crm', 'companies', {
      name: 'amounts',
      type: 'lookup',
      options: { link: 'deals', field: 'amount' },
    });
    await engine.metadata.createView(admin, 'crm', 'deals', {
      name: 'big',
      type: 'grid',
      filter: { and: [{ field: 'amount', op: 'gt', value: 10 }] },
      sort: [{ field: 'amount', dir: 'desc' }],
      fields: ['title', 'amount'],
    });
    const acme = await engine.records.create(admin, 'crm', 'companies', { fields: { name: 'Acme' } });
    await engine.records.createMany(admin, 'crm', 'deals', [
      { fields: { title: 'a', amount: 20, company: [acme.id] } },
      { fields: { title: 'b', amount: 5, company: [acme.id] } },
    ]);

    await engine.metadata.updateField(admin, 'crm', 'deals', 'amount', { name: 'value' });

    expect((fieldDoc(engine, 'deals', 'double').options as { expression: string }).expression).toBe(
      'value * 2 + $count($filter([value], function($v) { $v > 1 }))',
    );
    expect(fieldDoc(engine, 'companies', 'total').options).toMatchObject({ field: 'value' });
    expect(fieldDoc(engine, 'companies', 'amounts').options).toMatchObject({ field: 'value' });
    const view = engine.metadata.registry.table('crm', 'deals').views.find((v) => v.name === 'big')!;
    expect(view.filter).toEqual({ and: [{ field: 'value', op: 'gt', value: 10 }] });
    expect(view.sort).toEqual([{ field: 'value', dir: 'desc' }]);
    expect(view.fields).toEqual(['title', 'value']);
    // Everything still computes after the rename.
    const [a] = engine.query.list(admin, 'crm', 'deals', { view: 'big' }).items;
    expect(a?.fields).toMatchObject({ title: 'a', value: 20, double: 41 });
    await engine.records.update(admin, 'crm', 'deals', a!.id, { fields: { value: 30 } });
    const company = await engine.records.get(admin, 'crm', 'companies', acme.id);
    expect(company.fields.total).toBe(35);
    expect(company.fields.amounts).toEqual([30, 5]);
    expect((await engine.records.get(admin, 'crm', 'deals', a!.id)).fields.double).toBe(61);
  });

  it('renames a link and its inverse, and the lookups and rollups through them follow', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.metadata.createTable(admin, 'crm', {
      name: 'companies',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'city', type: 'text' },
      ],
    });
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'company',
      type: 'link',
      options: { table: 'companies', inverse: 'deals' },
    });
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'city',
      type: 'lookup',
      options: { link: 'company', field: 'city' },
    });
    await engine.metadata.createField(admin, 'crm', 'companies', {
      name: 'total',
      type: 'rollup',
      options: { link: 'deals', field: 'amount', fn: 'sum' },
    });
    const acme = await engine.records.create(admin, 'crm', 'companies', {
      fields: { name: 'Acme', city: 'Paris' },
    });
    const deal = await engine.records.create(admin, 'crm', 'deals', {
      fields: { amount: 3, company: [acme.id] },
    });

    await engine.metadata.updateField(admin, 'crm', 'deals', 'company', { name: 'account' });
    await engine.metadata.updateField(admin, 'crm', 'companies', 'deals', { name: 'opportunities' });

    expect(fieldDoc(engine, 'deals', 'city').options).toEqual({ link: 'account', field: 'city' });
    expect(fieldDoc(engine, 'deals', 'account').options).toMatchObject({ inverse: 'opportunities' });
    expect(fieldDoc(engine, 'companies', 'opportunities').options).toMatchObject({ inverse: 'account' });
    expect(fieldDoc(engine, 'companies', 'total').options).toMatchObject({ link: 'opportunities' });
    await engine.records.update(admin, 'crm', 'companies', acme.id, { fields: { city: 'Lyon' } });
    await engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { amount: 4 } });
    expect((await engine.records.get(admin, 'crm', 'deals', deal.id)).fields).toMatchObject({
      account: [acme.id],
      city: 'Lyon',
    });
    expect((await engine.records.get(admin, 'crm', 'companies', acme.id)).fields).toMatchObject({
      opportunities: [deal.id],
      total: 4,
    });
  });

  it('renames a field a formula uses in a string or a nested path without touching those', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'label',
      type: 'formula',
      options: { expression: "'code: ' & code & ' (' & title & ')'" },
    });
    await engine.records.create(admin, 'crm', 'deals', { fields: { title: 'T', code: 'C1' } });
    await engine.metadata.updateField(admin, 'crm', 'deals', 'code', { name: 'ref' });
    expect((fieldDoc(engine, 'deals', 'label').options as { expression: string }).expression).toBe(
      "'code: ' & ref & ' (' & title & ')'",
    );
    expect(await values(engine, 'label')).toEqual(['code: C1 (T)']);
  });

  it('deletes a field, its column and the view references to it', async () => {
    const engine = anEngine();
    await anApp(engine);
    await withCodes(engine, ['a']);
    await engine.metadata.createView(admin, 'crm', 'deals', {
      name: 'by_code',
      type: 'grid',
      filter: { field: 'code', op: 'is_not_empty' },
      sort: [{ field: 'code' }],
      fields: ['title', 'code'],
    });
    await engine.metadata.deleteField(admin, 'crm', 'deals', 'code');
    const table = engine.metadata.registry.table('crm', 'deals');
    expect(table.byName.has('code')).toBe(false);
    const view = table.views.find((v) => v.name === 'by_code')!;
    expect(view.fields).toEqual(['title']);
    expect(view.sort ?? []).toEqual([]);
    expect(engine.query.list(admin, 'crm', 'deals', { view: 'by_code' }).items).toHaveLength(1);
    const columns = engine.store.writer.prepare(`PRAGMA table_info(${table.sql})`).all() as {
      name: string;
    }[];
    expect(
      columns.some((c) => c.name.startsWith('c_') && !table.fields.some((f) => f.column === c.name)),
    ).toBe(false);
    // The name is free again, and the new field starts empty.
    await engine.metadata.createField(admin, 'crm', 'deals', { name: 'code', type: 'text' });
    expect(await values(engine, 'code')).toEqual([null]);
  });

  it('refuses to delete a field a formula or a lookup uses', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'double',
      type: 'formula',
      options: { expression: 'amount * 2' },
    });
    const error = await failure(engine.metadata.deleteField(admin, 'crm', 'deals', 'amount'));
    expect(error).toBeInstanceOf(Conflict);
    expect(error.message).toContain('double');
    expect(engine.metadata.registry.table('crm', 'deals').byName.has('amount')).toBe(true);

    await engine.metadata.createTable(admin, 'crm', {
      name: 'companies',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'city', type: 'text' },
      ],
    });
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'company',
      type: 'link',
      options: { table: 'companies', inverse: 'deals' },
    });
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'city',
      type: 'lookup',
      options: { link: 'company', field: 'city' },
    });
    expect(await failure(engine.metadata.deleteField(admin, 'crm', 'companies', 'city'))).toBeInstanceOf(
      Conflict,
    );
    expect(await failure(engine.metadata.deleteField(admin, 'crm', 'deals', 'company'))).toBeInstanceOf(
      Conflict,
    );
  });

  it('refuses a formula that reads itself or closes a circle', async () => {
    const engine = anEngine();
    await anApp(engine);
    const self = await failure(
      engine.metadata.createField(admin, 'crm', 'deals', {
        name: 'me',
        type: 'formula',
        options: { expression: 'me + 1' },
      }),
    );
    expect(self).toBeInstanceOf(Invalid);
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'a',
      type: 'formula',
      options: { expression: 'amount + 1' },
    });
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'b',
      type: 'formula',
      options: { expression: 'a + 1' },
    });
    const circle = await failure(
      engine.metadata.updateField(admin, 'crm', 'deals', 'a', { options: { expression: 'b + 1' } }),
    );
    expect(circle).toBeInstanceOf(Invalid);
    expect(circle.code).toBe('circular_reference');
    expect(fieldDoc(engine, 'deals', 'a').options).toMatchObject({ expression: 'amount + 1' });
    // The engine still works after the refusal.
    const record = await engine.records.create(admin, 'crm', 'deals', { fields: { amount: 1 } });
    expect(record.fields).toMatchObject({ a: 2, b: 3 });
  });
});

describe('field changes: type conversions', () => {
  it('text → number converts numbers written as text and reports the rest, changing nothing', async () => {
    const engine = anEngine();
    await anApp(engine);
    await withCodes(engine, ['42', '1,234.5', ' 7 ', 'abc', null, '12 apples']);
    const historyBefore = engine.metadata.history(fieldDoc(engine, 'deals', 'code').id).length;
    const error = await failure(
      engine.metadata.updateField(admin, 'crm', 'deals', 'code', { type: 'number' }),
    );
    expect(error).toBeInstanceOf(Invalid);
    expect(error.details).toHaveLength(2);
    expect(error.details.every((d) => d.field === 'code')).toBe(true);
    expect(error.details.map((d) => d.message).join(' ')).toMatch(/abc/);
    // Nothing changed: not the type, not the data, not the history.
    expect(fieldDoc(engine, 'deals', 'code').type).toBe('text');
    expect(await values(engine, 'code')).toEqual(['42', '1,234.5', ' 7 ', 'abc', null, '12 apples']);
    expect(engine.metadata.history(fieldDoc(engine, 'deals', 'code').id)).toHaveLength(historyBefore);
    expect(
      engine.query.list(admin, 'crm', 'deals', { filter: { field: 'code', op: 'contains', value: 'app' } })
        .items,
    ).toHaveLength(1);
  });

  it('a dry run reports what would convert without changing anything', async () => {
    const engine = anEngine();
    await anApp(engine);
    await withCodes(engine, ['42', 'abc', null]);
    const result = await engine.metadata.updateField(
      admin,
      'crm',
      'deals',
      'code',
      { type: 'number' },
      { dryRun: true },
    );
    expect(result.conversion).toMatchObject({ total: 2, converted: 1, failedCount: 1 });
    expect(result.conversion?.failed[0]).toMatchObject({ value: 'abc' });
    expect(result.field.type).toBe('number');
    expect(fieldDoc(engine, 'deals', 'code').type).toBe('text');
    expect(await values(engine, 'code')).toEqual(['42', 'abc', null]);
    // The same dry run on a clean column reports no failures.
    await engine.records.update(admin, 'crm', 'deals', '2', { fields: { code: '3' } });
    const clean = await engine.metadata.updateField(
      admin,
      'crm',
      'deals',
      'code',
      { type: 'number' },
      { dryRun: true, clearInvalid: true },
    );
    expect(clean.conversion).toMatchObject({ total: 2, converted: 2, failedCount: 0 });
    expect(fieldDoc(engine, 'deals', 'code').type).toBe('text');
  });

  it('clearInvalid converts what it can and clears the rest', async () => {
    const engine = anEngine();
    await anApp(engine);
    await withCodes(engine, ['42', '1,234.5', 'abc', null]);
    const result = await engine.metadata.updateField(
      admin,
      'crm',
      'deals',
      'code',
      { type: 'number' },
      { clearInvalid: true },
    );
    expect(result.conversion).toMatchObject({ total: 3, converted: 2, failedCount: 1 });
    expect(await values(engine, 'code')).toEqual([42, 1234.5, null, null]);
    expect(
      engine.query.list(admin, 'crm', 'deals', { filter: { field: 'code', op: 'gt', value: 100 } }).items,
    ).toHaveLength(1);
    expect(
      engine.query.list(admin, 'crm', 'deals', { sort: [{ field: 'code', dir: 'desc' }] }).items[0]?.fields
        .code,
    ).toBe(1234.5);
  });

  it('number → text writes numbers as text', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.records.createMany(admin, 'crm', 'deals', [
      { fields: { amount: 42 } },
      { fields: { amount: 12.5 } },
      { fields: { amount: -0.25 } },
      { fields: {} },
    ]);
    await engine.metadata.updateField(admin, 'crm', 'deals', 'amount', { type: 'text' });
    expect(await values(engine, 'amount')).toEqual(['42', '12.5', '-0.25', null]);
    expect(
      engine.query.list(admin, 'crm', 'deals', {
        filter: { field: 'amount', op: 'starts_with', value: '12' },
      }).items,
    ).toHaveLength(1);
  });

  it('single select → multi select keeps each choice as a one-item list', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.records.createMany(admin, 'crm', 'deals', [
      { fields: { stage: 'lead' } },
      { fields: { stage: 'won' } },
      { fields: {} },
    ]);
    await engine.metadata.updateField(admin, 'crm', 'deals', 'stage', {
      type: 'multi_select',
      options: { choices: [{ name: 'lead' }, { name: 'won' }, { name: 'lost' }] },
    });
    expect(await values(engine, 'stage')).toEqual([['lead'], ['won'], []]);
    expect(
      engine.query.list(admin, 'crm', 'deals', { filter: { field: 'stage', op: 'has_any', value: ['won'] } })
        .items,
    ).toHaveLength(1);
  });

  it('multi select → single select keeps single choices and reports lists of several', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.records.createMany(admin, 'crm', 'deals', [
      { fields: { tags: ['lead'] } },
      { fields: { tags: ['won', 'vip'] } },
      { fields: { tags: [] } },
    ]);
    const change = {
      type: 'single_select',
      options: { choices: [{ name: 'lead' }, { name: 'won' }, { name: 'vip' }] },
    };
    const error = await failure(engine.metadata.updateField(admin, 'crm', 'deals', 'tags', change));
    expect(error).toBeInstanceOf(Invalid);
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toMatchObject({ field: 'tags' });
    expect(await values(engine, 'tags')).toEqual([['lead'], ['won', 'vip'], []]);
    expect(fieldDoc(engine, 'deals', 'tags').type).toBe('multi_select');

    await engine.metadata.updateField(admin, 'crm', 'deals', 'tags', change, { clearInvalid: true });
    expect(await values(engine, 'tags')).toEqual(['lead', null, null]);
  });

  it('text → single select matches choice names and labels, and reports the rest', async () => {
    const engine = anEngine();
    await anApp(engine);
    await withCodes(engine, ['lead', 'Won', '赢单', 'LOST', 'maybe', null]);
    const change = {
      type: 'single_select',
      options: {
        choices: [
          { name: 'lead', label: 'Lead' },
          { name: 'won', label: { en: 'Won', 'zh-CN': '赢单' } },
          { name: 'lost', label: 'Lost' },
        ],
      },
    };
    const dry = await engine.metadata.updateField(admin, 'crm', 'deals', 'code', change, { dryRun: true });
    expect(dry.conversion).toMatchObject({ total: 5, failedCount: 1 });
    expect(dry.conversion?.failed.map((f) => f.value)).toEqual(['maybe']);
    expect(await failure(engine.metadata.updateField(admin, 'crm', 'deals', 'code', change))).toBeInstanceOf(
      Invalid,
    );
    expect(await values(engine, 'code')).toEqual(['lead', 'Won', '赢单', 'LOST', 'maybe', null]);
    await engine.metadata.updateField(admin, 'crm', 'deals', 'code', change, { clearInvalid: true });
    expect(await values(engine, 'code')).toEqual(['lead', 'won', 'won', 'lost', null, null]);
  });

  it('removing a choice that records use is reported like any other conversion', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.records.createMany(admin, 'crm', 'deals', [
      { fields: { stage: 'lost' } },
      { fields: { stage: 'won' } },
    ]);
    const error = await failure(
      engine.metadata.updateField(admin, 'crm', 'deals', 'stage', {
        options: { choices: [{ name: 'lead' }, { name: 'won' }] },
      }),
    );
    expect(error).toBeInstanceOf(Invalid);
    expect(await values(engine, 'stage')).toEqual(['lost', 'won']);
  });

  it('refuses a type change that would break a view, a rollup or a lookup using the field', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.metadata.createTable(admin, 'crm', {
      name: 'companies',
      fields: [{ name: 'name', type: 'text' }],
    });
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'company',
      type: 'link',
      options: { table: 'companies', inverse: 'deals' },
    });
    await engine.metadata.createField(admin, 'crm', 'companies', {
      name: 'total',
      type: 'rollup',
      options: { link: 'deals', field: 'amount', fn: 'sum' },
    });
    await engine.metadata.createView(admin, 'crm', 'deals', {
      name: 'coded',
      type: 'grid',
      filter: { field: 'code', op: 'contains', value: '4' },
    });
    await engine.metadata.createView(admin, 'crm', 'deals', {
      name: 'pipeline',
      type: 'kanban',
      kanban: { groupField: 'stage' },
    });
    await withCodes(engine, ['42']);

    const byView = await failure(
      engine.metadata.updateField(admin, 'crm', 'deals', 'code', { type: 'number' }),
    );
    expect(byView).toBeInstanceOf(Conflict);
    expect(byView.message).toContain("'coded'");
    const byKanban = await failure(
      engine.metadata.updateField(admin, 'crm', 'deals', 'stage', { type: 'text' }),
    );
    expect(byKanban).toBeInstanceOf(Conflict);
    const byRollup = await failure(
      engine.metadata.updateField(admin, 'crm', 'deals', 'amount', { type: 'text' }),
    );
    expect(byRollup).toBeInstanceOf(Conflict);
    expect(byRollup.message).toContain('total');
    expect(fieldDoc(engine, 'deals', 'code').type).toBe('text');
    expect(fieldDoc(engine, 'deals', 'amount').type).toBe('number');
    expect(engine.query.list(admin, 'crm', 'deals', { view: 'coded' }).items).toHaveLength(1);

    // Once the view no longer needs the operator, the change goes through.
    await engine.metadata.updateView(admin, 'crm', 'deals', 'coded', {
      filter: { field: 'code', op: 'is_not_empty' },
    });
    await engine.metadata.updateField(admin, 'crm', 'deals', 'code', { type: 'number' });
    expect(await values(engine, 'code')).toEqual([42]);
  });

  it('a new formula expression recomputes every record, with the kind of value it now yields', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'calc',
      type: 'formula',
      options: { expression: 'amount * 2' },
    });
    await engine.records.createMany(admin, 'crm', 'deals', [
      { fields: { title: 'Ada', amount: 2 } },
      { fields: { title: 'Bob', amount: 30 } },
    ]);
    expect(await values(engine, 'calc')).toEqual([4, 60]);
    const result = await engine.metadata.updateField(admin, 'crm', 'deals', 'calc', {
      options: { expression: "title & '!'" },
    });
    expect(result.field.options).toMatchObject({ resultType: 'text' });
    expect(await values(engine, 'calc')).toEqual(['Ada!', 'Bob!']);
    expect(
      engine.query.list(admin, 'crm', 'deals', { filter: { field: 'calc', op: 'starts_with', value: 'bo' } })
        .items,
    ).toHaveLength(1);
    await engine.metadata.updateField(admin, 'crm', 'deals', 'calc', {
      options: { expression: 'amount > 10' },
    });
    expect(await values(engine, 'calc')).toEqual([false, true]);
  });

  it('a type change recomputes the formulas that read the field', async () => {
    const engine = anEngine();
    await anApp(engine);
    await engine.metadata.createField(admin, 'crm', 'deals', {
      name: 'code_kind',
      type: 'formula',
      options: { expression: '$type(code)' },
    });
    await withCodes(engine, ['42']);
    expect(await values(engine, 'code_kind')).toEqual(['string']);
    await engine.metadata.updateField(admin, 'crm', 'deals', 'code', { type: 'number' });
    expect(await values(engine, 'code_kind')).toEqual(['number']);
  });
});
