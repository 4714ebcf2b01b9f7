// The app metadata schema: an app groups tables (and later workflows, roles, dashboards).
import type { FromSchema } from 'json-schema-to-ts';
import { apiNameSchema, descriptionSchema, idSchema, labelSchema, timeZoneSchema } from './common.ts';

const appProperties = {
  id: idSchema,
  name: apiNameSchema,
  label: labelSchema,
  description: descriptionSchema,
  icon: { type: 'string', maxLength: 40 },
  color: { type: 'string', maxLength: 20 },
  /** IANA time zone for relative dates ("today", "this_month") in this app. */
  timeZone: timeZoneSchema,
  /** Roles of signed-in users who are not members of the app (default: member). */
  defaultRoles: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 20 },
  /** Record changes older than this many days leave the audit log (metadata history is kept). */
  auditRetentionDays: { type: 'integer', minimum: 1, maximum: 36500 },
  /** The template this app was installed from, with its format version, for upgrades. */
  template: {
    type: 'object',
    properties: { name: { type: 'string' }, formatVersion: { type: 'integer' } },
    additionalProperties: false,
  },
} as const;

export const appSchema = {
  type: 'object',
  required: ['id', 'name', 'label'],
  properties: appProperties,
  additionalProperties: false,
} as const;

export type AppDoc = FromSchema<typeof appSchema>;

export const appInputSchema = {
  type: 'object',
  required: ['name'],
  properties: appProperties,
  additionalProperties: false,
} as const;
export type AppInput = FromSchema<typeof appInputSchema>;

export const appPatchSchema = {
  type: 'object',
  properties: {
    name: apiNameSchema,
    label: labelSchema,
    description: descriptionSchema,
    icon: appProperties.icon,
    color: appProperties.color,
    timeZone: appProperties.timeZone,
    defaultRoles: appProperties.defaultRoles,
    auditRetentionDays: appProperties.auditRetentionDays,
  },
  additionalProperties: false,
} as const;
export type AppPatch = FromSchema<typeof appPatchSchema>;
