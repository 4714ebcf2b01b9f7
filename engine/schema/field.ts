// The field metadata schema. `type` names a module in the field registry (engine/fields/),
// which owns the schema of `options`; validateFieldDoc checks both.
import type { FromSchema } from 'json-schema-to-ts';
import { apiNameSchema, descriptionSchema, idSchema, labelSchema } from './common.ts';

export const fieldTypeNames = [
  'text',
  'long_text',
  'number',
  'currency',
  'percent',
  'date',
  'datetime',
  'checkbox',
  'single_select',
  'multi_select',
  'email',
  'phone',
  'url',
  'user',
  'link',
  'lookup',
  'rollup',
  'formula',
  'autonumber',
  'rating',
  'attachment',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
] as const;

export type FieldTypeName = (typeof fieldTypeNames)[number];

export const fieldSchema = {
  type: 'object',
  required: ['id', 'name', 'label', 'type'],
  properties: {
    id: idSchema,
    name: apiNameSchema,
    label: labelSchema,
    type: { enum: fieldTypeNames },
    description: descriptionSchema,
    required: { type: 'boolean' },
    unique: { type: 'boolean' },
    /** Fields that views sort or filter on get an index; this forces one. */
    indexed: { type: 'boolean' },
    /** Stored encrypted (AES-256-GCM): readable only through the engine, never searchable or sortable. */
    encrypted: { type: 'boolean' },
    /** A literal value, or {"expr": JSONata} evaluated with `$now`, `$today` and `$me`. */
    default: {},
    options: { type: 'object' },
    templateKey: { type: 'string', maxLength: 100 },
  },
  additionalProperties: false,
} as const;

export type FieldDoc = FromSchema<typeof fieldSchema>;

/** What a client sends to create a field: the id is assigned, the label defaults from the name. */
export const fieldInputSchema = {
  ...fieldSchema,
  required: ['name', 'type'],
} as const;

export type FieldInput = FromSchema<typeof fieldInputSchema>;

export const fieldPatchSchema = {
  type: 'object',
  properties: {
    /** Where the field sits among its table's fields (0 = first). */
    position: { type: 'integer', minimum: 0, maximum: 10_000 },
    name: apiNameSchema,
    label: labelSchema,
    type: { enum: fieldTypeNames },
    description: descriptionSchema,
    required: { type: 'boolean' },
    unique: { type: 'boolean' },
    indexed: { type: 'boolean' },
    encrypted: { type: 'boolean' },
    default: {},
    options: { type: 'object' },
    templateKey: { type: 'string', maxLength: 100 },
  },
  additionalProperties: false,
} as const;

export type FieldPatch = FromSchema<typeof fieldPatchSchema>;
