// Every API call the designer makes, one function each, over the typed client.
import { client, read, withJson, withQuery } from './client.ts';
import type {
  AggregateResult,
  App,
  AppSummary,
  Conversion,
  CsvImportReport,
  FieldDoc,
  Me,
  PublicForm,
  RecordItem,
  RecordPage,
  Table,
  TemplatePreview,
  TemplateSummary,
  User,
  ViewDoc,
} from './types.ts';

export interface ListParams {
  filter?: unknown;
  sort?: { field: string; dir?: 'asc' | 'desc' | undefined }[] | undefined;
  limit?: number | undefined;
  cursor?: string | null | undefined;
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

export const api = {
  auth: {
    login: (email: string, password: string) =>
      read<{ token: string; user: { id: string; email: string; name: string } }>(
        client.auth.login.$post(withJson({}, { email, password })),
      ),
    logout: () => read<void>(client.auth.logout.$post()),
  },
  me: {
    get: () => read<Me>(client.me.$get()),
    update: (patch: { locale?: string; name?: string; timeZone?: string }) =>
      read<Me>(client.me.$patch(withJson({}, patch))),
  },
  users: {
    list: () => read<{ items: User[] }>(client.users.$get()),
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
