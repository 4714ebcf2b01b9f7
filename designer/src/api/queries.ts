// Server state through TanStack Query: query keys, the hooks screens read with, and the
// cache updates that mutations and live events share.
import {
  type InfiniteData,
  keepPreviousData,
  QueryClient,
  type QueryKey,
  useInfiniteQuery,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { ApiError } from './client.ts';
import { type AggregateParams, api, type ListParams } from './endpoints.ts';
import type { App, RecordItem, RecordPage, Table } from './types.ts';

export const keys = {
  me: ['me'] as const,
  apps: ['apps'] as const,
  app: (app: string) => ['app', app] as const,
  users: ['users'] as const,
  records: (app: string, table: string) => ['records', app, table] as const,
  aggregate: (app: string, table: string) => ['aggregate', app, table] as const,
  record: (app: string, table: string, id: string) => ['record', app, table, id] as const,
  templates: ['templates'] as const,
  template: (name: string) => ['template', name] as const,
  teams: ['teams'] as const,
  workflows: (app: string) => ['workflows', app] as const,
  workflow: (app: string, workflow: string) => ['workflows', app, 'one', workflow] as const,
  runs: (app: string, workflow: string) => ['workflows', app, 'runs', workflow] as const,
  inbox: ['inbox'] as const,
  approvals: ['approvals'] as const,
  tasks: ['tasks'] as const,
  roles: (app: string) => ['roles', app] as const,
  members: (app: string) => ['members', app] as const,
  recordExtras: (app: string, table: string, id: string) => ['record-extras', app, table, id] as const,
  comments: (app: string, table: string, id: string) =>
    ['record-extras', app, table, id, 'comments'] as const,
  recordPages: (app: string, table: string, params: ListParams) =>
    ['records', app, table, 'pages', params] as QueryKey,
  /** One page of rows read by offset (the grid's random access), under the table's records. */
  recordsAt: (app: string, table: string, params: ListParams, size: number, page: number) =>
    ['records', app, table, 'at', params, size, page] as QueryKey,
  aggregateOf: (app: string, table: string, params: AggregateParams) =>
    ['aggregate', app, table, params] as QueryKey,
  account: ['account'] as const,
};

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) =>
          count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
}

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: api.me.get, retry: false, staleTime: Infinity });
}

export function useApps() {
  return useQuery({ queryKey: keys.apps, queryFn: api.apps.list });
}

export function useApp(app: string) {
  return useQuery({ queryKey: keys.app(app), queryFn: () => api.apps.get(app) });
}

export function useTable(app: string, table: string): { app?: App; table?: Table; isLoading: boolean } {
  const query = useApp(app);
  const found = query.data?.tables.find((t) => t.name === table || t.id === table);
  return {
    ...(query.data ? { app: query.data } : {}),
    ...(found ? { table: found } : {}),
    isLoading: query.isLoading,
  };
}

export function useUsers() {
  return useQuery({ queryKey: keys.users, queryFn: api.users.list, staleTime: 5 * 60_000 });
}

export function useTeams() {
  return useQuery({ queryKey: keys.teams, queryFn: api.teams.list, staleTime: 5 * 60_000 });
}

export function useWorkflows(app: string) {
  return useQuery({ queryKey: keys.workflows(app), queryFn: () => api.workflows.list(app) });
}

export function useRoles(app: string, enabled = true) {
  return useQuery({ queryKey: keys.roles(app), queryFn: () => api.roles.list(app), enabled });
}

export function useMembers(app: string, enabled = true) {
  return useQuery({ queryKey: keys.members(app), queryFn: () => api.members.list(app), enabled });
}

/** The signed-in user's inbox; live over the app's event stream, polled elsewhere. */
export function useInbox() {
  return useQuery({
    queryKey: keys.inbox,
    queryFn: api.inbox.list,
    refetchInterval: 60_000,
    staleTime: 10_000,
  });
}

export const pageSize = 500;

/** Records page by page through keyset cursors, for grids and boards that scroll. */
export function useRecordPages(app: string, table: string, params: ListParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: keys.recordPages(app, table, params),
    queryFn: ({ pageParam }) =>
      api.records.list(app, table, { ...params, limit: params.limit ?? pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: RecordPage) => last.nextCursor,
    enabled,
  });
}

/**
 * The query for rows page × size … of a list read by offset: shared by the grid and the prefetch
 * that starts it from the address, so the grid finds the page already on its way.
 */
export function recordsAtQuery(app: string, table: string, params: ListParams, page: number, size: number) {
  return {
    queryKey: keys.recordsAt(app, table, params, size, page),
    queryFn: () => api.records.list(app, table, { ...params, limit: size, offset: page * size }),
    // Pages scrolled past leave the cache soon: a long scroll does not keep 100,000 rows.
    gcTime: 30_000,
  };
}

/** One page of records (small lists: related records, pickers, calendars). */
export function useRecordList(app: string, table: string, params: ListParams, enabled = true) {
  return useQuery({
    queryKey: [...keys.records(app, table), 'list', params] as QueryKey,
    queryFn: () => api.records.list(app, table, params),
    enabled,
  });
}

/** Counts and summaries; `keepPrevious` shows the last answer while one for new params loads. */
export function useAggregate(
  app: string,
  table: string,
  params: AggregateParams,
  enabled = true,
  keepPrevious = false,
) {
  return useQuery({
    queryKey: keys.aggregateOf(app, table, params),
    queryFn: () => api.records.aggregate(app, table, params),
    enabled,
    ...(keepPrevious ? { placeholderData: keepPreviousData } : {}),
  });
}

export function useRecord(app: string, table: string, id: string, enabled = true) {
  return useQuery({
    queryKey: keys.record(app, table, id),
    queryFn: () => api.records.get(app, table, id),
    enabled,
  });
}

/** Puts a changed record into every cached list and page of its table, without refetching. */
export function patchCachedRecord(client: QueryClient, app: string, table: string, record: RecordItem) {
  client.setQueriesData({ queryKey: keys.records(app, table) }, (data: unknown) => replaceIn(data, record));
  client.setQueryData(keys.record(app, table, record.id), record);
}

function replaceIn(data: unknown, record: RecordItem): unknown {
  if (!data || typeof data !== 'object') return data;
  if ('pages' in data) {
    const infinite = data as InfiniteData<RecordPage>;
    return { ...infinite, pages: infinite.pages.map((page) => replaceIn(page, record) as RecordPage) };
  }
  if ('items' in data) {
    const page = data as RecordPage;
    if (!page.items.some((r) => r.id === record.id)) return data;
    return { ...page, items: page.items.map((r) => (r.id === record.id ? record : r)) };
  }
  return data;
}

/**
 * Records changed on the server without being written (a link's other side, lookups and
 * rollups recomputed): those on screen are fetched again and patched into their lists; when
 * many are, the table's lists refetch instead.
 */
export function refreshRecords(client: QueryClient, app: string, table: string, ids: string[]) {
  const listed = new Set<string>();
  for (const [, data] of client.getQueriesData({ queryKey: keys.records(app, table) }))
    for (const record of recordsIn(data)) listed.add(record.id);
  const onRecordPage = (id: string) =>
    client
      .getQueryCache()
      .find({ queryKey: keys.record(app, table, id), exact: true })
      ?.isActive() ?? false;
  const shown = ids.filter((id) => listed.has(id) || onRecordPage(id));
  // Records not on screen are read afresh when next shown.
  const onScreen = new Set(shown);
  for (const id of ids)
    if (!onScreen.has(id))
      void client.invalidateQueries({ queryKey: keys.record(app, table, id), refetchType: 'none' });
  void client.invalidateQueries({ queryKey: keys.aggregate(app, table) });
  if (shown.length > manyRecords) {
    invalidateRecords(client, app, table);
    for (const id of shown) void client.invalidateQueries({ queryKey: keys.record(app, table, id) });
    return;
  }
  for (const id of shown)
    void client
      .fetchQuery({
        queryKey: keys.record(app, table, id),
        queryFn: () => api.records.get(app, table, id),
        staleTime: 0,
      })
      .then((record) => patchCachedRecord(client, app, table, record))
      .catch(() => invalidateRecords(client, app, table));
}

/** Beyond this many changed records on screen, refetching the lists is cheaper than one by one. */
const manyRecords = 20;

function recordsIn(data: unknown): RecordItem[] {
  if (!data || typeof data !== 'object') return [];
  if ('pages' in data) return (data as InfiniteData<RecordPage>).pages.flatMap((page) => page.items);
  if ('items' in data) return (data as RecordPage).items;
  return [];
}

/** After records were created, deleted or changed in bulk: lists, counts and sums refetch. */
export function invalidateRecords(client: QueryClient, app: string, table: string) {
  void client.invalidateQueries({ queryKey: keys.records(app, table) });
  void client.invalidateQueries({ queryKey: keys.aggregate(app, table) });
}

export function invalidateApp(client: QueryClient, app: string) {
  void client.invalidateQueries({ queryKey: keys.app(app) });
  void client.invalidateQueries({ queryKey: keys.apps });
}

export { useQueryClient };
