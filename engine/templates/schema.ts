// The template format: an app's tables, fields, views, roles, workflows and sample data as one
// JSON document, plus the teams its workflows address. A stable `templateKey` on every table,
// field, view, role and workflow lets a later version of the template be matched to an
// installed app by key, never by label. This module only describes the shape;
// templates/check.ts checks what a schema cannot (names that resolve).
import type { FromSchema } from 'json-schema-to-ts';
import { apiNameSchema, descriptionSchema, labelSchema } from '../schema/common.ts';
import { fieldSchema } from '../schema/field.ts';
import type { filterSchema } from '../schema/filter.ts';
import '../schema/filter.ts'; // registers the filter schema that roles and views reference by $id
import { roleSchema } from '../schema/role.ts';
import { type Checker, compile } from '../schema/validator.ts';
import { viewSchema } from '../schema/view.ts';
import { workflowSchema } from '../schema/workflow.ts';

export const templateFormatVersion = 1;

const templateKeySchema = { type: 'string', minLength: 1, maxLength: 100 } as const;

const { id: _fieldId, ...fieldProperties } = fieldSchema.properties;
const { id: _viewId, ...viewProperties } = viewSchema.properties;
// A workflow acts as the user who installs it: a user id from elsewhere means nothing here.
const { id: _workflowId, runAs: _runAs, ...workflowProperties } = workflowSchema.properties;
const { id: _roleId, ...roleProperties } = roleSchema.properties;

/** A field as the metadata API takes it, plus its key. A link names its inverse in `options`. */
export const templateFieldSchema = {
  type: 'object',
  required: ['templateKey', 'name', 'label', 'type'],
  properties: { ...fieldProperties, templateKey: templateKeySchema },
  additionalProperties: false,
} as const;

export const templateViewSchema = {
  type: 'object',
  required: ['templateKey', 'name', 'label', 'type'],
  properties: { ...viewProperties, templateKey: templateKeySchema },
  additionalProperties: false,
  anyOf: viewSchema.anyOf,
} as const;

export const templateTableSchema = {
  type: 'object',
  required: ['templateKey', 'name', 'label', 'fields'],
  properties: {
    templateKey: templateKeySchema,
    name: apiNameSchema,
    label: labelSchema,
    description: descriptionSchema,
    icon: { type: 'string', maxLength: 40 },
    primaryField: apiNameSchema,
    ownerField: apiNameSchema,
    fields: { type: 'array', minItems: 1, maxItems: 500, items: templateFieldSchema },
    views: { type: 'array', maxItems: 200, items: templateViewSchema },
  },
  additionalProperties: false,
} as const;

/**
 * A team the template's workflows address ("team:sales", an assignment's `team`). Installing
 * creates it unless a team of that name exists, which is then used as it is. `parent` names
 * another team of the template.
 */
export const templateTeamSchema = {
  type: 'object',
  required: ['name', 'label'],
  properties: { name: apiNameSchema, label: labelSchema, parent: apiNameSchema },
  additionalProperties: false,
} as const;

/** A role as the access API takes it, plus its key. */
export const templateRoleSchema = {
  type: 'object',
  required: ['templateKey', 'name', 'label', 'tables'],
  properties: { ...roleProperties, templateKey: templateKeySchema },
  additionalProperties: false,
} as const;

/**
 * A workflow as the workflows API takes it, plus its key. The engine checks each action's
 * settings against the installed app. In message texts, `[[form:<table>.<view>]]` stands for
 * the public link of that form in the installed app.
 */
export const templateWorkflowSchema = {
  type: 'object',
  required: ['templateKey', 'name', 'label', 'trigger', 'actions'],
  properties: {
    ...workflowProperties,
    templateKey: templateKeySchema,
    actions: { type: 'array', maxItems: 100, items: workflowSchema.definitions.action },
  },
  additionalProperties: false,
} as const;

/** One sample record: its field values by API name; links hold "@key" references to records of the target table. */
export const sampleRecordSchema = {
  type: 'object',
  required: ['fields'],
  properties: {
    key: { type: 'string', minLength: 1, maxLength: 100 },
    fields: { type: 'object' },
  },
  additionalProperties: false,
} as const;

export const templateSchema = {
  type: 'object',
  required: ['formatVersion', 'name', 'label', 'description', 'app', 'tables'],
  properties: {
    formatVersion: { const: templateFormatVersion },
    /** The template's API name, and the app's name when the installer gives none. */
    name: apiNameSchema,
    label: labelSchema,
    description: descriptionSchema,
    icon: { type: 'string', maxLength: 40 },
    app: {
      type: 'object',
      required: ['label'],
      properties: {
        label: labelSchema,
        description: descriptionSchema,
        icon: { type: 'string', maxLength: 40 },
        color: { type: 'string', maxLength: 20 },
        timeZone: { type: 'string', maxLength: 64 },
      },
      additionalProperties: false,
    },
    tables: { type: 'array', minItems: 1, maxItems: 200, items: templateTableSchema },
    /** Sample records per table name, created in one go when the installer asks for them. */
    sampleData: {
      type: 'object',
      propertyNames: apiNameSchema,
      additionalProperties: { type: 'array', maxItems: 100_000, items: sampleRecordSchema },
    },
    /**
     * The day the sample data was written for (YYYY-MM-DD). At install, sample dates and times
     * move forward by the days since, so "closing this month" still shows deals. Exports leave it out.
     */
    sampleDataDate: { type: 'string', format: 'date' },
    teams: { type: 'array', maxItems: 100, items: templateTeamSchema },
    roles: { type: 'array', maxItems: 100, items: templateRoleSchema },
    workflows: { type: 'array', maxItems: 500, items: templateWorkflowSchema },
    // TODO(issue 4): dashboards — checked and installed once dashboards land.
    dashboards: { type: 'array', maxItems: 100, items: { type: 'object' } },
  },
  additionalProperties: false,
  // Views embed the filter language by reference (see schema/view.ts).
  definitions: viewSchema.definitions,
} as const;

export type Template = FromSchema<typeof templateSchema, { references: [typeof filterSchema] }>;
export type TemplateTable = Template['tables'][number];
export type TemplateField = TemplateTable['fields'][number];
export type TemplateView = NonNullable<TemplateTable['views']>[number];
export type SampleRecord = FromSchema<typeof sampleRecordSchema>;
export type TemplateTeam = NonNullable<Template['teams']>[number];
export type TemplateRole = NonNullable<Template['roles']>[number];
export type TemplateWorkflow = NonNullable<Template['workflows']>[number];

export const isTemplate: Checker<Template> = compile<Template>(templateSchema);
