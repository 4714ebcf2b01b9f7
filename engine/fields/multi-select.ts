// Several choices out of a list (tags, products of interest); stored as a JSON array.
import { choiceSearchText, choicesOf, choicesOptions, resolveChoice } from './choices.ts';
import { arrayOps } from './operators.ts';
import { describe, fail, isEmpty, jsonArray } from './shared.ts';
import type { FieldType } from './types.ts';

export const multiSelect: FieldType = {
  name: 'multi_select',
  options: choicesOptions,
  storage: 'column',
  readOnly: false,
  searchable: true,
  parse: (input, field) => {
    if (isEmpty(input)) return null;
    if (!Array.isArray(input)) fail(field, `must be a list of choice names, got ${describe(input)}`);
    if (input.length === 0) return null;
    const names = [...new Set(input.map((item) => resolveChoice(field, item)))];
    return JSON.stringify(names);
  },
  fromDb: (value) => (typeof value === 'string' ? (JSON.parse(value) as string[]) : []),
  toText: (value) => (Array.isArray(value) ? value.join(', ') : ''),
  fromText: (text) =>
    text
      .split(/[,;，；\n]/)
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  operators: arrayOps((v, f) => resolveChoice(f, v)),
  sort: (column) => column,
  valueSchema: (field) => {
    const choices = choicesOf(field).map((c) => c.name);
    return { type: 'array', uniqueItems: true, items: { enum: choices } };
  },
  sample: (field) => {
    const first = (field.options as { choices?: { name: string }[] } | undefined)?.choices?.[0]?.name;
    return first ? [first] : [];
  },
  searchText: (value, field) =>
    (jsonArray(value) ?? []).map((name) => choiceSearchText(field, name)).join(' '),
};
