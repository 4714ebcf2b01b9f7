// Starts what an app's screen needs as soon as the address is known, before the first render and
// before the screen's lazy chunks arrive: the signed-in user and the app (its tables and views)
// side by side, then for a grid view its first rows and count — under the screens' own query keys,
// so they find the answers waiting — and the chunks that show them. Nothing here renders.
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints.ts';
import { keys, recordsAtQuery } from '../../api/queries.ts';
import { aggregateList, rowParams, summaryParams } from '../grid/grid-query.ts';
import { pageRows } from '../grid/page-window.ts';
import { draftOf } from '../grid/view-draft.ts';
import { viewKinds } from '../views/registry.ts';

const appAddress = /^\/apps\/([^/]+)(?:\/t\/([^/]+)(?:\/v\/([^/]+))?)?\/?$/;

/** `shell` loads the app shell's chunk (the route's lazy component, so that it need not suspend). */
export function prefetchFromAddress(client: QueryClient, pathname: string, shell: () => unknown) {
  const match = appAddress.exec(pathname);
  if (!match) return;
  const [app, tableRef, viewRef] = match
    .slice(1)
    .map((part) => (part ? decodeURIComponent(part) : undefined));
  if (!app) return;
  void client.prefetchQuery({ queryKey: keys.me, queryFn: api.me.get, staleTime: Number.POSITIVE_INFINITY });
  shell();
  void client
    .fetchQuery({ queryKey: keys.app(app), queryFn: () => api.apps.get(app) })
    .then((doc) => {
      const table = tableRef
        ? doc.tables.find((t) => t.name === tableRef || t.id === tableRef)
        : doc.tables[0];
      const view = viewRef
        ? table?.views.find((v) => v.name === viewRef || v.id === viewRef)
        : table?.views[0];
      // Grouped grids read their rows in order, by cursor: only the plain grid is started here.
      if (!table || view?.type !== 'grid' || view.group?.length) return;
      void viewKinds.grid.Screen.preload();
      const draft = draftOf(view);
      const params = rowParams(draft, '');
      const summary = summaryParams(params, aggregateList(draft.aggregates));
      void client.prefetchQuery(recordsAtQuery(app, table.name, params, 0, pageRows));
      void client.prefetchQuery({
        queryKey: keys.aggregateOf(app, table.name, summary),
        queryFn: () => api.records.aggregate(app, table.name, summary),
      });
    })
    .catch(() => {});
}
