// Computed fields a new record can have before it is written: formulas over its own plain
// fields (evaluated here) and lookups through a link held in its own row (computed by the
// INSERT itself). The row is then written once instead of inserted and updated again per
// computed field. Everything else is left to propagate(), which skips what is done here.
import { resolveType } from '../fields/index.ts';
import { lookupSql, throughLink } from '../fields/lookup.ts';
import type { DbValue } from '../fields/types.ts';
import type { FieldModel, TableModel } from '../meta/model.ts';
import { ident } from '../query/sql.ts';
import type { Store } from '../store/database.ts';
import { type ComputeContext, computePlan, formulaEvaluator, inputsOf } from './compute.ts';
import type { ParsedRecord } from './validate.ts';

export interface InsertPlan {
  /** Formulas whose inputs are the record's plain fields (or such formulas), in dependency order. */
  formulas: FieldModel[];
  /**
   * Lookups through a one-record link stored in the row, of a plain field of another table:
   * `sql` reads the value for the linked record's id (its one parameter).
   */
  lookups: { field: FieldModel; link: FieldModel; sql: string }[];
  /** Ids of both: already current once the row is inserted. */
  fields: ReadonlySet<string>;
}

const plans = new WeakMap<TableModel, InsertPlan>();

/** A value the user writes and the row stores as is: nothing computes or reassigns it. */
function isPlain(field: FieldModel): boolean {
  return !field.link && field.column !== null && field.type.storage === 'column' && !field.type.readOnly;
}

/**
 * A lookup whose value for a new row depends only on that row's link and data this write does
 * not change: the link is held in the row, points at one record of another table, is not
 * one-to-one (a later record of the batch could take the target), and reads a plain field.
 */
function isRowLookup(field: FieldModel, table: TableModel): boolean {
  let parts: ReturnType<typeof throughLink>;
  try {
    parts = throughLink(field);
  } catch {
    return false;
  }
  const link = parts.link.link!;
  return (
    !link.many &&
    link.storage.kind === 'column' &&
    link.storage.on === 'self' &&
    link.target !== table &&
    link.inverse?.link?.many !== false &&
    isPlain(parts.target)
  );
}

export function insertPlan(table: TableModel): InsertPlan {
  const cached = plans.get(table);
  if (cached) return cached;
  const formulas: FieldModel[] = [];
  const lookups: InsertPlan['lookups'] = [];
  const local = new Set<FieldModel>();
  for (const field of computePlan(table.app).order) {
    if (field.table !== table || !field.column) continue;
    if (field.doc.type === 'formula') {
      if (inputsOf(field).every(({ input }) => isPlain(input) || local.has(input))) {
        formulas.push(field);
        local.add(field);
      }
    } else if (field.doc.type === 'lookup' && isRowLookup(field, table)) {
      const link = throughLink(field).link;
      // The lookup as computeField runs it, over a one-column row holding the link's id.
      lookups.push({
        field,
        link,
        sql: `SELECT ${lookupSql(field)} AS v FROM (SELECT ? AS ${ident(link.column!)}) AS r`,
      });
    }
  }
  const plan = {
    formulas,
    lookups,
    fields: new Set([...formulas, ...lookups.map((l) => l.field)].map((f) => f.doc.id)),
  };
  plans.set(table, plan);
  return plan;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The value as reading it back from the row would give it. SQLite keeps numbers, null and
 * well-formed text exactly; text with lone surrogates changes on the way in, so it takes the trip.
 */
function asStored(store: Store, value: DbValue): DbValue {
  if (typeof value !== 'string' || !loneSurrogate.test(value)) return value;
  return (store.prepare('SELECT ? AS v').get(value) as { v: DbValue }).v;
}

/** The formula values of each new record, column by column, as computeField would store them. */
export async function precomputeFormulas(
  context: ComputeContext,
  plan: InsertPlan,
  records: ParsedRecord[],
): Promise<Map<FieldModel, DbValue>[]> {
  const computed = records.map(() => new Map<FieldModel, DbValue>());
  for (const formula of plan.formulas) {
    const evaluate = formulaEvaluator(context, formula);
    const inputs = inputsOf(formula).map(({ input }) => {
      const { type, field } = resolveType(input);
      return { input, decode: (value: DbValue) => type.fromDb(value, field) };
    });
    for (let i = 0; i < records.length; i++) {
      const own = computed[i]!;
      const values = records[i]!.values;
      // The same record formulaInput() builds from the stored row: API values, empty ones left out.
      const input: Record<string, unknown> = {};
      for (const { input: field, decode } of inputs) {
        const stored = own.has(field) ? own.get(field)! : (values.get(field) ?? null);
        const value = decode(asStored(context.store, stored));
        if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
        input[field.doc.name] = value;
      }
      const value = evaluate(input);
      own.set(formula, value instanceof Promise ? await value : value);
    }
  }
  return computed;
}
