// The metadata service: create, change and delete apps, tables, fields and views. Each call
// is one transaction: documents, history, DDL and data conversion commit together or not at all.
import type { Actor } from '../access/actor.ts';
import { accessFor, assertCanDesign } from '../access/policy.ts';
import { Conflict, Invalid, invalidField, notFound, RapportError } from '../errors.ts';
import { fieldTypes } from '../fields/index.ts';
import { isListValued } from '../fields/resolve.ts';
import { newId } from '../ids.ts';
import { compileFilter } from '../query/filter.ts';
import { compileSort } from '../query/sort.ts';
import { ident } from '../query/sql.ts';
import { computeField, computePlan, isComputed, reindexRows } from '../records/compute.ts';
import { readLinks } from '../records/links.ts';
import { parseContext } from '../records/parse-context.ts';
import { isSearchable } from '../records/search.ts';
import {
  type AppDoc,
  compile,
  type FieldDoc,
  type FieldInput,
  type FieldPatch,
  humanize,
  type TableDoc,
  type ViewDoc,
  validators,
} from '../schema/index.ts';
import type { Checker } from '../schema/validator.ts';
import type { Store } from '../store/database.ts';
import { applyDdl, type DdlStep } from '../store/ddl.ts';
import { junctionName } from './build.ts';
import { applyConversion, type ConversionReport, planConversion } from './conversion.ts';
import { MetadataDocs } from './docs.ts';
import { applyFieldRules } from './field-rules.ts';
import {
  dropIndexSteps,
  ownerIndexName,
  rollupIndexName,
  rollupIndexStep,
  sortIndexName,
  sortIndexRepairs,
  sortIndexStep,
  uniqueIndexStep,
  wantedIndexes,
} from './indexes.ts';
import type { AppModel, FieldModel, TableModel } from './model.ts';
import { essentialViewFields, fieldRenames, fieldUsers, mapViewFields } from './references.ts';
import { MetadataRegistry } from './registry.ts';

const optionCheckers = Object.fromEntries(
  Object.entries(fieldTypes).map(([name, type]) => [name, compile<Record<string, unknown>>(type.options)]),
) as Record<string, Checker<Record<string, unknown>>>;

export interface FieldChangeOptions {
  /** Clear values that cannot convert instead of refusing the change. */
  clearInvalid?: boolean;
  /** Compute what would happen, change nothing. */
  dryRun?: boolean;
}

export interface FieldChangeResult {
  field: FieldDoc;
  conversion?: ConversionReport;
}

class DryRun extends Error {
  constructor(readonly result: FieldChangeResult) {
    super('dry run');
  }
}

export class MetadataService {
  readonly registry: MetadataRegistry;
  private readonly docs: MetadataDocs;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {
    this.registry = new MetadataRegistry(store);
    this.docs = new MetadataDocs(store, now);
    this.registry.loadAll();
    this.repairAllSortIndexes();
  }

  // ---- apps -------------------------------------------------------------------------------
  // Methods that validate before writing are async, so a refusal always arrives as a rejected
  // promise and never as a synchronous throw a `.catch` would miss.

  async createApp(actor: Actor, input: unknown): Promise<AppModel> {
    validators.appInput.assert(input, 'app');
    return this.store.write(() => {
      this.registry.assertAppNameFree(input.name);
      const doc: AppDoc = { ...input, id: newId('app'), label: input.label ?? humanize(input.name) };
      this.docs.insert(actor, { kind: 'app', appId: doc.id, parentId: '' }, doc);
      // Whoever builds an app administers it.
      if (actor.userId && !actor.isAdmin)
        this.docs.insert(actor, { kind: 'member', appId: doc.id, parentId: doc.id }, {
          id: newId('rol').replace('rol_', 'mbr_'),
          name: actor.userId,
          roles: ['admin'],
        } as { id: string; name: string });
      return this.registry.refresh(doc.id)!;
    });
  }

  async updateApp(actor: Actor, appRef: string, patch: unknown): Promise<AppModel> {
    validators.appPatch.assert(patch, 'app');
    return this.store.write(() => {
      const app = this.registry.app(appRef);
      assertCanDesign(actor, app);
      if (patch.name && patch.name !== app.doc.name) this.registry.assertAppNameFree(patch.name, app.doc.id);
      const after = { ...app.doc, ...patch } as AppDoc;
      this.docs.update(actor, { kind: 'app', appId: app.doc.id, parentId: '' }, app.doc, after);
      return this.registry.refresh(app.doc.id)!;
    });
  }

  deleteApp(actor: Actor, appRef: string): Promise<void> {
    return this.store.write(() => {
      const app = this.registry.app(appRef);
      assertCanDesign(actor, app);
      for (const table of [...app.tables].reverse()) this.dropTableStorage(table);
      for (const table of app.tables) {
        for (const view of table.views) this.docs.remove(actor, this.ref('view', table), view);
        for (const field of table.fields) this.docs.remove(actor, this.ref('field', table), field.doc);
        this.docs.remove(actor, { kind: 'table', appId: app.doc.id, parentId: app.doc.id }, table.doc);
      }
      this.docs.remove(actor, { kind: 'app', appId: app.doc.id, parentId: '' }, app.doc);
      this.registry.refresh(app.doc.id);
    });
  }

  // ---- tables -----------------------------------------------------------------------------

  async createTable(actor: Actor, appRef: string, input: unknown): Promise<TableModel> {
    validators.tableInput.assert(input, 'table');
    return this.store.write(async () => {
      const app = this.registry.app(appRef);
      assertCanDesign(actor, app);
      this.assertTableNameFree(app, input.name);
      const { fields = [], views = [], ...rest } = input;
      const doc: TableDoc = {
        ...rest,
        id: newId('tbl'),
        label: rest.label ?? humanize(rest.name),
      } as TableDoc;
      delete (doc as { primaryField?: string }).primaryField;
      this.docs.insert(actor, { kind: 'table', appId: app.doc.id, parentId: app.doc.id }, doc);
      const table = this.refreshTable(app.doc.id, doc.id);
      this.store.ddl((c) =>
        applyDdl(c, [
          { op: 'createTable', table: table.sql },
          { op: 'createSearchIndex', table: table.fts },
        ]),
      );
      const fieldInputs = fields.length
        ? fields
        : [{ name: 'name', label: { en: 'Name', 'zh-CN': '名称' }, type: 'text' }];
      for (const [index, field] of fieldInputs.entries()) {
        try {
          await this.addField(actor, app.doc.id, doc.id, field);
        } catch (error) {
          throw prefixDetails(error, `fields.${index}`);
        }
      }
      if (rest.primaryField || rest.ownerField)
        await this.patchTableDoc(actor, app.doc.id, doc.id, {
          primaryField: rest.primaryField,
          ownerField: rest.ownerField,
        });
      const viewInputs = views.length
        ? views
        : [{ name: 'all', label: { en: 'All records', 'zh-CN': '全部记录' }, type: 'grid' }];
      for (const [index, view] of viewInputs.entries()) {
        try {
          await this.addView(actor, app.doc.id, doc.id, view);
        } catch (error) {
          throw prefixDetails(error, `views.${index}`);
        }
      }
      return this.registry.table(this.registry.app(app.doc.id), doc.id);
    });
  }

  async updateTable(actor: Actor, appRef: string, tableRef: string, patch: unknown): Promise<TableModel> {
    validators.tablePatch.assert(patch, 'table');
    return this.store.write(async () => {
      const app = this.registry.app(appRef);
      assertCanDesign(actor, app);
      const table = this.registry.table(app, tableRef);
      const { position, ...changes } = patch;
      if (changes.name && changes.name !== table.doc.name) {
        this.assertTableNameFree(app, changes.name);
        // Links in other tables name this table; they follow the rename.
        for (const other of app.tables)
          for (const field of other.fields)
            if (
              field.doc.type === 'link' &&
              (field.doc.options as { table: string }).table === table.doc.name
            )
              this.docs.update(actor, this.ref('field', other), field.doc, {
                ...field.doc,
                options: { ...field.doc.options, table: changes.name },
              });
      }
      await this.patchTableDoc(actor, app.doc.id, table.doc.id, changes);
      if (position !== undefined) this.reorderTables(actor, app, table, position);
      return this.registry.table(this.registry.app(app.doc.id), table.doc.id);
    });
  }

  private async patchTableDoc(
    actor: Actor,
    appId: string,
    tableId: string,
    changes: { [K in keyof TableDoc]?: TableDoc[K] | undefined },
  ) {
    const table = this.registry.table(this.registry.app(appId), tableId);
    for (const key of ['primaryField', 'ownerField'] as const) {
      const name = changes[key];
      if (name === undefined) continue;
      const field = table.byName.get(name);
      if (!field)
        throw invalidField(key, `Table '${table.doc.name}' has no field '${name}' to use as ${key}.`);
      if (key === 'ownerField' && field.doc.type !== 'user' && field.doc.type !== 'created_by')
        throw invalidField(key, `The owner field must be a user field; '${name}' is ${field.doc.type}.`);
    }
    const after = Object.fromEntries(
      Object.entries({ ...table.doc, ...changes }).filter(([, v]) => v !== undefined),
    ) as TableDoc;
    this.docs.update(actor, { kind: 'table', appId, parentId: appId }, table.doc, after);
    this.repairSortIndexes(this.registry.table(this.registry.refresh(appId)!, tableId));
  }

  /** Moves a field to `position` among its table's fields: the order forms, grids and exports start from. */
  private moveField(actor: Actor, appRef: string, tableRef: string, fieldRef: string, position: number) {
    const app = this.registry.app(appRef);
    assertCanDesign(actor, app);
    const table = this.registry.table(app, tableRef);
    const moved = this.registry.field(table, fieldRef);
    const order = table.fields.filter((f) => f !== moved);
    order.splice(Math.min(position, order.length), 0, moved);
    for (const [index, field] of order.entries())
      this.docs.update(actor, this.ref('field', table), field.doc, field.doc, index);
    this.registry.refresh(app.doc.id);
  }

  private reorderTables(actor: Actor, app: AppModel, moved: TableModel, position: number) {
    const order = app.tables.filter((t) => t !== moved);
    order.splice(Math.min(position, order.length), 0, moved);
    const fresh = this.registry.app(app.doc.id);
    order.forEach((table, index) => {
      const current = this.registry.table(fresh, table.doc.id);
      this.docs.update(
        actor,
        { kind: 'table', appId: app.doc.id, parentId: app.doc.id },
        current.doc,
        current.doc,
        index,
      );
    });
    this.registry.refresh(app.doc.id);
  }

  deleteTable(actor: Actor, appRef: string, tableRef: string): Promise<void> {
    return this.store.write(() => {
      const app = this.registry.app(appRef);
      assertCanDesign(actor, app);
      const table = this.registry.table(app, tableRef);
      const inbound = app.tables
        .filter((t) => t !== table)
        .flatMap((t) => t.fields.filter((f) => f.link?.target === table));
      const users = inbound.flatMap((link) => fieldUsers(app, link));
      if (users.length)
        throw new Conflict(
          'in_use',
          `Table '${table.doc.name}' is used by ${users.join(', ')}; change or delete those first.`,
        );
      for (const link of inbound) {
        this.removeViewReferences(actor, link.table, link.doc.name);
        this.docs.remove(actor, this.ref('field', link.table), link.doc);
      }
      this.dropTableStorage(table);
      for (const view of table.views) this.docs.remove(actor, this.ref('view', table), view);
      for (const field of table.fields) this.docs.remove(actor, this.ref('field', table), field.doc);
      this.docs.remove(actor, { kind: 'table', appId: app.doc.id, parentId: app.doc.id }, table.doc);
      this.registry.refresh(app.doc.id);
    });
  }

  private dropTableStorage(table: TableModel) {
    const steps: DdlStep[] = [];
    for (const field of table.fields) {
      const storage = field.link?.storage;
      if (storage?.kind === 'junction') steps.push({ op: 'dropTable', table: storage.table });
      if (storage?.kind === 'column' && storage.on === 'other') {
        steps.push({ op: 'dropIndex', name: `i_${storage.column}` });
        if (storage.table !== table.sql)
          steps.push({ op: 'dropColumn', table: storage.table, column: storage.column });
      }
    }
    steps.push({ op: 'dropTable', table: table.fts }, { op: 'dropTable', table: table.sql });
    this.store.ddl((c) => applyDdl(c, steps));
  }

  private assertTableNameFree(app: AppModel, name: string) {
    if (app.tablesByName.has(name))
      throw new Conflict(
        'duplicate_name',
        `A table named '${name}' already exists in app '${app.doc.name}'.`,
        [{ field: 'name', message: `'${name}' is taken`, code: 'duplicate_name' }],
      );
  }

  // ---- fields -----------------------------------------------------------------------------

  createField(actor: Actor, appRef: string, tableRef: string, input: unknown): Promise<FieldModel> {
    return this.store.write(async () => {
      const app = this.registry.app(appRef);
      assertCanDesign(actor, app);
      const table = this.registry.table(app, tableRef);
      return this.addField(actor, app.doc.id, table.doc.id, input);
    });
  }

  private async addField(actor: Actor, appId: string, tableId: string, input: unknown): Promise<FieldModel> {
    validators.fieldInput.assert(input, 'field');
    const fieldInput = input as FieldInput;
    const table = this.registry.table(this.registry.app(appId), tableId);
    this.assertFieldNameFree(table, fieldInput.name);
    const options = { ...(fieldInput.options ?? {}) } as Record<string, unknown>;
    const checkOptions: Checker<Record<string, unknown>> = optionCheckers[fieldInput.type]!;
    checkOptions.assert(options, `field '${fieldInput.name}' options`);
    let doc: FieldDoc = {
      ...fieldInput,
      id: newId('fld'),
      label: fieldInput.label ?? humanize(fieldInput.name),
      options,
    };
    if (Object.keys(options).length === 0 && fieldInput.options === undefined) delete doc.options;
    doc = await applyFieldRules(doc, { app: table.app, table, now: this.now() });
    let inverse: { doc: FieldDoc; table: TableModel } | undefined;
    if (doc.type === 'link') inverse = this.prepareInverse(doc, table);
    this.docs.insert(actor, this.ref('field', table), doc);
    if (inverse) this.docs.insert(actor, this.ref('field', inverse.table), inverse.doc);
    const app = this.registry.refresh(appId)!;
    const field = this.registry.field(this.registry.table(app, tableId), doc.id);
    await this.checkDefault(field);
    computePlan(app); // refuses circular references before any data is written
    await this.createStorage(field);
    const fresh = this.registry.table(this.registry.app(appId), tableId);
    this.repairSortIndexes(fresh); // a new user field named 'owner' becomes the owner
    return this.registry.field(fresh, doc.id);
  }

  private prepareInverse(doc: FieldDoc, table: TableModel): { doc: FieldDoc; table: TableModel } {
    const options = doc.options as {
      table: string;
      many?: boolean;
      inverse?: string;
      inverseMany?: boolean;
      inverseLabel?: string | Record<string, string>;
    };
    const target = table.app.tablesByName.get(options.table)!;
    let inverseName = options.inverse ?? table.doc.name;
    if (
      options.inverse &&
      (target.byName.has(options.inverse) || (target === table && options.inverse === doc.name))
    )
      throw invalidField(
        `${doc.name}.options.inverse`,
        `Table '${target.doc.name}' already has a field '${options.inverse}'.`,
        'duplicate_name',
      );
    for (let n = 2; target.byName.has(inverseName) || (target === table && inverseName === doc.name); n++)
      inverseName = `${table.doc.name}_${n}`;
    doc.options = { table: options.table, many: options.many ?? false, inverse: inverseName };
    const inverseDoc: FieldDoc = {
      id: newId('fld'),
      name: inverseName,
      label: options.inverseLabel ?? table.doc.label,
      type: 'link',
      options: { table: table.doc.name, many: options.inverseMany ?? true, inverse: doc.name },
    };
    return { doc: inverseDoc, table: target };
  }

  private async checkDefault(field: FieldModel) {
    const value = field.doc.default;
    if (value === undefined || (typeof value === 'object' && value !== null && 'expr' in value)) return;
    if (field.type.readOnly)
      throw invalidField(field.doc.name, `Field '${field.doc.name}' is computed and cannot have a default.`);
    if (value === '$me' && field.doc.type === 'user') return;
    if (
      typeof value === 'string' &&
      (field.doc.type === 'date' || field.doc.type === 'datetime') &&
      (value === 'today' || value === 'now')
    )
      return;
    field.type.parse(value, field, parseContext(this.store, this.now(), null));
  }

  /** Columns, indexes and initial values for a newly created field. */
  private async createStorage(field: FieldModel) {
    const steps: DdlStep[] = [];
    const storage = field.link?.storage;
    if (field.type.storage === 'column' || field.type.storage === 'computed')
      steps.push({ op: 'addColumn', table: field.table.sql, column: field.column! });
    if (storage?.kind === 'column') {
      steps.push({ op: 'addColumn', table: storage.table, column: storage.column });
      steps.push({
        op: 'createIndex',
        name: `i_${storage.column}`,
        table: storage.table,
        on: [`"${storage.column}"`],
      });
    }
    if (storage?.kind === 'junction') steps.push({ op: 'createJunction', table: storage.table });
    steps.push(
      ...wantedIndexes(field).filter((s) => s.op !== 'createIndex' || !s.name.startsWith('i_') || !storage),
    );
    this.store.ddl((c) =>
      applyDdl(
        c,
        steps.filter((s) => s.op !== 'createIndex' || !s.unique),
      ),
    );
    const context = { store: this.store, now: this.now(), actorId: null };
    const rollupIndex = rollupIndexStep(field);
    if (rollupIndex) this.store.ddl((c) => applyDdl(c, [rollupIndex]));
    if (isComputed(field)) {
      await computeField(context, field, 'all');
      if (isSearchable(field)) reindexRows(this.store, field.table, 'all');
    }
    if (field.doc.type === 'autonumber') this.numberExisting(field);
    this.fillEmpty(field);
    const unique = steps.find((s) => s.op === 'createIndex' && s.unique);
    if (unique) this.createUniqueIndex(field);
  }

  /** Types that are never empty (a checkbox is false) hold that value in every row, not NULL. */
  private fillEmpty(field: FieldModel) {
    if (field.type.storage !== 'column' || !field.column || field.link) return;
    const empty = field.type.parse(null, field, parseContext(this.store, this.now(), null));
    if (empty === null) return;
    const column = ident(field.column);
    this.store
      .prepare(`UPDATE ${ident(field.table.sql)} SET ${column} = ? WHERE ${column} IS NULL`)
      .run(empty);
  }

  private numberExisting(field: FieldModel) {
    const start = (field.doc.options as { start?: number } | undefined)?.start ?? 1;
    const table = ident(field.table.sql);
    const column = ident(field.column!);
    this.store
      .prepare(
        `UPDATE ${table} SET ${column} = n.rn + ? FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM ${table}) n WHERE ${table}.id = n.id`,
      )
      .run(start);
    const last = this.store.prepare(`SELECT max(${column}) AS m FROM ${table}`).get() as { m: number | null };
    this.store
      .prepare('INSERT OR REPLACE INTO counters (key, value) VALUES (?, ?)')
      .run(field.doc.id, last.m ?? start - 1);
  }

  private createUniqueIndex(field: FieldModel) {
    const table = ident(field.table.sql);
    const column = ident(field.column!);
    const duplicate = this.store
      .prepare(
        `SELECT ${column} AS v, count(*) AS n FROM ${table} WHERE ${column} IS NOT NULL GROUP BY ${column} HAVING count(*) > 1 LIMIT 1`,
      )
      .get() as { v: unknown; n: number } | undefined;
    if (duplicate)
      throw new Conflict(
        'duplicate_values',
        `Field '${field.doc.name}' cannot be unique: ${duplicate.n} records share the value ${JSON.stringify(duplicate.v)}.`,
        [
          {
            field: field.doc.name,
            message: `${duplicate.n} records share ${JSON.stringify(duplicate.v)}`,
            code: 'duplicate_values',
          },
        ],
      );
    this.store.ddl((c) => applyDdl(c, [uniqueIndexStep(field)!]));
  }

  async updateField(
    actor: Actor,
    appRef: string,
    tableRef: string,
    fieldRef: string,
    patch: unknown,
    options: FieldChangeOptions = {},
  ): Promise<FieldChangeResult> {
    validators.fieldPatch.assert(patch, 'field');
    const { position, ...change } = patch;
    try {
      return await this.store.write(async () => {
        const result =
          Object.keys(change).length || position === undefined
            ? await this.changeField(actor, appRef, tableRef, fieldRef, change, options)
            : { field: this.registry.field(this.registry.table(appRef, tableRef), fieldRef).doc };
        if (position !== undefined) this.moveField(actor, appRef, tableRef, result.field.id, position);
        this.repairSortIndexes(this.registry.table(appRef, tableRef)); // the owner may have changed type
        if (options.dryRun) throw new DryRun(result);
        return result;
      });
    } catch (error) {
      if (error instanceof DryRun) return error.result;
      throw error;
    }
  }

  private async changeField(
    actor: Actor,
    appRef: string,
    tableRef: string,
    fieldRef: string,
    patch: FieldPatch,
    options: FieldChangeOptions,
  ): Promise<FieldChangeResult> {
    const app = this.registry.app(appRef);
    assertCanDesign(actor, app);
    const table = this.registry.table(app, tableRef);
    const field = this.registry.field(table, fieldRef);
    const before = field.doc;
    const typeChanged = patch.type !== undefined && patch.type !== before.type;
    const mergedOptions: Record<string, unknown> = typeChanged
      ? (patch.options ?? {})
      : { ...(before.options ?? {}), ...(patch.options ?? {}) };
    // A new expression may yield another kind of value ("amount * 2" → "name & '!'"): the result
    // type is inferred again unless the patch states it.
    const expressionChanged =
      before.type === 'formula' &&
      mergedOptions.expression !== (before.options as { expression?: string } | undefined)?.expression;
    if (expressionChanged && !typeChanged && patch.options?.resultType === undefined)
      delete mergedOptions.resultType;
    let after: FieldDoc = { ...before, ...patch, id: before.id, options: mergedOptions } as FieldDoc;
    if (
      Object.keys(mergedOptions).length === 0 &&
      before.options === undefined &&
      patch.options === undefined
    )
      delete after.options;
    const checkOptions: Checker<Record<string, unknown>> = optionCheckers[after.type]!;
    checkOptions.assert(after.options ?? {}, `field '${after.name}' options`);
    if (typeChanged && (before.type === 'link' || after.type === 'link'))
      throw invalidField(
        'type',
        `Field '${before.name}' cannot change to or from a link; create a new link field and copy values.`,
        'unsupported_change',
      );
    if (before.type === 'link') {
      const opts = after.options as { table: string; inverse?: string };
      if (
        opts.table !== (before.options as { table: string }).table ||
        opts.inverse !== (before.options as { inverse?: string }).inverse
      )
        throw invalidField(
          'options.table',
          `The table a link points to cannot change; create a new link field.`,
          'unsupported_change',
        );
    }
    const toComputedOrSystem =
      typeChanged &&
      fieldTypes[after.type].storage !== 'column' &&
      fieldTypes[before.type].storage === 'column';
    const renamed = patch.name !== undefined && patch.name !== before.name;
    if (renamed) this.assertFieldNameFree(table, patch.name!);
    after = await applyFieldRules(after, { app, table, now: this.now() });
    const encryptionChanged = (before.encrypted ?? false) !== (after.encrypted ?? false);
    if (encryptionChanged && typeChanged)
      throw invalidField(
        'encrypted',
        `Change the type of '${before.name}' and its encryption one at a time.`,
        'unsupported_change',
      );
    if (before.encrypted && typeChanged)
      throw invalidField(
        'type',
        `'${before.name}' is encrypted; turn encryption off before changing its type.`,
        'unsupported_change',
      );

    // References elsewhere follow a rename in the same transaction.
    if (renamed) {
      const updates = fieldRenames(app, table, before.name, after.name);
      for (const u of updates.fields)
        this.docs.update(actor, this.ref('field', this.tableOfField(app, u.before.id)), u.before, u.after);
      for (const u of updates.views) this.docs.update(actor, this.ref('view', table), u.before, u.after);
      if (updates.table)
        this.docs.update(
          actor,
          { kind: 'table', appId: app.doc.id, parentId: app.doc.id },
          updates.table.before,
          updates.table.after,
        );
    }
    const storedBefore = this.registry.field(
      this.registry.table(this.registry.refresh(app.doc.id)!, table.doc.id),
      field.doc.id,
    );
    this.docs.update(actor, this.ref('field', table), storedBefore.doc, after);
    const freshApp = this.registry.refresh(app.doc.id)!;
    const next = this.registry.field(this.registry.table(freshApp, table.doc.id), field.doc.id);
    computePlan(freshApp);
    await this.checkDefault(next);
    const dataAffecting =
      typeChanged || JSON.stringify(before.options ?? {}) !== JSON.stringify(after.options ?? {});
    if (dataAffecting) await this.assertUsesStillHold(freshApp, next);

    let conversion: ConversionReport | undefined;
    const context = { store: this.store, now: this.now(), actorId: actor.userId };
    const storageBefore = field.type.storage;
    if (toComputedOrSystem) {
      // Replacing stored values with computed ones would lose data; the user must say so.
      const held = this.store
        .prepare(`SELECT count(*) AS n FROM ${ident(table.sql)} WHERE ${ident(field.column!)} IS NOT NULL`)
        .get() as { n: number };
      conversion = { total: held.n, converted: 0, unchanged: 0, failedCount: held.n, failed: [] };
      if (held.n > 0 && !options.clearInvalid && !options.dryRun)
        throw new Invalid(
          'conversion_failed',
          `Changing '${before.name}' to ${after.type} replaces ${held.n} stored values; confirm with clearInvalid to go ahead.`,
          [
            {
              field: before.name,
              message: `${held.n} stored values would be replaced`,
              code: 'conversion_failed',
            },
          ],
        );
    }
    if (
      field.link &&
      next.link &&
      (field.doc.options as { many?: boolean }).many !== (next.doc.options as { many?: boolean }).many
    ) {
      conversion = await this.relink(field, next, options);
    } else if (dataAffecting && isComputed(next)) {
      if (before.type === 'rollup' || next.doc.type === 'rollup') {
        const rebuilt = rollupIndexStep(next);
        this.store.ddl((c) =>
          applyDdl(c, [{ op: 'dropIndex', name: rollupIndexName(next) }, ...(rebuilt ? [rebuilt] : [])]),
        );
      }
      this.store.ddl((c) => applyDdl(c, dropIndexSteps(field)));
      if (storageBefore === 'system' || next.column === null) throw new Error('unreachable');
      if (!field.column || field.column !== next.column) throw new Error('computed field without column');
      await computeField(context, next, 'all');
      // Anything reading this field recomputes with it.
      const { propagate } = await import('../records/compute.ts');
      const all = (
        this.store
          .prepare(`SELECT id FROM ${ident(table.sql)}`)
          .raw()
          .all() as [number][]
      ).map(([id]) => id);
      await propagate(context, freshApp, new Map([[next.doc.id, new Set(all)]]));
    } else if (
      dataAffecting &&
      storageBefore !== 'system' &&
      fieldTypes[after.type].storage !== 'system' &&
      !field.link
    ) {
      if (fieldTypes[before.type].storage === 'system' || !field.column) throw new Error('unreachable');
      this.store.ddl((c) => applyDdl(c, dropIndexSteps(field)));
      const plan = planConversion(
        this.store,
        field,
        next,
        parseContext(this.store, this.now(), actor.userId),
      );
      conversion = plan.report;
      if (plan.report.failedCount > 0 && !options.clearInvalid && !options.dryRun) {
        const shown = plan.report.failed.slice(0, 20);
        throw new Invalid(
          'conversion_failed',
          `${plan.report.failedCount} value${plan.report.failedCount > 1 ? 's' : ''} of '${before.name}' cannot become ${after.type}; nothing was changed. Fix them, or confirm with clearInvalid to clear them.`,
          shown.map((f) => ({
            field: before.name,
            message: `record ${f.id}: ${f.message}`,
            code: 'conversion_failed',
          })),
        );
      }
      applyConversion(this.store, next, plan, options.clearInvalid === true);
      this.fillEmpty(next);
      const { propagate } = await import('../records/compute.ts');
      const ids = [...plan.updates.map(([id]) => id), ...(options.clearInvalid ? plan.failedIds : [])];
      await propagate(context, freshApp, new Map([[next.doc.id, new Set(ids)]]));
    }
    if (typeChanged || dataAffecting || before.unique !== after.unique || before.indexed !== after.indexed) {
      if (next.column && next.type.storage !== 'system' && !next.link) {
        this.store.ddl((c) => applyDdl(c, dropIndexSteps(next)));
        this.store.ddl((c) =>
          applyDdl(
            c,
            wantedIndexes(next).filter((s) => s.op !== 'createIndex' || !s.unique),
          ),
        );
        if (next.doc.unique) this.createUniqueIndex(next);
        this.restoreViewIndexes(next);
      }
      if (isSearchable(field) !== isSearchable(next) || (isSearchable(next) && dataAffecting))
        reindexRows(this.store, next.table, 'all');
    }
    if (encryptionChanged) this.recrypt(next, after.encrypted === true);
    return conversion ? { field: next.doc, conversion } : { field: next.doc };
  }

  /**
   * A field's new type or options must still suit what uses it: the views of its table (a
   * filter operator or a kanban grouping the new type lacks) and the rollups and lookups that
   * read it (a sum over what is now text). Refused, rather than leaving them broken.
   */
  private async assertUsesStillHold(app: AppModel, field: FieldModel) {
    const table = this.registry.table(app, field.table.doc.id);
    for (const view of table.views) {
      try {
        this.checkView(table, view);
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        throw new Conflict(
          'in_use',
          `View '${view.name}' cannot work with the changed field '${field.doc.name}' (${error.message}); change the view first.`,
          [{ field: field.doc.name, message: `breaks view '${view.name}'`, code: 'in_use' }],
        );
      }
    }
    for (const other of app.tables)
      for (const user of other.fields) {
        if (user.doc.type !== 'rollup' && user.doc.type !== 'lookup') continue;
        try {
          await applyFieldRules(user.doc, { app, table: other, now: this.now() });
        } catch (error) {
          if (!(error instanceof Invalid)) throw error;
          throw new Conflict(
            'in_use',
            `${user.doc.type} '${other.doc.name}.${user.doc.name}' cannot work with the changed field '${field.doc.name}' (${error.message}); change it first.`,
            [
              {
                field: field.doc.name,
                message: `breaks '${other.doc.name}.${user.doc.name}'`,
                code: 'in_use',
              },
            ],
          );
        }
      }
  }

  /** Encrypts every stored value of the field, or decrypts it back; search follows. */
  private recrypt(field: FieldModel, encrypt: boolean) {
    const cipher = field.table.app.cipher;
    const table = ident(field.table.sql);
    const column = ident(field.column!);
    const update = this.store.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`);
    for (const [id, value] of this.store
      .prepare(`SELECT id, ${column} FROM ${table} WHERE ${column} IS NOT NULL`)
      .raw()
      .all() as [number, unknown][]) {
      const next = encrypt
        ? cipher.isEncrypted(value)
          ? value
          : cipher.encrypt(String(value))
        : cipher.decrypt(value);
      if (next !== value) update.run(next, id);
    }
    reindexRows(this.store, field.table, 'all');
  }

  private restoreViewIndexes(field: FieldModel) {
    const sorted = field.table.views.some(
      (v) => v.sort?.[0]?.field === field.doc.name || v.group?.[0]?.field === field.doc.name,
    );
    if (!sorted) return;
    const step = sortIndexStep(field);
    if (step) this.store.ddl((c) => applyDdl(c, [step]));
    this.repairSortIndexes(field.table);
  }

  /** Moves a link's pairs to the storage its new cardinality needs, reporting records with too many links. */
  private async relink(
    before: FieldModel,
    after: FieldModel,
    options: FieldChangeOptions,
  ): Promise<ConversionReport> {
    const ids = (
      this.store
        .prepare(`SELECT id FROM ${ident(before.table.sql)}`)
        .raw()
        .all() as [number][]
    ).map(([id]) => id);
    const pairs = readLinks(this.store, before, ids);
    const report: ConversionReport = {
      total: pairs.size,
      converted: 0,
      unchanged: 0,
      failedCount: 0,
      failed: [],
    };
    const manyAfter = after.link!.many;
    const inverseManyAfter = after.link!.inverse ? after.link!.inverse.link!.many : true;
    const otherCounts = new Map<number, number>();
    for (const linked of pairs.values())
      for (const o of linked) otherCounts.set(o, (otherCounts.get(o) ?? 0) + 1);
    for (const [id, linked] of pairs) {
      if (!manyAfter && linked.length > 1) {
        report.failedCount++;
        if (report.failed.length < 50)
          report.failed.push({
            id: String(id),
            value: linked.map(String),
            message: `links ${linked.length} records; a single link holds one`,
          });
      } else report.converted++;
    }
    if (!inverseManyAfter)
      for (const [other, count] of otherCounts)
        if (count > 1) {
          report.failedCount++;
          if (report.failed.length < 50)
            report.failed.push({
              id: String(other),
              value: count,
              message: `is linked from ${count} records`,
            });
        }
    if (report.failedCount > 0 && !options.clearInvalid && !options.dryRun)
      throw new Invalid(
        'conversion_failed',
        `${report.failedCount} records of '${before.doc.name}' hold more links than the new setting allows; nothing was changed.`,
        report.failed.slice(0, 20).map((f) => ({
          field: before.doc.name,
          message: `record ${f.id}: ${f.message}`,
          code: 'conversion_failed',
        })),
      );
    const old = before.link!.storage;
    const fresh = after.link!.storage;
    if (JSON.stringify(old) === JSON.stringify(fresh)) return report;
    const steps: DdlStep[] = [];
    if (fresh.kind === 'column') {
      steps.push({ op: 'addColumn', table: fresh.table, column: fresh.column });
      steps.push({
        op: 'createIndex',
        name: `i_${fresh.column}`,
        table: fresh.table,
        on: [`"${fresh.column}"`],
      });
    } else steps.push({ op: 'createJunction', table: fresh.table });
    this.store.ddl((c) => applyDdl(c, steps));
    const seenOther = new Set<number>();
    for (const [id, linked] of pairs) {
      const kept = manyAfter ? linked : linked.slice(0, 1);
      for (const other of kept) {
        if (!inverseManyAfter && seenOther.has(other)) continue;
        seenOther.add(other);
        if (fresh.kind === 'junction')
          this.store
            .prepare(
              `INSERT OR IGNORE INTO ${ident(fresh.table)} (${fresh.selfColumn}, ${fresh.otherColumn}) VALUES (?, ?)`,
            )
            .run(id, other);
        else if (fresh.on === 'self')
          this.store
            .prepare(`UPDATE ${ident(fresh.table)} SET ${ident(fresh.column)} = ? WHERE id = ?`)
            .run(other, id);
        else
          this.store
            .prepare(`UPDATE ${ident(fresh.table)} SET ${ident(fresh.column)} = ? WHERE id = ?`)
            .run(id, other);
      }
    }
    // Rollups over this link had indexes on the old column; they move to the new storage.
    const app = this.registry.app(after.table.app.doc.id);
    const rollups = app.tables.flatMap((t) =>
      t.fields.filter(
        (f) =>
          f.doc.type === 'rollup' &&
          [after.doc.id, after.link!.inverse?.doc.id].includes(
            t.byName.get(String((f.doc.options as { link?: string }).link))?.doc.id,
          ),
      ),
    );
    const drop: DdlStep[] = [
      ...rollups.map((f) => ({ op: 'dropIndex', name: rollupIndexName(f) }) as DdlStep),
      ...(old.kind === 'junction'
        ? [{ op: 'dropTable', table: old.table } as DdlStep]
        : [
            { op: 'dropIndex', name: `i_${old.column}` } as DdlStep,
            { op: 'dropColumn', table: old.table, column: old.column } as DdlStep,
          ]),
    ];
    this.store.ddl((c) => applyDdl(c, drop));
    const moved = rollups
      .map((f) => rollupIndexStep(f))
      .filter((step): step is DdlStep => step !== undefined);
    if (moved.length) this.store.ddl((c) => applyDdl(c, moved));
    const context = { store: this.store, now: this.now(), actorId: null };
    const { propagate } = await import('../records/compute.ts');
    const changes = new Map([[after.doc.id, new Set(ids)]]);
    if (after.link!.inverse) changes.set(after.link!.inverse.doc.id, new Set(otherCounts.keys()));
    await propagate(context, this.registry.app(after.table.app.doc.id), changes);
    return report;
  }

  deleteField(actor: Actor, appRef: string, tableRef: string, fieldRef: string): Promise<void> {
    return this.store.write(async () => {
      const app = this.registry.app(appRef);
      assertCanDesign(actor, app);
      const table = this.registry.table(app, tableRef);
      const field = this.registry.field(table, fieldRef);
      const doomed = [field, ...(field.link?.inverse ? [field.link.inverse] : [])];
      const users = doomed
        .flatMap((f) => fieldUsers(app, f))
        .filter(
          (u) => !doomed.some((d) => u.endsWith(`.${d.doc.name}'`) && u.includes(`'${d.table.doc.name}.`)),
        );
      if (users.length)
        throw new Conflict(
          'in_use',
          `Field '${field.doc.name}' is used by ${users.join(', ')}; change or delete those first.`,
          [{ field: field.doc.name, message: `used by ${users.join(', ')}`, code: 'in_use' }],
        );
      for (const f of doomed) {
        const essential = f.table.views.filter((v) => essentialViewFields(v).includes(f.doc.name));
        if (essential.length)
          throw new Conflict(
            'in_use',
            `Field '${f.doc.name}' arranges view${essential.length > 1 ? 's' : ''} ${essential.map((v) => `'${v.name}'`).join(', ')}; change or delete ${essential.length > 1 ? 'them' : 'it'} first.`,
            [{ field: f.doc.name, message: 'used by a kanban or calendar view', code: 'in_use' }],
          );
      }
      const steps: DdlStep[] = [];
      // Other fields' sort indexes may carry the column (the owner, a field a role's filter
      // tests), which SQLite will not drop while indexed: they go first and are built again below.
      const carried = doomed.flatMap((f) =>
        f.column && !f.link && f.type.storage !== 'system'
          ? this.indexesUsing(f.table, f.column).filter(
              (name) => /^[io]_/.test(name) && name !== sortIndexName(f) && name !== ownerIndexName(f),
            )
          : [],
      );
      for (const name of carried) steps.push({ op: 'dropIndex', name });
      for (const f of doomed) {
        steps.push(...dropIndexSteps(f));
        if (f.doc.type === 'rollup') steps.push({ op: 'dropIndex', name: rollupIndexName(f) });
        const storage = f.link?.storage;
        if (storage?.kind === 'junction') steps.push({ op: 'dropTable', table: storage.table });
        else if (storage?.kind === 'column' && storage.on === 'self')
          steps.push(
            { op: 'dropIndex', name: `i_${storage.column}` },
            { op: 'dropColumn', table: storage.table, column: storage.column },
          );
        else if (!f.link && f.column && f.type.storage !== 'system')
          steps.push({ op: 'dropColumn', table: f.table.sql, column: f.column });
      }
      this.store.ddl((c) => applyDdl(c, steps));
      for (const f of doomed) {
        this.removeViewReferences(actor, f.table, f.doc.name);
        const current = this.registry.table(this.registry.app(app.doc.id), f.table.doc.id);
        if (current.doc.primaryField === f.doc.name || current.doc.ownerField === f.doc.name) {
          const { primaryField, ownerField, ...rest } = current.doc;
          const after = {
            ...rest,
            ...(primaryField && primaryField !== f.doc.name ? { primaryField } : {}),
            ...(ownerField && ownerField !== f.doc.name ? { ownerField } : {}),
          } as TableDoc;
          this.docs.update(
            actor,
            { kind: 'table', appId: app.doc.id, parentId: app.doc.id },
            current.doc,
            after,
          );
        }
        this.docs.remove(actor, this.ref('field', f.table), f.doc);
      }
      const fresh = this.registry.refresh(app.doc.id)!;
      for (const f of doomed) {
        const remaining = this.registry.table(fresh, f.table.doc.id);
        if (isSearchable(f) || f.link) reindexRows(this.store, remaining, 'all');
        const rebuilt = remaining.fields
          .filter((other) => carried.includes(sortIndexName(other)))
          .map((other) => sortIndexStep(other))
          .filter((step) => step !== undefined);
        if (rebuilt.length) this.store.ddl((c) => applyDdl(c, rebuilt));
        this.repairSortIndexes(remaining);
      }
      // Rollups and lookups through a deleted inverse are refused above, so nothing else recomputes.
    });
  }

  private removeViewReferences(actor: Actor, table: TableModel, name: string) {
    const current = this.registry.table(this.registry.app(table.app.doc.id), table.doc.id);
    for (const view of current.views) {
      const after = mapViewFields(view, (n) => (n === name ? null : n));
      if (JSON.stringify(after) !== JSON.stringify(view))
        this.docs.update(actor, this.ref('view', current), view, after);
    }
    this.registry.refresh(table.app.doc.id);
  }

  private assertFieldNameFree(table: TableModel, name: string) {
    if (table.byName.has(name) || name === 'id')
      throw new Conflict(
        'duplicate_name',
        `A field named '${name}' already exists in table '${table.doc.name}'.`,
        [{ field: 'name', message: `'${name}' is taken`, code: 'duplicate_name' }],
      );
  }

  private tableOfField(app: AppModel, fieldId: string): TableModel {
    const table = app.tables.find((t) => t.byId.has(fieldId));
    if (!table) throw notFound('Field', fieldId);
    return table;
  }

  // ---- views ------------------------------------------------------------------------------

  createView(actor: Actor, appRef: string, tableRef: string, input: unknown): Promise<ViewDoc> {
    return this.store.write(() => {
      const app = this.registry.app(appRef);
      const table = this.registry.table(app, tableRef);
      // Views are how people look at data: anyone who may read the table may arrange them.
      accessFor(actor, table, 'read');
      return this.addView(actor, app.doc.id, table.doc.id, input);
    });
  }

  private addView(actor: Actor, appId: string, tableId: string, input: unknown): ViewDoc {
    validators.viewInput.assert(input, 'view');
    const table = this.registry.table(this.registry.app(appId), tableId);
    if (table.views.some((v) => v.name === input.name))
      throw new Conflict(
        'duplicate_name',
        `A view named '${input.name}' already exists in table '${table.doc.name}'.`,
        [{ field: 'name', message: `'${input.name}' is taken`, code: 'duplicate_name' }],
      );
    const doc = this.checkView(table, {
      ...input,
      id: newId('viw'),
      label: input.label ?? humanize(input.name),
    } as ViewDoc);
    this.docs.insert(actor, this.ref('view', table), doc);
    this.registry.refresh(appId);
    this.ensureViewIndexes(table, doc);
    return doc;
  }

  async updateView(
    actor: Actor,
    appRef: string,
    tableRef: string,
    viewRef: string,
    patch: unknown,
  ): Promise<ViewDoc> {
    validators.viewPatch.assert(patch, 'view');
    return this.store.write(() => {
      const app = this.registry.app(appRef);
      const table = this.registry.table(app, tableRef);
      // Views are how people look at data: anyone who may read the table may arrange them.
      accessFor(actor, table, 'read');
      const view = this.findView(table, viewRef);
      if (patch.name && patch.name !== view.name && table.views.some((v) => v.name === patch.name))
        throw new Conflict(
          'duplicate_name',
          `A view named '${patch.name}' already exists in table '${table.doc.name}'.`,
        );
      const merged = Object.fromEntries(
        Object.entries({ ...view, ...patch, id: view.id }).filter(([, v]) => v !== null),
      ) as ViewDoc;
      validators.view.assert(merged, 'view');
      const after = this.checkView(table, merged);
      this.docs.update(actor, this.ref('view', table), view, after);
      this.registry.refresh(app.doc.id);
      this.ensureViewIndexes(table, after);
      return after;
    });
  }

  deleteView(actor: Actor, appRef: string, tableRef: string, viewRef: string): Promise<void> {
    return this.store.write(() => {
      const app = this.registry.app(appRef);
      const table = this.registry.table(app, tableRef);
      // Views are how people look at data: anyone who may read the table may arrange them.
      accessFor(actor, table, 'read');
      const view = this.findView(table, viewRef);
      this.docs.remove(actor, this.ref('view', table), view);
      this.registry.refresh(app.doc.id);
    });
  }

  findView(table: TableModel, ref: string): ViewDoc {
    const view = table.views.find((v) => v.name === ref || v.id === ref);
    if (!view) throw notFound('View', ref);
    return view;
  }

  /** Checks every field a view names and the filter and sort it applies; gives public forms their link id. */
  private checkView(table: TableModel, view: ViewDoc): ViewDoc {
    const context = { actorId: null, now: this.now(), timeZone: table.app.doc.timeZone ?? 'UTC' };
    const wrap = <T>(where: string, run: () => T): T => {
      try {
        return run();
      } catch (error) {
        throw prefixDetails(error, where);
      }
    };
    wrap('filter', () => compileFilter(view.filter, table, context));
    wrap('sort', () => compileSort(view.sort, table));
    wrap('group', () => compileSort(view.group, table));
    const names: [string, string][] = [
      ...(view.fields ?? []).map((n) => ['fields', n] as [string, string]),
      ...(view.hiddenFields ?? []).map((n) => ['hiddenFields', n] as [string, string]),
      ...Object.keys(view.columnWidths ?? {}).map((n) => ['columnWidths', n] as [string, string]),
      ...Object.keys(view.aggregates ?? {}).map((n) => ['aggregates', n] as [string, string]),
    ];
    if (view.kanban) {
      names.push(['kanban.groupField', view.kanban.groupField]);
      for (const n of view.kanban.cardFields ?? []) names.push(['kanban.cardFields', n]);
      if (view.kanban.sumField) names.push(['kanban.sumField', view.kanban.sumField]);
    }
    if (view.calendar)
      for (const [key, n] of Object.entries(view.calendar))
        if (typeof n === 'string') names.push([`calendar.${key}`, n]);
    if (view.gallery) {
      for (const [key, n] of Object.entries(view.gallery))
        if (typeof n === 'string') names.push([`gallery.${key}`, n]);
      for (const n of view.gallery.cardFields ?? []) names.push(['gallery.cardFields', n]);
    }
    for (const [where, name] of names)
      if (!table.byName.has(name))
        throw invalidField(
          where,
          `View '${view.name}': table '${table.doc.name}' has no field '${name}' (in ${where}).`,
          'unknown_field',
        );
    if (view.kanban) {
      const group = table.byName.get(view.kanban.groupField)!;
      if (group.doc.type !== 'single_select' && group.doc.type !== 'user')
        throw invalidField(
          'kanban.groupField',
          `View '${view.name}': a kanban groups by a single-select or user field; '${group.doc.name}' is ${group.doc.type}.`,
        );
    }
    if (view.calendar) {
      const date = table.byName.get(view.calendar.dateField)!;
      const kind = date.type.delegate ? date.type.delegate(date).type.name : date.doc.type;
      if (!['date', 'datetime', 'created_at', 'updated_at'].includes(kind))
        throw invalidField(
          'calendar.dateField',
          `View '${view.name}': a calendar needs a date field; '${date.doc.name}' is ${date.doc.type}.`,
        );
    }
    if (view.form) {
      for (const [s, section] of (view.form.sections ?? []).entries())
        for (const [i, item] of section.fields.entries()) {
          const where = `form.sections.${s}.fields.${i}`;
          const field = table.byName.get(item.field);
          if (!field)
            throw invalidField(
              where,
              `Form '${view.name}': table '${table.doc.name}' has no field '${item.field}'.`,
              'unknown_field',
            );
          if (field.type.readOnly)
            throw invalidField(
              where,
              `Form '${view.name}': '${item.field}' is computed and cannot be filled in.`,
            );
          if (item.showIf) wrap(`${where}.showIf`, () => compileFilter(item.showIf, table, context));
        }
      if (view.form.public && !view.form.publicId)
        return { ...view, form: { ...view.form, publicId: newId('frm', 20).slice(4) } };
    }
    return view;
  }

  /** Sorting a large table by a field without an index scans every row; a saved sort gets one. */
  private ensureViewIndexes(table: TableModel, view: ViewDoc) {
    const fresh = this.registry.table(this.registry.app(table.app.doc.id), table.doc.id);
    const first = view.sort?.[0]?.field ?? view.group?.[0]?.field ?? view.kanban?.groupField;
    const field = first ? fresh.byName.get(first) : undefined;
    const step = field ? sortIndexStep(field) : undefined;
    if (step) this.store.ddl((c) => applyDdl(c, [step]));
    this.repairSortIndexes(fresh);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** The table's indexes by name, with their SQL. */
  private indexesOf(table: TableModel): Map<string, string> {
    const rows = this.store
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
      )
      .all(table.sql) as { name: string; sql: string }[];
    return new Map(rows.map((r) => [r.name, r.sql]));
  }

  /** Names of the table's indexes that include the column. */
  private indexesUsing(table: TableModel, column: string): string[] {
    return [...this.indexesOf(table).keys()].filter((name) =>
      (this.store.prepare(`PRAGMA index_info(${ident(name)})`).all() as { name: string | null }[]).some(
        (c) => c.name === column,
      ),
    );
  }

  /** Rebuilds the table's sort indexes whose columns no longer match (its owner or roles changed). */
  repairSortIndexes(table: TableModel): void {
    const steps = sortIndexRepairs(table, this.indexesOf(table));
    if (steps.length) this.store.ddl((c) => applyDdl(c, steps));
  }

  /**
   * At startup, sort indexes an older release built without the owner column are built again
   * (once: seconds for a million rows). Skipped if another process holds the write lock; the
   * old indexes still give the right answers, only slower, until the next start.
   */
  private repairAllSortIndexes() {
    const steps = this.registry
      .listApps()
      .flatMap((app) => app.tables)
      .flatMap((table) => sortIndexRepairs(table, this.indexesOf(table)));
    if (steps.length === 0) return;
    const writer = this.store.writer;
    try {
      writer.transaction(() => applyDdl(writer, steps)).immediate();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    }
    this.store.forgetStatements();
  }

  private refreshTable(appId: string, tableId: string): TableModel {
    return this.registry.table(this.registry.refresh(appId)!, tableId);
  }

  private ref(kind: 'field' | 'view', table: TableModel) {
    return { kind, appId: table.app.doc.id, parentId: table.doc.id } as const;
  }

  history(objectId: string) {
    return this.docs.history(objectId);
  }

  /** Does a lookup or list-valued field need JSON handling? Exposed for the records service. */
  static isList(field: FieldModel): boolean {
    return isListValued(field);
  }
}

/** Prefixes the `field` of each detail, so errors inside a nested input say where they are. */
function prefixDetails(error: unknown, prefix: string): unknown {
  if (!(error instanceof RapportError)) return error;
  for (const detail of error.details) detail.field = detail.field ? `${prefix}.${detail.field}` : prefix;
  return error;
}
