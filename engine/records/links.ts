// Reads and writes links wherever they are stored, and reports which records on either side
// changed, so that lookups and rollups over them can be recomputed.
import { invalidField } from '../errors.ts';
import type { FieldModel, LinkModel } from '../meta/model.ts';
import { ident, list } from '../query/sql.ts';
import type { Store } from '../store/database.ts';

function linkOf(field: FieldModel): LinkModel {
  if (!field.link) throw new Error(`${field.doc.name} is not a link`);
  return field.link;
}

function chunks<T>(items: T[], size = 900): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Linked ids for each of `ids` (links stored outside the row). */
export function readLinks(store: Store, field: FieldModel, ids: number[]): Map<number, number[]> {
  const storage = linkOf(field).storage;
  const result = new Map<number, number[]>();
  if (ids.length === 0) return result;
  for (const part of chunks(ids)) {
    const l = list(part);
    let text: string;
    if (storage.kind === 'column' && storage.on === 'self')
      text = `SELECT id AS s, ${ident(storage.column)} AS o FROM ${ident(storage.table)} WHERE id IN (${l.text}) AND ${ident(storage.column)} IS NOT NULL`;
    else if (storage.kind === 'column')
      text = `SELECT ${ident(storage.column)} AS s, id AS o FROM ${ident(storage.table)} WHERE ${ident(storage.column)} IN (${l.text}) ORDER BY id`;
    else
      text = `SELECT ${storage.selfColumn} AS s, ${storage.otherColumn} AS o FROM ${ident(storage.table)} WHERE ${storage.selfColumn} IN (${l.text}) ORDER BY ${storage.otherColumn}`;
    // A reader's copy of the link (engine/access/mask.ts) leaves out records they may not read.
    if (field.visibleLinks) text = `SELECT s, o FROM (${text}) WHERE ${field.visibleLinks('o')} ORDER BY o`;
    for (const row of store.prepare(text).all(...l.params) as { s: number; o: number }[]) {
      const linked = result.get(row.s);
      if (linked) linked.push(row.o);
      else result.set(row.s, [row.o]);
    }
  }
  return result;
}

/** Ids of `field`'s records (its own table) that link to any of `targetIds`. */
export function rowsLinkingTo(store: Store, field: FieldModel, targetIds: number[]): number[] {
  const storage = linkOf(field).storage;
  const found = new Set<number>();
  for (const part of chunks(targetIds)) {
    const l = list(part);
    let text: string;
    if (storage.kind === 'column' && storage.on === 'self')
      text = `SELECT id AS x FROM ${ident(storage.table)} WHERE ${ident(storage.column)} IN (${l.text})`;
    else if (storage.kind === 'column')
      text = `SELECT ${ident(storage.column)} AS x FROM ${ident(storage.table)} WHERE id IN (${l.text}) AND ${ident(storage.column)} IS NOT NULL`;
    else
      text = `SELECT ${storage.selfColumn} AS x FROM ${ident(storage.table)} WHERE ${storage.otherColumn} IN (${l.text})`;
    for (const row of store.prepare(text).all(...l.params) as { x: number }[]) found.add(row.x);
  }
  return [...found];
}

/** Throws Invalid naming the field unless every id is a record of the link's target table. */
export function assertTargetsExist(store: Store, field: FieldModel, ids: number[], index?: number): void {
  const target = linkOf(field).target;
  const unique = [...new Set(ids)];
  for (const part of chunks(unique)) {
    const l = list(part);
    const found = store
      .prepare(`SELECT count(*) AS n FROM ${ident(target.sql)} WHERE id IN (${l.text})`)
      .get(...l.params) as {
      n: number;
    };
    if (found.n === part.length) continue;
    const existing = new Set(
      (
        store.prepare(`SELECT id FROM ${ident(target.sql)} WHERE id IN (${l.text})`).all(...l.params) as {
          id: number;
        }[]
      ).map((r) => r.id),
    );
    const missing = part.filter((id) => !existing.has(id));
    const message = `Field '${field.doc.name}' links to record${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')} that ${missing.length > 1 ? 'do' : 'does'} not exist in '${target.doc.name}'`;
    const error = invalidField(field.doc.name, message, 'unknown_record');
    if (index !== undefined) for (const d of error.details) d.index = index;
    throw error;
  }
}

export interface LinkChange {
  /** Records of the field's own table whose value of this link changed (besides the one written). */
  selfChanged: number[];
  /** Records of the target table whose inverse value changed. */
  otherChanged: number[];
}

/**
 * Sets the links of record `id` to exactly `next`. Links stored in this row's own column are
 * written with the row by the caller; `before` is the current list.
 */
export function writeLinks(
  store: Store,
  field: FieldModel,
  id: number,
  before: number[],
  next: number[],
): LinkChange {
  const storage = linkOf(field).storage;
  const removed = before.filter((x) => !next.includes(x));
  const added = next.filter((x) => !before.includes(x));
  const change: LinkChange = { selfChanged: [], otherChanged: [...removed, ...added] };
  if (removed.length === 0 && added.length === 0) return change;
  if (storage.kind === 'column' && storage.on === 'self') {
    store
      .prepare(`UPDATE ${ident(storage.table)} SET ${ident(storage.column)} = ? WHERE id = ?`)
      .run(next[0] ?? null, id);
    change.selfChanged.push(...releaseTargets(store, field, id, added));
    return change;
  }
  if (storage.kind === 'column') {
    const table = ident(storage.table);
    const column = ident(storage.column);
    for (const other of removed)
      store.prepare(`UPDATE ${table} SET ${column} = NULL WHERE id = ? AND ${column} = ?`).run(other, id);
    for (const other of added) {
      // The other side holds one link: taking the record away from its previous owner changes that owner too.
      const previous = store.prepare(`SELECT ${column} AS p FROM ${table} WHERE id = ?`).get(other) as
        | { p: number | null }
        | undefined;
      if (previous?.p != null && previous.p !== id) change.selfChanged.push(previous.p);
      store.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(id, other);
    }
    return change;
  }
  const table = ident(storage.table);
  const remove = store.prepare(
    `DELETE FROM ${table} WHERE ${storage.selfColumn} = ? AND ${storage.otherColumn} = ?`,
  );
  const insert = store.prepare(
    `INSERT OR IGNORE INTO ${table} (${storage.selfColumn}, ${storage.otherColumn}) VALUES (?, ?)`,
  );
  for (const other of removed) remove.run(id, other);
  for (const other of added) insert.run(id, other);
  return change;
}

/**
 * One-to-one links kept in this row's column: a target linked to `id` is taken away from any
 * other row that held it, as the other side's single link demands. Returns those rows.
 */
function releaseTargets(store: Store, field: FieldModel, id: number, targets: number[]): number[] {
  const { storage, inverse } = linkOf(field);
  if (storage.kind !== 'column' || storage.on !== 'self' || !inverse || inverse.link?.many !== false)
    return [];
  const released: number[] = [];
  const table = ident(storage.table);
  const column = ident(storage.column);
  for (const target of targets) {
    const holders = store
      .prepare(`SELECT id FROM ${table} WHERE ${column} = ? AND id <> ?`)
      .raw()
      .all(target, id) as [number][];
    if (holders.length === 0) continue;
    store.prepare(`UPDATE ${table} SET ${column} = NULL WHERE ${column} = ? AND id <> ?`).run(target, id);
    released.push(...holders.map(([holder]) => holder));
  }
  return released;
}

/** Removes every link of records about to be deleted; returns the target records whose inverse changed. */
export function unlinkDeleted(store: Store, field: FieldModel, ids: number[]): number[] {
  const storage = linkOf(field).storage;
  const linked = readLinks(store, field, ids);
  const others = [...new Set([...linked.values()].flat())];
  if (storage.kind === 'column' && storage.on === 'self') return others; // the link goes with the row
  for (const part of chunks(ids)) {
    const l = list(part);
    if (storage.kind === 'column')
      store
        .prepare(
          `UPDATE ${ident(storage.table)} SET ${ident(storage.column)} = NULL WHERE ${ident(storage.column)} IN (${l.text})`,
        )
        .run(...l.params);
    else
      store
        .prepare(`DELETE FROM ${ident(storage.table)} WHERE ${storage.selfColumn} IN (${l.text})`)
        .run(...l.params);
  }
  return others;
}
