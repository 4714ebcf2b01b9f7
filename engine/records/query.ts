// Lists and aggregates records: the filter language, sorts, keyset cursors, full-text search
// and the actor's row scope all become one SQL statement over the table aliased `r`.
import type { Actor } from '../access/actor.ts';
import { maskTable } from '../access/mask.ts';
import { type Access, accessFor } from '../access/policy.ts';
import { hasShares } from '../access/shares.ts';
import { Invalid } from '../errors.ts';
import { resolveType } from '../fields/index.ts';
import { toRecordId } from '../fields/link.ts';
import type { FilterContext } from '../fields/types.ts';
import type { TableModel } from '../meta/model.ts';
import type { MetadataRegistry } from '../meta/registry.ts';
import { afterCondition, decodeCursor, encodeCursor } from '../query/cursor.ts';
import { compileFilter, requireField } from '../query/filter.ts';
import { compileSort, orderBy, type SortKey, type SortSpec, sortExpression } from '../query/sort.ts';
import { ident, type Sql } from '../query/sql.ts';
import { valueSql } from '../query/value.ts';
import type { Filter } from '../schema/index.ts';
import { aggregateFunctions } from '../schema/view.ts';
import type { Store } from '../store/database.ts';
import { type ApiRecord, readPlan, toRecordsFromArrays } from './reader.ts';
import { searchableFields, searchQuery, visibleTextSearch } from './search.ts';

export interface ListQuery {
  filter?: unknown;
  sort?: SortSpec[];
  limit?: number;
  cursor?: string;
  q?: string;
  view?: string;
  fields?: string[];
  /** Only these records (e.g. the titles of linked records). */
  ids?: (string | number)[];
  /** Skip this many rows: a jump deep into a long list. Cursors are cheaper for paging on. */
  offset?: number;
}

export const maxOffset = 10_000_000;

export interface Page {
  items: ApiRecord[];
  nextCursor: string | null;
}

export type AggregateFunction = (typeof aggregateFunctions)[number];

export interface AggregateQuery {
  filter?: unknown;
  q?: string;
  view?: string;
  groupBy?: string[];
  aggregates?: { field: string; fn: AggregateFunction }[];
}

export interface Group {
  key: Record<string, unknown>;
  count: number;
  values: Record<string, Partial<Record<AggregateFunction, unknown>>>;
}

export const defaultLimit = 50;
export const maxLimit = 1000;
const maxGroups = 2000;

/**
 * "Own OR shared with me" (access.branches): no one index yields those rows in sort order, so
 * SQLite would read along the sort index past everyone else's rows. The first `depth` rows of
 * the union are among the first `depth` of each branch — one read along the owner's index, one
 * lookup by id of the few shared records — so those ids are merged, and the list's own WHERE
 * (row condition included) still applies to each.
 */
function picked(table: TableModel, where: Sql[], access: Access, keys: SortKey[], depth: number): Sql {
  const others = where.filter((w) => w !== access.rows);
  const branches = access.branches!.map((branch) => {
    const conditions = [...others, branch];
    return {
      text: `SELECT id FROM (SELECT r.id FROM ${ident(table.sql)} r WHERE ${conditions.map((c) => c.text).join(' AND ')} ORDER BY ${orderBy(keys)} LIMIT ${depth})`,
      params: conditions.flatMap((c) => c.params),
    };
  });
  return {
    // CROSS JOIN: SQLite keeps this order, looking each picked id up rather than scanning `r`.
    text: `(${branches.map((b) => b.text).join(' UNION ')}) picked CROSS JOIN ${ident(table.sql)} r ON r.id = picked.id`,
    params: branches.flatMap((b) => b.params),
  };
}

export class RecordsQuery {
  constructor(
    private readonly store: Store,
    private readonly registry: MetadataRegistry,
    private readonly now: () => number,
  ) {}

  private filterContext(actor: Actor, table: TableModel): FilterContext {
    return { actorId: actor.userId, now: this.now(), timeZone: table.app.doc.timeZone ?? 'UTC' };
  }

  /** The WHERE conditions shared by lists and aggregates: view filter, request filter, search, row scope. */
  /**
   * The WHERE conditions shared by lists and aggregates: the saved view's filter (as its
   * designer wrote it), the request's filter and search (over what this reader may see), and
   * the reader's row scope.
   */
  private conditions(
    actor: Actor,
    table: TableModel,
    seen: TableModel,
    access: Access,
    query: { filter?: unknown; q?: string; view?: string },
  ): { where: Sql[]; sort?: SortSpec[] } {
    const context = this.filterContext(actor, table);
    const where: Sql[] = [];
    let sort: SortSpec[] | undefined;
    if (query.view !== undefined) {
      const view = table.views.find((v) => v.name === query.view || v.id === query.view);
      if (!view)
        throw new Invalid('unknown_view', `Table '${table.doc.name}' has no view '${query.view}'.`, [
          { field: 'view', message: `no view '${query.view}'` },
        ]);
      if (view.filter) where.push(compileFilter(view.filter as Filter, table, context));
      sort = view.sort as SortSpec[] | undefined;
    }
    if (query.filter !== undefined) where.push(compileFilter(query.filter, seen, context));
    if (query.q !== undefined && query.q.trim() !== '') {
      const hiddenText = searchableFields(table).some((f) => access.hidden.has(f.doc.name));
      const match = hiddenText ? null : searchQuery(query.q);
      if (hiddenText) where.push(visibleTextSearch(seen, query.q));
      if (match)
        where.push({
          text: `r.id IN (SELECT rowid FROM ${ident(table.fts)} WHERE ${ident(table.fts)} MATCH ?)`,
          params: [match],
        });
    }
    if (access.rows) where.push(access.rows);
    return sort ? { where, sort } : { where };
  }

  /** The table as this reader sees it, and their access to it. */
  private seenBy(actor: Actor, appRef: string, tableRef: string) {
    const table = this.registry.table(appRef, tableRef);
    const access = accessFor(actor, table, 'read', undefined, hasShares(this.store, table, actor, 'read'));
    return { table, access, seen: maskTable(actor, table, access) };
  }

  /** The fields this reader sees, in table order (what exports and forms may show them). */
  visibleFields(actor: Actor, appRef: string, tableRef: string) {
    return this.seenBy(actor, appRef, tableRef).seen.fields;
  }

  list(actor: Actor, appRef: string, tableRef: string, query: ListQuery = {}): Page {
    const { table: stored, access, seen: table } = this.seenBy(actor, appRef, tableRef);
    const limit = query.limit ?? defaultLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
      throw new Invalid('invalid_limit', `limit must be a whole number from 1 to ${maxLimit}.`, [
        { field: 'limit', message: `must be 1–${maxLimit}` },
      ]);
    const { where, sort: viewSort } = this.conditions(actor, stored, table, access, query);
    const keys = compileSort(query.sort ?? viewSort, query.sort ? table : stored);
    if (query.cursor) where.push(afterCondition(keys, decodeCursor(query.cursor, keys)));
    if (query.ids) {
      if (query.ids.length > maxLimit)
        throw new Invalid('invalid_ids', `Ask for at most ${maxLimit} records by id.`, [
          { field: 'ids', message: `at most ${maxLimit}` },
        ]);
      const ids = query.ids.map((id) => toRecordId(id) ?? Number.NaN);
      if (ids.some((id) => Number.isNaN(id)))
        throw new Invalid('invalid_ids', "'ids' must be record ids.", [
          { field: 'ids', message: 'must be record ids' },
        ]);
      where.push(
        ids.length
          ? { text: `r.id IN (${ids.map(() => '?').join(', ')})`, params: ids }
          : { text: '0', params: [] },
      );
    }
    const offset = query.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > maxOffset || (offset > 0 && query.cursor))
      throw new Invalid(
        'invalid_offset',
        `'offset' is a whole number from 0 to ${maxOffset}, and is not combined with a cursor.`,
        [{ field: 'offset', message: 'invalid offset' }],
      );
    const only = query.fields
      ? new Set(query.fields.map((name) => requireField(table, name, 'fields').doc.name))
      : undefined;
    const plan = readPlan(table);
    const sortColumns = keys.map((k, i) => `${k.expr} AS s${i}`).join(', ');
    const whereText = where.length ? ` WHERE ${where.map((w) => w.text).join(' AND ')}` : '';
    const from =
      access.branches && !query.ids ? picked(table, where, access, keys, offset + limit + 1) : null;
    const text = `SELECT ${plan.select}, ${sortColumns} FROM ${from ? from.text : `${ident(table.sql)} r`}${whereText} ORDER BY ${orderBy(keys)} LIMIT ? OFFSET ?`;
    const rows = this.store
      .prepare(text)
      .raw(true)
      .all(...(from?.params ?? []), ...where.flatMap((w) => w.params), limit + 1, offset) as unknown[][];
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return {
      items: toRecordsFromArrays(this.store, table, rows, only),
      nextCursor:
        more && last
          ? encodeCursor(
              keys,
              keys.map((_, i) => last[plan.width + i]),
            )
          : null,
    };
  }

  count(
    actor: Actor,
    appRef: string,
    tableRef: string,
    query: { filter?: unknown; q?: string; view?: string } = {},
  ): number {
    const { table: stored, access, seen: table } = this.seenBy(actor, appRef, tableRef);
    const { where } = this.conditions(actor, stored, table, access, query);
    const whereText = where.length ? ` WHERE ${where.map((w) => w.text).join(' AND ')}` : '';
    const row = this.store
      .prepare(`SELECT count(*) AS n FROM ${ident(table.sql)} r${whereText}`)
      .get(...where.flatMap((w) => w.params)) as { n: number };
    return row.n;
  }

  /** Groups with counts and sums etc.: kanban column totals, report charts, grid footers. */
  aggregate(
    actor: Actor,
    appRef: string,
    tableRef: string,
    query: AggregateQuery = {},
  ): { groups: Group[]; total: Group } {
    const { table: stored, access, seen: table } = this.seenBy(actor, appRef, tableRef);
    const { where } = this.conditions(actor, stored, table, access, query);
    const groupFields = (query.groupBy ?? []).map((name) => requireField(table, name, 'groupBy'));
    if (groupFields.length > 3) throw new Invalid('invalid_group', 'Group by at most 3 fields.');
    const selects: string[] = ['count(*) AS n'];
    const groupSelects: string[] = [];
    const groupExprs = groupFields.map((field, i) => {
      if (!field.column)
        throw new Invalid('invalid_group', `Field '${field.doc.name}' cannot be grouped by.`, [
          { field: field.doc.name, message: 'cannot group by it' },
        ]);
      groupSelects.push(`${valueSql(field)} AS g${i}`);
      return {
        field,
        expr: valueSql(field)!,
        order: sortExpression(field) ?? valueSql(field)!,
      };
    });
    const aggregates = (query.aggregates ?? []).map((spec, i) => {
      const field = requireField(table, spec.field, 'aggregates');
      if (!aggregateFunctions.includes(spec.fn))
        throw new Invalid(
          'invalid_aggregate',
          `Unknown aggregate '${spec.fn}'; use one of ${aggregateFunctions.join(', ')}.`,
          [{ field: spec.field, message: `unknown aggregate '${spec.fn}'` }],
        );
      if (!field.column)
        throw new Invalid('invalid_aggregate', `Field '${field.doc.name}' cannot be aggregated.`, [
          { field: field.doc.name, message: 'cannot be aggregated' },
        ]);
      const numeric = resolveType(field).type.operators.gt !== undefined;
      if (
        (spec.fn === 'sum' || spec.fn === 'avg') &&
        !(numeric && resolveType(field).type.name !== 'date' && resolveType(field).type.name !== 'datetime')
      )
        throw new Invalid(
          'invalid_aggregate',
          `Cannot ${spec.fn} '${field.doc.name}', which is not a number.`,
          [{ field: field.doc.name, message: `not a number` }],
        );
      const column = valueSql(field)!;
      const sqlOf: Record<AggregateFunction, string> = {
        count: `count(${column})`,
        count_filled: `count(${column})`,
        count_empty: `sum(${column} IS NULL)`,
        sum: `total(${column})`,
        avg: `avg(${column})`,
        min: `min(${column})`,
        max: `max(${column})`,
      };
      selects.push(`${sqlOf[spec.fn]} AS a${i}`);
      return { field, fn: spec.fn };
    });
    const whereText = where.length ? ` WHERE ${where.map((w) => w.text).join(' AND ')}` : '';
    const params = where.flatMap((w) => w.params);
    const decodeRow = (row: Record<string, unknown>): Group => {
      const key: Record<string, unknown> = {};
      groupExprs.forEach(({ field }, i) => {
        const { type, field: resolved } = resolveType(field);
        key[field.doc.name] = field.link
          ? row[`g${i}`] == null
            ? []
            : [String(row[`g${i}`])]
          : type.fromDb(row[`g${i}`], resolved);
      });
      const values: Group['values'] = {};
      aggregates.forEach(({ field, fn }, i) => {
        const raw = row[`a${i}`];
        const { type, field: resolved } = resolveType(field);
        const value = fn === 'min' || fn === 'max' ? type.fromDb(raw, resolved) : raw;
        values[field.doc.name] = { ...values[field.doc.name], [fn]: value };
      });
      return { key, count: row.n as number, values };
    };
    const from = ` FROM ${ident(table.sql)} r${whereText}`;
    const total = decodeRow(
      this.store.prepare(`SELECT ${selects.join(', ')}${from}`).get(...params) as Record<string, unknown>,
    );
    if (groupExprs.length === 0) return { groups: [], total: { ...total, key: {} } };
    const grouped = `SELECT ${[...groupSelects, ...selects].join(', ')}${from} GROUP BY ${groupExprs.map((g) => g.expr).join(', ')} ORDER BY ${groupExprs.map((g) => g.order).join(', ')} LIMIT ${maxGroups}`;
    const groups = (this.store.prepare(grouped).all(...params) as Record<string, unknown>[]).map(decodeRow);
    return { groups, total: { ...total, key: {} } };
  }
}
