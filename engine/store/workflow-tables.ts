// Fixed tables of the workflow engine: runs and their steps (durable execution), scheduling
// state, tasks, in-app notifications, approvals and webhook deliveries.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const workflowRuns = sqliteTable(
  'workflow_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    appId: text('app_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    status: text('status', {
      enum: ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'],
    }).notNull(),
    triggerType: text('trigger_type').notNull(),
    /** What caused the run; unique, so an event never starts the same workflow twice. */
    eventKey: text('event_key').notNull(),
    tableId: text('table_id'),
    recordId: integer('record_id'),
    depth: integer('depth').notNull().default(0),
    input: text('input', { mode: 'json' }),
    dryRun: integer('dry_run', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    /** When a queued or waiting run should next be looked at (retries, waits). */
    nextAt: integer('next_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('workflow_runs_event').on(t.eventKey),
    index('workflow_runs_due').on(t.status, t.nextAt),
    index('workflow_runs_workflow').on(t.workflowId, t.id),
    index('workflow_runs_record').on(t.tableId, t.recordId),
  ],
);

export const workflowSteps = sqliteTable(
  'workflow_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id').notNull(),
    /** Where in the action tree: "0", "2.ifTrue.1", "3.onApprove.0". */
    path: text('path').notNull(),
    actionType: text('action_type').notNull(),
    status: text('status', { enum: ['succeeded', 'failed', 'waiting', 'skipped'] }).notNull(),
    input: text('input', { mode: 'json' }),
    output: text('output', { mode: 'json' }),
    error: text('error'),
    attempt: integer('attempt').notNull().default(1),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('workflow_steps_run').on(t.runId, t.path)],
);

export const workflowState = sqliteTable('workflow_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const dateSchedules = sqliteTable(
  'workflow_dates',
  {
    workflowId: text('workflow_id').notNull(),
    recordId: integer('record_id').notNull(),
    fireAt: integer('fire_at').notNull(),
  },
  (t) => [
    uniqueIndex('workflow_dates_key').on(t.workflowId, t.recordId),
    index('workflow_dates_due').on(t.fireAt),
  ],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    appId: text('app_id'),
    title: text('title').notNull(),
    body: text('body'),
    link: text('link', { mode: 'json' }),
    createdAt: integer('created_at').notNull(),
    readAt: integer('read_at'),
    /** Run, step and user: a step repeated after a crash does not notify twice. */
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    index('notifications_user').on(t.userId, t.id),
    uniqueIndex('notifications_dedupe').on(t.dedupeKey),
  ],
);

export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    appId: text('app_id').notNull(),
    tableId: text('table_id'),
    recordId: integer('record_id'),
    title: text('title').notNull(),
    notes: text('notes'),
    assigneeId: text('assignee_id'),
    dueAt: integer('due_at'),
    remindAt: integer('remind_at'),
    remindedAt: integer('reminded_at'),
    doneAt: integer('done_at'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    runId: integer('run_id'),
  },
  (t) => [
    index('tasks_assignee').on(t.assigneeId, t.doneAt),
    index('tasks_record').on(t.tableId, t.recordId),
    index('tasks_remind').on(t.remindAt),
  ],
);

export const approvals = sqliteTable(
  'approvals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    appId: text('app_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    runId: integer('run_id').notNull(),
    path: text('path').notNull(),
    tableId: text('table_id').notNull(),
    recordId: integer('record_id').notNull(),
    title: text('title').notNull(),
    /** The steps with their resolved approvers: [{name, mode, approvers:[userId]}]. */
    steps: text('steps', { mode: 'json' }).notNull(),
    currentStep: integer('current_step').notNull().default(0),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'cancelled'] }).notNull(),
    lockedFields: text('locked_fields', { mode: 'json' }),
    createdAt: integer('created_at').notNull(),
    decidedAt: integer('decided_at'),
  },
  (t) => [
    index('approvals_record').on(t.tableId, t.recordId),
    uniqueIndex('approvals_step').on(t.runId, t.path),
  ],
);

export const approvalDecisions = sqliteTable(
  'approval_decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    approvalId: integer('approval_id').notNull(),
    step: integer('step').notNull(),
    userId: text('user_id').notNull(),
    decision: text('decision', { enum: ['approve', 'reject'] }).notNull(),
    comment: text('comment'),
    at: integer('at').notNull(),
  },
  (t) => [index('approval_decisions_approval').on(t.approvalId)],
);

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id').notNull(),
    path: text('path').notNull(),
    url: text('url').notNull(),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms'),
    at: integer('at').notNull(),
  },
  (t) => [index('webhook_deliveries_run').on(t.runId)],
);

export const workflowTables = [
  workflowRuns,
  workflowSteps,
  workflowState,
  dateSchedules,
  notifications,
  tasks,
  approvals,
  approvalDecisions,
  webhookDeliveries,
];
