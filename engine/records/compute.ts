// Keeps computed fields (formulas, lookups, rollups) current. A change to some fields of some
// records is followed through the app's dependency graph, in topological order, so each
// computed field is recomputed once per change for exactly the records it affects.
import { Invalid } from '../errors.ts';
import { resolveType } from '../fields/index.ts';
import { lookupSql, throughLink } from '../fields/lookup.ts';
import { type ResultKind, storeAs } from '../fields/result-kinds.ts';
import { rollupSql } from '../fields/rollup.ts';
import type { DbValue } from '../fields/types.ts';
import { compileExpression, evaluateExpression, evaluateFast, unsupported } from '../formula/expression.ts';
import type { AppModel, FieldModel, TableModel } from '../meta/model.ts';
import { todayIn } from '../query/relative-dates.ts';
import { ident, list } from '../query/sql.ts';
import type { Store } from '../store/database.ts';
import { readLinks, rowsLinkingTo } from './links.ts';
import { indexNewRecords, indexRecords, isSearchable, searchableFields, searchBody } from './search.ts';

type Dependent = { field: FieldModel; via: 'self' } | { field: FieldModel; via: 'link'; link: FieldModel };

export interface ComputePlan {
  /** Every computed field of the app, inputs before the fields that read them. */
  order: FieldModel[];
  dependents: Map<string, Dependent[]>;
}

const plans = new WeakMap<AppModel, ComputePlan>();

export const isComputed = (field: FieldModel) =>
  field.doc.type === 'formula' || field.doc.type === 'lookup' || field.doc.type === 'rollup';

/** The fields a computed field reads, with how a change to each reaches it. */
export function inputsOf(
  field: FieldModel,
): { input: FieldModel; via: 'self' | 'link'; link?: FieldModel }[] {
  if (field.doc.type === 'formula') {
    const { expression } = field.doc.options as { expression: string };
    return compileExpression(expression)
      .names.map((name) => field.table.byName.get(name))
      .filter((f): f is FieldModel => f !== undefined && f !== field)
      .map((input) => ({ input, via: 'self' as const }));
  }
  const { link, target } = field.doc.type === 'lookup' ? throughLink(field) : rollupParts(field);
  const inputs: { input: FieldModel; via: 'self' | 'link'; link?: FieldModel }[] = [
    { input: link, via: 'self' },
  ];
  if (target) inputs.push({ input: target, via: 'link', link });
  // A link's inverse changes when the other side edits the relation; that reaches us through our own link.
  return inputs;
}

function rollupParts(field: FieldModel): { link: FieldModel; target: FieldModel | undefined } {
  const { link: linkName, field: targetName } = field.doc.options as { link: string; field?: string };
  const link = field.table.byName.get(linkName);
  if (!link?.link) throw new Error(`rollup ${field.doc.name}: link ${linkName} is gone`);
  return { link, target: targetName ? link.link.target.byName.get(targetName) : undefined };
}

export function computePlan(app: AppModel): ComputePlan {
  const cached = plans.get(app);
  if (cached) return cached;
  const computed = app.tables.flatMap((t) => t.fields.filter(isComputed));
  const dependents = new Map<string, Dependent[]>();
  const add = (input: FieldModel, dependent: Dependent) => {
    const list = dependents.get(input.doc.id) ?? [];
    list.push(dependent);
    dependents.set(input.doc.id, list);
  };
  for (const field of computed) {
    for (const { input, via, link } of inputsOf(field)) {
      if (via === 'self') add(input, { field, via });
      else add(input, { field, via: 'link', link: link! });
    }
  }
  const order: FieldModel[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (field: FieldModel, path: FieldModel[]) => {
    const seen = state.get(field.doc.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(field)), field].map(
        (f) => `${f.table.doc.name}.${f.doc.name}`,
      );
      throw new Invalid(
        'circular_reference',
        `Fields depend on each other in a circle: ${cycle.join(' → ')}`,
        [
          {
            field: field.doc.name,
            message: `depends on itself through ${cycle.join(' → ')}`,
            code: 'circular_reference',
          },
        ],
      );
    }
    state.set(field.doc.id, 'visiting');
    for (const { input } of inputsOf(field)) if (isComputed(input)) visit(input, [...path, field]);
    state.set(field.doc.id, 'done');
    order.push(field);
  };
  for (const field of computed) visit(field, []);
  const plan = { order, dependents };
  plans.set(app, plan);
  return plan;
}

export interface ComputeContext {
  store: Store;
  now: number;
  actorId: string | null;
}

/**
 * Rows the caller has just inserted: their `fields` (computed before the insert) are already
 * current, and the caller writes their search entries itself once everything is computed.
 */
export interface Written {
  table: TableModel;
  ids: ReadonlySet<number>;
  fields: ReadonlySet<string>;
}

/** Changed fields per record: field id → record ids. */
export type Changes = Map<string, Set<number>>;

export function addChange(changes: Changes, field: FieldModel, ids: Iterable<number>): void {
  const set = changes.get(field.doc.id) ?? new Set<number>();
  changes.set(field.doc.id, set);
  for (const id of ids) set.add(id);
}

/**
 * Recomputes everything that depends on `changes`, across tables, and refreshes search for what
 * changed. `compute` names computed fields to work out regardless of their inputs: new records
 * need every one of theirs (a rollup over no links is 0, not empty; a formula may read no field).
 */
/** Records that changed as a consequence of a write: per table, record id → changed field names. */
export type Consequences = Map<TableModel, Map<number, Set<string>>>;

export async function propagate(
  context: ComputeContext,
  app: AppModel,
  changes: Changes,
  compute: Changes = new Map(),
  written?: Written,
): Promise<Consequences> {
  const consequences: Consequences = new Map();
  const note = (field: FieldModel, ids: Iterable<number>) => {
    const byId = consequences.get(field.table) ?? new Map<number, Set<string>>();
    consequences.set(field.table, byId);
    for (const id of ids) {
      const names = byId.get(id) ?? new Set<string>();
      names.add(field.doc.name);
      byId.set(id, names);
    }
  };
  const fieldsById = new Map(app.tables.flatMap((t) => t.fields.map((f) => [f.doc.id, f] as const)));
  for (const [fieldId, ids] of changes) {
    const field = fieldsById.get(fieldId);
    if (field) note(field, ids);
  }
  const plan = computePlan(app);
  const pending = new Map<string, Set<number>>();
  for (const [fieldId, ids] of compute) pending.set(fieldId, new Set(ids));
  const enqueue = (fieldId: string, ids: Set<number> | number[]) => {
    for (const dependent of plan.dependents.get(fieldId) ?? []) {
      const rows = dependent.via === 'self' ? ids : rowsLinkingTo(context.store, dependent.link, [...ids]);
      const set = pending.get(dependent.field.doc.id) ?? new Set<number>();
      pending.set(dependent.field.doc.id, set);
      for (const id of rows) set.add(id);
    }
  };
  for (const [fieldId, ids] of changes) if (ids.size) enqueue(fieldId, ids);
  const searchDirty = new Map<TableModel, Set<number>>();
  for (const field of plan.order) {
    const ids = pending.get(field.doc.id);
    if (!ids || ids.size === 0) continue;
    const fresh = written?.table === field.table ? written.ids : undefined;
    const stale =
      fresh && written!.fields.has(field.doc.id) ? [...ids].filter((id) => !fresh.has(id)) : [...ids];
    if (stale.length) await computeField(context, field, stale);
    note(field, ids);
    enqueue(field.doc.id, ids);
    if (isSearchable(field)) {
      const set = searchDirty.get(field.table) ?? new Set<number>();
      for (const id of ids) if (!fresh?.has(id)) set.add(id);
      searchDirty.set(field.table, set);
    }
  }
  for (const [table, ids] of searchDirty) reindexRows(context.store, table, [...ids]);
  return consequences;
}

/** Recomputes one computed field for the given records, or for every record when `ids` is 'all'. */
export async function computeField(
  context: ComputeContext,
  field: FieldModel,
  ids: number[] | 'all',
): Promise<void> {
  const table = field.table;
  if (!field.column) return;
  if (field.doc.type === 'lookup' || field.doc.type === 'rollup') {
    const expression = field.doc.type === 'lookup' ? lookupSql(field) : rollupSql(field);
    const kind: ResultKind | undefined =
      field.doc.type === 'rollup' ? (resolveKind(field) as ResultKind) : undefined;
    const value = kind === 'number' ? roundedRollup(field, expression) : expression;
    const update = `UPDATE ${ident(table.sql)} AS r SET ${ident(field.column)} = ${value}`;
    if (ids === 'all') context.store.prepare(update).run();
    else
      for (const part of chunk(ids)) {
        const l = list(part);
        context.store.prepare(`${update} WHERE r.id IN (${l.text})`).run(...l.params);
      }
    return;
  }
  await computeFormula(context, field, ids);
}

function resolveKind(field: FieldModel): string {
  const resolved = resolveType(field);
  return resolved.type.name === 'number' ? 'number' : resolved.type.name;
}

function roundedRollup(field: FieldModel, expression: string): string {
  const precision = (field.doc.options as { precision?: number }).precision;
  return precision === undefined ? expression : `round(${expression}, ${Math.trunc(precision)})`;
}

function chunk<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The record's API values for the named fields, with empty values left out (JSONata reads them as absent). */
export function formulaInput(
  store: Store,
  table: TableModel,
  inputs: FieldModel[],
  rows: Record<string, unknown>[],
): Record<string, unknown>[] {
  const links = new Map<string, Map<number, number[]>>();
  const ids = rows.map((r) => r.id as number);
  for (const input of inputs)
    if (input.link && !input.column) links.set(input.doc.id, readLinks(store, input, ids));
  return rows.map((row) => {
    const values: Record<string, unknown> = {};
    for (const input of inputs) {
      let value: unknown;
      if (input.link) {
        const linked = input.column
          ? row[input.column] == null
            ? []
            : [row[input.column]]
          : (links.get(input.doc.id)?.get(row.id as number) ?? []);
        value = (linked as number[]).map(String);
      } else {
        const { type, field } = resolveType(input);
        value = type.fromDb(row[input.column!], field);
      }
      if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      values[input.doc.name] = value;
    }
    return values;
  });
}

/** `$today()` is the calendar day in the app's time zone: the same day the "today" filter means. */
export function formulaBindings(
  now: number,
  actorId: string | null,
  timeZone = 'UTC',
): Record<string, unknown> {
  const iso = new Date(now).toISOString();
  // Worked out on first use: most formulas never ask, and the time-zone arithmetic is not free.
  let today: string | undefined;
  return {
    now: () => iso,
    millis: () => now,
    today: () => {
      today ??= todayIn(timeZone, now);
      return today;
    },
    me: actorId,
  };
}

async function computeFormula(
  context: ComputeContext,
  field: FieldModel,
  ids: number[] | 'all',
): Promise<void> {
  const table = field.table;
  const evaluate = formulaEvaluator(context, field);
  const inputs = inputsOf(field).map((i) => i.input);
  const columns = inputs.filter((f) => f.column).map((f) => `r.${ident(f.column!)}`);
  const select = `SELECT r.id${columns.length ? `, ${columns.join(', ')}` : ''} FROM ${ident(table.sql)} r`;
  const update = context.store.prepare(
    `UPDATE ${ident(table.sql)} SET ${ident(field.column!)} = ? WHERE id = ?`,
  );
  const batches: Record<string, unknown>[][] =
    ids === 'all'
      ? [context.store.prepare(select).all() as Record<string, unknown>[]]
      : chunk(ids).map((part) => {
          const l = list(part);
          return context.store.prepare(`${select} WHERE r.id IN (${l.text})`).all(...l.params) as Record<
            string,
            unknown
          >[];
        });
  for (const rows of batches) {
    const raw = rows.map((row) => {
      const out: Record<string, unknown> = { id: row.id };
      let index = 1;
      for (const input of inputs) if (input.column) out[input.column] = Object.values(row)[index++];
      return out;
    });
    const values = formulaInput(context.store, table, inputs, raw);
    for (let i = 0; i < rows.length; i++) {
      const value = evaluate(values[i]!);
      update.run(value instanceof Promise ? await value : value, rows[i]!.id as number);
    }
  }
}

/**
 * Evaluates a formula field for one record's input (see formulaInput) and gives the value its
 * column stores. Simple expressions answer synchronously (see formula/fast.ts); the others
 * return a promise of the same value JSONata computes.
 */
export function formulaEvaluator(
  context: ComputeContext,
  field: FieldModel,
): (input: Record<string, unknown>) => DbValue | Promise<DbValue> {
  const {
    expression,
    resultType = 'text',
    precision,
  } = field.doc.options as {
    expression: string;
    resultType?: ResultKind;
    precision?: number;
  };
  const where = `formula '${field.doc.name}'`;
  const compiled = compileExpression(expression, where);
  const bindings = formulaBindings(context.now, context.actorId, field.table.app.doc.timeZone);
  const stored = (result: unknown): DbValue => {
    if (typeof result === 'number' && precision !== undefined)
      return storeAs(resultType, Math.round(result * 10 ** precision) / 10 ** precision);
    return storeAs(resultType, result);
  };
  const slow = async (input: Record<string, unknown>): Promise<DbValue> => {
    let result: unknown;
    try {
      result = await evaluateExpression(compiled, input, bindings, where);
    } catch (error) {
      // A formula that cannot compute for this record is empty; one that runs away fails the write.
      if (error instanceof Invalid && /stopped/.test(error.message)) throw error;
      result = null;
    }
    return stored(result);
  };
  return (input) => {
    const result = evaluateFast(compiled, input, bindings);
    return result === unsupported ? slow(input) : stored(result);
  };
}

/** Rebuilds the search entries of the given records from their current values. */
export function reindexRows(store: Store, table: TableModel, ids: number[] | 'all'): void {
  const fields = searchableFields(table);
  const columns = fields.map((f) => `${ident(f.column!)}`);
  const select = `SELECT id${columns.length ? `, ${columns.join(', ')}` : ''} FROM ${ident(table.sql)}`;
  const decoders = fields.map((field) => {
    const { type, field: resolved } = resolveType(field);
    return { field, decode: (value: unknown) => type.fromDb(value, resolved) };
  });
  const entry = (row: Record<string, unknown>) => {
    const values: Record<string, unknown> = {};
    for (const { field, decode } of decoders) values[field.doc.name] = decode(row[field.column!]);
    return { id: row.id as number, body: searchBody(table, values) };
  };
  if (ids !== 'all') {
    const rows = chunk(ids).flatMap((part) => {
      const l = list(part);
      return store.prepare(`${select} WHERE id IN (${l.text})`).all(...l.params) as Record<string, unknown>[];
    });
    indexRecords(store, table, rows.map(entry));
    return;
  }
  // Rebuilding the whole index: empty it at once, then add the rows page by page with nothing to
  // delete first, and without holding every row of a large table in memory.
  store.prepare(`INSERT INTO ${ident(table.fts)} (${ident(table.fts)}) VALUES ('delete-all')`).run();
  const page = store.prepare(`${select} WHERE id > ? ORDER BY id LIMIT 5000`);
  for (let after = 0; ; ) {
    const rows = page.all(after) as Record<string, unknown>[];
    if (rows.length === 0) break;
    indexNewRecords(store, table, rows.map(entry));
    after = rows[rows.length - 1]!.id as number;
  }
}
