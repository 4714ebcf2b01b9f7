// Workflows as metadata: create, change and delete them, checking every reference (tables,
// fields, forms, actions' settings) against the app when saved, with history like any metadata.
import { randomBytes } from 'node:crypto';
import { Cron } from 'croner';
import type { Actor } from '../access/actor.ts';
import { assertCanDesign } from '../access/policy.ts';
import { Conflict, Invalid, notFound, RapportError } from '../errors.ts';
import { compileExpression } from '../formula/expression.ts';
import { newId } from '../ids.ts';
import { MetadataDocs } from '../meta/docs.ts';
import type { AppModel, TableModel } from '../meta/model.ts';
import type { MetadataRegistry } from '../meta/registry.ts';
import { compileFilter } from '../query/filter.ts';
import { compile, humanize } from '../schema/index.ts';
import type { Checker } from '../schema/validator.ts';
import { isWorkflow, isWorkflowInput, type WorkflowAction, type WorkflowDoc } from '../schema/workflow.ts';
import type { Store } from '../store/database.ts';
import { actionModules } from './actions/index.ts';
import { settingError } from './actions/shared.ts';

const settingCheckers = Object.fromEntries(
  Object.entries(actionModules).map(([type, module]) => [
    type,
    compile<Record<string, unknown>>(module.settings),
  ]),
) as Record<string, Checker<Record<string, unknown>>>;

const tableTriggers = new Set([
  'record_created',
  'record_updated',
  'record_deleted',
  'form_submitted',
  'date_reached',
  'manual',
]);

export class WorkflowDefinitions {
  private readonly docs: MetadataDocs;

  constructor(
    private readonly store: Store,
    private readonly registry: MetadataRegistry,
    private readonly now: () => number,
    private readonly changed: (
      app: AppModel,
      workflow: WorkflowDoc | undefined,
      previous: WorkflowDoc | undefined,
    ) => void,
  ) {
    this.docs = new MetadataDocs(store, now);
  }

  list(appRef: string): WorkflowDoc[] {
    return this.registry.app(appRef).workflows;
  }

  get(appRef: string, ref: string): WorkflowDoc {
    const workflow = this.registry.app(appRef).workflows.find((w) => w.name === ref || w.id === ref);
    if (!workflow) throw notFound('Workflow', ref);
    return workflow;
  }

  create(actor: Actor, appRef: string, input: unknown): Promise<WorkflowDoc> {
    isWorkflowInput.assert(input, 'workflow');
    return this.store.write(() => {
      const app = this.registry.app(appRef);
      assertCanDesign(actor, app);
      if (app.workflows.some((w) => w.name === input.name))
        throw new Conflict(
          'duplicate_name',
          `A workflow named '${input.name}' already exists in app '${app.doc.name}'.`,
          [{ field: 'name', message: 'is taken' }],
        );
      const doc = this.normalize(app, {
        ...input,
        id: newId('wfl'),
        label: input.label ?? humanize(input.name),
        enabled: input.enabled ?? true,
        ...((input.runAs ?? actor.userId) ? { runAs: input.runAs ?? actor.userId! } : {}),
      } as WorkflowDoc);
      this.docs.insert(actor, { kind: 'workflow', appId: app.doc.id, parentId: app.doc.id }, doc);
      const fresh = this.registry.refresh(app.doc.id)!;
      this.changed(fresh, doc, undefined);
      return doc;
    });
  }

  update(actor: Actor, appRef: string, ref: string, patch: unknown): Promise<WorkflowDoc> {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
      throw new Invalid('invalid_body', 'Send the workflow fields to change as an object.');
    return this.store.write(() => {
      const app = this.registry.app(appRef);
      assertCanDesign(actor, app);
      const before = this.get(app.doc.id, ref);
      const merged = { ...before, ...(patch as object), id: before.id } as WorkflowDoc;
      if (merged.name !== before.name && app.workflows.some((w) => w.name === merged.name))
        throw new Conflict('duplicate_name', `A workflow named '${merged.name}' already exists.`, [
          { field: 'name', message: 'is taken' },
        ]);
      isWorkflow.assert(merged, 'workflow');
      const after = this.normalize(app, merged);
      this.docs.update(actor, { kind: 'workflow', appId: app.doc.id, parentId: app.doc.id }, before, after);
      const fresh = this.registry.refresh(app.doc.id)!;
      this.changed(fresh, after, before);
      return after;
    });
  }

  delete(actor: Actor, appRef: string, ref: string): Promise<void> {
    return this.store.write(() => {
      const app = this.registry.app(appRef);
      assertCanDesign(actor, app);
      const before = this.get(app.doc.id, ref);
      this.docs.remove(actor, { kind: 'workflow', appId: app.doc.id, parentId: app.doc.id }, before);
      const fresh = this.registry.refresh(app.doc.id)!;
      this.changed(fresh, undefined, before);
    });
  }

  /** Checks every reference and fills in what is derived: action ids, a webhook secret. */
  private normalize(app: AppModel, doc: WorkflowDoc): WorkflowDoc {
    const trigger = { ...doc.trigger };
    let table: TableModel | null = null;
    if (tableTriggers.has(trigger.type)) {
      table = trigger.table ? (app.tablesByName.get(trigger.table) ?? null) : null;
      if (!table)
        throw settingError(
          'trigger.table',
          trigger.table
            ? `app '${app.doc.name}' has no table '${trigger.table}'`
            : `a ${trigger.type} trigger needs a table`,
        );
    }
    for (const name of trigger.fields ?? [])
      if (!table?.byName.has(name))
        throw settingError('trigger.fields', `table '${trigger.table}' has no field '${name}'`);
    if (trigger.type === 'form_submitted') {
      const form = table!.views.find((v) => v.name === trigger.form);
      if (!form || form.type !== 'form')
        throw settingError(
          'trigger.form',
          `table '${table!.doc.name}' has no form view '${String(trigger.form)}'`,
        );
    }
    if (trigger.type === 'date_reached') {
      const field = trigger.dateField ? table!.byName.get(trigger.dateField) : undefined;
      const kind = field?.type.delegate ? field.type.delegate(field).type.name : field?.doc.type;
      if (!field || !['date', 'datetime'].includes(String(kind)))
        throw settingError(
          'trigger.dateField',
          `a date_reached trigger needs a date field of '${table!.doc.name}'`,
        );
    }
    if (trigger.type === 'schedule') {
      try {
        new Cron(String(trigger.cron), {
          timezone: trigger.timeZone ?? app.doc.timeZone ?? 'UTC',
          paused: true,
        }).stop();
      } catch (error) {
        throw settingError('trigger.cron', `is not a valid cron expression: ${(error as Error).message}`);
      }
    }
    if (trigger.type === 'webhook' && !trigger.secret) trigger.secret = randomBytes(24).toString('base64url');
    if (doc.condition !== undefined) this.checkCondition(doc.condition, table, 'condition');
    const actions = this.checkActions(doc.actions, app, table, 'actions');
    return { ...doc, trigger, actions };
  }

  private checkCondition(condition: unknown, table: TableModel | null, where: string) {
    try {
      if (typeof condition === 'object' && condition !== null && 'expr' in condition)
        compileExpression(String((condition as { expr: unknown }).expr), where);
      else {
        if (!table) throw settingError(where, 'a filter condition needs a trigger with a table');
        compileFilter(condition, table, { actorId: null, now: this.now(), timeZone: 'UTC' });
      }
    } catch (error) {
      if (error instanceof RapportError)
        for (const d of error.details) d.field = d.field ? `${where}.${d.field}` : where;
      throw error;
    }
  }

  private checkActions(
    actions: WorkflowAction[],
    app: AppModel,
    table: TableModel | null,
    where: string,
  ): WorkflowAction[] {
    const ids = new Set<string>();
    return actions.map((action, index) => {
      const at = `${where}.${index}`;
      // Nested actions (branches, approval outcomes) are not framed by the workflow schema.
      if (!Object.hasOwn(actionModules, action.type))
        throw settingError(`${at}.type`, `unknown action type '${String(action.type)}'`);
      const module = actionModules[action.type];
      const { id: _id, type: _type, label: _label, ...settings } = action;
      const checker: Checker<Record<string, unknown>> = settingCheckers[action.type]!;
      try {
        checker.assert(settings, `${at} (${action.type})`);
      } catch (error) {
        // The checker names settings relative to the action; the details name the action too.
        if (error instanceof RapportError)
          for (const d of error.details) d.field = d.field === '(root)' ? at : `${at}.${d.field}`;
        throw error;
      }
      module.check?.(action, app, table, at);
      if (action.type === 'branch') this.checkCondition(action.condition, table, `${at}.condition`);
      const id = action.id ?? newId('wfl', 8).replace('wfl_', 'a_');
      if (ids.has(id)) throw settingError(`${at}.id`, `action id '${id}' is used twice`);
      ids.add(id);
      const nested = module.nested?.(action) ?? [];
      const out: WorkflowAction = { ...action, id };
      for (const { key, actions: children } of nested)
        out[key] = this.checkActions(children, app, table, `${at}.${key}`);
      return out;
    });
  }
}
