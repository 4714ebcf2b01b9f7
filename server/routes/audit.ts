// The audit log: an app's record and metadata changes, a record's history, CSV export.
import { stringify } from 'csv-stringify/sync';
import { Hono } from 'hono';
import type { AuditQuery } from '../../engine/audit/service.ts';
import { Invalid } from '../../engine/index.ts';
import { actor, type Env, engineOf, queryParam } from '../context.ts';

function auditQuery(c: Parameters<typeof queryParam>[0]): AuditQuery {
  const query: AuditQuery = {};
  for (const key of ['table', 'record', 'actor', 'from', 'to', 'cursor'] as const) {
    const value = queryParam(c, key);
    if (value !== undefined) query[key] = value;
  }
  const action = queryParam(c, 'action');
  if (action !== undefined) {
    if (action !== 'create' && action !== 'update' && action !== 'delete')
      throw new Invalid('invalid_action', "'action' is create, update or delete.", [
        { field: 'action', message: 'unknown action' },
      ]);
    query.action = action;
  }
  const kind = queryParam(c, 'kind');
  if (kind !== undefined) {
    if (kind !== 'records' && kind !== 'metadata' && kind !== 'all')
      throw new Invalid('invalid_kind', "'kind' is records, metadata or all.", [
        { field: 'kind', message: 'unknown kind' },
      ]);
    query.kind = kind;
  }
  const limit = queryParam(c, 'limit');
  if (limit !== undefined) query.limit = Number(limit) || 100;
  return query;
}

export const auditRoutes = new Hono<Env>()
  .get('/:app/audit', (c) => c.json(engineOf(c).audit.list(actor(c), c.req.param('app'), auditQuery(c))))
  .get('/:app/audit.csv', (c) => {
    const { items } = engineOf(c).audit.list(actor(c), c.req.param('app'), { ...auditQuery(c), limit: 500 });
    const rows = items.map((e) => [
      e.at,
      e.actor ?? '',
      e.kind,
      e.action,
      e.table ?? e.objectKind ?? '',
      e.record ?? e.object ?? '',
      JSON.stringify(e.before),
      JSON.stringify(e.after),
    ]);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${c.req.param('app')}-audit.csv"`);
    return c.body(
      `\uFEFF${stringify([['at', 'actor', 'kind', 'action', 'table', 'record', 'before', 'after'], ...rows])}`,
    );
  })
  .get('/:app/tables/:table/records/:id/history', (c) =>
    c.json(
      engineOf(c).audit.list(actor(c), c.req.param('app'), {
        ...auditQuery(c),
        table: c.req.param('table'),
        record: c.req.param('id'),
        kind: 'records',
      }),
    ),
  );
