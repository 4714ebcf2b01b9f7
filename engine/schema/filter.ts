// The one JSON filter language of views, the API, workflow conditions and permission rules:
// {"and":[{"field":"stage","op":"is","value":"won"},{"or":[…]}]}. Operators are checked
// per field type by the compiler (engine/query/filter.ts), not here.
import { type Checker, compile } from './validator.ts';

export const filterSchema = {
  $id: 'https://rapport.dev/schema/filter',
  $ref: '#/definitions/node',
  definitions: {
    node: {
      anyOf: [
        { $ref: '#/definitions/condition' },
        {
          type: 'object',
          required: ['and'],
          properties: { and: { type: 'array', maxItems: 200, items: { $ref: '#/definitions/node' } } },
          additionalProperties: false,
        },
        {
          type: 'object',
          required: ['or'],
          properties: { or: { type: 'array', maxItems: 200, items: { $ref: '#/definitions/node' } } },
          additionalProperties: false,
        },
        {
          type: 'object',
          required: ['not'],
          properties: { not: { $ref: '#/definitions/node' } },
          additionalProperties: false,
        },
      ],
    },
    condition: {
      type: 'object',
      required: ['field', 'op'],
      properties: {
        field: { type: 'string', minLength: 1, maxLength: 100 },
        op: { type: 'string', pattern: '^[a-z_]{2,30}$' },
        value: {},
      },
      additionalProperties: false,
    },
  },
} as const;

// json-schema-to-ts cannot express recursive schemas, so the filter's type is written out
// here; `isFilter` below keeps the two in step at every entry point.
export type Filter = Condition | { and: Filter[] } | { or: Filter[] } | { not: Filter };
export interface Condition {
  field: string;
  op: string;
  value?: unknown;
}

export const isFilter: Checker<Filter> = compile<Filter>(filterSchema);

export const sortSchema = {
  type: 'array',
  maxItems: 10,
  items: {
    type: 'object',
    required: ['field'],
    properties: {
      field: { type: 'string', minLength: 1, maxLength: 100 },
      dir: { enum: ['asc', 'desc'] },
    },
    additionalProperties: false,
  },
} as const;
