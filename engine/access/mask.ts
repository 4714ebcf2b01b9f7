// What one reader sees of a table: its hidden fields removed, and lookups, rollups and
// formulas that would show values from rows or fields the reader may not see recomputed from
// what they may see (or emptied). The masked table is what lists, reads, filters, sorts,
// exports and aggregates run on, so no path can leak what the policy hides.
import { lookupSql } from '../fields/lookup.ts';
import { rollupSql } from '../fields/rollup.ts';
import { compileExpression } from '../formula/expression.ts';
import type { FieldModel, TableModel } from '../meta/model.ts';
import { ident, inline } from '../query/sql.ts';
import type { Actor } from './actor.ts';
import { type Access, accessFor } from './policy.ts';

const cache = new WeakMap<TableModel, Map<string, TableModel>>();

function actorKey(actor: Actor): string {
  return `${actor.userId}|${actor.teamId ?? ''}|${actor.tokenRole ?? ''}|${actor.tokenTables?.join(',') ?? ''}`;
}

/** The view of the target table a reader has: which rows (as SQL on an alias) and which fields. */
function targetView(
  actor: Actor,
  target: TableModel,
):
  | {
      visible?: (alias: string) => string;
      visibleId?: (idSql: string) => string;
      hidden: ReadonlySet<string>;
    }
  | 'none' {
  let access: Access;
  try {
    access = accessFor(actor, target, 'read');
  } catch {
    return 'none';
  }
  if (!access.rows) return { hidden: access.hidden };
  const rows = inline(access.rows);
  const visibleId = (idSql: string) => `${idSql} IN (SELECT r.id FROM ${ident(target.sql)} r WHERE ${rows})`;
  return { visible: (alias) => visibleId(`${alias}.id`), visibleId, hidden: access.hidden };
}

export function maskTable(actor: Actor, table: TableModel, access: Access): TableModel {
  if (actor.isAdmin && !actor.tokenTables) return table;
  const key = `${actorKey(actor)}|${[...access.hidden].join(',')}`;
  const byActor = cache.get(table) ?? new Map<string, TableModel>();
  cache.set(table, byActor);
  const cached = byActor.get(key);
  if (cached) return cached;

  const masked = new Map<FieldModel, FieldModel>();
  const emptied = new Set<string>();
  for (const field of table.fields) {
    if (access.hidden.has(field.doc.name)) continue;
    if (field.link) {
      // A link shows only the records the reader may open: not even the ids of the others.
      const view = targetView(actor, field.link.target);
      if (view === 'none') masked.set(field, { ...field, visibleLinks: () => '0' });
      else if (view.visibleId) masked.set(field, { ...field, visibleLinks: view.visibleId });
      continue;
    }
    if (field.doc.type !== 'lookup' && field.doc.type !== 'rollup') continue;
    const linkName = (field.doc.options as { link: string }).link;
    const link = table.byName.get(linkName);
    const target = link?.link?.target;
    if (!link || !target) continue;
    const view = targetView(actor, target);
    const targetField = (field.doc.options as { field?: string }).field;
    if (view === 'none' || access.hidden.has(linkName) || (targetField && view.hidden.has(targetField))) {
      emptied.add(field.doc.name);
      masked.set(field, { ...field, expression: () => 'NULL' });
    } else if (view.visible) {
      const visible = view.visible;
      const compute = field.doc.type === 'lookup' ? lookupSql : rollupSql;
      emptied.add(field.doc.name);
      masked.set(field, { ...field, expression: (alias) => compute(field, alias, visible) });
    }
  }
  // A formula over a restricted or hidden value would repeat it: it is emptied for this reader.
  let changed = true;
  while (changed) {
    changed = false;
    for (const field of table.fields) {
      if (field.doc.type !== 'formula' || masked.has(field) || access.hidden.has(field.doc.name)) continue;
      const names = compileExpression((field.doc.options as { expression: string }).expression).names;
      if (names.some((n) => emptied.has(n) || access.hidden.has(n))) {
        masked.set(field, { ...field, expression: () => 'NULL' });
        emptied.add(field.doc.name);
        changed = true;
      }
    }
  }
  if (access.hidden.size === 0 && masked.size === 0) {
    byActor.set(key, table);
    return table;
  }
  const fields = table.fields.filter((f) => !access.hidden.has(f.doc.name)).map((f) => masked.get(f) ?? f);
  const view: TableModel = {
    ...table,
    fields,
    byName: new Map(fields.map((f) => [f.doc.name, f])),
    byId: new Map(fields.map((f) => [f.doc.id, f])),
  };
  if (byActor.size > 200) byActor.clear();
  byActor.set(key, view);
  return view;
}
