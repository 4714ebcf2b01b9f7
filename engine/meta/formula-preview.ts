// Tries a formula before it is saved: on a chosen record, or on sample values when there is
// none, with the same checks and functions a saved formula gets.
import type { Actor } from '../access/actor.ts';
import { Invalid } from '../errors.ts';
import { resolveType } from '../fields/index.ts';
import { kindOfValue } from '../fields/result-kinds.ts';
import { compileExpression, evaluateExpression } from '../formula/expression.ts';
import type { Engine } from '../index.ts';
import { formulaBindings } from '../records/compute.ts';

export async function previewFormula(
  engine: Engine,
  actor: Actor,
  appRef: string,
  tableRef: string,
  expression: unknown,
  recordId?: string | number,
): Promise<{ value: unknown; resultType: string; record: string | null }> {
  if (typeof expression !== 'string' || expression.trim() === '')
    throw new Invalid('invalid_expression', "'expression' is required.", [
      { field: 'expression', message: 'is required' },
    ]);
  const table = engine.metadata.registry.table(appRef, tableRef);
  const compiled = compileExpression(expression, 'expression');
  const unknown = compiled.names.filter((name) => !table.byName.has(name));
  if (unknown.length)
    throw new Invalid(
      'unknown_field',
      `The formula uses ${unknown.map((n) => `'${n}'`).join(', ')}, which ${unknown.length > 1 ? 'are not fields' : 'is not a field'} of '${table.doc.name}'.`,
      [{ field: 'expression', message: `unknown field ${unknown.join(', ')}`, code: 'unknown_field' }],
    );
  const input: Record<string, unknown> = {};
  let record: string | null = null;
  if (recordId !== undefined && recordId !== null && recordId !== '') {
    const found = await engine.records.get(actor, table.app.doc.id, table.doc.id, recordId);
    record = found.id;
    for (const name of compiled.names) {
      const value = found.fields[name];
      if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))
        input[name] = value;
    }
  } else
    for (const name of compiled.names) {
      const field = table.byName.get(name)!;
      const { type, field: resolved } = resolveType(field);
      const value = type.sample(resolved.doc);
      if (value !== null && value !== undefined) input[name] = value;
    }
  const value = await evaluateExpression(
    compiled,
    input,
    formulaBindings(engine.now(), actor.userId, table.app.doc.timeZone ?? 'UTC'),
    'expression',
  );
  return { value, resultType: value === null ? 'text' : kindOfValue(value), record };
}
