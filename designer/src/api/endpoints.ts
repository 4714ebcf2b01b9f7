// Every API call the designer makes, one function each, over the typed client.
import { client, read, withJson, withQuery } from './client.ts';
import type {
  AggregateResult,
  ApiToken,
  App,
  Approval,
  AppSummary,
  AuditEntry,
  Comment,
  Conversion,
  CsvImportReport,
  DryRunResult,
  Explanation,
  FieldDoc,
  FieldTypeInfo,
  Me,
  Member,
  Notification,
  PublicForm,
  RecordItem,
  RecordPage,
  RoleDoc,
  RunDetail,
  RunSummary,
  Session,
  Share,
  Table,
  Task,
  Team,
  TemplatePreview,
  TemplateSummary,
  TwoFactorStatus,
  User,
  ViewDoc,
  WorkflowDoc,
  WorkflowItem,
} from './types.ts';
import { asSelfHeader } from './view-as.ts';

export interface ListParams {
  filter?: unknown;
  sort?: { field: string; dir?: 'asc' | 'desc' | undefined }[] | undefined;
  limit?: number | undefined;
  cursor?: string | null | undefined;
  /** Skip this many rows: a jump deep into a long list (the grid's random access). */
  offset?: number | undefined;
  q?: string | undefined;
  view?: string | undefined;
  fields?: string[] | undefined;
}

export interface AggregateParams {
  filter?: unknown;
  q?: string | undefined;
  groupBy?: string[] | undefined;
  aggregates?: { field: string; fn: string }[] | undefined;
}

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
const isEmptyFilter = (filter: unknown) =>
  filter === undefined ||
  filter === null ||
  (typeof filter === 'object' &&
    Object.values(filter as Record<string, unknown>).every((v) => Array.isArray(v) && v.length === 0));

const apps = client.apps[':app'];
const tables = apps.tables[':table'];
const records = tables.records;
const workflows = apps.workflows[':workflow'];
/** Administration reads made as the signed-in admin even while viewing as someone else. */
const asSelf = { headers: { [asSelfHeader]: '1' } };

export interface AuditParams {
  table?: string | undefined;
  record?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  kind?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface NewTask {
  app: string;
  title: string;
  table?: string;
  record?: string;
  due?: string;
  assignee?: string;
  notes?: string;
}

export const api = {
  auth: {
    login: (email: string, password: string, code?: string) =>
      read<{
        token: string;
        user: { id: string; email: string; name: string };
        mustEnrolTwoFactor?: boolean;
      }>(client.auth.login.$post(withJson({}, { email, password, ...(code ? { code } : {}) }))),
    logout: () => read<void>(client.auth.logout.$post()),
    changePassword: (current: string, password: string) =>
      read<void>(client.auth.password.$post(withJson({}, { current, password }))),
    sessions: () => read<{ items: Session[] }>(client.auth.sessions.$get()),
    revokeSession: (id: string) => read<void>(client.auth.sessions[':id'].$delete({ param: { id } })),
    twoFactor: () => read<TwoFactorStatus>(client.auth['2fa'].$get()),
    startTwoFactor: () =>
      read<{ secret: string; uri: string }>(client.auth['2fa'].setup.$post(withJson({}, {}))),
    enableTwoFactor: (code: string) => read<void>(client.auth['2fa'].enable.$post(withJson({}, { code }))),
    disableTwoFactor: (code: string) => read<void>(client.auth['2fa'].disable.$post(withJson({}, { code }))),
  },
  tokens: {
    list: () => read<{ items: ApiToken[] }>(client.tokens.$get()),
    create: (body: { name: string; role?: string; apps?: string[]; readOnly?: boolean }) =>
      read<{ id: string; token: string; name: string }>(client.tokens.$post(withJson({}, body))),
    revoke: (id: string) => read<void>(client.tokens[':id'].$delete({ param: { id } })),
  },
  me: {
    get: () => read<Me>(client.me.$get()),
    update: (patch: { locale?: string; name?: string; timeZone?: string }) =>
      read<Me>(client.me.$patch(withJson({}, patch))),
  },
  users: {
    list: () => read<{ items: User[] }>(client.users.$get({}, asSelf)),
    create: (body: Record<string, unknown>) => read<User>(client.users.$post(withJson({}, body))),
    update: (id: string, patch: Record<string, unknown>) =>
      read<User>(client.users[':id'].$patch(withJson({ param: { id } }, patch))),
  },
  teams: {
    list: () => read<{ items: Team[] }>(client.teams.$get({}, asSelf)),
    create: (body: { name: string; label: unknown; parent?: string | null }) =>
      read<Team>(client.teams.$post(withJson({}, body))),
    update: (team: string, patch: Record<string, unknown>) =>
      read<Team>(client.teams[':team'].$patch(withJson({ param: { team } }, patch))),
    remove: (team: string) => read<void>(client.teams[':team'].$delete({ param: { team } })),
  },
  apps: {
    list: () => read<{ items: AppSummary[] }>(client.apps.$get()),
    get: (app: string) => read<App>(apps.$get({ param: { app } })),
    create: (body: { name: string; label: unknown }) => read<App>(client.apps.$post(withJson({}, body))),
    update: (app: string, patch: Record<string, unknown>) =>
      read<App>(apps.$patch(withJson({ param: { app } }, patch))),
    remove: (app: string) => read<void>(apps.$delete({ param: { app } })),
  },
  tables: {
    create: (app: string, body: { name: string; label: unknown; fields?: unknown[] }) =>
      read<Table>(apps.tables.$post(withJson({ param: { app } }, body))),
    update: (app: string, table: string, patch: Record<string, unknown>) =>
      read<Table>(tables.$patch(withJson({ param: { app, table } }, patch))),
    remove: (app: string, table: string) => read<void>(tables.$delete({ param: { app, table } })),
  },
  fields: {
    create: (app: string, table: string, field: Record<string, unknown>) =>
      read<FieldDoc>(tables.fields.$post(withJson({ param: { app, table } }, field))),
    update: (
      app: string,
      table: string,
      field: string,
      patch: Record<string, unknown>,
      mode: { dryRun?: boolean; clearInvalid?: boolean } = {},
    ) =>
      read<FieldDoc & { conversion?: Conversion }>(
        tables.fields[':field'].$patch(
          withJson({ param: { app, table, field } }, patch, {
            ...(mode.dryRun ? { dryRun: '1' } : {}),
            ...(mode.clearInvalid ? { clearInvalid: '1' } : {}),
          }),
        ),
      ),
    /** What a change would do, without doing it. */
    preview: (app: string, table: string, field: string, patch: Record<string, unknown>) =>
      read<{ field: FieldDoc; conversion?: Conversion }>(
        tables.fields[':field'].$patch(withJson({ param: { app, table, field } }, patch, { dryRun: '1' })),
      ),
    remove: (app: string, table: string, field: string) =>
      read<void>(tables.fields[':field'].$delete({ param: { app, table, field } })),
  },
  views: {
    create: (app: string, table: string, view: Record<string, unknown>) =>
      read<ViewDoc>(tables.views.$post(withJson({ param: { app, table } }, view))),
    update: (app: string, table: string, view: string, patch: Record<string, unknown>) =>
      read<ViewDoc>(tables.views[':view'].$patch(withJson({ param: { app, table, view } }, patch))),
    remove: (app: string, table: string, view: string) =>
      read<void>(tables.views[':view'].$delete({ param: { app, table, view } })),
  },
  records: {
    list: (app: string, table: string, params: ListParams = {}) =>
      read<RecordPage>(
        records.$get(
          withQuery(
            { param: { app, table } },
            {
              filter: isEmptyFilter(params.filter) ? undefined : json(params.filter),
              sort: params.sort?.length ? json(params.sort) : undefined,
              limit: params.limit,
              cursor: params.cursor ?? undefined,
              offset: params.offset || undefined,
              q: params.q || undefined,
              view: params.view,
              fields: params.fields?.join(','),
            },
          ),
        ),
      ),
    aggregate: (app: string, table: string, params: AggregateParams) =>
      read<AggregateResult>(
        records.aggregate.$get(
          withQuery(
            { param: { app, table } },
            {
              filter: isEmptyFilter(params.filter) ? undefined : json(params.filter),
              q: params.q || undefined,
              groupBy: params.groupBy?.join(','),
              aggregates: params.aggregates?.map((a) => `${a.field}:${a.fn}`).join(','),
            },
          ),
        ),
      ),
    get: (app: string, table: string, id: string) =>
      read<RecordItem>(records[':id'].$get({ param: { app, table, id } })),
    create: (app: string, table: string, fields: Record<string, unknown>) =>
      read<RecordItem>(records.$post(withJson({ param: { app, table } }, { fields }))),
    update: (app: string, table: string, id: string, fields: Record<string, unknown>) =>
      read<RecordItem>(records[':id'].$patch(withJson({ param: { app, table, id } }, { fields }))),
    updateMany: (app: string, table: string, items: { id: string; fields: Record<string, unknown> }[]) =>
      read<{ items: RecordItem[] }>(records.$patch(withJson({ param: { app, table } }, { records: items }))),
    remove: (app: string, table: string, id: string) =>
      read<void>(records[':id'].$delete({ param: { app, table, id } })),
    /** Puts a record between two others in the hand-arranged order (sort by `@position`). */
    move: (app: string, table: string, id: string, place: { after: string | null; before: string | null }) =>
      read<{ id: string; position: number }>(
        records[':id'].move.$post(withJson({ param: { app, table, id } }, place)),
      ),
    removeMany: (app: string, table: string, ids: string[]) =>
      read<void>(records.$delete(withQuery({ param: { app, table } }, { ids: ids.join(',') }))),
  },
  csv: {
    /** A download link for the table as CSV: the grid's filter, sort and search, headers as labels. */
    exportUrl: (
      app: string,
      table: string,
      params: Pick<ListParams, 'filter' | 'sort' | 'q'>,
      lang: string,
    ) => {
      const url = tables['records.csv'].$url(
        withQuery(
          { param: { app, table } },
          {
            filter: isEmptyFilter(params.filter) ? undefined : json(params.filter),
            sort: params.sort?.length ? json(params.sort) : undefined,
            q: params.q || undefined,
            header: 'labels',
            lang,
            bom: '1',
          },
        ),
      );
      return `${url.pathname}${url.search}`;
    },
    import: (app: string, table: string, file: File, mode: 'all_or_nothing' | 'skip_invalid') =>
      read<CsvImportReport>(
        tables['records.csv'].$post(withQuery({ param: { app, table } }, { mode }), {
          init: { body: file, headers: { 'content-type': 'text/csv' } },
        }),
      ),
  },
  forms: {
    get: (publicId: string) => read<PublicForm>(client.forms[':publicId'].$get({ param: { publicId } })),
    submit: (publicId: string, body: Record<string, unknown>) =>
      read<{ id: string | null; received: boolean }>(
        client.forms[':publicId'].$post(withJson({ param: { publicId } }, body)),
      ),
  },
  /** The app's live event stream (server-sent events); EventSource carries the session cookie. */
  eventsUrl: (app: string) => apps.events.$url({ param: { app } }).pathname,
  templates: {
    list: () => read<{ items: TemplateSummary[] }>(client.templates.$get()),
    get: (name: string) => read<TemplatePreview>(client.templates[':name'].$get({ param: { name } })),
    install: (name: string, body: { app?: string; sampleData?: boolean }) =>
      read<App>(client.templates[':name'].install.$post(withJson({ param: { name } }, body))),
  },
  workflows: {
    list: (app: string) => read<{ items: WorkflowItem[] }>(apps.workflows.$get({ param: { app } }, asSelf)),
    get: (app: string, workflow: string) =>
      read<WorkflowDoc>(workflows.$get({ param: { app, workflow } }, asSelf)),
    create: (app: string, body: Record<string, unknown>) =>
      read<WorkflowDoc>(apps.workflows.$post(withJson({ param: { app } }, body))),
    update: (app: string, workflow: string, patch: Record<string, unknown>) =>
      read<WorkflowDoc>(workflows.$patch(withJson({ param: { app, workflow } }, patch))),
    remove: (app: string, workflow: string) => read<void>(workflows.$delete({ param: { app, workflow } })),
    runs: (app: string, workflow: string) =>
      read<{ items: RunSummary[] }>(workflows.runs.$get({ param: { app, workflow } }, asSelf)),
    run: (app: string, workflow: string, id: number) =>
      read<RunDetail>(workflows.runs[':id'].$get({ param: { app, workflow, id: String(id) } }, asSelf)),
    retry: (app: string, workflow: string, id: number) =>
      read<RunDetail>(
        workflows.runs[':id'].retry.$post(withJson({ param: { app, workflow, id: String(id) } }, {})),
      ),
    /** Starts a manual workflow on a record. */
    start: (app: string, workflow: string, record: string) =>
      read<RunDetail>(workflows.run.$post(withJson({ param: { app, workflow } }, { record }))),
    /** What the saved workflow would do on a record, changing nothing. */
    dryRun: (app: string, workflow: string, record: string | undefined) =>
      read<DryRunResult>(
        workflows['dry-run'].$post(withJson({ param: { app, workflow } }, record ? { record } : {})),
      ),
  },
  inbox: {
    list: () => read<{ items: Notification[]; unread: number }>(client.notifications.$get({}, asSelf)),
    markRead: (ids: number[] | 'all') =>
      read<{ marked: number; unread: number }>(
        client.notifications.read.$post(withJson({}, ids === 'all' ? { all: true } : { ids })),
      ),
  },
  approvals: {
    waiting: () => read<{ items: Approval[] }>(client.approvals.$get({}, asSelf)),
    get: (id: number) => read<Approval>(client.approvals[':id'].$get({ param: { id: String(id) } }, asSelf)),
    decide: (id: number, decision: 'approve' | 'reject', comment: string) =>
      read<Approval>(
        client.approvals[':id'].decide.$post(
          withJson({ param: { id: String(id) } }, { decision, ...(comment.trim() ? { comment } : {}) }),
        ),
      ),
    forRecord: (app: string, table: string, id: string) =>
      read<{ items: Approval[] }>(records[':id'].approvals.$get({ param: { app, table, id } }, asSelf)),
  },
  tasks: {
    list: (open = true) =>
      read<{ items: Task[] }>(client.tasks.$get(withQuery({}, { open: open ? undefined : '0' }), asSelf)),
    create: (body: NewTask) => read<Task>(client.tasks.$post(withJson({}, body))),
    update: (id: number, patch: { done?: boolean; due?: string | null; assignee?: string; title?: string }) =>
      read<Task>(client.tasks[':id'].$patch(withJson({ param: { id: String(id) } }, patch))),
  },
  comments: {
    list: (app: string, table: string, id: string) =>
      read<{ items: Comment[] }>(records[':id'].comments.$get({ param: { app, table, id } })),
    add: (app: string, table: string, id: string, body: { body: string; mentions: string[] }) =>
      read<Comment>(records[':id'].comments.$post(withJson({ param: { app, table, id } }, body))),
    edit: (app: string, table: string, id: string, comment: number, body: { body: string }) =>
      read<Comment>(
        records[':id'].comments[':comment'].$patch(
          withJson({ param: { app, table, id, comment: String(comment) } }, body),
        ),
      ),
    remove: (app: string, table: string, id: string, comment: number) =>
      read<void>(
        records[':id'].comments[':comment'].$delete({ param: { app, table, id, comment: String(comment) } }),
      ),
  },
  history: {
    forRecord: (app: string, table: string, id: string, cursor?: string) =>
      read<{ items: AuditEntry[]; nextCursor: string | null }>(
        records[':id'].history.$get(withQuery({ param: { app, table, id } }, { cursor, limit: 30 })),
      ),
  },
  audit: {
    list: (app: string, params: AuditParams) =>
      read<{ items: AuditEntry[]; nextCursor: string | null }>(
        apps.audit.$get(withQuery({ param: { app } }, { ...params }), asSelf),
      ),
    csvUrl: (app: string, params: AuditParams) => {
      const url = apps['audit.csv'].$url(withQuery({ param: { app } }, { ...params, cursor: undefined }));
      return `${url.pathname}${url.search}`;
    },
  },
  roles: {
    list: (app: string) =>
      read<{ items: (RoleDoc & { builtIn?: true })[] }>(apps.roles.$get({ param: { app } }, asSelf)),
    create: (app: string, body: Record<string, unknown>) =>
      read<RoleDoc>(apps.roles.$post(withJson({ param: { app } }, body))),
    update: (app: string, role: string, patch: Record<string, unknown>) =>
      read<RoleDoc>(apps.roles[':role'].$patch(withJson({ param: { app, role } }, patch))),
    remove: (app: string, role: string) => read<void>(apps.roles[':role'].$delete({ param: { app, role } })),
  },
  members: {
    list: (app: string) => read<{ items: Member[] }>(apps.members.$get({ param: { app } }, asSelf)),
    set: (app: string, user: string, roles: string[]) =>
      read<Member>(apps.members[':user'].$put(withJson({ param: { app, user } }, { roles }))),
    remove: (app: string, user: string) =>
      read<void>(apps.members[':user'].$delete({ param: { app, user } })),
  },
  shares: {
    list: (app: string, table: string, id: string) =>
      read<{ items: Share[] }>(records[':id'].shares.$get({ param: { app, table, id } }, asSelf)),
    add: (app: string, table: string, id: string, body: { user?: string; team?: string; level: string }) =>
      read<Share>(records[':id'].shares.$post(withJson({ param: { app, table, id } }, body))),
    remove: (app: string, table: string, id: string, share: number) =>
      read<void>(
        records[':id'].shares[':share'].$delete({ param: { app, table, id, share: String(share) } }),
      ),
  },
  access: {
    /** Why may (or may not) this user do this to this record. */
    explain: (app: string, table: string, id: string, user: string, operation: string) =>
      read<Explanation>(
        records[':id'].access.$get(withQuery({ param: { app, table, id } }, { user, operation }), asSelf),
      ),
  },
  reference: {
    fieldTypes: () => read<{ items: FieldTypeInfo[] }>(client['field-types'].$get()),
    /** A JSONata expression evaluated on a record of the table (or on sample values). */
    formulaPreview: (app: string, table: string, expression: string, record?: string) =>
      read<{ value: unknown; resultType: string; record: string | null }>(
        tables['formula-preview'].$post(
          withJson({ param: { app, table } }, { expression, ...(record ? { record } : {}) }),
        ),
      ),
  },
  attachments: {
    upload: (file: File) =>
      read<{ id: string; name: string; size: number; type: string }>(
        client.attachments.$post(withQuery({}, { name: file.name }), {
          init: { body: file, headers: { 'content-type': file.type || 'application/octet-stream' } },
        }),
      ),
    url: (id: string) => client.attachments[':id'].$url({ param: { id } }).pathname,
  },
};
