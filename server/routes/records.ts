// Records of a table: list with filter/sort/cursor/search/view, CRUD, batches, aggregates.
import { Hono } from 'hono';
import type { AggregateQuery, ListQuery } from '../../engine/index.ts';
import { Invalid, Malformed } from '../../engine/index.ts';
import { actor, type Env, engineOf, jsonParam, queryParam, readJson } from '../context.ts';

type SortSpec = NonNullable<ListQuery['sort']>;

/** `sort` is JSON ([{"field":"amount","dir":"desc"}]) or the short form "amount,-close_date". */
export function parseSort(raw: string | undefined): SortSpec | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Malformed('invalid_sort', "The 'sort' parameter is not valid JSON.");
    }
    if (
      !Array.isArray(parsed) ||
      parsed.some(
        (s) =>
          typeof s !== 'object' ||
          s === null ||
          typeof s.field !== 'string' ||
          (s.dir !== undefined && s.dir !== 'asc' && s.dir !== 'desc'),
      )
    )
      throw new Invalid('invalid_sort', '\'sort\' must be a list of {"field", "dir": "asc"|"desc"}.', [
        { field: 'sort', message: 'must be a list of {field, dir}' },
      ]);
    return parsed as SortSpec;
  }
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) =>
      part.startsWith('-')
        ? { field: part.slice(1), dir: 'desc' as const }
        : { field: part, dir: 'asc' as const },
    );
}

function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,7}$/.test(raw))
    throw new Invalid('invalid_limit', "'limit' must be a whole number from 1 to 1000.", [
      { field: 'limit', message: 'must be 1–1000' },
    ]);
  return Number(raw);
}

export function listQuery(c: Parameters<typeof queryParam>[0]): ListQuery {
  const query: ListQuery = {};
  const filter = jsonParam(c, 'filter');
  if (filter !== undefined) query.filter = filter;
  const sort = parseSort(queryParam(c, 'sort'));
  if (sort) query.sort = sort;
  const limit = parseLimit(queryParam(c, 'limit'));
  if (limit !== undefined) query.limit = limit;
  const cursor = queryParam(c, 'cursor');
  if (cursor) query.cursor = cursor;
  const q = queryParam(c, 'q');
  if (q) query.q = q;
  const view = queryParam(c, 'view');
  if (view) query.view = view;
  const ids = queryParam(c, 'ids');
  if (ids)
    query.ids = ids
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
  const offset = queryParam(c, 'offset');
  if (offset !== undefined) {
    if (!/^\d{1,8}$/.test(offset))
      throw new Invalid('invalid_offset', "'offset' must be a whole number.", [
        { field: 'offset', message: 'must be a whole number' },
      ]);
    query.offset = Number(offset);
  }
  const fields = queryParam(c, 'fields');
  if (fields)
    query.fields = fields
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
  return query;
}

function aggregateQuery(c: Parameters<typeof queryParam>[0]): AggregateQuery {
  const query: AggregateQuery = {};
  const filter = jsonParam(c, 'filter');
  if (filter !== undefined) query.filter = filter;
  const q = queryParam(c, 'q');
  if (q) query.q = q;
  const view = queryParam(c, 'view');
  if (view) query.view = view;
  const groupBy = queryParam(c, 'groupBy');
  if (groupBy)
    query.groupBy = groupBy
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean);
  const aggregates = queryParam(c, 'aggregates');
  if (aggregates)
    query.aggregates = aggregates.split(',').map((part) => {
      const [field, fn] = part.split(':');
      if (!field || !fn)
        throw new Invalid('invalid_aggregate', "'aggregates' is a list of field:function, e.g. amount:sum.", [
          { field: 'aggregates', message: 'use field:function' },
        ]);
      return {
        field: field.trim(),
        fn: fn.trim() as NonNullable<AggregateQuery['aggregates']>[number]['fn'],
      };
    });
  return query;
}

function idList(raw: string | undefined): string[] {
  if (!raw)
    throw new Invalid('invalid_ids', 'Give the records to delete as ?ids=1,2,3.', [
      { field: 'ids', message: 'is required' },
    ]);
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export const recordRoutes = new Hono<Env>()
  .get('/:app/tables/:table/records', (c) => {
    const page = engineOf(c).query.list(actor(c), c.req.param('app'), c.req.param('table'), listQuery(c));
    return c.json(page);
  })
  .get('/:app/tables/:table/records/aggregate', (c) => {
    const result = engineOf(c).query.aggregate(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      aggregateQuery(c),
    );
    return c.json(result);
  })
  .post('/:app/tables/:table/records', async (c) => {
    const body = (await readJson(c)) as { fields?: unknown; records?: unknown } | null;
    const engine = engineOf(c);
    if (body && typeof body === 'object' && 'records' in body) {
      if (!Array.isArray(body.records))
        throw new Invalid('invalid_batch', '\'records\' must be a list of {"fields": {...}}.', [
          { field: 'records', message: 'must be a list' },
        ]);
      const items = await engine.records.createMany(
        actor(c),
        c.req.param('app'),
        c.req.param('table'),
        body.records,
      );
      return c.json({ items }, 201);
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new Invalid('invalid_body', 'Send {"fields": {...}} or {"records": [...]}.', [
        { field: 'fields', message: 'is required' },
      ]);
    const record = await engine.records.create(actor(c), c.req.param('app'), c.req.param('table'), {
      fields: body.fields ?? {},
    });
    return c.json(record, 201);
  })
  .patch('/:app/tables/:table/records', async (c) => {
    const body = (await readJson(c)) as { records?: unknown } | null;
    if (!body || !Array.isArray(body.records))
      throw new Invalid('invalid_batch', 'Send {"records": [{"id", "fields"}, ...]}.', [
        { field: 'records', message: 'must be a list' },
      ]);
    const items = await engineOf(c).records.updateMany(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      body.records,
    );
    return c.json({ items });
  })
  .delete('/:app/tables/:table/records', async (c) => {
    await engineOf(c).records.deleteMany(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      idList(c.req.query('ids')),
    );
    return c.body(null, 204);
  })
  .post('/:app/tables/:table/records/:id/move', async (c) => {
    const body = (await readJson(c)) as {
      after?: string | number | null;
      before?: string | number | null;
    } | null;
    const place = { after: body?.after ?? null, before: body?.before ?? null };
    return c.json(
      await engineOf(c).records.move(
        actor(c),
        c.req.param('app'),
        c.req.param('table'),
        c.req.param('id'),
        place,
      ),
    );
  })
  .get('/:app/tables/:table/records/:id', (c) =>
    engineOf(c)
      .records.get(actor(c), c.req.param('app'), c.req.param('table'), c.req.param('id'))
      .then((r) => c.json(r)),
  )
  .patch('/:app/tables/:table/records/:id', async (c) => {
    const body = (await readJson(c)) as { fields?: unknown } | null;
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new Invalid('invalid_body', 'Send {"fields": {...}}.', [
        { field: 'fields', message: 'is required' },
      ]);
    const record = await engineOf(c).records.update(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      c.req.param('id'),
      { fields: body.fields ?? {} },
    );
    return c.json(record);
  })
  .delete('/:app/tables/:table/records/:id', async (c) => {
    await engineOf(c).records.delete(actor(c), c.req.param('app'), c.req.param('table'), c.req.param('id'));
    return c.body(null, 204);
  });
