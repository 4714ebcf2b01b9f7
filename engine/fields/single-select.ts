// One choice out of a list (stage, priority, status); the value is the choice's name.
import { choiceOrder, choiceSearchText, choicesOf, choicesOptions, resolveChoice } from './choices.ts';
import { emptinessOps, equalityOps } from './operators.ts';
import { isEmpty } from './shared.ts';
import type { FieldType } from './types.ts';

export const singleSelect: FieldType = {
  name: 'single_select',
  options: choicesOptions,
  storage: 'column',
  readOnly: false,
  searchable: true,
  parse: (input, field) => (isEmpty(input) ? null : resolveChoice(field, input)),
  fromDb: (value) => (typeof value === 'string' ? value : null),
  toText: (value) => (typeof value === 'string' ? value : ''),
  fromText: (text) => (text.trim() === '' ? null : text.trim()),
  operators: { ...equalityOps((v, f) => resolveChoice(f, v)), ...emptinessOps },
  sort: choiceOrder,
  valueSchema: (field) => {
    const choices = choicesOf(field).map((c) => c.name);
    return { enum: [...choices, null] };
  },
  sample: (field) =>
    (field.options as { choices?: { name: string }[] } | undefined)?.choices?.[0]?.name ?? null,
  searchText: (value, field) => choiceSearchText(field, value),
};
