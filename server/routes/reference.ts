// What clients need to know about the engine to build screens: field types with their
// operators and options, and a way to try a formula before saving it.
import { Hono } from 'hono';
import { fieldTypes } from '../../engine/index.ts';
import { previewFormula } from '../../engine/meta/formula-preview.ts';
import { actor, type Env, engineOf, readJson } from '../context.ts';

const fieldTypeList = Object.values(fieldTypes).map((type) => ({
  name: type.name,
  storage: type.storage,
  readOnly: type.readOnly,
  searchable: type.searchable,
  options: type.options,
  operators: Object.entries(type.operators).map(([op, operator]) => ({ op, operand: operator.operand })),
}));

export const fieldTypeRoutes = new Hono<Env>().get('/', (c) => c.json({ items: fieldTypeList }));

export const formulaPreviewRoutes = new Hono<Env>().post('/:app/tables/:table/formula-preview', async (c) => {
  const body = (await readJson(c)) as { expression?: unknown; record?: string | number } | null;
  return c.json(
    await previewFormula(
      engineOf(c),
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      body?.expression,
      body?.record,
    ),
  );
});
