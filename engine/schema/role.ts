// The role metadata schema: per table, which operations a role may do on which rows, and
// per field whether it may read, write or not see it at all.
import type { FromSchema } from 'json-schema-to-ts';
import { apiNameSchema, descriptionSchema, idSchema, labelSchema } from './common.ts';
import type { Filter, filterSchema } from './filter.ts';
import './filter.ts'; // registers the filter schema that scopes reference by $id
import { type Checker, compile } from './validator.ts';

const scopeSchema = {
  anyOf: [
    { enum: ['all', 'own', 'team', 'reports'] },
    {
      type: 'object',
      required: ['filter'],
      properties: { filter: { $ref: 'https://rapport.dev/schema/filter' } },
      additionalProperties: false,
    },
  ],
} as const;

/** An operation is allowed on rows in a scope, or not at all. */
const operationSchema = {
  anyOf: [
    { type: 'boolean' },
    { type: 'object', required: ['scope'], properties: { scope: scopeSchema }, additionalProperties: false },
  ],
} as const;

export const tablePermissionSchema = {
  type: 'object',
  properties: {
    create: { type: 'boolean' },
    read: operationSchema,
    update: operationSchema,
    delete: operationSchema,
    fields: { type: 'object', additionalProperties: { enum: ['write', 'read', 'hidden'] } },
  },
  additionalProperties: false,
} as const;

const roleProperties = {
  id: idSchema,
  name: apiNameSchema,
  label: labelSchema,
  description: descriptionSchema,
  tables: { type: 'object', additionalProperties: tablePermissionSchema },
  /** Members must sign in with a second factor. */
  requireTwoFactor: { type: 'boolean' },
  /** May change the app's metadata (tables, fields, views, workflows, roles). */
  canDesign: { type: 'boolean' },
  templateKey: { type: 'string', maxLength: 100 },
} as const;

export const roleSchema = {
  type: 'object',
  required: ['id', 'name', 'label', 'tables'],
  properties: roleProperties,
  additionalProperties: false,
} as const;

export type RoleDoc = FromSchema<typeof roleSchema, { references: [typeof filterSchema] }>;
export type TablePermission = NonNullable<RoleDoc['tables'][string]>;
export type Scope = 'all' | 'own' | 'team' | 'reports' | { filter: Filter };

export const isRole: Checker<RoleDoc> = compile<RoleDoc>(roleSchema);
export const isRoleInput: Checker<
  Omit<RoleDoc, 'id' | 'label' | 'tables'> & Partial<Pick<RoleDoc, 'label' | 'tables'>>
> = compile({
  ...roleSchema,
  required: ['name'],
});
