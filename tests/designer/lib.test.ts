// Small pure helpers behind the screens: names, month grids, form layouts, form
// conditions, formula completion and the translation catalogs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FormLayout } from '../../designer/src/api/types.ts';
import {
  addSection,
  findItem,
  newPublicId,
  placeItem,
  removeSection,
  updateItem,
  usedFields,
} from '../../designer/src/features/form-designer/layout.ts';
import { completeAt } from '../../designer/src/features/table-designer/formula-complete.ts';
import en from '../../designer/src/i18n/en.json';
import { labelText, withLabelText } from '../../designer/src/i18n/format.ts';
import { lookup, translate } from '../../designer/src/i18n/index.tsx';
import zh from '../../designer/src/i18n/zh-CN.json';
import { monthGrid, moveToDay } from '../../designer/src/lib/calendar.ts';
import { matches } from '../../designer/src/lib/filter-eval.ts';
import { toApiName, uniqueApiName } from '../../designer/src/lib/names.ts';

describe('names', () => {
  it('turns labels into API names that are unique among siblings', () => {
    expect(toApiName('Deal value (CNY)')).toBe('deal_value_cny');
    expect(toApiName('客户')).toBe('');
    expect(uniqueApiName('Deals', ['deals', 'deals_2'])).toBe('deals_3');
    expect(uniqueApiName('客户', [], 'table')).toBe('table');
  });
});

describe('calendar', () => {
  it('shows whole weeks from Monday around a month', () => {
    const days = monthGrid(2026, 10); // November 2026 starts on a Sunday
    expect(days[0]).toBe('2026-10-26');
    expect(days.length % 7).toBe(0);
    expect(days).toContain('2026-11-30');
    expect(moveToDay('2026-11-03T14:30:00.000Z', '2026-11-09', true)).toBe('2026-11-09T14:30:00.000Z');
    expect(moveToDay('2026-11-03', '2026-11-09', false)).toBe('2026-11-09');
  });
});

describe('form layout', () => {
  it('places, moves and removes fields across sections and columns', () => {
    let layout: FormLayout = { sections: [{ id: 's1', columns: 2, fields: [] }] };
    layout = placeItem(layout, { field: 'name' }, { section: 0, column: 1, index: 0 });
    layout = placeItem(layout, { field: 'email' }, { section: 0, column: 2, index: 0 });
    layout = placeItem(layout, { field: 'phone' }, { section: 0, column: 1, index: 0 });
    expect(findItem(layout, 'name')).toMatchObject({ section: 0, column: 1, index: 1 });
    layout = addSection(layout, 's2');
    layout = placeItem(layout, findItem(layout, 'email')!.item, { section: 1, column: 1, index: 0 });
    expect(findItem(layout, 'email')).toMatchObject({ section: 1, column: 1, index: 0 });
    expect(findItem(layout, 'email')!.item).not.toHaveProperty('column');
    layout = updateItem(layout, 'name', { required: true, help: '' });
    expect(findItem(layout, 'name')!.item).toEqual({ field: 'name', column: 1, required: true });
    layout = removeSection(layout, 1);
    expect([...usedFields(layout)].sort()).toEqual(['email', 'name', 'phone']);
    expect(newPublicId()).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('shows conditional fields only while their condition holds', () => {
    const showIf = {
      and: [
        { field: 'stage', op: 'is', value: 'lost' },
        { field: 'amount', op: 'gt', value: 1000 },
      ],
    };
    expect(matches(showIf, { stage: 'lost', amount: 5000 })).toBe(true);
    expect(matches(showIf, { stage: 'won', amount: 5000 })).toBe(false);
    expect(
      matches(
        {
          or: [
            { field: 'tags', op: 'has_any', value: ['vip'] },
            { field: 'note', op: 'is_empty' },
          ],
        },
        { tags: ['vip'], note: 'x' },
      ),
    ).toBe(true);
    expect(matches({ not: { field: 'name', op: 'contains', value: 'ACME' } }, { name: 'acme inc' })).toBe(
      false,
    );
  });
});

describe('formula completion', () => {
  it('offers field names for the word at the caret, not inside strings or after $', () => {
    const names = ['amount', 'account', 'probability'];
    expect(completeAt('am', 2, names)).toEqual({ start: 0, end: 2, options: ['amount'] });
    expect(completeAt('amount * pro', 12, names)?.options).toEqual(['probability']);
    expect(completeAt('$rou', 4, names)).toBeUndefined();
    expect(completeAt('"acc', 4, names)).toBeUndefined();
    expect(completeAt('acc', 3, names)?.options).toEqual(['account']);
  });
});

function keysOf(node: unknown, prefix = ''): string[] {
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('translations', () => {
  it('English and Chinese have the same keys and keep the same placeholders', () => {
    expect(keysOf(zh).sort()).toEqual(keysOf(en).sort());
    for (const key of keysOf(en)) {
      const vars = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(vars(lookup(zh, key)!), key).toEqual(vars(lookup(en, key)!));
    }
  });

  it('every key the screens use exists', () => {
    const used = new Set<string>();
    for (const file of sources(join(__dirname, '../../designer/src')))
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g))
        used.add(match[1]!);
    expect(used.size).toBeGreaterThan(100);
    for (const key of used) expect(lookup(en, key), key).toBeDefined();
  });

  it('fills placeholders and reads labels in the reader’s language', () => {
    expect(translate('zh-CN', 'grid.selectedN', { n: 3 })).toBe('已选择 3 条');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
    expect(labelText({ en: 'Deals', 'zh-CN': '商机' }, 'zh-CN')).toBe('商机');
    expect(labelText({ 'zh-CN': '商机' }, 'en')).toBe('商机');
    expect(withLabelText('Deals', 'zh-CN', '商机')).toEqual({ en: 'Deals', 'zh-CN': '商机' });
    expect(withLabelText({ en: 'Deals', 'zh-CN': '商机' }, 'en', 'Opportunities')).toEqual({
      en: 'Opportunities',
      'zh-CN': '商机',
    });
  });
});
