// Exports any app as a template: its tables, fields, views, roles, workflows (with the teams
// they address) and every record as sample data, so that installing the export rebuilds the
// same app. Each link pair is written once, on the side that was created first (the other side
// is its inverse), and records get stable keys ("r" + id) that links refer to as "@r12".
// What belongs to this installation stays behind: public form links (messages get form
// tokens instead), the user workflows act as, and webhook secrets.
import { systemActor } from '../access/actor.ts';
import type { Engine } from '../index.ts';
import type { AppModel, FieldModel, TableModel } from '../meta/model.ts';
import { maxLimit } from '../records/query.ts';
import type { ViewDoc } from '../schema/index.ts';
import { apiNameSchema } from '../schema/index.ts';
import type { RoleDoc } from '../schema/role.ts';
import type { WorkflowDoc } from '../schema/workflow.ts';
import { defined } from './defined.ts';
import { formLinksToTokens, renameTeams, teamReferences } from './references.ts';
import {
  type SampleRecord,
  type Template,
  type TemplateField,
  type TemplateRole,
  type TemplateTable,
  type TemplateTeam,
  type TemplateView,
  type TemplateWorkflow,
  templateFormatVersion,
} from './schema.ts';

export async function exportTemplate(engine: Engine, appRef: string): Promise<Template> {
  // Everything below is synchronous: no other write can commit halfway through the export.
  const app = engine.metadata.registry.app(appRef);
  const declared = declaredLinks(engine, app);
  const { doc } = app;
  const template: Template = {
    formatVersion: templateFormatVersion,
    name: doc.name,
    label: doc.label,
    description: doc.description ?? '',
    ...(doc.icon ? { icon: doc.icon } : {}),
    app: defined({
      label: doc.label,
      description: doc.description,
      icon: doc.icon,
      color: doc.color,
      timeZone: doc.timeZone,
    }),
    tables: app.tables.map((table) => exportTable(table, declared)),
  };
  const workflows = exportWorkflows(engine, app);
  const teams = exportTeams(engine, workflows);
  if (teams.length) template.teams = teams;
  if (app.roles.length) template.roles = app.roles.map(exportRole);
  if (workflows.length) template.workflows = workflows;
  const sampleData: Record<string, SampleRecord[]> = {};
  for (const table of app.tables) {
    const records = exportRecords(engine, table, declared);
    if (records.length) sampleData[table.doc.name] = records;
  }
  if (Object.keys(sampleData).length) template.sampleData = sampleData;
  return template;
}

/**
 * The side of each link pair that the template declares: the one created first, as the
 * metadata history tells, so that installing the export replays the same creations.
 */
function declaredLinks(engine: Engine, app: AppModel): Set<FieldModel> {
  const created = (field: FieldModel) =>
    engine.metadata.history(field.doc.id).find((h) => h.action === 'create')?.id ?? Number.POSITIVE_INFINITY;
  const declared = new Set<FieldModel>();
  const seen = new Set<FieldModel>();
  for (const table of app.tables)
    for (const field of table.fields) {
      if (!field.link || seen.has(field)) continue;
      const inverse = field.link.inverse;
      seen.add(field);
      if (!inverse) {
        declared.add(field);
        continue;
      }
      seen.add(inverse);
      declared.add(created(inverse) < created(field) ? inverse : field);
    }
  return declared;
}

function exportTable(table: TableModel, declared: Set<FieldModel>): TemplateTable {
  const { id: _id, templateKey, name, label, description, icon, primaryField, ownerField } = table.doc;
  return defined({
    templateKey: templateKey ?? name,
    name,
    label,
    description,
    icon,
    primaryField,
    ownerField,
    fields: table.fields.filter((f) => !f.link || declared.has(f)).map((f) => exportField(f)),
    views: table.views.map((v) => exportView(table, v)),
  });
}

function exportField(field: FieldModel): TemplateField {
  const { id: _id, templateKey, ...doc } = field.doc;
  const out: TemplateField = { templateKey: templateKey ?? `${field.table.doc.name}.${doc.name}`, ...doc };
  const inverse = field.link?.inverse;
  if (field.link)
    out.options = defined({
      table: field.link.target.doc.name,
      many: field.link.many,
      inverse: inverse?.doc.name,
      inverseLabel: inverse?.doc.label,
      inverseMany: inverse ? inverse.link!.many : undefined,
    });
  return out;
}

function exportView(table: TableModel, view: ViewDoc): TemplateView {
  const { id: _id, templateKey, ...doc } = view;
  const out = { templateKey: templateKey ?? `${table.doc.name}.${doc.name}`, ...doc } as TemplateView;
  // A public form's link belongs to this app; the installed copy gets its own.
  if (out.form?.publicId) {
    const { publicId: _publicId, ...form } = out.form;
    out.form = form;
  }
  return out;
}

function exportRole(role: RoleDoc): TemplateRole {
  const { id: _id, templateKey, ...doc } = role;
  return { templateKey: templateKey ?? doc.name, ...doc };
}

/** Workflows with teams by name and links to the app's own public forms as form tokens. */
function exportWorkflows(engine: Engine, app: AppModel): TemplateWorkflow[] {
  const teams = engine.people.listTeams();
  const teamName = (ref: string) => teams.find((t) => t.id === ref || t.name === ref)?.name ?? ref;
  const forms = new Map<string, string>();
  for (const table of app.tables)
    for (const view of table.views)
      if (view.form?.publicId) forms.set(view.form.publicId, `${table.doc.name}.${view.name}`);
  return app.workflows.map((workflow: WorkflowDoc) => {
    const { id: _id, runAs: _runAs, templateKey, trigger, actions, ...doc } = workflow;
    // A webhook's secret is a password: the installed copy gets a new one.
    const { secret: _secret, ...portable } = trigger;
    return {
      templateKey: templateKey ?? doc.name,
      ...doc,
      trigger: portable,
      actions: formLinksToTokens(renameTeams(actions, teamName), forms),
    } as TemplateWorkflow;
  });
}

/** The teams the workflows address, and the teams above them, each after its parent. */
function exportTeams(engine: Engine, workflows: TemplateWorkflow[]): TemplateTeam[] {
  const all = engine.people.listTeams();
  const out: TemplateTeam[] = [];
  const added = new Set<string>();
  const add = (name: string) => {
    if (added.has(name)) return;
    added.add(name);
    const team = all.find((t) => t.name === name);
    // A team deleted since the workflow was written is declared again, so the copy installs.
    if (!team) {
      if (new RegExp(apiNameSchema.pattern).test(name)) out.push({ name, label: name });
      return;
    }
    const parent = team.parent ? all.find((t) => t.id === team.parent) : undefined;
    if (parent) add(parent.name);
    out.push(parent ? { name, label: team.label, parent: parent.name } : { name, label: team.label });
  };
  for (const workflow of workflows) for (const { team } of teamReferences(workflow.actions)) add(team);
  return out;
}

/** Every record, oldest first, with the values a client could write; links as "@key" references. */
function exportRecords(engine: Engine, table: TableModel, declared: Set<FieldModel>): SampleRecord[] {
  const fields = table.fields.filter((f) => !f.type.readOnly && (!f.link || declared.has(f)));
  const records: SampleRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = engine.query.list(systemActor, table.app.doc.id, table.doc.id, {
      limit: maxLimit,
      ...(cursor ? { cursor } : {}),
    });
    for (const record of page.items) {
      const values: Record<string, unknown> = {};
      for (const field of fields) {
        let value = record.fields[field.doc.name];
        if (field.link) value = (value as string[]).map((id) => `@r${id}`);
        // An empty value is left out, unless the field has a default that would fill it on install.
        if (isEmpty(value) && field.doc.default === undefined) continue;
        values[field.doc.name] = value;
      }
      records.push({ key: `r${record.id}`, fields: values });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return records;
}

function isEmpty(value: unknown): boolean {
  return (
    value === null || value === undefined || value === false || (Array.isArray(value) && value.length === 0)
  );
}
