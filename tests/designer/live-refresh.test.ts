// Records recomputed on the server (a rollup, a lookup, a link's other side): the ones on
// screen are read again and patched into their lists; many at once refetch the lists instead.
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordItem, RecordPage } from '../../designer/src/api/types.ts';

const fetched: string[] = [];
vi.mock('../../designer/src/api/endpoints.ts', () => ({
  api: {
    records: {
      get: async (_app: string, _table: string, id: string) => {
        fetched.push(id);
        return { id, fields: { revenue: 999 }, createdAt: '', updatedAt: '' };
      },
    },
  },
}));

const { keys, refreshRecords } = await import('../../designer/src/api/queries.ts');

const record = (id: string, revenue: number) =>
  ({ id, fields: { revenue }, createdAt: '', updatedAt: '' }) as unknown as RecordItem;

let client: QueryClient;
beforeEach(() => {
  fetched.length = 0;
  client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
});
afterEach(() => client.clear());

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('live: recomputed records', () => {
  it('reads again only the records on screen and patches them into the lists in place', async () => {
    const listKey = [...keys.records('crm', 'accounts'), 'list', {}];
    client.setQueryData<RecordPage>(listKey, { items: [record('1', 10), record('2', 20)], nextCursor: null });
    refreshRecords(client, 'crm', 'accounts', ['2', '7']);
    await settle();
    expect(fetched).toEqual(['2']);
    const list = client.getQueryData<RecordPage>(listKey)!;
    expect(list.items.map((r) => [r.id, r.fields.revenue])).toEqual([
      ['1', 10],
      ['2', 999],
    ]);
  });

  it('reads again a record whose page is open, even when no list shows it', async () => {
    const key = keys.record('crm', 'accounts', '7');
    client.setQueryData(key, record('7', 70));
    const observer = new QueryObserver(client, { queryKey: key, queryFn: async () => record('7', 70) });
    const unsubscribe = observer.subscribe(() => {});
    refreshRecords(client, 'crm', 'accounts', ['7']);
    await settle();
    expect(fetched).toContain('7');
    expect(client.getQueryData<RecordItem>(key)?.fields.revenue).toBe(999);
    unsubscribe();
  });

  it('refetches the lists instead when many records on screen changed', async () => {
    const listKey = [...keys.records('crm', 'accounts'), 'list', {}];
    const ids = Array.from({ length: 30 }, (_, i) => String(i + 1));
    client.setQueryData<RecordPage>(listKey, { items: ids.map((id) => record(id, 1)), nextCursor: null });
    refreshRecords(client, 'crm', 'accounts', ids);
    await settle();
    expect(fetched).toEqual([]);
    expect(client.getQueryState(listKey)?.isInvalidated).toBe(true);
  });
});
