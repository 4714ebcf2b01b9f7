// The table metadata schema. Fields and views are stored as their own metadata objects;
// the API and templates show them nested in their table.
import type { FromSchema } from 'json-schema-to-ts';
import { apiNameSchema, descriptionSchema, idSchema, labelSchema } from './common.ts';

const tableProperties = {
  id: idSchema,
  name: apiNameSchema,
  label: labelSchema,
  description: descriptionSchema,
  icon: { type: 'string', maxLength: 40 },
  /** The field whose value names a record (in links, titles, kanban cards). */
  primaryField: apiNameSchema,
  /** The user field that says who owns a record, for "own"/"team" access scopes and assignment. */
  ownerField: apiNameSchema,
  templateKey: { type: 'string', maxLength: 100 },
} as const;

export const tableSchema = {
  type: 'object',
  required: ['id', 'name', 'label'],
  properties: tableProperties,
  additionalProperties: false,
} as const;

export type TableDoc = FromSchema<typeof tableSchema>;

export const tableInputSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    ...tableProperties,
    fields: { type: 'array', maxItems: 500, items: { type: 'object' } },
    views: { type: 'array', maxItems: 200, items: { type: 'object' } },
  },
  additionalProperties: false,
} as const;

export type TableInput = FromSchema<typeof tableInputSchema>;

export const tablePatchSchema = {
  type: 'object',
  properties: {
    name: apiNameSchema,
    label: labelSchema,
    description: descriptionSchema,
    icon: tableProperties.icon,
    primaryField: apiNameSchema,
    ownerField: apiNameSchema,
    templateKey: tableProperties.templateKey,
    /** Table order in the app's sidebar. */
    position: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
} as const;

export type TablePatch = FromSchema<typeof tablePatchSchema>;
