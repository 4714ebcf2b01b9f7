// The workflow metadata schema: trigger → condition → actions. Each action type owns the
// schema of its own settings (engine/workflow/actions/); this schema checks the frame.
import { apiNameSchema, descriptionSchema, idSchema, labelSchema } from './common.ts';
import type { Filter } from './filter.ts';
import { type Checker, compile } from './validator.ts';

export const triggerTypes = [
  'record_created',
  'record_updated',
  'record_deleted',
  'form_submitted',
  'date_reached',
  'schedule',
  'manual',
  'webhook',
] as const;
export type TriggerType = (typeof triggerTypes)[number];

export const actionTypes = [
  'update_record',
  'create_record',
  'assign_owner',
  'create_task',
  'notify',
  'send_email',
  'webhook',
  'request_approval',
  'wait',
  'branch',
] as const;
export type ActionType = (typeof actionTypes)[number];

export const workflowSchema = {
  $id: 'https://rapport.dev/schema/workflow',
  type: 'object',
  required: ['id', 'name', 'label', 'trigger', 'actions'],
  properties: {
    id: idSchema,
    name: apiNameSchema,
    label: labelSchema,
    description: descriptionSchema,
    enabled: { type: 'boolean' },
    trigger: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { enum: triggerTypes },
        table: apiNameSchema,
        /** record_updated: run only when one of these fields changed. */
        fields: { type: 'array', items: apiNameSchema, maxItems: 100 },
        /** form_submitted: the form view's name. */
        form: apiNameSchema,
        /** date_reached: the date field and how long before (negative) or after it. */
        dateField: apiNameSchema,
        offset: {
          type: 'object',
          properties: { days: { type: 'integer' }, hours: { type: 'integer' }, minutes: { type: 'integer' } },
          additionalProperties: false,
        },
        /** date_reached on a date without time: the hour of day it fires, in the time zone. */
        atHour: { type: 'integer', minimum: 0, maximum: 23 },
        /** schedule: a cron expression and its time zone. */
        cron: { type: 'string', maxLength: 100 },
        timeZone: { type: 'string', maxLength: 64 },
        /** manual: the button's label on the record page. */
        buttonLabel: labelSchema,
        /** webhook: the shared secret callers present. */
        secret: { type: 'string', minLength: 16, maxLength: 200 },
      },
      additionalProperties: false,
    },
    /** A JSON filter on the triggering record, or {"expr": JSONata} over {record, before, after}. */
    condition: {},
    /** Actions run as this user (for permissions and "updated by"); the workflow's creator when absent. */
    runAs: { type: 'string', maxLength: 64 },
    actions: { type: 'array', maxItems: 100, items: { $ref: '#/definitions/action' } },
    templateKey: { type: 'string', maxLength: 100 },
  },
  additionalProperties: false,
  definitions: {
    action: {
      type: 'object',
      required: ['type'],
      properties: {
        id: { type: 'string', maxLength: 64 },
        type: { enum: actionTypes },
        label: labelSchema,
      },
      additionalProperties: true,
    },
  },
} as const;

/** Actions nest (branches, approval outcomes), which json-schema-to-ts cannot express; each type checks its own settings. */
export interface WorkflowAction {
  id?: string;
  type: ActionType;
  label?: string | Record<string, string>;
  [setting: string]: unknown;
}

export interface WorkflowTrigger {
  type: TriggerType;
  table?: string;
  fields?: string[];
  form?: string;
  dateField?: string;
  offset?: { days?: number; hours?: number; minutes?: number };
  atHour?: number;
  cron?: string;
  timeZone?: string;
  buttonLabel?: string | Record<string, string>;
  secret?: string;
}

export interface WorkflowDoc {
  id: string;
  name: string;
  label: string | Record<string, string>;
  description?: string | Record<string, string>;
  enabled?: boolean;
  trigger: WorkflowTrigger;
  condition?: Filter | { expr: string };
  runAs?: string;
  actions: WorkflowAction[];
  templateKey?: string;
}

export const isWorkflow: Checker<WorkflowDoc> = compile<WorkflowDoc>(workflowSchema);
export const isWorkflowInput: Checker<Omit<WorkflowDoc, 'id' | 'label'> & { label?: WorkflowDoc['label'] }> =
  compile({
    ...workflowSchema,
    $id: 'https://rapport.dev/schema/workflow-input',
    required: ['name', 'trigger', 'actions'],
  });
