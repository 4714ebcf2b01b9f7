// Checks a field's options against the rest of the app (the link's table exists, a lookup's
// field exists, a formula's names resolve) and fills in what the engine derives, such as a
// formula's result type. One rule per type that needs one.
import { Invalid } from '../errors.ts';
import { resolveType } from '../fields/index.ts';
import { throughLink } from '../fields/lookup.ts';
import { kindOfValue } from '../fields/result-kinds.ts';
import { compileExpression, evaluateExpression } from '../formula/expression.ts';
import { formulaBindings } from '../records/compute.ts';
import type { FieldDoc, FieldTypeName } from '../schema/index.ts';
import type { AppModel, FieldModel, TableModel } from './model.ts';

export interface RuleContext {
  app: AppModel;
  table: TableModel;
  now: number;
}

type Rule = (doc: FieldDoc, context: RuleContext) => FieldDoc | Promise<FieldDoc>;

function invalidOption(doc: FieldDoc, option: string, message: string, code = 'invalid_options'): Invalid {
  const text = `Field '${doc.name}': ${message}`;
  return new Invalid(code, text, [{ field: `${doc.name}.options.${option}`, message: text, code }]);
}

function optionsOf(doc: FieldDoc): Record<string, unknown> {
  return (doc.options ?? {}) as Record<string, unknown>;
}

function linkThrough(doc: FieldDoc, context: RuleContext): { link: FieldModel; target: TableModel } {
  const name = String(optionsOf(doc).link);
  const link = context.table.byName.get(name);
  if (!link) throw invalidOption(doc, 'link', `table '${context.table.doc.name}' has no field '${name}'`);
  if (!link.link) throw invalidOption(doc, 'link', `'${name}' is a ${link.doc.type} field, not a link`);
  return { link, target: link.link.target };
}

const numericTypes = new Set(['number', 'currency', 'percent', 'rating', 'autonumber']);
const orderedTypes = new Set([
  ...numericTypes,
  'date',
  'datetime',
  'created_at',
  'updated_at',
  'text',
  'email',
  'single_select',
]);

const rules: Partial<Record<FieldTypeName, Rule>> = {
  link: (doc, context) => {
    const options = optionsOf(doc);
    const target = context.app.tablesByName.get(String(options.table));
    if (!target)
      throw invalidOption(
        doc,
        'table',
        `app '${context.app.doc.name}' has no table '${String(options.table)}'`,
      );
    return doc;
  },
  lookup: (doc, context) => {
    const { target } = linkThrough(doc, context);
    const fieldName = String(optionsOf(doc).field);
    const looked = target.byName.get(fieldName);
    if (!looked) throw invalidOption(doc, 'field', `table '${target.doc.name}' has no field '${fieldName}'`);
    if (looked.doc.type === 'link')
      throw invalidOption(
        doc,
        'field',
        `'${fieldName}' is a link; look up a field of the linked table instead`,
      );
    return doc;
  },
  rollup: (doc, context) => {
    const { target } = linkThrough(doc, context);
    const { field: fieldName, fn } = optionsOf(doc) as { field?: string; fn: string };
    if (fieldName === undefined) {
      if (fn !== 'count') throw invalidOption(doc, 'field', `'${fn}' needs a field to summarise`);
      return doc;
    }
    const summed = target.byName.get(fieldName);
    if (!summed) throw invalidOption(doc, 'field', `table '${target.doc.name}' has no field '${fieldName}'`);
    const typeName = resolveType(summed).type.name;
    if ((fn === 'sum' || fn === 'avg') && !numericTypes.has(typeName))
      throw invalidOption(doc, 'fn', `cannot ${fn} '${fieldName}', which holds ${summed.doc.type} values`);
    if ((fn === 'min' || fn === 'max') && !orderedTypes.has(typeName))
      throw invalidOption(
        doc,
        'fn',
        `cannot take the ${fn} of '${fieldName}', which holds ${summed.doc.type} values`,
      );
    return doc;
  },
  formula: async (doc, context) => {
    const options = optionsOf(doc) as { expression: string; resultType?: string };
    const where = `formula '${doc.name}'`;
    let compiled: ReturnType<typeof compileExpression>;
    try {
      compiled = compileExpression(options.expression, where);
    } catch (error) {
      throw asOptionError(doc, error);
    }
    const unknown = compiled.names.filter((name) => !context.table.byName.has(name) || name === doc.name);
    if (unknown.includes(doc.name))
      throw invalidOption(doc, 'expression', 'a formula cannot use its own value', 'circular_reference');
    if (unknown.length)
      throw invalidOption(
        doc,
        'expression',
        `uses ${unknown.map((n) => `'${n}'`).join(', ')}, which ${unknown.length > 1 ? 'are not fields' : 'is not a field'} of '${context.table.doc.name}'`,
        'unknown_field',
      );
    if (options.resultType) return doc;
    const sample: Record<string, unknown> = {};
    for (const name of compiled.names) {
      const value = sampleOf(context.table.byName.get(name)!);
      if (value !== null && value !== undefined) sample[name] = value;
    }
    // The sample exposes type errors ("amount" * 2) and runaway expressions before any record depends on them.
    let result: unknown;
    try {
      result = await evaluateExpression(
        compiled,
        sample,
        formulaBindings(context.now, null, context.app.doc.timeZone),
        where,
      );
    } catch (error) {
      // Made-up values can fail where real ones would not ($number of a text field holding digits).
      const hint = /stopped/.test(String(error))
        ? ''
        : ` (with sample values ${JSON.stringify(sample)}; if real records cannot fail like that, give options.resultType)`;
      throw asOptionError(doc, error, hint);
    }
    return { ...doc, options: { ...options, resultType: result === null ? 'text' : kindOfValue(result) } };
  },
};

/** Expression errors name the formula's option, as every other option error does. */
function asOptionError(doc: FieldDoc, error: unknown, hint = ''): unknown {
  if (!(error instanceof Invalid)) return error;
  const message = `${error.message}${hint}`;
  const code = error.details[0]?.code ?? error.code;
  return new Invalid(error.code, message, [{ field: `${doc.name}.options.expression`, message, code }]);
}

/**
 * A typical value of a field as a formula reads it. A lookup through a many link is a list of
 * the looked-up field's values (numbers, dates…), not the generic list sample, or "$sum(prices)"
 * would be refused as summing text.
 */
function sampleOf(field: FieldModel, depth = 0): unknown {
  if (field.doc.type === 'lookup' && depth < 10) {
    const { link, target } = throughLink(field);
    const one = sampleOf(target, depth + 1);
    if (!link.link?.many) return one;
    return one === null || one === undefined ? [] : Array.isArray(one) ? one : [one];
  }
  const { type, field: resolved } = resolveType(field);
  return type.sample(resolved.doc);
}

const encryptable = new Set(['text', 'long_text', 'email', 'phone', 'url']);

/** Encrypted values can be neither compared, nor sorted, nor copied into other fields. */
function checkEncryption(doc: FieldDoc, context: RuleContext) {
  if (doc.encrypted) {
    if (!encryptable.has(doc.type))
      throw invalidOption(
        doc,
        'encrypted',
        `only text, long text, e-mail, phone and URL fields can be encrypted, not ${doc.type}`,
        'not_encryptable',
      );
    if (doc.unique || doc.indexed)
      throw invalidOption(
        doc,
        'encrypted',
        'an encrypted field cannot be unique or indexed',
        'not_encryptable',
      );
  }
  const options = optionsOf(doc);
  const reads: { table: TableModel; name: string }[] = [];
  if (doc.type === 'formula') {
    let names: string[] = [];
    try {
      names = compileExpression(String(options.expression)).names;
    } catch {
      // A broken expression is the formula rule's to report, naming the field.
    }
    for (const name of names) reads.push({ table: context.table, name });
  }
  if ((doc.type === 'lookup' || doc.type === 'rollup') && typeof options.field === 'string') {
    const link = context.table.byName.get(String(options.link));
    if (link?.link) reads.push({ table: link.link.target, name: options.field });
  }
  for (const { table, name } of reads)
    if (table.byName.get(name)?.doc.encrypted)
      throw invalidOption(
        doc,
        doc.type === 'formula' ? 'expression' : 'field',
        `'${name}' is encrypted, so other fields cannot read it`,
        'reads_encrypted',
      );
}

export async function applyFieldRules(doc: FieldDoc, context: RuleContext): Promise<FieldDoc> {
  checkEncryption(doc, context);
  const rule = rules[doc.type];
  return rule ? rule(doc, context) : doc;
}
