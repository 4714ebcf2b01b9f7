// The audit viewer: who changed what and when — record changes (audit table) and metadata
// changes (metadata history) — filtered, paged newest first, masked by the reader's access,
// and pruned after the retention an app sets.
import type { Actor } from '../access/actor.ts';
import { accessFor } from '../access/policy.ts';
import { openValues } from '../crypto/values.ts';
import { Forbidden, Invalid } from '../errors.ts';
import type { Engine } from '../index.ts';
import type { AppModel, TableModel } from '../meta/model.ts';
import { ident } from '../query/sql.ts';

export interface AuditQuery {
  table?: string;
  record?: string | number;
  actor?: string;
  action?: 'create' | 'update' | 'delete';
  /** record changes, metadata changes, or both (default). */
  kind?: 'records' | 'metadata' | 'all';
  /** ISO times bounding the entries. */
  from?: string;
  to?: string;
  /** Entries before this cursor (from a previous page). */
  cursor?: string;
  limit?: number;
}

export interface AuditEntry {
  kind: 'record' | 'metadata';
  id: number;
  at: string;
  actor: string | null;
  action: string;
  table: string | null;
  record: string | null;
  object: string | null;
  objectKind: string | null;
  before: unknown;
  after: unknown;
}

const maxLimit = 500;

/** AND-ed conditions and their parameters, built up one filter at a time. */
class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];

  constructor(text: string, ...params: unknown[]) {
    this.add(text, ...params);
  }

  add(text: string, ...params: unknown[]): void {
    this.parts.push(text);
    this.params.push(...params);
  }

  text(): string {
    return this.parts.join(' AND ');
  }
}

function instant(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new Invalid('invalid_time', `'${name}' must be an ISO date or date-time.`, [
      { field: name, message: 'must be an ISO date-time' },
    ]);
  return ms;
}

export class AuditService {
  constructor(private readonly engine: Engine) {}

  private canSeeApp(actor: Actor, app: AppModel): boolean {
    if (actor.tokenTables) return false;
    if (actor.isAdmin) return true;
    if (!actor.userId) return false;
    const names = app.members.get(actor.userId) ?? [];
    return names.includes('admin') || app.roles.some((r) => r.canDesign && names.includes(r.name));
  }

  list(
    actor: Actor,
    appRef: string,
    query: AuditQuery = {},
  ): { items: AuditEntry[]; nextCursor: string | null } {
    const app = this.engine.metadata.registry.app(appRef);
    const table = query.table ? this.engine.metadata.registry.table(app, query.table) : undefined;
    const recordId =
      table && query.record !== undefined ? this.engine.records.recordId(table, query.record) : undefined;
    // A record's history is open to those who may read the record; the whole app's to its admins.
    if (recordId === undefined && !this.canSeeApp(actor, app))
      throw new Forbidden('forbidden', "Only the app's admins may see its whole audit log.");
    const limit = Math.min(Math.max(query.limit ?? 100, 1), maxLimit);
    const from = instant(query.from, 'from');
    const to = instant(query.to, 'to');
    const [cursorAt, cursorKind, cursorId] = query.cursor ? query.cursor.split(':') : [];
    const entries: AuditEntry[] = [];
    const kind = query.kind ?? 'all';
    const before = cursorAt ? Number(cursorAt) : undefined;

    if (kind !== 'metadata') {
      const where = new Where('app_id = ?', app.doc.id);
      if (table) where.add('table_id = ?', table.doc.id);
      if (recordId !== undefined) where.add('record_id = ?', recordId);
      if (query.actor) where.add('actor_id = ?', query.actor);
      if (query.action) where.add('action = ?', query.action);
      if (from !== undefined) where.add('at >= ?', from);
      if (to !== undefined) where.add('at <= ?', to);
      if (before !== undefined)
        where.add(
          `(at < ? OR (at = ? AND ${cursorKind === 'r' ? 'id < ?' : '1'}))`,
          before,
          before,
          ...(cursorKind === 'r' ? [Number(cursorId)] : []),
        );
      const rows = this.engine.store.reader
        .prepare(
          `SELECT id, at, actor_id, table_id, record_id, action, before, after FROM audit WHERE ${where.text()} ORDER BY at DESC, id DESC LIMIT ?`,
        )
        .all(...where.params, limit * 2) as {
        id: number;
        at: number;
        actor_id: string | null;
        table_id: string;
        record_id: number;
        action: string;
        before: string | null;
        after: string | null;
      }[];
      const tables = new Map(app.tables.map((t) => [t.doc.id, t]));
      for (const row of rows) {
        const rowTable = tables.get(row.table_id);
        const masked = rowTable
          ? this.mask(actor, rowTable, row.record_id, row.before, row.after)
          : undefined;
        if (rowTable && masked === undefined) continue;
        entries.push({
          kind: 'record',
          id: row.id,
          at: new Date(row.at).toISOString(),
          actor: row.actor_id,
          action: row.action,
          table: rowTable?.doc.name ?? row.table_id,
          record: String(row.record_id),
          object: null,
          objectKind: null,
          before: masked?.before ?? (row.before ? JSON.parse(row.before) : null),
          after: masked?.after ?? (row.after ? JSON.parse(row.after) : null),
        });
      }
    }
    if (kind !== 'records' && recordId === undefined && this.canSeeApp(actor, app)) {
      const where = new Where('app_id = ?', app.doc.id);
      if (query.actor) where.add('actor_id = ?', query.actor);
      if (query.action) where.add('action = ?', query.action);
      if (from !== undefined) where.add('at >= ?', from);
      if (to !== undefined) where.add('at <= ?', to);
      if (before !== undefined)
        where.add(
          `(at < ? OR (at = ? AND ${cursorKind === 'm' ? 'id < ?' : '0'}))`,
          before,
          before,
          ...(cursorKind === 'm' ? [Number(cursorId)] : []),
        );
      const rows = this.engine.store.reader
        .prepare(
          `SELECT id, at, actor_id, object_id, kind, action, before, after FROM metadata_history WHERE ${where.text()} ORDER BY at DESC, id DESC LIMIT ?`,
        )
        .all(...where.params, limit) as {
        id: number;
        at: number;
        actor_id: string | null;
        object_id: string;
        kind: string;
        action: string;
        before: string | null;
        after: string | null;
      }[];
      for (const row of rows)
        entries.push({
          kind: 'metadata',
          id: row.id,
          at: new Date(row.at).toISOString(),
          actor: row.actor_id,
          action: row.action,
          table: null,
          record: null,
          object: row.object_id,
          objectKind: row.kind,
          before: row.before ? JSON.parse(row.before) : null,
          after: row.after ? JSON.parse(row.after) : null,
        });
    }
    entries.sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor:
        entries.length > limit && last
          ? `${Date.parse(last.at)}:${last.kind === 'record' ? 'r' : 'm'}:${last.id}`
          : null,
    };
  }

  /** The entry's values the actor may see, or undefined when the record is outside what they may read. */
  private mask(
    actor: Actor,
    table: TableModel,
    recordId: number,
    before: string | null,
    after: string | null,
  ) {
    let access: ReturnType<typeof accessFor>;
    try {
      access = accessFor(actor, table, 'read');
    } catch {
      return undefined;
    }
    if (access.rows) {
      const visible = this.engine.store.reader
        .prepare(`SELECT 1 FROM ${ident(table.sql)} r WHERE r.id = ? AND ${access.rows.text}`)
        .get(recordId, ...access.rows.params);
      // A deleted record is gone from its table; only those who see every row see its deletion.
      if (!visible) return undefined;
    }
    const strip = (json: string | null) => {
      if (!json) return null;
      const values = openValues(table, JSON.parse(json) as Record<string, unknown>)!;
      for (const name of access.hidden) delete values[name];
      return values;
    };
    return { before: strip(before), after: strip(after) };
  }

  /** Deletes record audit rows older than each app's retention (auditRetentionDays); returns how many. */
  async prune(): Promise<number> {
    let removed = 0;
    const now = this.engine.now();
    for (const app of this.engine.metadata.registry.listApps()) {
      const days = app.doc.auditRetentionDays;
      if (!days) continue;
      removed += await this.engine.store.write(
        () =>
          this.engine.store
            .prepare('DELETE FROM audit WHERE app_id = ? AND at < ?')
            .run(app.doc.id, now - days * 86_400_000).changes,
      );
    }
    return removed;
  }
}
