// Checks the fields a client sent for a record: known names, writable fields, each value
// parsed by its type, defaults, required values. All problems are collected, each naming
// its field (and the record's index in a batch), so a client can fix everything at once.
import { type Detail, Invalid, RapportError } from '../errors.ts';
import type { DbValue, ParseContext } from '../fields/types.ts';
import { compileExpression, evaluateExpression } from '../formula/expression.ts';
import type { FieldModel, TableModel } from '../meta/model.ts';
import { todayIn } from '../query/relative-dates.ts';
import { formulaBindings } from './compute.ts';

export interface ParsedRecord {
  /** Values for fields stored in the row. */
  values: Map<FieldModel, DbValue>;
  /** Full new link lists for links kept outside the row (and the row's own link column). */
  links: Map<FieldModel, number[]>;
}

export interface ParseOptions {
  /** Creating: defaults apply and every required field must end up with a value. */
  creating: boolean;
  index?: number;
  /** Fields the actor may not write (besides computed ones). */
  readOnly?: ReadonlySet<string>;
  /** Fields the actor may not see: to them these fields do not exist. */
  hidden?: ReadonlySet<string>;
}

function isEmptyValue(value: DbValue | undefined): boolean {
  return value === null || value === undefined;
}

export async function parseRecord(
  table: TableModel,
  input: unknown,
  context: ParseContext,
  options: ParseOptions,
  errors: Detail[],
): Promise<ParsedRecord> {
  const parsed: ParsedRecord = { values: new Map(), links: new Map() };
  const at = options.index === undefined ? {} : { index: options.index };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    errors.push({ field: 'fields', message: "'fields' must be an object of field names to values", ...at });
    return parsed;
  }
  for (const [name, value] of Object.entries(input)) {
    const found = table.byName.get(name) ?? table.byId.get(name);
    const field = found && options.hidden?.has(found.doc.name) ? undefined : found;
    if (!field) {
      errors.push({
        field: name,
        message: `Table '${table.doc.name}' has no field '${name}'`,
        code: 'unknown_field',
        ...at,
      });
      continue;
    }
    if (field.type.readOnly || options.readOnly?.has(field.doc.name)) {
      errors.push({
        field: field.doc.name,
        message: `Field '${field.doc.name}' is ${field.type.readOnly ? 'computed' : 'read-only for you'} and cannot be written`,
        code: 'read_only',
        ...at,
      });
      continue;
    }
    try {
      const parsedValue = field.type.parse(value, field, context);
      // Sensitive values are encrypted before they go anywhere near the database.
      const stored =
        field.doc.encrypted && typeof parsedValue === 'string'
          ? table.app.cipher.encrypt(parsedValue)
          : parsedValue;
      if (field.link)
        parsed.links.set(field, stored === null ? [] : (JSON.parse(String(stored)) as number[]));
      else parsed.values.set(field, stored);
    } catch (error) {
      if (!(error instanceof RapportError)) throw error;
      for (const detail of error.details) errors.push({ ...detail, ...at });
    }
  }
  if (options.creating) {
    await applyDefaults(table, parsed, context, errors, at);
    // Types that are never empty (a checkbox is false) store that value, not NULL, so that
    // grouping and equality see one "false", not two.
    for (const field of table.fields) {
      if (field.type.storage !== 'column' || field.link || parsed.values.has(field)) continue;
      const empty = field.type.parse(null, field, context);
      if (empty !== null) parsed.values.set(field, empty);
    }
  }
  for (const field of table.fields) {
    if (!field.doc.required || options.hidden?.has(field.doc.name)) continue;
    const given = field.link ? parsed.links.get(field) : parsed.values.get(field);
    const empty = field.link
      ? given !== undefined && (given as number[]).length === 0
      : given !== undefined && isEmptyValue(given as DbValue);
    const missing = options.creating && (given === undefined || empty);
    if (missing || (!options.creating && empty))
      errors.push({
        field: field.doc.name,
        message: `Field '${field.doc.name}' is required`,
        code: 'required',
        ...at,
      });
  }
  return parsed;
}

async function applyDefaults(
  table: TableModel,
  parsed: ParsedRecord,
  context: ParseContext,
  errors: Detail[],
  at: { index?: number },
) {
  for (const field of table.fields) {
    const fallback = field.doc.default;
    if (fallback === undefined || field.type.readOnly) continue;
    if (field.link ? parsed.links.has(field) : parsed.values.has(field)) continue;
    let value: unknown = fallback;
    const iso = new Date(context.now).toISOString();
    const timeZone = table.app.doc.timeZone;
    if (fallback === '$me') value = context.actorId;
    // The app's day, as the "today" filter counts it, not the UTC one.
    else if (fallback === 'today' && field.doc.type === 'date')
      value = todayIn(timeZone ?? 'UTC', context.now);
    else if (fallback === 'now' && field.doc.type === 'datetime') value = iso;
    else if (typeof fallback === 'object' && fallback !== null && 'expr' in fallback) {
      const where = `default of '${field.doc.name}'`;
      value = await evaluateExpression(
        compileExpression(String(fallback.expr), where),
        {},
        formulaBindings(context.now, context.actorId, timeZone),
        where,
      );
    }
    try {
      const parsedValue = field.type.parse(value, field, context);
      // Sensitive values are encrypted before they go anywhere near the database.
      const stored =
        field.doc.encrypted && typeof parsedValue === 'string'
          ? table.app.cipher.encrypt(parsedValue)
          : parsedValue;
      if (field.link)
        parsed.links.set(field, stored === null ? [] : (JSON.parse(String(stored)) as number[]));
      else parsed.values.set(field, stored);
    } catch (error) {
      if (!(error instanceof RapportError)) throw error;
      errors.push(
        ...error.details.map((d) => ({ ...d, ...at, message: `${d.message} (the field's default)` })),
      );
    }
  }
}

export function throwIfErrors(errors: Detail[], batch: boolean): void {
  if (errors.length === 0) return;
  const first = errors[0]!;
  const message =
    errors.length === 1
      ? `${first.message}${batch && first.index !== undefined ? ` (record ${first.index})` : ''}.`
      : `${errors.length} problems, the first: ${first.message}${batch && first.index !== undefined ? ` (record ${first.index})` : ''}.`;
  throw new Invalid(first.code === 'unknown_field' ? 'unknown_field' : 'validation_failed', message, errors);
}
