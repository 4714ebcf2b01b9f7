// Where an approval, a task or a notification points: the app and table behind the ids the
// API gives, from the apps list every signed-in screen already has.
import { useApps } from '../../api/queries.ts';
import type { AppSummary, Label } from '../../api/types.ts';
import { paths } from '../../lib/paths.ts';

export interface Place {
  app: AppSummary;
  table: { id: string; name: string; label: Label } | undefined;
  /** The record page, when there is a record. */
  href: string | undefined;
}

export function usePlaces() {
  const apps = useApps();
  return (appRef: string | null | undefined, tableRef: string | null | undefined, record?: string | null) => {
    const app = apps.data?.items.find((a) => a.id === appRef || a.name === appRef);
    if (!app) return undefined;
    const table = app.tables.find((t) => t.id === tableRef || t.name === tableRef);
    return {
      app,
      table,
      href: table && record ? paths.record(app.name, table.name, record) : undefined,
    } satisfies Place;
  };
}
