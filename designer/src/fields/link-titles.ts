// Names of linked records: the target table's primary field, read once per table (up to a
// thousand records in one request) and record by record beyond that.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/endpoints.ts';
import { keys, useApp } from '../api/queries.ts';
import type { FieldDoc, RecordItem, Table } from '../api/types.ts';
import { optionsOf } from './values.ts';

export function targetTable(tables: Table[] | undefined, field: FieldDoc): Table | undefined {
  const name = optionsOf<{ table: string }>(field).table;
  return tables?.find((t) => t.name === name || t.id === name);
}

export function recordTitle(record: RecordItem | undefined, table: Table | undefined, id: string): string {
  const primary = table?.primaryField;
  const value = primary ? record?.fields[primary] : undefined;
  if (value === null || value === undefined || value === '') return `#${id}`;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Titles of records of `table`, by id. */
export function useRecordTitles(app: string, table: Table | undefined) {
  const primary = table?.primaryField;
  const list = useQuery({
    queryKey: [...keys.records(app, table?.name ?? '-'), 'titles'],
    queryFn: () =>
      api.records.list(app, table!.name, { limit: 1000, ...(primary ? { fields: [primary] } : {}) }),
    enabled: Boolean(table),
    staleTime: 60_000,
  });
  return useMemo(() => {
    const map = new Map<string, string>();
    for (const record of list.data?.items ?? []) map.set(record.id, recordTitle(record, table, record.id));
    return map;
  }, [list.data, table]);
}

/** The title of one record, from the table's list when it holds it, else fetched alone. */
export function useRecordTitle(
  app: string,
  table: Table | undefined,
  id: string,
  titles: Map<string, string>,
) {
  const known = titles.get(id);
  const single = useQuery({
    queryKey: keys.record(app, table?.name ?? '-', id),
    queryFn: () => api.records.get(app, table!.name, id),
    enabled: Boolean(table) && known === undefined && titles.size >= 1000,
    staleTime: 60_000,
  });
  return known ?? recordTitle(single.data, table, id);
}

export function useLinkTarget(app: string, field: FieldDoc) {
  const appQuery = useApp(app);
  return targetTable(appQuery.data?.tables, field);
}
