// Live updates: the app's server-sent event stream keeps the query cache current, so changes
// made by others (or by another tab) appear without a reload.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from './endpoints.ts';
import { invalidateApp, invalidateRecords, keys, patchCachedRecord } from './queries.ts';
import type { LiveEvent, RecordItem } from './types.ts';

const recordEvents = ['record.created', 'record.updated', 'record.deleted', 'form.submitted'];
const metadataEvents = ['app', 'table', 'field', 'view'].flatMap((kind) =>
  ['created', 'updated', 'deleted'].map((action) => `${kind}.${action}`),
);

export function useLiveEvents(app: string | undefined) {
  const client = useQueryClient();
  useEffect(() => {
    if (!app || typeof EventSource === 'undefined') return;
    const source = new EventSource(api.eventsUrl(app));
    const onRecord = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      if (!event.table) return;
      if (message.type === 'record.updated' && event.record) {
        // Refetch the record itself (computed fields change too), then patch it into lists in place.
        void client
          .fetchQuery({
            queryKey: keys.record(app, event.table, event.record),
            queryFn: () => api.records.get(app, event.table!, event.record!),
            staleTime: 0,
          })
          .then((record: RecordItem) => patchCachedRecord(client, app, event.table!, record))
          .catch(() => invalidateRecords(client, app, event.table!));
        void client.invalidateQueries({ queryKey: keys.aggregate(app, event.table) });
        return;
      }
      invalidateRecords(client, app, event.table);
    };
    const onMetadata = () => invalidateApp(client, app);
    for (const type of recordEvents) source.addEventListener(type, onRecord);
    for (const type of metadataEvents) source.addEventListener(type, onMetadata);
    return () => source.close();
  }, [app, client]);
}
