// The in-memory metadata: every app's model, rebuilt from the stored documents. Inside a
// write that changed metadata, models are rebuilt from the writer connection and kept local
// to the transaction; they replace the shared models only once it commits.
import { and, asc, eq, or } from 'drizzle-orm';
import { Conflict, notFound } from '../errors.ts';
import type { AppDoc, FieldDoc, TableDoc, ViewDoc } from '../schema/index.ts';
import type { RoleDoc } from '../schema/role.ts';
import type { WorkflowDoc } from '../schema/workflow.ts';
import type { Store } from '../store/database.ts';
import { metadata } from '../store/fixed-tables.ts';
import { type AppDocs, buildApp, type MemberDoc } from './build.ts';
import type { AppModel, FieldModel, TableModel } from './model.ts';

type Row = typeof metadata.$inferSelect;

interface Overlay {
  generation: number;
  models: Map<string, AppModel | null>;
  dirty: Set<string>;
}

export class MetadataRegistry {
  private apps = new Map<string, AppModel>();
  private appIdsByName = new Map<string, string>();

  constructor(private readonly store: Store) {}

  loadAll(): void {
    this.apps.clear();
    this.appIdsByName.clear();
    const rows = this.store.readDb.select().from(metadata).orderBy(asc(metadata.position)).all();
    const byApp = new Map<string, Row[]>();
    for (const row of rows) byApp.set(row.appId, [...(byApp.get(row.appId) ?? []), row]);
    for (const [appId, appRows] of byApp) this.cache(appId, this.build(appRows));
  }

  private cache(appId: string, model: AppModel | undefined): void {
    const previous = this.apps.get(appId);
    if (previous) this.appIdsByName.delete(previous.doc.name);
    if (!model) {
      this.apps.delete(appId);
      return;
    }
    this.apps.set(appId, model);
    this.appIdsByName.set(model.doc.name, appId);
  }

  private build(rows: Row[]): AppModel | undefined {
    const appRow = rows.find((r) => r.kind === 'app');
    if (!appRow) return undefined;
    const stored = <D>(kind: Row['kind']) =>
      rows
        .filter((r) => r.kind === kind)
        .map((r) => ({ doc: r.doc as D, parentId: r.parentId, position: r.position }));
    const docs: AppDocs = {
      app: appRow.doc as AppDoc,
      tables: stored<TableDoc>('table'),
      fields: stored<FieldDoc>('field'),
      views: stored<ViewDoc>('view'),
      workflows: stored<WorkflowDoc>('workflow'),
      roles: stored<RoleDoc>('role'),
      members: stored<MemberDoc>('member'),
    };
    return buildApp(docs, this.store.cipher);
  }

  private rowsOf(appId: string, connection: 'writer' | 'reader'): Row[] {
    const db = connection === 'writer' ? this.store.db : this.store.readDb;
    return db.select().from(metadata).where(eq(metadata.appId, appId)).orderBy(asc(metadata.position)).all();
  }

  /** The transaction's overlay when this write has changed metadata, else undefined. */
  private overlay(create = false): Overlay | undefined {
    const locals = this.store.locals;
    if (!locals) return undefined;
    let overlay = locals.get('metadata') as Overlay | undefined;
    if (!overlay && !create) return undefined;
    if (!overlay) {
      const created: Overlay = { generation: this.store.generation, models: new Map(), dirty: new Set() };
      overlay = created;
      locals.set('metadata', overlay);
      this.store.afterCommit(() => {
        for (const id of created.dirty) this.cache(id, this.build(this.rowsOf(id, 'reader')));
      });
    }
    if (overlay.generation !== this.store.generation) {
      overlay.models.clear();
      overlay.generation = this.store.generation;
    }
    return overlay;
  }

  /** Rebuilds an app from the writer's view of the database, for the rest of the transaction. */
  refresh(appId: string): AppModel | undefined {
    const overlay = this.overlay(true)!;
    const model = this.build(this.rowsOf(appId, 'writer'));
    overlay.models.set(appId, model ?? null);
    overlay.dirty.add(appId);
    return model;
  }

  findApp(ref: string): AppModel | undefined {
    const overlay = this.overlay();
    if (!overlay) {
      const id = this.appIdsByName.get(ref) ?? (this.apps.has(ref) ? ref : undefined);
      return id ? this.apps.get(id) : undefined;
    }
    const row = this.store.db
      .select({ appId: metadata.appId })
      .from(metadata)
      .where(and(eq(metadata.kind, 'app'), or(eq(metadata.name, ref), eq(metadata.id, ref))))
      .get();
    if (!row) return undefined;
    if (overlay.models.has(row.appId)) return overlay.models.get(row.appId) ?? undefined;
    if (!overlay.dirty.has(row.appId)) return this.apps.get(row.appId) ?? this.refresh(row.appId);
    return this.refresh(row.appId);
  }

  app(ref: string): AppModel {
    const app = this.findApp(ref);
    if (!app) throw notFound('App', ref);
    return app;
  }

  table(appRef: string | AppModel, ref: string): TableModel {
    const app = typeof appRef === 'string' ? this.app(appRef) : appRef;
    const table = app.tablesByName.get(ref) ?? app.tables.find((t) => t.doc.id === ref);
    if (!table) throw notFound('Table', ref);
    return table;
  }

  field(table: TableModel, ref: string): FieldModel {
    const field = table.byName.get(ref) ?? table.byId.get(ref);
    if (!field) throw notFound('Field', ref);
    return field;
  }

  listApps(): AppModel[] {
    const ids = this.overlay()
      ? this.store.db
          .select({ id: metadata.appId })
          .from(metadata)
          .where(eq(metadata.kind, 'app'))
          .all()
          .map((r) => r.id)
      : [...this.apps.keys()];
    return ids
      .map((id) => this.findApp(id))
      .filter((a): a is AppModel => a !== undefined)
      .sort((a, b) => a.doc.name.localeCompare(b.doc.name));
  }

  assertAppNameFree(name: string, exceptId?: string): void {
    const existing = this.findApp(name);
    if (existing && existing.doc.id !== exceptId)
      throw new Conflict('duplicate_name', `An app named '${name}' already exists.`, [
        { field: 'name', message: `'${name}' is taken`, code: 'duplicate_name' },
      ]);
  }
}
