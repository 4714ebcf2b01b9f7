// Converts a field's stored values when its type or options change: each value goes through
// the old type's text form into the new type. Values that cannot convert are reported, never
// silently dropped; the caller decides whether to refuse or to clear them.
import { RapportError } from '../errors.ts';
import { resolveType } from '../fields/index.ts';
import type { DbValue, ParseContext } from '../fields/types.ts';
import { ident } from '../query/sql.ts';
import type { Store } from '../store/database.ts';
import type { FieldModel } from './model.ts';

export interface ConversionFailure {
  id: string;
  value: unknown;
  message: string;
}

export interface ConversionReport {
  /** Records holding a value before the change. */
  total: number;
  /** Values that change representation. */
  converted: number;
  /** Values that stay as they are. */
  unchanged: number;
  failedCount: number;
  /** The first failures, for showing the user. */
  failed: ConversionFailure[];
}

export interface ConversionPlan {
  report: ConversionReport;
  updates: [number, DbValue][];
  failedIds: number[];
}

const shownFailures = 50;

export function planConversion(
  store: Store,
  from: FieldModel,
  to: FieldModel,
  context: ParseContext,
): ConversionPlan {
  const column = from.column!;
  const rows = store
    .prepare(
      `SELECT id, ${ident(column)} AS v FROM ${ident(from.table.sql)} WHERE ${ident(column)} IS NOT NULL`,
    )
    .raw()
    .all() as [number, DbValue][];
  const old = resolveType(from);
  const sameType = from.doc.type === to.doc.type;
  const report: ConversionReport = {
    total: rows.length,
    converted: 0,
    unchanged: 0,
    failedCount: 0,
    failed: [],
  };
  const updates: [number, DbValue][] = [];
  const failedIds: number[] = [];
  for (const [id, stored] of rows) {
    const value = old.type.fromDb(stored, old.field);
    try {
      const candidate = sameType ? value : to.type.fromText(old.type.toText(value, old.field), to);
      const next = to.type.parse(candidate, to, context);
      if (next === stored) report.unchanged++;
      else {
        report.converted++;
        updates.push([id, next]);
      }
    } catch (error) {
      if (!(error instanceof RapportError)) throw error;
      report.failedCount++;
      failedIds.push(id);
      if (report.failed.length < shownFailures)
        report.failed.push({ id: String(id), value, message: error.message });
    }
  }
  return { report, updates, failedIds };
}

export function applyConversion(
  store: Store,
  field: FieldModel,
  plan: ConversionPlan,
  clearFailed: boolean,
): void {
  const update = store.prepare(
    `UPDATE ${ident(field.table.sql)} SET ${ident(field.column!)} = ? WHERE id = ?`,
  );
  for (const [id, value] of plan.updates) update.run(value, id);
  if (clearFailed) for (const id of plan.failedIds) update.run(null, id);
}
