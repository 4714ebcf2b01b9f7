// Fields that show one of the row's system columns: when and by whom it was created or last changed.
import type { systemColumns } from '../meta/model.ts';
import type { FieldTypeName } from '../schema/index.ts';
import { datetimeColumnOps } from './operators.ts';
import type { FieldType } from './types.ts';
import { userOps, userSort, userValueSchema } from './user-kind.ts';

type Column = (typeof systemColumns)[keyof typeof systemColumns];

const readOnlyBase = {
  options: { type: 'object', additionalProperties: false },
  storage: 'system',
  readOnly: true,
  searchable: false,
  // The engine assigns the value; whatever a client sends is ignored by the records service.
  parse: () => null,
} as const;

export function timestampField(name: FieldTypeName, column: Column): FieldType {
  return {
    ...readOnlyBase,
    name,
    systemColumn: column,
    fromDb: (value) => (typeof value === 'number' ? new Date(value).toISOString() : null),
    toText: (value) => (typeof value === 'string' ? value : ''),
    fromText: (text) => text,
    operators: datetimeColumnOps,
    sort: (c) => c,
    valueSchema: () => ({ type: 'string', format: 'date-time', readOnly: true }),
    sample: () => '2026-03-15T09:30:00.000Z',
  };
}

export function actorField(name: FieldTypeName, column: Column): FieldType {
  return {
    ...readOnlyBase,
    name,
    systemColumn: column,
    fromDb: (value) => (typeof value === 'string' ? value : null),
    toText: (value) => (typeof value === 'string' ? value : ''),
    fromText: (text) => text,
    operators: userOps,
    sort: userSort,
    valueSchema: () => ({ ...userValueSchema(), readOnly: true }),
    sample: () => 'usr_sample',
  };
}
