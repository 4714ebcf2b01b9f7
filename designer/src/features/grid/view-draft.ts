// A view's settings as the user changes them on screen, before they are saved: what differs
// from the saved view, the patch that saves it, and the columns it shows. Pure functions.
import type { FieldDoc, Filter, SortSpec, Table, ViewDoc } from '../../api/types.ts';

export interface ViewDraft {
  filter: Filter | undefined;
  sort: SortSpec[];
  group: { field: string; dir?: 'asc' | 'desc'; collapsed?: boolean }[];
  /** Column order (field names); absent fields follow in table order. */
  fields: string[] | undefined;
  hiddenFields: string[];
  columnWidths: Record<string, number>;
  aggregates: Record<string, string>;
}

export function draftOf(view: ViewDoc): ViewDraft {
  return {
    filter: view.filter as Filter | undefined,
    sort: view.sort ?? [],
    group: (view.group ?? []) as ViewDraft['group'],
    fields: view.fields,
    hiddenFields: view.hiddenFields ?? [],
    columnWidths: (view.columnWidths ?? {}) as Record<string, number>,
    aggregates: (view.aggregates ?? {}) as Record<string, string>,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The view patch that saves the draft: only what changed. */
export function draftPatch(view: ViewDoc, draft: ViewDraft): Record<string, unknown> {
  const saved = draftOf(view);
  const patch: Record<string, unknown> = {};
  if (!same(saved.filter, draft.filter)) patch.filter = draft.filter ?? { and: [] };
  if (!same(saved.sort, draft.sort)) patch.sort = draft.sort;
  if (!same(saved.group, draft.group)) patch.group = draft.group;
  if (!same(saved.fields, draft.fields)) patch.fields = draft.fields ?? [];
  if (!same(saved.hiddenFields, draft.hiddenFields)) patch.hiddenFields = draft.hiddenFields;
  if (!same(saved.columnWidths, draft.columnWidths)) patch.columnWidths = draft.columnWidths;
  if (!same(saved.aggregates, draft.aggregates)) patch.aggregates = draft.aggregates;
  return patch;
}

/** Changes that people expect to be asked about before saving (what rows show, in what order). */
export function hasQueryChanges(view: ViewDoc, draft: ViewDraft): boolean {
  const patch = draftPatch(view, draft);
  return 'filter' in patch || 'sort' in patch || 'group' in patch;
}

/** The settings a new view copied from the draft starts with. */
export function draftAsView(draft: ViewDraft): Record<string, unknown> {
  return {
    ...(draft.filter ? { filter: draft.filter } : {}),
    ...(draft.sort.length ? { sort: draft.sort } : {}),
    ...(draft.group.length ? { group: draft.group } : {}),
    ...(draft.fields ? { fields: draft.fields } : {}),
    ...(draft.hiddenFields.length ? { hiddenFields: draft.hiddenFields } : {}),
    ...(Object.keys(draft.columnWidths).length ? { columnWidths: draft.columnWidths } : {}),
    ...(Object.keys(draft.aggregates).length ? { aggregates: draft.aggregates } : {}),
  };
}

/** All fields in display order: the draft's order first, the rest in table order. */
export function orderedFields(table: Table, draft: ViewDraft): FieldDoc[] {
  const byName = new Map(table.fields.map((f) => [f.name, f]));
  const ordered: FieldDoc[] = [];
  for (const name of draft.fields ?? []) {
    const field = byName.get(name);
    if (field) {
      ordered.push(field);
      byName.delete(name);
    }
  }
  return [...ordered, ...byName.values()];
}

/** The columns shown: ordered fields minus hidden ones; the primary field always first. */
export function visibleFields(table: Table, draft: ViewDraft): FieldDoc[] {
  const hidden = new Set(draft.hiddenFields);
  const fields = orderedFields(table, draft).filter(
    (f) => !hidden.has(f.name) || f.name === table.primaryField,
  );
  const primary = fields.findIndex((f) => f.name === table.primaryField);
  if (primary > 0) fields.unshift(...fields.splice(primary, 1));
  return fields;
}

/** Moves a column; returns the full order to save. */
export function moveField(table: Table, draft: ViewDraft, from: string, to: string): string[] {
  const names = orderedFields(table, draft).map((f) => f.name);
  const a = names.indexOf(from);
  const b = names.indexOf(to);
  if (a < 0 || b < 0) return names;
  names.splice(b, 0, ...names.splice(a, 1));
  return names;
}
