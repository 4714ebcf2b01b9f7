// Field values as text: what people type or paste becomes the API value the engine expects,
// what is copied reads back the same, and each engine type has an editor entry.
import { describe, expect, it } from 'vitest';
import type { FieldDoc } from '../../designer/src/api/types.ts';
import { operatorsByType } from '../../designer/src/fields/operators.ts';
import {
  clipboardText,
  displayValue,
  fromTsv,
  parseDateText,
  parseNumberText,
  parseValue,
  toTsv,
  validateValue,
  valueKinds,
} from '../../designer/src/fields/values.ts';
import { fieldTypeNames } from '../../engine/schema/field.ts';

const field = (type: FieldDoc['type'], options?: Record<string, unknown>): FieldDoc => ({
  id: `fld_${type}`,
  name: type,
  label: type,
  type,
  ...(options ? { options } : {}),
});
const en = {
  locale: 'en' as const,
  users: [{ id: 'usr_1', email: 'mei@example.com', name: 'Mei Lin' }] as never,
};
const stage = field('single_select', {
  choices: [
    { name: 'won', label: { en: 'Won', 'zh-CN': '赢单' }, color: 'green' },
    { name: 'lost', label: 'Lost' },
  ],
});

describe('field values', () => {
  it('every engine field type has a value kind and an operator list', () => {
    for (const type of fieldTypeNames) {
      expect(valueKinds[type], type).toBeDefined();
      expect(operatorsByType[type].length, type).toBeGreaterThan(0);
    }
  });

  it('reads numbers as people type them', () => {
    expect(parseNumberText('1,234.5')).toBe(1234.5);
    expect(parseNumberText('$ 99')).toBe(99);
    expect(parseNumberText('12 %')).toBe(12);
    expect(parseNumberText('１２')).toBe(12);
    expect(parseNumberText('lots')).toBeUndefined();
    expect(parseValue('lots', field('currency'), en)).toEqual({ ok: false, error: 'number' });
    expect(parseValue('', field('number'), en)).toEqual({ ok: true, value: null });
  });

  it('reads dates in ISO, Chinese and US forms, and refuses impossible days', () => {
    expect(parseDateText('2026-03-31')).toBe('2026-03-31');
    expect(parseDateText('2026/3/5')).toBe('2026-03-05');
    expect(parseDateText('2026年3月5日')).toBe('2026-03-05');
    expect(parseDateText('03/31/2026')).toBe('2026-03-31');
    expect(parseDateText('2026-02-30')).toBeUndefined();
  });

  it('matches choices by name or by label in any language', () => {
    expect(parseValue('赢单', stage, en)).toEqual({ ok: true, value: 'won' });
    expect(parseValue('LOST', stage, en)).toEqual({ ok: true, value: 'lost' });
    expect(parseValue('maybe', stage, en)).toMatchObject({ ok: false, error: 'choice' });
    const tags = { ...stage, type: 'multi_select' as const };
    expect(parseValue('Won, lost', tags, en)).toEqual({ ok: true, value: ['won', 'lost'] });
  });

  it('checks e-mail, web address, rating range and computed fields like the engine', () => {
    expect(parseValue('Ada@Example.com', field('email'), en)).toEqual({ ok: true, value: 'ada@example.com' });
    expect(parseValue('ada@', field('email'), en)).toMatchObject({ ok: false, error: 'email' });
    expect(parseValue('example.com', field('url'), en)).toEqual({ ok: true, value: 'https://example.com' });
    expect(parseValue('7', field('rating', { max: 5 }), en)).toMatchObject({ ok: false, error: 'range' });
    expect(parseValue('3', field('formula'), en)).toMatchObject({ ok: false, error: 'readOnly' });
    expect(parseValue('mei@example.com', field('user'), en)).toEqual({ ok: true, value: 'usr_1' });
  });

  it('shows values localised, and copies text that reads back to the same value', () => {
    expect(displayValue(1234.5, field('currency', { currency: 'EUR', precision: 2 }), en)).toBe('€1,234.50');
    expect(displayValue('2026-03-05', field('date'), en)).toBe('Mar 5, 2026');
    expect(displayValue('won', stage, { locale: 'zh-CN' })).toBe('赢单');
    expect(displayValue('usr_1', field('user'), en)).toBe('Mei Lin');
    for (const [value, f] of [
      [1234.5, field('currency')],
      ['won', stage],
      [true, field('checkbox')],
      ['2026-03-05', field('date')],
      ['usr_1', field('user')],
      [['1', '4'], field('link')],
    ] as const) {
      const text = clipboardText(value, f, en);
      expect(parseValue(text, f, en), `${f.type}: ${text}`).toEqual({ ok: true, value });
    }
  });

  it('validates what a form editor produced with the same rules', () => {
    expect(validateValue(field('number'), 'abc', en)).toEqual({ error: 'number' });
    expect(validateValue(field('number'), 12, en)).toBeUndefined();
    expect(validateValue(field('email'), 'nope', en)).toEqual({ error: 'email' });
    expect(validateValue(field('text', { maxLength: 3 }), 'abcd', en)).toEqual({
      error: 'tooLong',
      vars: { max: 3 },
    });
    expect(validateValue(field('text'), null, en)).toBeUndefined();
  });

  it('copies and pastes blocks as tab-separated text, quoting tabs, quotes and newlines', () => {
    const rows = [
      ['a', 'b\tc'],
      ['say "hi"', 'two\nlines'],
    ];
    expect(fromTsv(toTsv(rows))).toEqual(rows);
    expect(fromTsv('1\t2\r\n3\t4\r\n')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});
