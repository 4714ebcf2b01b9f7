// The grid's data: the rows on screen read by offset wherever the user scrolls (random access,
// see use-record-window.ts), the total count and column summaries from the aggregate endpoint;
// grouped, records in order through keyset cursors with group header rows between them.
import { type QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { api, type ListParams } from '../../api/endpoints.ts';
import { keys, useAggregate } from '../../api/queries.ts';
import type { AggregateResult, RecordItem, RecordPage } from '../../api/types.ts';
import { summaryParams } from './grid-query.ts';
import { useRecordWindow } from './use-record-window.ts';

export type GridRow =
  | { kind: 'record'; record: RecordItem }
  | { kind: 'group'; key: string; value: unknown; count: number; values: AggregateResult['total']['values'] }
  | { kind: 'placeholder' };

/** One shared placeholder, and one wrapper per record, so rows keep their identity (memoised rows). */
const placeholder: GridRow = { kind: 'placeholder' };
const wrappers = new WeakMap<RecordItem, GridRow>();
function recordRow(record: RecordItem): GridRow {
  let row = wrappers.get(record);
  if (!row) {
    row = { kind: 'record', record };
    wrappers.set(record, row);
  }
  return row;
}

const firstPage = 200;
const laterPage = 1000;

export function groupKey(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function useGridRows(
  app: string,
  table: string,
  params: Pick<ListParams, 'filter' | 'sort' | 'q'>,
  options: {
    groupField?: string | undefined;
    aggregates: { field: string; fn: string }[];
    collapsed: Set<string>;
  },
) {
  const isGrouped = Boolean(options.groupField);
  const pages = useInfiniteQuery({
    queryKey: [...keys.records(app, table), 'grid', params] as QueryKey,
    queryFn: ({ pageParam }) =>
      api.records.list(app, table, { ...params, limit: pageParam.limit, cursor: pageParam.cursor }),
    initialPageParam: { cursor: null as string | null, limit: firstPage },
    getNextPageParam: (last: RecordPage) =>
      last.nextCursor ? { cursor: last.nextCursor, limit: laterPage } : undefined,
    placeholderData: (previous) => previous,
    enabled: isGrouped,
  });
  const summary = useAggregate(app, table, summaryParams(params, options.aggregates), true, true);
  const counted = summary.data?.total.count;
  const windowed = useRecordWindow(app, table, params, counted, !isGrouped);
  const groups = useAggregate(
    app,
    table,
    {
      filter: params.filter,
      q: params.q,
      groupBy: options.groupField ? [options.groupField] : [],
      aggregates: options.aggregates,
    },
    Boolean(options.groupField),
  );

  const inOrder = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const records = isGrouped ? inOrder : windowed.records;
  const total = counted ?? (isGrouped ? inOrder.length : windowed.known);
  const hasMore = Boolean(pages.hasNextPage);

  // Grouped: header rows between runs of equal values (records arrive sorted by the group field).
  const grouped = useMemo(() => {
    const field = options.groupField;
    if (!field) return undefined;
    // Rows kept from the previous query are in the previous order: wait for the grouped ones.
    if (pages.isPlaceholderData) return [placeholder];
    const byKey = new Map((groups.data?.groups ?? []).map((g) => [groupKey(g.key[field]), g]));
    const rows: GridRow[] = [];
    let current: string | undefined;
    for (const record of records) {
      const value = record.fields[field];
      const key = groupKey(Array.isArray(value) && value.length === 0 ? null : value);
      if (key !== current) {
        current = key;
        const group = byKey.get(key);
        rows.push({ kind: 'group', key, value, count: group?.count ?? 0, values: group?.values ?? {} });
      }
      if (!options.collapsed.has(key)) rows.push(recordRow(record));
    }
    if (hasMore) rows.push(placeholder);
    return rows;
  }, [options.groupField, options.collapsed, groups.data, records, hasMore, pages.isPlaceholderData]);

  const count = grouped ? grouped.length : total;
  // Row numbers count records only, not group headers.
  const ordinals = useMemo(() => {
    if (!grouped) return undefined;
    const numbers: number[] = [];
    let n = 0;
    for (const row of grouped) numbers.push(row.kind === 'record' ? ++n : n);
    return numbers;
  }, [grouped]);
  const numberAt = useCallback(
    (index: number) => (ordinals ? (ordinals[index] ?? index + 1) : index + 1),
    [ordinals],
  );
  const rowAt = useCallback(
    (index: number): GridRow => {
      if (grouped) return grouped[index] ?? placeholder;
      const record = windowed.recordAt(index);
      return record ? recordRow(record) : placeholder;
    },
    [grouped, windowed.recordAt],
  );

  /**
   * Called with the rows on screen: flat, read the pages under them; grouped, fetch on before
   * the user reaches the end of what is loaded.
   */
  const { show } = windowed;
  const ensureLoaded = useCallback(
    (firstVisible: number, lastVisible: number) => {
      if (!grouped) return show(firstVisible, lastVisible);
      if (lastVisible >= grouped.length - 60 && pages.hasNextPage && !pages.isFetchingNextPage)
        void pages.fetchNextPage();
    },
    [grouped, show, pages],
  );

  return {
    count,
    rowAt,
    numberAt,
    records,
    total,
    loaded: records.length,
    summary: summary.data,
    isLoading: isGrouped ? pages.isLoading : windowed.isLoading,
    isFetching: isGrouped ? pages.isFetching : windowed.isFetching,
    error: isGrouped ? pages.error : windowed.error,
    ensureLoaded,
  };
}
