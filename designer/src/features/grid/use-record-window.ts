// Random access to a long list for the grid: the rows on screen are read by offset in fixed pages,
// each page its own query under the table's records (so optimistic edits and live updates patch
// it like any list). Only the pages covering the window on screen are observed; a jump (the
// scrollbar dragged) waits until it settles; pages scrolled away leave the cache after a while.
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ListParams } from '../../api/endpoints.ts';
import { recordsAtQuery } from '../../api/queries.ts';
import type { RecordItem, RecordPage } from '../../api/types.ts';
import { isJump, knownRows, type PageSpan, pageRows, pageSpan, pagesIn } from './page-window.ts';

// A stable combine keeps the list of results the same object until one of them changes.
const asIs = <T>(results: T) => results;

/** How long the scroll position must rest after a jump before its pages are read. */
const settleMs = 120;

export function useRecordWindow(
  app: string,
  table: string,
  params: ListParams,
  total: number | undefined,
  enabled: boolean,
) {
  const client = useQueryClient();
  const [span, setSpan] = useState<PageSpan>({ from: 0, to: 0 });
  const current = useRef(span);
  const lastMove = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const latest = useRef({ params, total });
  latest.current = { params, total };

  /** Called with the first and last rows on screen, as soon as they change (from the scroll event). */
  const show = useCallback(
    (first: number, last: number) => {
      const next = pageSpan(first, last);
      const now = performance.now();
      const moving = now - lastMove.current < settleMs;
      lastMove.current = now;
      clearTimeout(timer.current);
      if (next.from === current.current.from && next.to === current.current.to) return;
      const apply = () => {
        current.current = next;
        // Ask at once rather than after the next render: the rows arrive a frame or two sooner.
        const { params, total } = latest.current;
        for (const page of pagesIn(next, total))
          void client.prefetchQuery(recordsAtQuery(app, table, params, page, pageRows));
        setSpan(next);
      };
      if (moving && isJump(current.current, next)) timer.current = setTimeout(apply, settleMs);
      else apply();
    },
    [client, app, table],
  );

  const pages = useMemo(() => (enabled ? pagesIn(span, total) : []), [enabled, span, total]);
  const results = useQueries({
    queries: pages.map((page) => recordsAtQuery(app, table, params, page, pageRows)),
    combine: asIs,
  });

  const byPage = useMemo(() => {
    const loaded = new Map<number, RecordPage>();
    pages.forEach((page, i) => {
      const data = results[i]?.data;
      if (data) loaded.set(page, data);
    });
    return loaded;
  }, [pages, results]);

  const records = useMemo(() => [...byPage.values()].flatMap((page) => page.items), [byPage]);

  /** The record at a row, from the pages on screen or any page still cached; undefined until read. */
  const recordAt = useCallback(
    (index: number): RecordItem | undefined => {
      const page = Math.floor(index / pageRows);
      const data =
        byPage.get(page) ??
        client.getQueryData<RecordPage>(recordsAtQuery(app, table, params, page, pageRows).queryKey);
      return data?.items[index - page * pageRows];
    },
    [byPage, client, app, table, params],
  );

  return {
    show,
    recordAt,
    records,
    /** Rows known to exist before the count arrives. */
    known: knownRows(byPage),
    isLoading: results.some((r) => r.isLoading) && byPage.size === 0,
    isFetching: results.some((r) => r.isFetching),
    error: results.find((r) => r.error)?.error ?? null,
  };
}
