// The behaviour shared by every type whose value is one string: text, long text, e-mail,
// phone and URL differ only in their limits and format check.
import type { FieldModel } from '../meta/model.ts';
import type { FieldTypeName } from '../schema/index.ts';
import { textOps } from './operators.ts';
import { describe, fail, isEmpty, options } from './shared.ts';
import type { FieldType } from './types.ts';

interface TextKind {
  name: FieldTypeName;
  maxLength: number;
  format?: { test(value: string): boolean; message: string; normalize?(value: string): string };
  valueFormat?: string;
  sample: string;
  options?: object;
}

export function textKind(kind: TextKind): FieldType {
  const parse = (input: unknown, field: FieldModel) => {
    if (isEmpty(input)) return null;
    if (typeof input !== 'string') fail(field, `must be text, got ${describe(input)}`);
    const maxLength = options<{ maxLength?: number }>(field).maxLength ?? kind.maxLength;
    if (input.length > maxLength) fail(field, `must be at most ${maxLength} characters long`, 'too_long');
    if (kind.format) {
      const value = kind.format.normalize ? kind.format.normalize(input) : input;
      if (!kind.format.test(value))
        fail(field, `${kind.format.message}, got ${describe(input)}`, 'invalid_format');
      return value;
    }
    return input;
  };
  return {
    name: kind.name,
    options: kind.options ?? {
      type: 'object',
      properties: { maxLength: { type: 'integer', minimum: 1, maximum: kind.maxLength } },
      additionalProperties: false,
    },
    storage: 'column',
    readOnly: false,
    searchable: true,
    parse,
    fromDb: (value) => (value === null || value === undefined ? null : String(value)),
    toText: (value) => (value === null || value === undefined ? '' : String(value)),
    fromText: (text) => (text === '' ? null : text),
    operators: textOps,
    sort: (column) => `${column} COLLATE NOCASE`,
    valueSchema: (field) => ({
      type: ['string', 'null'],
      maxLength: options<{ maxLength?: number }>(field).maxLength ?? kind.maxLength,
      ...(kind.valueFormat ? { format: kind.valueFormat } : {}),
    }),
    sample: () => kind.sample,
    searchText: (value) => (value === null || value === undefined ? '' : String(value)),
  };
}
