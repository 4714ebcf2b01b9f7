// The shapes the designer works with, taken from the engine's metadata schemas (types only:
// the designer never loads engine code) and from the server's typed routes.
import type { InferResponseType } from 'hono/client';
import type { ApiRecord } from '../../../engine/records/reader.ts';
import type {
  AppDoc,
  FieldDoc,
  FieldTypeName,
  Filter,
  Label,
  TableDoc,
  ViewDoc,
  ViewPatch,
} from '../../../engine/schema/index.ts';
import type { client } from './client.ts';

export type { Condition } from '../../../engine/schema/index.ts';
export type { AppDoc, FieldDoc, FieldTypeName, Filter, Label, TableDoc, ViewDoc, ViewPatch };

/** A table as GET /api/apps/:app shows it: its document plus fields and views. */
export type Table = TableDoc & { primaryField: string | null; fields: FieldDoc[]; views: ViewDoc[] };
export type App = AppDoc & { tables: Table[] };
export type AppSummary = AppDoc & { tables: { id: string; name: string; label: Label }[] };

export type Me = InferResponseType<(typeof client.me)['$get'], 200>;
export type User = InferResponseType<(typeof client.users)['$get'], 200>['items'][number];
/** A record as the API returns it; values are plain JSON, typed per field at the edges. */
export type RecordItem = ApiRecord;
export interface RecordPage {
  items: RecordItem[];
  nextCursor: string | null;
}
// The route's inferred page must stay a page of these records.
type InferredPage = InferResponseType<
  (typeof client.apps)[':app']['tables'][':table']['records']['$get'],
  200
>;
export type PageCheck = InferredPage['items'][number]['id'] extends RecordItem['id'] ? true : never;
export type AggregateResult = InferResponseType<
  (typeof client.apps)[':app']['tables'][':table']['records']['aggregate']['$get'],
  200
>;
export type ViewType = ViewDoc['type'];
export type FormLayout = NonNullable<ViewDoc['form']>;
export type FormSection = NonNullable<FormLayout['sections']>[number];
export type FormItem = FormSection['fields'][number];
export type SortSpec = NonNullable<ViewDoc['sort']>[number];
export type AggregateFn = 'count' | 'count_empty' | 'count_filled' | 'sum' | 'avg' | 'min' | 'max';

export interface PublicForm {
  app: string;
  table: string;
  view: ViewDoc;
  fields: FieldDoc[];
}

export interface TemplateSummary {
  name: string;
  label: Label;
  description: Label;
  icon?: string;
}

/** GET /api/templates/:name — what a template would create, before installing it. */
export interface TemplatePreview extends TemplateSummary {
  tables: {
    name: string;
    label: Label;
    description?: Label;
    fields: { name: string; label?: Label; type: FieldTypeName }[];
    /** Sample rows, in whichever form the server gives them. */
    sample?: unknown[];
    records?: unknown[];
    rows?: unknown[];
  }[];
  sampleData?: Record<string, unknown[]>;
  /** The first sample rows of each table (field values by name). */
  samples?: Record<string, Record<string, unknown>[]>;
  sampleCounts?: Record<string, number>;
}

/** A type change's dry run: what would convert and what would not. */
export interface Conversion {
  total: number;
  converted: number;
  unchanged: number;
  failedCount: number;
  failed: { id: string; value: unknown; message: string }[];
}

export interface ErrorDetail {
  field?: string;
  message: string;
  index?: number;
  code?: string;
}

export interface LiveEvent {
  id: number;
  type: string;
  at: string;
  table?: string;
  record?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  object?: string;
  kind?: string;
  /** records.recomputed: the records whose computed values changed, and which fields. */
  records?: string[];
  fields?: string[];
}

/** POST …/records.csv: how many rows came in and which did not, with why. */
export interface CsvImportReport {
  imported: number;
  failedCount: number;
  failed: { row: number; errors: ErrorDetail[] }[];
  columns: unknown[];
  mode: string;
}

// ---- workflows, inbox, access, account (issues 6 and 7) -----------------------------------

import type { WorkflowDoc } from '../../../engine/schema/workflow.ts';

export type { Explanation } from '../../../engine/access/service.ts';
export type { AuditEntry } from '../../../engine/audit/service.ts';
export type { Team } from '../../../engine/people/service.ts';
export type { RoleDoc, Scope, TablePermission } from '../../../engine/schema/role.ts';
export type {
  ActionType,
  TriggerType,
  WorkflowAction,
  WorkflowDoc,
  WorkflowTrigger,
} from '../../../engine/schema/workflow.ts';
export type { Approval } from '../../../engine/workflow/approvals.ts';

type Workflows = (typeof client.apps)[':app']['workflows'];
export type RunSummary = InferResponseType<Workflows[':workflow']['runs']['$get'], 200>['items'][number];
/** A workflow in the app's list: its document and how its last run went. */
export type WorkflowItem = WorkflowDoc & { lastRun: RunSummary | null };
export type RunDetail = InferResponseType<Workflows[':workflow']['runs'][':id']['$get'], 200>;
export type RunStep = RunDetail['steps'][number];
export interface DryRunStep {
  path: string;
  type: string;
  status: 'would_run' | 'would_fail' | string;
  output?: unknown;
  error?: string | null;
}
export interface DryRunResult {
  conditionHolds: boolean;
  steps: DryRunStep[];
}
export type Notification = InferResponseType<(typeof client.notifications)['$get'], 200>['items'][number];
export type Task = InferResponseType<(typeof client.tasks)['$get'], 200>['items'][number];
/** A comment on a record: its author's user id, its text and the user ids it @mentions. */
export type Comment = InferResponseType<
  (typeof client.apps)[':app']['tables'][':table']['records'][':id']['comments']['$get'],
  200
>['items'][number];
export type Session = InferResponseType<(typeof client.auth.sessions)['$get'], 200>['items'][number];
export type ApiToken = InferResponseType<(typeof client.tokens)['$get'], 200>['items'][number];
export interface Member {
  user: string;
  roles: string[];
}
export interface Share {
  id: number;
  user: string | null;
  team: string | null;
  level: 'read' | 'edit';
}
export interface TwoFactorStatus {
  enabled: boolean;
  required: boolean;
}
export interface FieldTypeInfo {
  name: FieldTypeName;
  readOnly?: boolean;
  operators: { op: string; operand: string }[];
}
