// Editing a form's layout: sections with one to three columns, each field placed once. Pure
// functions over the view's `form` document, used by the form designer and its tests.
import type { FormItem, FormLayout, FormSection } from '../../api/types.ts';

export interface Slot {
  section: number;
  column: number;
  /** Position within that column. */
  index: number;
}

export function sectionsOf(layout: FormLayout): FormSection[] {
  return layout.sections?.length ? layout.sections : [{ id: 's1', columns: 1, fields: [] }];
}

export function usedFields(layout: FormLayout): Set<string> {
  return new Set(sectionsOf(layout).flatMap((s) => s.fields.map((f) => f.field)));
}

/** A section's items in one column, in order. */
export function columnItems(section: FormSection, column: number): FormItem[] {
  const columns = section.columns ?? 1;
  return section.fields.filter((item) => Math.min(item.column ?? 1, columns) === column);
}

export function findItem(layout: FormLayout, field: string): (Slot & { item: FormItem }) | undefined {
  const sections = sectionsOf(layout);
  for (let s = 0; s < sections.length; s++) {
    const section = sections[s]!;
    for (let c = 1; c <= (section.columns ?? 1); c++) {
      const index = columnItems(section, c).findIndex((i) => i.field === field);
      if (index >= 0) return { section: s, column: c, index, item: columnItems(section, c)[index]! };
    }
  }
  return undefined;
}

export function removeItem(layout: FormLayout, field: string): FormLayout {
  return {
    ...layout,
    sections: sectionsOf(layout).map((s) => ({ ...s, fields: s.fields.filter((i) => i.field !== field) })),
  };
}

/** Places an item (new from the palette, or moved) at a slot; it leaves wherever it was. */
export function placeItem(layout: FormLayout, item: FormItem, slot: Slot): FormLayout {
  const sections = sectionsOf(removeItem(layout, item.field));
  const target = sections[slot.section];
  if (!target) return layout;
  const columns = target.columns ?? 1;
  const column = Math.max(1, Math.min(slot.column, columns));
  const placed: FormItem = columns > 1 ? { ...item, column } : (({ column: _c, ...rest }) => rest)(item);
  // Rebuild the section's list column by column so the order within each column is exact.
  const byColumn: FormItem[][] = [];
  for (let c = 1; c <= columns; c++) byColumn.push([...columnItems(target, c)]);
  const list = byColumn[column - 1]!;
  list.splice(Math.max(0, Math.min(slot.index, list.length)), 0, placed);
  const next = sections.map((s, i) => (i === slot.section ? { ...s, fields: byColumn.flat() } : s));
  return { ...layout, sections: next };
}

/** Changes an item; a key set to undefined or '' is removed. */
export function updateItem(layout: FormLayout, field: string, patch: Record<string, unknown>): FormLayout {
  return {
    ...layout,
    sections: sectionsOf(layout).map((s) => ({
      ...s,
      fields: s.fields.map((i) => {
        if (i.field !== field) return i;
        const next: Record<string, unknown> = { ...i, ...patch };
        for (const key of Object.keys(next))
          if (next[key] === undefined || next[key] === '') delete next[key];
        return next as FormItem;
      }),
    })),
  };
}

export function addSection(layout: FormLayout, id: string): FormLayout {
  return { ...layout, sections: [...sectionsOf(layout), { id, columns: 1, fields: [] }] };
}

export function updateSection(layout: FormLayout, index: number, patch: Record<string, unknown>): FormLayout {
  return {
    ...layout,
    sections: sectionsOf(layout).map((s, i) => {
      if (i !== index) return s;
      let next = s;
      for (const [key, value] of Object.entries(patch)) next = withKey(next, key, value);
      // Fewer columns: items of removed columns move to the last one left.
      const columns = next.columns ?? 1;
      return {
        ...next,
        fields: next.fields.map((f) => (f.column && f.column > columns ? { ...f, column: columns } : f)),
      };
    }),
  };
}

/** Removes a section; its fields move to the previous (or next) section. */
export function removeSection(layout: FormLayout, index: number): FormLayout {
  const sections = sectionsOf(layout);
  if (sections.length <= 1) return layout;
  const removed = sections[index]!;
  const rest = sections.filter((_, i) => i !== index);
  const into = Math.max(0, index - 1);
  rest[into] = {
    ...rest[into]!,
    fields: [...rest[into]!.fields, ...removed.fields.map(({ column: _c, ...f }) => f)],
  };
  return { ...layout, sections: rest };
}

/** A random id for a public link: 16 URL-safe characters. */
export function newPublicId(
  random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  return [...random(16)].map((b) => alphabet[b % 64]).join('');
}

/** A copy of a document with one key set, or removed when the value is undefined or ''. */
export function withKey<T extends object>(doc: T, key: string, value: unknown): T {
  const next = { ...doc } as Record<string, unknown>;
  if (value === undefined || value === '') delete next[key];
  else next[key] = value;
  return next as T;
}
