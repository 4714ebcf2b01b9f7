// Live updates: the app's server-sent event stream keeps the query cache current, so changes
// made by others (or by another tab) appear without a reload.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from './endpoints.ts';
import { invalidateApp, invalidateRecords, keys, patchCachedRecord, refreshRecords } from './queries.ts';
import type { LiveEvent, RecordItem } from './types.ts';

const recordEvents = ['record.created', 'record.updated', 'record.deleted', 'form.submitted'];
const commentEvents = ['comment.created', 'comment.updated', 'comment.deleted'];
const metadataEvents = ['app', 'table', 'field', 'view'].flatMap((kind) =>
  ['created', 'updated', 'deleted'].map((action) => `${kind}.${action}`),
);
const accessEvents = ['workflow', 'role', 'member'].flatMap((kind) =>
  ['created', 'updated', 'deleted'].map((action) => `${kind}.${action}`),
);

export function useLiveEvents(app: string | undefined, onNotify?: (event: { title?: string }) => void) {
  const client = useQueryClient();
  const notify = useRef(onNotify);
  notify.current = onNotify;
  useEffect(() => {
    const onNotify = (event: { title?: string }) => notify.current?.(event);
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
        void client.invalidateQueries({ queryKey: ['record-extras', app, event.table, event.record] });
        return;
      }
      invalidateRecords(client, app, event.table);
      // Workflows may have run on it: its history, approvals and tasks.
      void client.invalidateQueries({ queryKey: ['record-extras', app, event.table] });
    };
    // Computed values changed by another write: the other side of a link, lookups, rollups.
    const onRecomputed = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      if (event.table && event.records?.length) refreshRecords(client, app, event.table, event.records);
    };
    // A record put elsewhere in the hand-arranged order: lists sorted by it read the order again.
    const onMoved = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      if (event.table) void client.invalidateQueries({ queryKey: keys.records(app, event.table) });
    };
    const onComment = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      if (event.table && event.record)
        void client.invalidateQueries({ queryKey: keys.comments(app, event.table, event.record) });
    };
    const onMetadata = () => invalidateApp(client, app);
    const onAccess = (message: MessageEvent<string>) => {
      const kind = message.type.split('.')[0];
      if (kind === 'workflow') void client.invalidateQueries({ queryKey: keys.workflows(app) });
      else if (kind === 'role') void client.invalidateQueries({ queryKey: keys.roles(app) });
      else void client.invalidateQueries({ queryKey: keys.members(app) });
    };
    // A notification for the signed-in user: the inbox, approvals and tasks may have changed.
    const onNotification = (message: MessageEvent<string>) => {
      void client.invalidateQueries({ queryKey: keys.inbox });
      void client.invalidateQueries({ queryKey: keys.approvals });
      void client.invalidateQueries({ queryKey: keys.tasks });
      void client.invalidateQueries({ queryKey: ['record-extras', app] });
      onNotify?.(JSON.parse(message.data) as { title?: string });
    };
    for (const type of recordEvents) source.addEventListener(type, onRecord);
    source.addEventListener('records.recomputed', onRecomputed);
    source.addEventListener('records.moved', onMoved);
    for (const type of commentEvents) source.addEventListener(type, onComment);
    for (const type of metadataEvents) source.addEventListener(type, onMetadata);
    for (const type of accessEvents) source.addEventListener(type, onAccess);
    source.addEventListener('notification.created', onNotification);
    // (Re)connected: the stream starts from now, so what arrived while it was away is read once.
    source.addEventListener('ready', () => void client.invalidateQueries({ queryKey: keys.inbox }));
    return () => source.close();
  }, [app, client]);
}
