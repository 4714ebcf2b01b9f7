// Where metadata refers to fields by name — views, formulas, lookups, rollups, links, the
// table's primary and owner fields — and how those references follow a rename or a delete.
import { compileExpression } from '../formula/expression.ts';
import type { jsonataNode } from '../formula/types.ts';
import type { FieldDoc, Filter, TableDoc, ViewDoc } from '../schema/index.ts';
import type { AppModel, FieldModel, TableModel } from './model.ts';

/** Maps each field name a view uses; a null result drops that reference. */
export type NameMap = (name: string) => string | null;

function mapFilter(filter: Filter | undefined, map: NameMap): Filter | undefined {
  if (!filter) return undefined;
  if ('and' in filter)
    return { and: filter.and.map((f) => mapFilter(f, map)).filter((f): f is Filter => f !== undefined) };
  if ('or' in filter)
    return { or: filter.or.map((f) => mapFilter(f, map)).filter((f): f is Filter => f !== undefined) };
  if ('not' in filter) {
    const inner = mapFilter(filter.not, map);
    return inner ? { not: inner } : undefined;
  }
  const name = map(filter.field);
  return name === null ? undefined : { ...filter, field: name };
}

const mapList = (names: string[] | undefined, map: NameMap) =>
  names?.map(map).filter((n): n is string => n !== null);

const mapKeys = <T>(record: Record<string, T> | undefined, map: NameMap) =>
  record &&
  Object.fromEntries(
    Object.entries(record)
      .map(([k, v]) => [map(k), v] as const)
      .filter(([k]) => k !== null),
  );

function prune<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The view with every field reference mapped. References a kanban or calendar needs cannot be dropped. */
export function mapViewFields(view: ViewDoc, map: NameMap): ViewDoc {
  const next: ViewDoc = prune({
    ...view,
    filter: mapFilter(view.filter as Filter | undefined, map),
    sort: view.sort?.flatMap((s) => {
      const field = map(s.field);
      return field === null ? [] : [{ ...s, field }];
    }),
    group: view.group?.flatMap((g) => {
      const field = map(g.field);
      return field === null ? [] : [{ ...g, field }];
    }),
    fields: mapList(view.fields, map),
    hiddenFields: mapList(view.hiddenFields, map),
    columnWidths: mapKeys(view.columnWidths, map),
    aggregates: mapKeys(view.aggregates, map),
  }) as ViewDoc;
  if (view.kanban) {
    const sumField = view.kanban.sumField ? map(view.kanban.sumField) : undefined;
    next.kanban = prune({
      ...view.kanban,
      groupField: map(view.kanban.groupField) ?? view.kanban.groupField,
      cardFields: mapList(view.kanban.cardFields, map),
      sumField: sumField ?? undefined,
    }) as NonNullable<ViewDoc['kanban']>;
  }
  if (view.calendar) {
    const optional = (name: string | undefined) => (name ? (map(name) ?? undefined) : undefined);
    next.calendar = prune({
      ...view.calendar,
      dateField: map(view.calendar.dateField) ?? view.calendar.dateField,
      endDateField: optional(view.calendar.endDateField),
      titleField: optional(view.calendar.titleField),
      colorField: optional(view.calendar.colorField),
    }) as NonNullable<ViewDoc['calendar']>;
  }
  if (view.gallery) {
    const optional = (name: string | undefined) => (name ? (map(name) ?? undefined) : undefined);
    next.gallery = prune({
      ...view.gallery,
      coverField: optional(view.gallery.coverField),
      titleField: optional(view.gallery.titleField),
      cardFields: mapList(view.gallery.cardFields, map),
    }) as NonNullable<ViewDoc['gallery']>;
  }
  if (view.form?.sections) {
    next.form = {
      ...view.form,
      sections: view.form.sections.map((section) => ({
        ...section,
        fields: section.fields.flatMap((item) => {
          const field = map(item.field);
          if (field === null) return [];
          const showIf = mapFilter(item.showIf as Filter | undefined, map);
          return [prune({ ...item, field, showIf })];
        }),
      })),
    } as NonNullable<ViewDoc['form']>;
  }
  return next;
}

/** Field names a view cannot live without (kanban columns, calendar dates). */
export function essentialViewFields(view: ViewDoc): string[] {
  return [view.kanban?.groupField, view.calendar?.dateField].filter((n): n is string => n !== undefined);
}

/** Rewrites a JSONata expression so that references to field `from` read `to`. */
export function renameInExpression(expression: string, from: string, to: string): string {
  const positions: number[] = [];
  const walk = (node: jsonataNode | undefined, firstStep: boolean) => {
    if (!node || typeof node !== 'object') return;
    if ((node.type as string) === 'path' && node.steps?.length) {
      node.steps.forEach((step, i) => {
        walk(step, i === 0);
      });
      return;
    }
    if (node.type === 'name' && firstStep && node.value === from && typeof node.position === 'number')
      positions.push(node.position - from.length);
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const item of value.flat()) walk(item as jsonataNode, true);
      else if (value && typeof value === 'object') walk(value as jsonataNode, true);
    }
  };
  walk(compileExpression(expression).expression.ast(), true);
  let out = expression;
  for (const start of positions.sort((a, b) => b - a)) {
    if (out.slice(start, start + from.length) === from)
      out = out.slice(0, start) + to + out.slice(start + from.length);
  }
  return out;
}

export interface DocUpdate<D> {
  before: D;
  after: D;
}

/** Everything in the app that uses field `field` of `table`, other than views. */
export function fieldUsers(app: AppModel, field: FieldModel): string[] {
  const users: string[] = [];
  for (const table of app.tables) {
    for (const other of table.fields) {
      if (other === field) continue;
      const options = (other.doc.options ?? {}) as Record<string, unknown>;
      const where = `${other.doc.type} '${table.doc.name}.${other.doc.name}'`;
      if (other.doc.type === 'formula' && table === field.table) {
        if (compileExpression(String(options.expression)).names.includes(field.doc.name)) users.push(where);
      }
      if (other.doc.type === 'lookup' || other.doc.type === 'rollup') {
        if (table === field.table && options.link === field.doc.name) users.push(where);
        const link = table.byName.get(String(options.link));
        if (link?.link?.target === field.table && options.field === field.doc.name) users.push(where);
      }
    }
  }
  return users;
}

/** The field documents (anywhere in the app) and table document that must change when a field is renamed. */
export function fieldRenames(
  app: AppModel,
  table: TableModel,
  from: string,
  to: string,
): { fields: DocUpdate<FieldDoc>[]; views: DocUpdate<ViewDoc>[]; table?: DocUpdate<TableDoc> } {
  const fields: DocUpdate<FieldDoc>[] = [];
  const renamed = table.byName.get(from);
  for (const other of app.tables) {
    for (const field of other.fields) {
      if (field === renamed) continue;
      const options = (field.doc.options ?? {}) as Record<string, unknown>;
      let next = options;
      if (field.doc.type === 'formula' && other === table)
        next = { ...options, expression: renameInExpression(String(options.expression), from, to) };
      if (field.doc.type === 'lookup' || field.doc.type === 'rollup') {
        if (other === table && options.link === from) next = { ...next, link: to };
        const link = other.byName.get(String(options.link));
        if (link?.link?.target === table && options.field === from) next = { ...next, field: to };
      }
      if (field.doc.type === 'link' && renamed?.link?.inverse === field && options.inverse === from)
        next = { ...next, inverse: to };
      if (next !== options) fields.push({ before: field.doc, after: { ...field.doc, options: next } });
    }
  }
  const map: NameMap = (name) => (name === from ? to : name);
  const views = table.views
    .map((view) => ({ before: view, after: mapViewFields(view, map) }))
    .filter((u) => JSON.stringify(u.before) !== JSON.stringify(u.after));
  const doc = table.doc;
  const tableUpdate =
    doc.primaryField === from || doc.ownerField === from
      ? {
          before: doc,
          after: {
            ...doc,
            ...(doc.primaryField === from ? { primaryField: to } : {}),
            ...(doc.ownerField === from ? { ownerField: to } : {}),
          },
        }
      : undefined;
  return tableUpdate ? { fields, views, table: tableUpdate } : { fields, views };
}
