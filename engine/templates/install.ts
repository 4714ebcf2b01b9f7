// Installs a template as a new app, in one transaction: the app and the teams it needs (a team
// that exists by name is used as it is), its tables with their leading plain fields, then every
// other field once what it reads exists (a link creates its inverse side too), views, roles,
// sample records and, last, workflows. Workflows react only to events after they are switched
// on, so creating them after the sample records keeps hundreds of sample records from setting
// them off. Anything that fails rolls all of it back (the services' own writes are savepoints
// of this one), and the error names the spot in the template (e.g. `workflows.2.actions.0.fields.stage`).
import type { Actor } from '../access/actor.ts';
import { type Detail, RapportError } from '../errors.ts';
import type { Engine } from '../index.ts';
import type { AppModel } from '../meta/model.ts';
import { maxBatch } from '../records/service.ts';
import { type PlannedField, type PlannedTable, planTemplate, type TemplatePlan } from './check.ts';
import { defined } from './defined.ts';
import { resolveFormLinks } from './references.ts';
import type { Template, TemplateView } from './schema.ts';

export interface InstallOptions {
  /** The new app's API name; the template's name when absent. */
  app?: string;
  /** Create the template's sample records (default true). */
  sampleData?: boolean;
  /**
   * Where people reach this installation (e.g. "https://crm.example.com"): links to public
   * forms in workflow messages start with it. Defaults to RAPPORT_PUBLIC_URL; without either
   * they are paths ("/f/…").
   */
  publicUrl?: string;
}

const dayMs = 86_400_000;

export async function installTemplate(
  engine: Engine,
  actor: Actor,
  input: unknown,
  options: InstallOptions = {},
): Promise<AppModel> {
  const plan = planTemplate(input);
  const { template } = plan;
  const publicUrl = (options.publicUrl ?? process.env.RAPPORT_PUBLIC_URL ?? '').replace(/\/+$/, '');
  return engine.store.write(async () => {
    const app = await engine.metadata.createApp(actor, appInput(template, options.app ?? template.name));
    const appId = app.doc.id;
    const meta = engine.metadata;
    for (const { source, path } of plan.teams)
      if (!engine.people.listTeams().some((t) => t.name === source.name))
        await at(path, () => engine.people.createTeam(source));
    for (const table of plan.tables) {
      const initial = plan.initial.get(table)!;
      const { fields: _fields, views: _views, primaryField, ownerField, ...rest } = table.source;
      const created = (name: string | undefined) =>
        name !== undefined && initial.some((f) => f.name === name) ? name : undefined;
      const input = defined({
        ...rest,
        primaryField: created(primaryField),
        ownerField: created(ownerField),
        fields: initial.map((f) => f.source),
      });
      // createTable names each field by its index among the ones it was given.
      await at(
        table.path,
        () => meta.createTable(actor, appId, input),
        (field) =>
          field.replace(/^fields\.(\d+)/, (_, i: string) =>
            initial[Number(i)]!.path.slice(table.path.length + 1),
          ),
      );
    }
    for (const field of plan.steps) await createField(engine, actor, appId, field);
    for (const table of plan.tables) {
      const { primaryField, ownerField } = table.source;
      const current = meta.registry.table(appId, table.name);
      const patch = defined({
        primaryField: primaryField !== current.doc.primaryField ? primaryField : undefined,
        ownerField: ownerField !== current.doc.ownerField ? ownerField : undefined,
      });
      if (Object.keys(patch).length)
        await at(table.path, () => meta.updateTable(actor, appId, table.name, patch));
      const views = table.source.views ?? [];
      if (views.length === 0) continue;
      // The engine gives every new table an "all records" grid; the template's views replace it.
      for (const view of current.views) await meta.deleteView(actor, appId, table.name, view.id);
      for (const [index, view] of views.entries())
        await at(`${table.path}.views.${index}`, () =>
          meta.createView(actor, appId, table.name, viewInput(view)),
        );
    }
    for (const [index, role] of (template.roles ?? []).entries())
      await at(`roles.${index}`, () => engine.access.createRole(actor, appId, role));
    if (options.sampleData !== false && template.sampleData)
      await insertSampleData(engine, actor, plan, appId, shiftDays(template, engine.now()));
    for (const [index, workflow] of (template.workflows ?? []).entries()) {
      const actions = resolveFormLinks(workflow.actions, (table, view) => {
        const publicId = meta.registry.table(appId, table).views.find((v) => v.name === view)?.form?.publicId;
        return `${publicUrl}/f/${publicId}`;
      });
      await at(`workflows.${index}`, () =>
        engine.workflows.definitions.create(actor, appId, { ...workflow, actions }),
      );
    }
    return meta.registry.app(appId);
  });
}

function appInput(template: Template, name: string) {
  const { label, description, icon, color, timeZone } = template.app;
  return defined({
    name,
    label,
    description,
    icon: icon ?? template.icon,
    color,
    timeZone,
    template: { name: template.name, formatVersion: template.formatVersion },
  });
}

/** Each installed public form gets a link of its own; a publicId in the template is dropped. */
function viewInput(view: TemplateView): TemplateView {
  if (!view.form?.publicId) return view;
  const { publicId: _publicId, ...form } = view.form;
  return { ...view, form };
}

function createField(engine: Engine, actor: Actor, appId: string, field: PlannedField) {
  // A link's other side gets the name the plan gave it, even where the template leaves it to the engine.
  const inverse = field.link?.inverse?.name;
  const input =
    inverse && field.source?.options?.inverse === undefined
      ? { ...field.source, options: { ...field.source?.options, inverse } }
      : field.source;
  return at(
    field.path,
    () => engine.metadata.createField(actor, appId, field.table.name, input),
    (name) => {
      if (name === field.name || name === '(root)') return '';
      if (name.startsWith(`${field.name}.`)) return name.slice(field.name.length + 1);
      if (name.startsWith('formula ')) return 'options.expression';
      return name;
    },
  );
}

// ---- sample data ----------------------------------------------------------------------------

interface DeferredLink {
  index: number;
  field: PlannedField;
  refs: string[];
}

/** Whole days from the template's sample date to today, by which sample dates move. */
function shiftDays(template: Template, now: number): number {
  if (!template.sampleDataDate) return 0;
  const today = Date.parse(new Date(now).toISOString().slice(0, 10));
  return Math.round((today - Date.parse(template.sampleDataDate)) / dayMs);
}

/**
 * Creates sample records table by table, linked tables first, so "@key" references resolve to
 * ids as records are created. Links back to the same table or around a cycle are set afterwards.
 */
async function insertSampleData(
  engine: Engine,
  actor: Actor,
  plan: TemplatePlan,
  appId: string,
  shift: number,
) {
  const sample = plan.template.sampleData ?? {};
  const ids = new Map<string, Map<string, string>>();
  const deferred = new Map<PlannedTable, { ids: string[]; links: DeferredLink[] }>();
  for (const table of sampleOrder(plan, sample)) {
    const records = sample[table.name] ?? [];
    const links: DeferredLink[] = [];
    const inputs = records.map((record, index) => {
      const fields: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(record.fields)) {
        const field = table.fields.get(name)!;
        if (field.link) {
          const refs = (Array.isArray(value) ? value : value === null ? [] : [value]) as string[];
          const created = ids.get(field.link.target.name);
          if (created) fields[name] = refs.map((ref) => created.get(ref.slice(1)));
          else if (refs.length) links.push({ index, field, refs });
        } else fields[name] = sampleValue(field, value, actor, shift);
      }
      return { fields };
    });
    const created: string[] = [];
    for (let offset = 0; offset < inputs.length; offset += maxBatch) {
      const batch = inputs.slice(offset, offset + maxBatch);
      const made = await atRecords(table.name, offset, () =>
        engine.records.createMany(actor, appId, table.name, batch),
      );
      created.push(...made.map((r) => r.id));
    }
    const keys = new Map<string, string>();
    records.forEach((record, i) => {
      if (record.key !== undefined) keys.set(record.key, created[i]!);
    });
    ids.set(table.name, keys);
    if (links.length) deferred.set(table, { ids: created, links });
  }
  for (const [table, { ids: created, links }] of deferred) {
    const patches = new Map<number, { id: string; fields: Record<string, unknown> }>();
    for (const link of links) {
      const targets = ids.get(link.field.link!.target.name)!;
      const patch = patches.get(link.index) ?? { id: created[link.index]!, fields: {} };
      patch.fields[link.field.name] = link.refs.map((ref) => targets.get(ref.slice(1)));
      patches.set(link.index, patch);
    }
    const ordered = [...patches.entries()].sort(([a], [b]) => a - b);
    for (let offset = 0; offset < ordered.length; offset += maxBatch) {
      const batch = ordered.slice(offset, offset + maxBatch);
      await atRecords(
        table.name,
        batch.map(([index]) => index),
        () =>
          engine.records.updateMany(
            actor,
            appId,
            table.name,
            batch.map(([, patch]) => patch),
          ),
      );
    }
  }
}

/** Tables whose sample records others link to come first; self-links and cycles are deferred. */
function sampleOrder(plan: TemplatePlan, sample: NonNullable<Template['sampleData']>): PlannedTable[] {
  const uses = new Map<PlannedTable, Set<PlannedTable>>();
  for (const table of plan.tables) {
    const targets = new Set<PlannedTable>();
    for (const record of sample[table.name] ?? [])
      for (const name of Object.keys(record.fields)) {
        const target = table.fields.get(name)?.link?.target;
        if (target && target !== table) targets.add(target);
      }
    uses.set(table, targets);
  }
  const order: PlannedTable[] = [];
  const state = new Map<PlannedTable, 'visiting' | 'done'>();
  const visit = (table: PlannedTable) => {
    if (state.has(table)) return;
    state.set(table, 'visiting');
    for (const target of uses.get(table)!) visit(target);
    state.set(table, 'done');
    order.push(table);
  };
  for (const table of plan.tables) visit(table);
  return order.filter((t) => sample[t.name]?.length);
}

function sampleValue(field: PlannedField, value: unknown, actor: Actor, shift: number): unknown {
  if (field.type === 'user' && value === '$me') return actor.userId;
  if (shift === 0 || typeof value !== 'string') return value;
  if (field.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : new Date(ms + shift * dayMs).toISOString().slice(0, 10);
  }
  if (field.type === 'datetime') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : new Date(ms + shift * dayMs).toISOString();
  }
  return value;
}

// ---- errors ---------------------------------------------------------------------------------

/** Runs `work`; an engine error it throws is re-aimed at `spot` in the template. */
async function at<T>(
  spot: string,
  work: () => Promise<T>,
  rename: (field: string) => string = (f) => f,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw relocate(
      error,
      (detail) => {
        const inner = detail.field === undefined ? '' : rename(detail.field);
        return inner && inner !== '(root)' ? `${spot}.${inner}` : spot;
      },
      spot,
    );
  }
}

/** Like `at` for a batch of sample records: a detail's record index becomes the record's place in the template. */
async function atRecords<T>(table: string, indexes: number | number[], work: () => Promise<T>): Promise<T> {
  const place = (i: number | undefined) =>
    typeof indexes === 'number' ? indexes + (i ?? 0) : (indexes[i ?? 0] ?? indexes[0]!);
  try {
    return await work();
  } catch (error) {
    throw relocate(
      error,
      (detail) => {
        const index = place(detail.index);
        detail.index = index;
        const field = detail.field && detail.field !== 'id' ? `.fields.${detail.field}` : '';
        return `sampleData.${table}.${index}${field}`;
      },
      `sampleData.${table}`,
    );
  }
}

function relocate(error: unknown, spotOf: (detail: Detail) => string, spot: string): unknown {
  if (!(error instanceof RapportError)) return error;
  if (error.details.length === 0) error.details.push({ field: spot, message: error.message });
  else for (const detail of error.details) detail.field = spotOf(detail);
  error.message = `${error.details[0]!.field}: ${error.message}`;
  return error;
}
