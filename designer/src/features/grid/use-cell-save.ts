// Saving cell values: shown at once (optimistic), settled by the server's answer, rolled back
// with the server's message when it refuses — the caller keeps what the user typed.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { invalidateRecords, keys, patchCachedRecord } from '../../api/queries.ts';
import type { RecordItem } from '../../api/types.ts';

export function errorFor(error: unknown, field?: string): string {
  if (error instanceof ApiError)
    return (field ? error.forField(field) : undefined) ?? error.details[0]?.message ?? error.message;
  return (error as Error).message;
}

export function useCellSave(app: string, table: string) {
  const client = useQueryClient();
  const saveOne = useCallback(
    async (record: RecordItem, fields: Record<string, unknown>) => {
      patchCachedRecord(client, app, table, { ...record, fields: { ...record.fields, ...fields } });
      try {
        const saved = await api.records.update(app, table, record.id, fields);
        patchCachedRecord(client, app, table, saved);
        void client.invalidateQueries({ queryKey: keys.aggregate(app, table) });
        return saved;
      } catch (error) {
        patchCachedRecord(client, app, table, record);
        throw error;
      }
    },
    [client, app, table],
  );
  const saveMany = useCallback(
    async (changes: { record: RecordItem; fields: Record<string, unknown> }[]) => {
      if (changes.length === 0) return;
      for (const { record, fields } of changes)
        patchCachedRecord(client, app, table, { ...record, fields: { ...record.fields, ...fields } });
      try {
        const result = await api.records.updateMany(
          app,
          table,
          changes.map(({ record, fields }) => ({ id: record.id, fields })),
        );
        for (const saved of result.items) patchCachedRecord(client, app, table, saved);
        void client.invalidateQueries({ queryKey: keys.aggregate(app, table) });
      } catch (error) {
        for (const { record } of changes) patchCachedRecord(client, app, table, record);
        invalidateRecords(client, app, table);
        throw error;
      }
    },
    [client, app, table],
  );
  return { saveOne, saveMany };
}
