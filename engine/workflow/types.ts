// The contract of workflow actions. Adding an action type is adding one module under
// actions/ and one line in actions/index.ts.
import type { Actor } from '../access/actor.ts';
import type { Engine } from '../index.ts';
import type { AppModel, TableModel } from '../meta/model.ts';
import type { ApiRecord } from '../records/reader.ts';
import type { ActionType, WorkflowAction, WorkflowDoc } from '../schema/workflow.ts';
import type { Mailer } from './mailer.ts';

/** What started a run. */
export interface RunInput {
  /** Values before the change (updates and deletes). */
  before?: Record<string, unknown> | null;
  /** Values the change wrote. */
  after?: Record<string, unknown> | null;
  /** A webhook's JSON body. */
  body?: unknown;
}

export interface RunRow {
  id: number;
  appId: string;
  workflowId: string;
  status: string;
  triggerType: string;
  tableId: string | null;
  recordId: number | null;
  depth: number;
  input: unknown;
  dryRun: boolean;
  attempts: number;
}

export interface ActionContext {
  engine: Engine;
  app: AppModel;
  workflow: WorkflowDoc;
  run: RunRow;
  /** Where the action sits in the tree, e.g. "2.ifTrue.0". */
  path: string;
  /** Who the actions act as; its cause carries the run for loop protection. */
  actor: Actor;
  now: number;
  /** Dry run: describe what would happen, change nothing. */
  dryRun: boolean;
  /** The triggering table and record (current values), when the trigger has one. */
  table: TableModel | null;
  record: ApiRecord | null;
  input: RunInput;
  mailer: Mailer;
  /** A setting's value: literal, or {"expr": JSONata} evaluated against the record. */
  value(setting: unknown): Promise<unknown>;
  /** Text with {{ JSONata }} placeholders filled in. */
  text(template: unknown): Promise<string>;
  /** Whether a condition (JSON filter or {"expr"}) holds for the triggering record. */
  holds(condition: unknown): Promise<boolean>;
}

export interface ActionResult {
  output?: unknown;
  /** The run waits here; it is looked at again at `until` (ms), or when something wakes it. */
  wait?: { until: number };
  /** Nested actions to run now (a branch's chosen side, an approval's outcome). */
  children?: { key: string; actions: WorkflowAction[] };
}

export interface StepState {
  status: 'succeeded' | 'failed' | 'waiting' | 'skipped';
  output: unknown;
  attempt: number;
}

export interface ActionModule {
  type: ActionType;
  /** JSON Schema of the action's settings (besides id, type, label). */
  settings: object;
  /**
   * Transactional actions change only the database: their effect and the step record commit
   * together, so a crash never repeats them. Others (e-mail, webhooks) run outside the write
   * lock and may repeat after a crash; they send an idempotency key.
   */
  transactional: boolean;
  /** Checks references against the app when the workflow is saved; throws Invalid naming the setting. */
  check?(action: WorkflowAction, app: AppModel, table: TableModel | null, where: string): void;
  run(context: ActionContext, action: WorkflowAction): Promise<ActionResult>;
  /** Called when the run comes back to a waiting step. */
  resume?(context: ActionContext, action: WorkflowAction, step: StepState): Promise<ActionResult>;
  /** Actions nested in this one (for checks and renames). */
  nested?(action: WorkflowAction): { key: string; actions: WorkflowAction[] }[];
}
