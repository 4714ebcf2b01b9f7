// Choices of single- and multi-select fields: their schema, lookup by name or label, and
// the SQL that orders values by choice position (the order users arranged, e.g. pipeline stages).

import type { FieldModel } from '../meta/model.ts';
import { type Label, labelSchema, labelTexts } from '../schema/index.ts';
import { describe, fail, options } from './shared.ts';

export interface Choice {
  name: string;
  label?: Label;
  color?: string;
  description?: Label;
}

export const choiceColors = [
  'gray',
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'indigo',
  'purple',
  'pink',
  'brown',
] as const;

export const choicesOptions = {
  type: 'object',
  required: ['choices'],
  properties: {
    choices: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          // No list separators: a multi-select's CSV cell splits on them (see multi-select.ts).
          name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f,;，；]+$' },
          label: labelSchema,
          color: { anyOf: [{ enum: choiceColors }, { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' }] },
          description: labelSchema,
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export function choicesOf(field: FieldModel): Choice[] {
  return options<{ choices?: Choice[] }>(field).choices ?? [];
}

/** The choice's name for input given as its name or, failing that, any of its labels (case-insensitive). */
export function resolveChoice(field: FieldModel, input: unknown): string {
  const choices = choicesOf(field);
  if (typeof input !== 'string') fail(field, `must be a choice name, got ${describe(input)}`);
  if (choices.some((c) => c.name === input)) return input;
  const wanted = input.trim().toLowerCase();
  const match = choices.find(
    (c) =>
      c.name.toLowerCase() === wanted || labelTexts(c.label).some((l) => l.trim().toLowerCase() === wanted),
  );
  if (match) return match.name;
  const names = choices.map((c) => c.name);
  return fail(
    field,
    `must be one of ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}; got ${describe(input)}`,
    'unknown_choice',
  );
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * CASE expression giving each choice its position, so sorts follow the field's choice order.
 * Empty stays NULL, so it sorts first ascending as it does in every other type; a value no
 * longer among the choices sorts last.
 */
export function choiceOrder(column: string, field: FieldModel): string {
  const choices = choicesOf(field);
  if (choices.length === 0) return column;
  const cases = choices.map((c, i) => `WHEN ${quote(c.name)} THEN ${i}`).join(' ');
  return `(CASE WHEN ${column} IS NULL THEN NULL ELSE (CASE ${column} ${cases} ELSE ${choices.length} END) END)`;
}

/** A choice's name and every label it carries, for the search index. */
export function choiceSearchText(field: FieldModel, name: unknown): string {
  if (typeof name !== 'string') return '';
  const choice = choicesOf(field).find((c) => c.name === name);
  return [name, ...labelTexts(choice?.label)].join(' ');
}
