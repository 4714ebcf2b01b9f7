// The records service: every create, read, update and delete of records goes through here.
// A write validates, stores, recomputes dependents, updates search, and records an audit row
// and an outbox event — in one transaction, so all of it happens or none of it does.
import { type Actor, systemActor } from '../access/actor.ts';
import { maskTable } from '../access/mask.ts';
import { accessFor } from '../access/policy.ts';
import { sealValues } from '../crypto/values.ts';
import { type Detail, Forbidden, Invalid, NotFound } from '../errors.ts';
import { toRecordId } from '../fields/link.ts';
import type { DbValue } from '../fields/types.ts';
import type { FieldModel, TableModel } from '../meta/model.ts';
import type { MetadataRegistry } from '../meta/registry.ts';
import { ident, list } from '../query/sql.ts';
import type { Store } from '../store/database.ts';
import { BulkLoad } from './bulk-load.ts';
import { refreshClockFormulas } from './clock-formulas.ts';
import { addChange, type Changes, type Consequences, isComputed, propagate, reindexRows } from './compute.ts';
import { assertTargetsExist, readLinks, unlinkDeleted, writeLinks } from './links.ts';
import { placeBetween } from './manual-order.ts';
import { parseContext } from './parse-context.ts';
import { type InsertPlan, insertPlan, precomputeFormulas } from './precompute.ts';
import { type ApiRecord, readRecords } from './reader.ts';
import { indexNewRecords, isSearchable, searchBody, unindexRecords } from './search.ts';
import { type ParsedRecord, parseRecord, throwIfErrors } from './validate.ts';

export const maxBatch = 1000;

/** Record writes that queue up commit together (see Store.write). */
const grouped = { group: true };

export interface RecordInput {
  fields?: unknown;
}

export interface RecordPatch {
  id: string | number;
  fields?: unknown;
}

export interface WriteOptions {
  /** Imports may write more than one API batch in one transaction. */
  maxRecords?: number;
}

type Action = 'create' | 'update' | 'delete';

/** A check other parts of the engine run before a record changes (e.g. fields locked by a pending approval). */
export type WriteGuard = (
  table: TableModel,
  recordId: number,
  fields: string[],
  operation: 'update' | 'delete',
) => void;

export class RecordsService {
  readonly guards: WriteGuard[] = [];

  constructor(
    private readonly store: Store,
    private readonly registry: MetadataRegistry,
    private readonly now: () => number,
  ) {}

  async get(actor: Actor, appRef: string, tableRef: string, id: string | number): Promise<ApiRecord> {
    const table = this.registry.table(appRef, tableRef);
    const recordId = this.recordId(table, id);
    const access = accessFor(actor, table, 'read');
    if (access.rows) this.assertInScope(table, [recordId], access.rows, 'read');
    const record = readRecords(this.store, maskTable(actor, table, access), [recordId]).get(recordId);
    if (!record) throw recordNotFound(table, recordId);
    return record;
  }

  /**
   * Starts a large load into a table (see bulk-load.ts): call inside the write that does it,
   * report each written batch with `wrote`, and `finish` before the write ends.
   */
  startLoad(appRef: string, tableRef: string): BulkLoad {
    return new BulkLoad(this.store, this.registry.table(appRef, tableRef));
  }

  create(actor: Actor, appRef: string, tableRef: string, input: RecordInput): Promise<ApiRecord> {
    return this.createMany(actor, appRef, tableRef, [input]).then((records) => records[0]!);
  }

  async createMany(
    actor: Actor,
    appRef: string,
    tableRef: string,
    inputs: RecordInput[],
    options: WriteOptions = {},
  ): Promise<ApiRecord[]> {
    assertBatch(inputs, options.maxRecords ?? maxBatch);
    return this.store.write(async () => {
      const table = this.registry.table(appRef, tableRef);
      const access = accessFor(actor, table, 'create');
      const now = this.now();
      const context = parseContext(this.store, now, actor.userId);
      const errors: Detail[] = [];
      const batch = inputs.length > 1;
      const parsed: ParsedRecord[] = [];
      for (const [index, input] of inputs.entries()) {
        const fields = input && typeof input === 'object' ? input.fields : undefined;
        parsed.push(
          await parseRecord(
            table,
            fields ?? {},
            context,
            { creating: true, readOnly: access.readOnly, hidden: access.hidden, ...(batch ? { index } : {}) },
            errors,
          ),
        );
      }
      throwIfErrors(errors, batch);
      this.checkLinksExist(table, parsed, batch);
      this.checkUnique(table, parsed, [], batch);

      const computeContext = { store: this.store, now, actorId: actor.userId };
      const plan = insertPlan(table);
      const computed = await precomputeFormulas(computeContext, plan, parsed);
      const ids = this.insertRows(table, parsed, now, actor.userId, plan, computed);
      const changes: Changes = new Map();
      for (const field of table.fields) if (!field.link) addChange(changes, field, ids);
      parsed.forEach((record, i) => {
        for (const [field, next] of record.links) {
          if (field.column) addChange(changes, field, [ids[i]!]);
          // The row's own link column was written at insert. One-to-one links go through
          // writeLinks all the same: it takes the target from whoever held it (even an earlier
          // record of this batch), so the last claim wins.
          const oneToOne = field.link!.inverse?.link?.many === false;
          const change =
            field.column && !oneToOne
              ? { selfChanged: [], otherChanged: next }
              : writeLinks(this.store, field, ids[i]!, [], next);
          addChange(changes, field, [ids[i]!, ...change.selfChanged]);
          if (field.link!.inverse) addChange(changes, field.link!.inverse, change.otherChanged);
        }
      });
      const fresh: Changes = new Map();
      for (const field of table.fields) if (isComputed(field)) addChange(fresh, field, ids);
      const consequences = await propagate(computeContext, table.app, changes, fresh, {
        table,
        ids: new Set(ids),
        fields: plan.fields,
      });
      this.announce(actor, consequences, table, ids, now);
      const records = readRecords(this.store, table, ids);
      indexNewRecords(
        this.store,
        table,
        ids.map((id) => ({ id, body: searchBody(table, records.get(id)!.fields) })),
      );
      this.journal(
        actor,
        table,
        'create',
        ids.map((id) => ({ id, before: null, after: records.get(id)!.fields })),
        now,
      );
      return this.asSeenBy(actor, table, ids, records);
    }, grouped);
  }

  update(
    actor: Actor,
    appRef: string,
    tableRef: string,
    id: string | number,
    input: RecordInput,
  ): Promise<ApiRecord> {
    return this.updateMany(actor, appRef, tableRef, [{ id, fields: input?.fields }]).then(
      (records) => records[0]!,
    );
  }

  async updateMany(
    actor: Actor,
    appRef: string,
    tableRef: string,
    patches: RecordPatch[],
    options: WriteOptions = {},
  ): Promise<ApiRecord[]> {
    assertBatch(patches, options.maxRecords ?? maxBatch);
    return this.store.write(async () => {
      const table = this.registry.table(appRef, tableRef);
      const access = accessFor(actor, table, 'update');
      const now = this.now();
      const context = parseContext(this.store, now, actor.userId);
      const batch = patches.length > 1;
      const ids = patches.map((p, index) => this.recordId(table, p?.id, batch ? index : undefined));
      if (new Set(ids).size !== ids.length)
        throw new Invalid('duplicate_record', 'A batch may change each record once.');
      if (access.rows) this.assertInScope(table, ids, access.rows, 'update');
      const before = readRecords(this.store, table, ids);
      for (const id of ids) if (!before.has(id)) throw recordNotFound(table, id);
      const errors: Detail[] = [];
      const parsed: ParsedRecord[] = [];
      for (const [index, patch] of patches.entries())
        parsed.push(
          await parseRecord(
            table,
            patch.fields ?? {},
            context,
            {
              creating: false,
              readOnly: access.readOnly,
              hidden: access.hidden,
              ...(batch ? { index } : {}),
            },
            errors,
          ),
        );
      throwIfErrors(errors, batch);
      this.checkLinksExist(table, parsed, batch);
      this.checkUnique(table, parsed, ids, batch);
      for (const guard of this.guards)
        for (const [i, record] of parsed.entries()) {
          const names = [...record.values.keys(), ...record.links.keys()].map((f) => f.doc.name);
          guard(table, ids[i]!, names, 'update');
        }

      const changes: Changes = new Map();
      const changedIds: number[] = [];
      const stored = this.storedValues(table, ids);
      parsed.forEach((record, i) => {
        const id = ids[i]!;
        const assignments: [FieldModel, DbValue][] = [];
        for (const [field, value] of record.values) {
          if (stored.get(id)?.get(field) === value) continue;
          assignments.push([field, value]);
          addChange(changes, field, [id]);
        }
        let linksChanged = false;
        for (const [field, next] of record.links) {
          const current = before.get(id)!.fields[field.doc.name] as string[];
          const change = writeLinks(this.store, field, id, current.map(Number), next);
          if (change.otherChanged.length === 0) continue;
          linksChanged = true;
          addChange(changes, field, [id, ...change.selfChanged]);
          if (field.link!.inverse) addChange(changes, field.link!.inverse, change.otherChanged);
        }
        if (assignments.length === 0 && !linksChanged) return;
        changedIds.push(id);
        const sets = assignments.map(([field]) => `${ident(field.column!)} = ?`);
        this.store
          .prepare(
            `UPDATE ${ident(table.sql)} SET ${[...sets, 'updated_at = ?', 'updated_by = ?'].join(', ')} WHERE id = ?`,
          )
          .run(...assignments.map(([, value]) => value), now, actor.userId, id);
      });
      if (changedIds.length === 0) return this.asSeenBy(actor, table, ids, before);
      const consequences = await propagate(
        { store: this.store, now, actorId: actor.userId },
        table.app,
        changes,
      );
      this.announce(actor, consequences, table, changedIds, now);
      const after = readRecords(this.store, table, ids);
      const touched = [...new Set([...changedIds])];
      if (
        [...changes.keys()].some((fieldId) => {
          const field = table.byId.get(fieldId);
          return field !== undefined && isSearchable(field);
        })
      )
        reindexRows(this.store, table, touched);
      this.journal(
        actor,
        table,
        'update',
        touched.map((id) => ({ id, ...diff(before.get(id)!.fields, after.get(id)!.fields) })),
        now,
      );
      return this.asSeenBy(actor, table, ids, after);
    }, grouped);
  }

  delete(actor: Actor, appRef: string, tableRef: string, id: string | number): Promise<void> {
    return this.deleteMany(actor, appRef, tableRef, [id]);
  }

  async deleteMany(
    actor: Actor,
    appRef: string,
    tableRef: string,
    rawIds: (string | number)[],
  ): Promise<void> {
    assertBatch(rawIds, maxBatch);
    await this.store.write(async () => {
      const table = this.registry.table(appRef, tableRef);
      const access = accessFor(actor, table, 'delete');
      const now = this.now();
      const ids = [
        ...new Set(
          rawIds.map((id, index) => this.recordId(table, id, rawIds.length > 1 ? index : undefined)),
        ),
      ];
      if (access.rows) this.assertInScope(table, ids, access.rows, 'delete');
      const before = readRecords(this.store, table, ids);
      for (const id of ids) if (!before.has(id)) throw recordNotFound(table, id);
      for (const guard of this.guards) for (const id of ids) guard(table, id, [], 'delete');
      const changes: Changes = new Map();
      for (const field of table.fields) {
        if (!field.link) continue;
        const others = unlinkDeleted(this.store, field, ids);
        if (field.link.inverse && field.link.target !== table) addChange(changes, field.link.inverse, others);
        else if (field.link.inverse)
          addChange(
            changes,
            field.link.inverse,
            others.filter((o) => !ids.includes(o)),
          );
      }
      for (let i = 0; i < ids.length; i += 500) {
        const l = list(ids.slice(i, i + 500));
        this.store.prepare(`DELETE FROM ${ident(table.sql)} WHERE id IN (${l.text})`).run(...l.params);
      }
      unindexRecords(this.store, table, ids);
      this.journal(
        actor,
        table,
        'delete',
        ids.map((id) => ({ id, before: before.get(id)!.fields, after: null })),
        now,
      );
      const consequences = await propagate(
        { store: this.store, now, actorId: actor.userId },
        this.registry.app(table.app.doc.id),
        changes,
      );
      this.announce(actor, consequences, table, ids, now);
    }, grouped);
  }

  /**
   * Puts a record between two others in the hand-arranged order (sort "@position"): its position
   * becomes the midpoint of its new neighbours', so no other record changes.
   */
  async move(
    actor: Actor,
    appRef: string,
    tableRef: string,
    id: string | number,
    place: { after?: string | number | null; before?: string | number | null },
  ) {
    return this.store.write(async () => {
      const table = this.registry.table(appRef, tableRef);
      const recordId = this.recordId(table, id);
      const access = accessFor(actor, table, 'update');
      if (access.rows) this.assertInScope(table, [recordId], access.rows, 'update');
      const position = placeBetween(this.store, table, recordId, {
        after: place.after == null ? undefined : this.recordId(table, place.after),
        before: place.before == null ? undefined : this.recordId(table, place.before),
      });
      const changed = this.store
        .prepare(`UPDATE ${ident(table.sql)} SET position = ? WHERE id = ?`)
        .run(position, recordId).changes;
      if (changed === 0) throw recordNotFound(table, recordId);
      // Not a change of its values (no audit row, no triggers): live boards re-read the order.
      this.store
        .prepare(
          'INSERT INTO outbox (at, app_id, table_id, record_id, type, actor_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          this.now(),
          table.app.doc.id,
          table.doc.id,
          recordId,
          'records.moved',
          actor.userId,
          JSON.stringify({ table: table.doc.name, position }),
        );
      return { id: String(recordId), position };
    }, grouped);
  }

  /**
   * Recomputes formulas that read the clock ($now, $today, $millis), in batches, announcing the
   * records whose values moved. The server runs it hourly; returns how many records changed.
   */
  refreshClockFormulas(signal?: AbortSignal): Promise<number> {
    return refreshClockFormulas(
      this.store,
      this.registry,
      this.now,
      (consequences, table, now) => this.announce(systemActor, consequences, table, [], now),
      signal,
    );
  }

  // ---- helpers ----------------------------------------------------------------------------

  /**
   * Records that changed because of this write — the other side of a link, lookups and rollups
   * recomputed — get one event per table, so live views and workflows see them too. The records
   * written directly already have their own events.
   */
  private announce(
    actor: Actor,
    consequences: Consequences,
    written: TableModel,
    writtenIds: number[],
    now: number,
  ) {
    const direct = new Set(writtenIds);
    const cause = actor.cause ? { runId: actor.cause.runId, depth: actor.cause.depth } : {};
    for (const [table, byId] of consequences) {
      const ids = [...byId.keys()].filter((id) => table !== written || !direct.has(id));
      if (ids.length === 0) continue;
      const fields = [...new Set(ids.flatMap((id) => [...byId.get(id)!]))];
      for (let i = 0; i < ids.length; i += 1000)
        this.store
          .prepare(
            'INSERT INTO outbox (at, app_id, table_id, record_id, type, actor_id, payload) VALUES (?, ?, ?, NULL, ?, ?, ?)',
          )
          .run(
            now,
            table.app.doc.id,
            table.doc.id,
            'records.recomputed',
            actor.userId,
            JSON.stringify({ table: table.doc.name, records: ids.slice(i, i + 1000), fields, ...cause }),
          );
    }
  }

  /** The records as the actor may see them: hidden fields left out, restricted lookups recomputed. */
  private asSeenBy(
    actor: Actor,
    table: TableModel,
    ids: number[],
    full: Map<number, ApiRecord>,
  ): ApiRecord[] {
    const seen =
      actor.isAdmin && !actor.tokenTables ? table : maskTable(actor, table, accessFor(actor, table, 'read'));
    const records = seen === table ? full : readRecords(this.store, seen, ids);
    return ids.map((id) => records.get(id)!);
  }

  recordId(table: TableModel, raw: unknown, index?: number): number {
    const id = toRecordId(raw);
    if (id === undefined) {
      const message = `${JSON.stringify(raw ?? null)} is not a record id`;
      throw new Invalid('invalid_id', message, [
        { field: 'id', message, ...(index === undefined ? {} : { index }) },
      ]);
    }
    return id;
  }

  private assertInScope(
    table: TableModel,
    ids: number[],
    rows: { text: string; params: unknown[] },
    operation: string,
  ) {
    const l = list(ids);
    const allowed = this.store
      .prepare(`SELECT count(*) AS n FROM ${ident(table.sql)} r WHERE r.id IN (${l.text}) AND (${rows.text})`)
      .get(...l.params, ...rows.params) as { n: number };
    if (allowed.n !== ids.length)
      throw new Forbidden(
        'forbidden',
        `You may not ${operation} ${ids.length > 1 ? 'some of these records' : 'this record'}.`,
      );
  }

  /** Writes each row once, with the computed fields the plan makes current at insert (see precompute.ts). */
  private insertRows(
    table: TableModel,
    parsed: ParsedRecord[],
    now: number,
    actorId: string | null,
    plan: InsertPlan,
    computed: Map<FieldModel, DbValue>[],
  ): number[] {
    const columns = table.fields.filter(
      (f) => f.column && (f.type.storage === 'column' || (f.link && f.column)),
    );
    const autonumbers = table.fields.filter((f) => f.doc.type === 'autonumber');
    const all = [...columns, ...plan.formulas, ...autonumbers];
    const names = ['created_at', 'updated_at', 'created_by', 'updated_by', ...all.map((f) => f.column!)].map(
      ident,
    );
    const statement = this.store.prepare(
      `INSERT INTO ${ident(table.sql)} (${[...names, ...plan.lookups.map((l) => ident(l.field.column!))].join(', ')}, position) VALUES (${[...names, ...plan.lookups].map(() => '?').join(', ')}, NULL)`,
    );
    // Lookups read each linked record once per batch (a batch often links few records many times).
    const lookups = plan.lookups.map((lookup) => {
      const read = this.store.prepare(lookup.sql).pluck();
      const seen = new Map<unknown, unknown>();
      return (record: ParsedRecord) => {
        const id = record.links.get(lookup.link)?.[0];
        if (id === undefined || id === null) return null;
        if (!seen.has(id)) seen.set(id, read.get(id) ?? null);
        return seen.get(id);
      };
    });
    const counters = autonumbers.map((field) => {
      const row = this.store.prepare('SELECT value FROM counters WHERE key = ?').get(field.doc.id) as
        | { value: number }
        | undefined;
      const start = (field.doc.options as { start?: number } | undefined)?.start ?? 1;
      return { field, next: row ? row.value + 1 : start };
    });
    const ids: number[] = [];
    const values: unknown[] = [];
    for (const record of parsed) {
      values.length = 0;
      values.push(now, now, actorId, actorId);
      for (const field of columns) {
        if (field.link) values.push(record.links.get(field)?.[0] ?? null);
        else values.push(record.values.get(field) ?? null);
      }
      const own = computed[ids.length]!;
      for (const field of plan.formulas) values.push(own.get(field) ?? null);
      for (const counter of counters) values.push(counter.next++);
      for (const lookup of lookups) values.push(lookup(record));
      ids.push(Number(statement.run(...values).lastInsertRowid));
    }
    for (const counter of counters)
      this.store
        .prepare('INSERT OR REPLACE INTO counters (key, value) VALUES (?, ?)')
        .run(counter.field.doc.id, counter.next - 1);
    return ids;
  }

  private storedValues(table: TableModel, ids: number[]): Map<number, Map<FieldModel, unknown>> {
    const columns = table.fields.filter((f) => f.column && !f.type.readOnly);
    const out = new Map<number, Map<FieldModel, unknown>>();
    if (columns.length === 0) return out;
    for (let i = 0; i < ids.length; i += 500) {
      const l = list(ids.slice(i, i + 500));
      const rows = this.store
        .prepare(
          `SELECT id, ${columns.map((f) => ident(f.column!)).join(', ')} FROM ${ident(table.sql)} WHERE id IN (${l.text})`,
        )
        .raw()
        .all(...l.params) as unknown[][];
      for (const row of rows) out.set(row[0] as number, new Map(columns.map((f, c) => [f, row[c + 1]])));
    }
    return out;
  }

  private checkLinksExist(table: TableModel, parsed: ParsedRecord[], batch: boolean) {
    for (const field of table.fields) {
      if (!field.link) continue;
      const ids = parsed.flatMap((record) => record.links.get(field) ?? []);
      if (ids.length === 0) continue;
      if (!batch) {
        assertTargetsExist(this.store, field, ids);
        continue;
      }
      try {
        assertTargetsExist(this.store, field, ids);
      } catch {
        for (const [index, record] of parsed.entries())
          assertTargetsExist(this.store, field, record.links.get(field) ?? [], index);
      }
    }
  }

  /** Unique fields: no two records of the batch, and no existing record, may share a value. */
  private checkUnique(table: TableModel, parsed: ParsedRecord[], ids: number[], batch: boolean) {
    const errors: Detail[] = [];
    for (const field of table.fields) {
      if (!field.doc.unique || !field.column) continue;
      const seen = new Map<DbValue, number>();
      parsed.forEach((record, index) => {
        const value = record.values.get(field);
        if (value === undefined || value === null) return;
        const at = batch ? { index } : {};
        const message = `Field '${field.doc.name}' must be unique; ${JSON.stringify(value)} is already used`;
        if (seen.has(value)) {
          errors.push({
            field: field.doc.name,
            message: `${message} by record ${seen.get(value)} of this batch`,
            code: 'not_unique',
            ...at,
          });
          return;
        }
        seen.set(value, index);
        const existing = this.store
          .prepare(`SELECT id FROM ${ident(table.sql)} WHERE ${ident(field.column!)} = ? LIMIT 2`)
          .raw()
          .all(value) as [number][];
        const clash = existing.find(([id]) => id !== ids[index]);
        if (clash)
          errors.push({
            field: field.doc.name,
            message: `${message} by record ${clash[0]}`,
            code: 'not_unique',
            ...at,
          });
      });
    }
    throwIfErrors(errors, batch);
  }

  /** One audit row per changed record and one outbox event pointing at it. */
  private journal(
    actor: Actor,
    table: TableModel,
    action: Action,
    entries: { id: number; before: unknown; after: unknown }[],
    now: number,
  ) {
    const appId = table.app.doc.id;
    const tableId = table.doc.id;
    const type = `record.${action}d`;
    // Changes made by a workflow run carry its depth, so a rule that triggers itself can be stopped.
    const cause = actor.cause ? `,"runId":${actor.cause.runId},"depth":${actor.cause.depth}` : '';
    // Many rows per statement: a batch of a thousand records is twenty statements, not two thousand.
    for (let start = 0; start < entries.length; start += journalRows) {
      const part = entries.slice(start, start + journalRows);
      const audit: unknown[] = [];
      for (const entry of part)
        audit.push(
          now,
          actor.userId,
          appId,
          tableId,
          entry.id,
          action,
          entry.before === null
            ? null
            : JSON.stringify(sealValues(table, entry.before as Record<string, unknown>)),
          entry.after === null
            ? null
            : JSON.stringify(sealValues(table, entry.after as Record<string, unknown>)),
        );
      const lastAuditId = Number(
        this.store
          .prepare(
            `INSERT INTO audit (at, actor_id, app_id, table_id, record_id, action, before, after) VALUES ${rowsOf(8, part.length)}`,
          )
          .run(...audit).lastInsertRowid,
      );
      // The rows of one INSERT take consecutive ids (AUTOINCREMENT, one writer at a time).
      const firstAuditId = lastAuditId - part.length + 1;
      const outbox: unknown[] = [];
      for (const [k, entry] of part.entries())
        outbox.push(
          now,
          appId,
          tableId,
          entry.id,
          type,
          actor.userId,
          `{"table":"${table.doc.name}","auditId":${firstAuditId + k}${cause}}`,
        );
      this.store
        .prepare(
          `INSERT INTO outbox (at, app_id, table_id, record_id, type, actor_id, payload) VALUES ${rowsOf(7, part.length)}`,
        )
        .run(...outbox);
    }
  }

  /** Link values of records, for callers (e.g. CSV export) that need them by id. */
  links(field: FieldModel, ids: number[]) {
    return readLinks(this.store, field, ids);
  }
}

const journalRows = 100;

/** `(?, ?), (?, ?)` for `rows` rows of `columns` values. */
function rowsOf(columns: number, rows: number): string {
  const row = `(${Array(columns).fill('?').join(', ')})`;
  return Array(rows).fill(row).join(', ');
}

function assertBatch(items: unknown, max: number): void {
  if (!Array.isArray(items)) throw new Invalid('invalid_batch', 'Expected a list of records.');
  if (items.length === 0) throw new Invalid('invalid_batch', 'The batch is empty.');
  if (items.length > max)
    throw new Invalid('too_many_records', `A batch may hold at most ${max} records; got ${items.length}.`);
}

function recordNotFound(table: TableModel, id: number): NotFound {
  return new NotFound('record_not_found', `Table '${table.doc.name}' has no record ${id}.`);
}

/** The fields whose values differ, before and after. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    b[key] = before[key] ?? null;
    a[key] = after[key] ?? null;
  }
  return { before: b, after: a };
}
