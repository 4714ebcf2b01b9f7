// What the grid asks the server for, from a view's settings and the search box: the rows (a
// grouped view sorts by its group fields first) and the count and column summaries. Shared by the
// grid and by the prefetch that starts its first page from the address, so both use one query key.
import type { AggregateParams, ListParams } from '../../api/endpoints.ts';
import type { ViewDraft } from './view-draft.ts';

export type RowParams = Required<Pick<ListParams, 'filter' | 'sort' | 'q'>>;

export function rowParams(draft: Pick<ViewDraft, 'filter' | 'sort' | 'group'>, q: string): RowParams {
  return {
    filter: draft.filter,
    sort: [
      ...draft.group.map((g) => ({ field: g.field, dir: g.dir ?? ('asc' as const) })),
      ...draft.sort.filter((s) => !draft.group.some((g) => g.field === s.field)),
    ],
    q,
  };
}

export function summaryParams(
  params: Pick<ListParams, 'filter' | 'q'>,
  aggregates: { field: string; fn: string }[],
): AggregateParams {
  return { filter: params.filter, q: params.q, aggregates };
}

export function aggregateList(aggregates: ViewDraft['aggregates']): { field: string; fn: string }[] {
  return Object.entries(aggregates).map(([field, fn]) => ({ field, fn }));
}
