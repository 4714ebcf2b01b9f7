// Checks a template before anything is written: its JSON Schema, then what a schema cannot
// say — names that must resolve (link tables, lookup fields, formula inputs, view fields,
// sample choices and "@key" references, the tables and fields of roles, the teams and forms
// workflows refer to). Every problem is one detail naming its spot, e.g.
// `tables.2.fields.5.options.table`. The result is the plan install.ts follows: which fields
// exist in which table (inverse links included), the order fields can be created in, and the
// order of teams. Workflow settings are checked by the engine when install creates them.
import { builtInRoleNames } from '../access/builtin-roles.ts';
import { type Detail, Invalid } from '../errors.ts';
import { fieldTypes } from '../fields/index.ts';
import { compileExpression } from '../formula/expression.ts';
import { type Checker, compile, type FieldTypeName, fieldTypeNames } from '../schema/index.ts';
import type { WorkflowAction } from '../schema/workflow.ts';
import { actionModules } from '../workflow/actions/index.ts';
import { formReferences, teamReferences } from './references.ts';
import {
  isTemplate,
  type Template,
  type TemplateField,
  type TemplateTable,
  type TemplateTeam,
} from './schema.ts';

const maxDetails = 100;

export interface PlannedField {
  name: string;
  type: FieldTypeName;
  options: Record<string, unknown>;
  /** Where the template declares the field; for an inverse link, where its link is declared. */
  path: string;
  table: PlannedTable;
  /** Declared in the template; false for the inverse side of a link. */
  declared: boolean;
  /** Link fields: the table they point to, whether they hold many records, the other side. */
  link?: { target: PlannedTable; many: boolean; inverse?: PlannedField };
  /** For an inverse link, the declared link whose creation creates it. */
  origin: PlannedField | undefined;
  source?: TemplateField;
}

export interface PlannedTable {
  name: string;
  index: number;
  path: string;
  source: TemplateTable;
  fields: Map<string, PlannedField>;
}

export interface TemplatePlan {
  template: Template;
  tables: PlannedTable[];
  /** The fields each table is created with: its leading plain fields (neither links nor computed). */
  initial: Map<PlannedTable, PlannedField[]>;
  /**
   * Every other declared field, in an order where each comes after what it reads and — as far
   * as that allows — in the order its table lists it, so an exported app installs with its
   * columns where they were.
   */
  steps: PlannedField[];
  /** The template's teams, each after its parent, with where the template declares it. */
  teams: { source: TemplateTeam; path: string }[];
}

const optionCheckers = Object.fromEntries(
  Object.entries(fieldTypes).map(([name, type]) => [name, compile<Record<string, unknown>>(type.options)]),
) as Record<FieldTypeName, Checker<Record<string, unknown>>>;

const computedTypes = new Set<FieldTypeName>(['lookup', 'rollup', 'formula']);
const dateTypes = new Set<string>(['date', 'datetime', 'created_at', 'updated_at']);

class Problems {
  readonly details: Detail[] = [];
  add(field: string, message: string, code = 'invalid_template') {
    if (this.details.length < maxDetails) this.details.push({ field, message: `${field}: ${message}`, code });
  }
  throwIfAny() {
    if (this.details.length === 0) return;
    const first = this.details[0]!;
    const more = this.details.length > 1 ? ` (and ${this.details.length - 1} more problems)` : '';
    throw new Invalid('invalid_template', `The template is invalid: ${first.message}${more}.`, this.details);
  }
}

/** Validates a template and works out the order to build it in; throws Invalid naming every problem. */
export function planTemplate(input: unknown): TemplatePlan {
  checkFieldTypes(input);
  isTemplate.assert(input, 'template');
  const template = input;
  const problems = new Problems();
  const tables = planTables(template, problems);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const initial = new Map<PlannedTable, PlannedField[]>();
  for (const table of tables) {
    const declared = [...table.fields.values()];
    const plain = declared.filter(isPlain);
    const firstOther = declared.findIndex((f) => !isPlain(f));
    const leading = firstOther === -1 ? declared : declared.slice(0, firstOther);
    initial.set(table, leading.length ? leading : plain.slice(0, 1));
    if (plain.length === 0)
      problems.add(
        `${table.path}.fields`,
        `table '${table.name}' needs at least one field that is neither a link nor computed`,
      );
  }
  for (const table of tables)
    for (const field of [...table.fields.values()])
      if (field.type === 'link' && field.declared) planLink(field, byName, problems);
  for (const table of tables) checkComputed(table, problems);
  const steps = problems.details.length ? [] : orderSteps(tables, initial, problems);
  for (const table of tables) {
    checkTableFields(table, problems);
    checkViews(table, problems);
  }
  checkSampleData(template, byName, problems);
  const teams = planTeams(template, problems);
  checkRoles(template, byName, problems);
  checkWorkflows(template, byName, problems);
  problems.throwIfAny();
  return { template, tables, initial, steps, teams };
}

const isPlain = (field: PlannedField) => field.type !== 'link' && !computedTypes.has(field.type);

/** An unknown field type is the likeliest mistake; say so plainly before the schema's long enum message. */
function checkFieldTypes(input: unknown) {
  const problems = new Problems();
  const tables = (input as { tables?: unknown } | null)?.tables;
  if (!Array.isArray(tables)) return;
  tables.forEach((table, t) => {
    const fields = (table as { fields?: unknown } | null)?.fields;
    if (!Array.isArray(fields)) return;
    fields.forEach((field, f) => {
      const type = (field as { type?: unknown } | null)?.type;
      if (typeof type === 'string' && !fieldTypeNames.includes(type as FieldTypeName))
        problems.add(
          `tables.${t}.fields.${f}.type`,
          `unknown field type '${type}'; use one of ${fieldTypeNames.join(', ')}`,
          'unknown_field_type',
        );
    });
  });
  problems.throwIfAny();
}

function planTables(template: Template, problems: Problems): PlannedTable[] {
  const tables: PlannedTable[] = [];
  const names = new Set<string>();
  const keys = new Set<string>();
  template.tables.forEach((source, index) => {
    const path = `tables.${index}`;
    if (names.has(source.name)) problems.add(`${path}.name`, `another table is named '${source.name}'`);
    if (keys.has(source.templateKey))
      problems.add(`${path}.templateKey`, `another table has the key '${source.templateKey}'`);
    names.add(source.name);
    keys.add(source.templateKey);
    const table: PlannedTable = { name: source.name, index, path, source, fields: new Map() };
    const fieldKeys = new Set<string>();
    source.fields.forEach((field, f) => {
      const fieldPath = `${path}.fields.${f}`;
      if (table.fields.has(field.name) || field.name === 'id')
        problems.add(`${fieldPath}.name`, `table '${source.name}' already has a field '${field.name}'`);
      if (fieldKeys.has(field.templateKey))
        problems.add(`${fieldPath}.templateKey`, `another field has the key '${field.templateKey}'`);
      fieldKeys.add(field.templateKey);
      const options = (field.options ?? {}) as Record<string, unknown>;
      const checkOptions: Checker<Record<string, unknown>> = optionCheckers[field.type];
      if (!checkOptions(options))
        try {
          checkOptions.assert(options);
        } catch (error) {
          for (const detail of (error as Invalid).details)
            problems.add(
              detail.field === '(root)' ? `${fieldPath}.options` : `${fieldPath}.options.${detail.field}`,
              detail.message,
            );
        }
      if (!table.fields.has(field.name))
        table.fields.set(field.name, {
          name: field.name,
          type: field.type,
          options,
          path: fieldPath,
          table,
          declared: true,
          origin: undefined,
          source: field,
        });
    });
    const viewNames = new Set<string>();
    const viewKeys = new Set<string>();
    (source.views ?? []).forEach((view, v) => {
      if (viewNames.has(view.name))
        problems.add(`${path}.views.${v}.name`, `another view is named '${view.name}'`);
      if (viewKeys.has(view.templateKey))
        problems.add(`${path}.views.${v}.templateKey`, `another view has the key '${view.templateKey}'`);
      viewNames.add(view.name);
      viewKeys.add(view.templateKey);
    });
    tables.push(table);
  });
  return tables;
}

/** Resolves a declared link's target and adds its inverse field there, named as the engine will name it. */
function planLink(field: PlannedField, tables: Map<string, PlannedTable>, problems: Problems) {
  const options = field.options as {
    table?: string;
    many?: boolean;
    inverse?: string;
    inverseMany?: boolean;
  };
  const target = tables.get(String(options.table));
  if (!target) {
    problems.add(`${field.path}.options.table`, `there is no table '${String(options.table)}' to link to`);
    return;
  }
  field.link = { target, many: options.many ?? false };
  const source = field.table;
  const taken = (name: string) => target.fields.has(name) || (target === source && name === field.name);
  let inverse = options.inverse ?? source.name;
  if (options.inverse !== undefined && taken(options.inverse)) {
    problems.add(
      `${field.path}.options.inverse`,
      `table '${target.name}' already has a field '${options.inverse}' for this link's other side`,
    );
    return;
  }
  for (let n = 2; taken(inverse); n++) inverse = `${source.name}_${n}`;
  const other: PlannedField = {
    name: inverse,
    type: 'link',
    options: { table: source.name, many: options.inverseMany ?? true, inverse: field.name },
    path: field.path,
    table: target,
    declared: false,
    link: { target: source, many: options.inverseMany ?? true, inverse: field },
    origin: field,
  };
  target.fields.set(inverse, other);
  field.link.inverse = other;
}

function checkComputed(table: PlannedTable, problems: Problems) {
  for (const field of table.fields.values()) {
    if (!field.declared) continue;
    if (field.type === 'lookup' || field.type === 'rollup') {
      const { link: linkName, field: targetName } = field.options as { link?: string; field?: string };
      const link = table.fields.get(String(linkName));
      if (!link) {
        problems.add(
          `${field.path}.options.link`,
          `table '${table.name}' has no field '${String(linkName)}'`,
        );
        continue;
      }
      if (!link.link) {
        // A link whose table is missing was reported where it is declared.
        if (link.type !== 'link')
          problems.add(`${field.path}.options.link`, `'${link.name}' is a ${link.type} field, not a link`);
        continue;
      }
      if (targetName === undefined) continue;
      const target = link.link.target.fields.get(targetName);
      if (!target)
        problems.add(
          `${field.path}.options.field`,
          `table '${link.link.target.name}' has no field '${targetName}'`,
        );
      else if (field.type === 'lookup' && target.type === 'link')
        problems.add(
          `${field.path}.options.field`,
          `'${targetName}' is a link; look up a field of the linked table instead`,
        );
    }
    if (field.type === 'formula') {
      let names: string[];
      try {
        names = compileExpression(String(field.options.expression), `formula '${field.name}'`).names;
      } catch (error) {
        problems.add(
          `${field.path}.options.expression`,
          (error as Invalid).details[0]?.message ?? 'is invalid',
        );
        continue;
      }
      const unknown = names.filter((n) => !table.fields.has(n) || n === field.name);
      if (unknown.length)
        problems.add(
          `${field.path}.options.expression`,
          `uses ${unknown.map((n) => `'${n}'`).join(', ')}, which ${unknown.length > 1 ? 'are not fields' : 'is not a field'} of '${table.name}'`,
        );
    }
  }
}

/** The fields a field reads: a lookup's or rollup's link and linked field, a formula's inputs. */
function inputsOf(field: PlannedField): PlannedField[] {
  const inputs: (PlannedField | undefined)[] = [];
  if (field.type === 'formula')
    for (const name of compileExpression(String(field.options.expression)).names)
      inputs.push(field.table.fields.get(name));
  else if (field.type === 'lookup' || field.type === 'rollup') {
    const { link: linkName, field: targetName } = field.options as { link: string; field?: string };
    const link = field.table.fields.get(linkName);
    inputs.push(link);
    if (targetName !== undefined) inputs.push(link?.link?.target.fields.get(targetName));
  }
  return inputs.filter((f): f is PlannedField => f !== undefined);
}

/**
 * Orders the fields created after their tables: each once what it reads exists (an inverse
 * link exists once the link declaring it does), and, where that allows, after the fields its
 * table lists before it — the same greedy choice on the same lists gives the same columns.
 */
function orderSteps(
  tables: PlannedTable[],
  initial: Map<PlannedTable, PlannedField[]>,
  problems: Problems,
): PlannedField[] {
  const first = new Set([...initial.values()].flat());
  const pending = tables.flatMap((t) => [...t.fields.values()].filter((f) => f.declared && !first.has(f)));
  const done = new Set<PlannedField>();
  const exists = (field: PlannedField) =>
    first.has(field) || done.has(field) || (field.origin !== undefined && done.has(field.origin));
  const readsReady = (field: PlannedField) => inputsOf(field).every(exists);
  const listedBefore = new Map(
    pending.map((field, i) => [field, pending.slice(0, i).filter((f) => f.table === field.table)]),
  );
  const inTableOrder = (field: PlannedField) => listedBefore.get(field)!.every((f) => done.has(f));
  const order: PlannedField[] = [];
  while (order.length < pending.length) {
    const open = pending.filter((f) => !done.has(f));
    const next = open.find((f) => readsReady(f) && inTableOrder(f)) ?? open.find(readsReady);
    if (!next) {
      problems.add(
        `${open[0]!.path}.options`,
        `fields depend on each other in a circle: ${open.map((f) => `${f.table.name}.${f.name}`).join(', ')}`,
        'circular_reference',
      );
      return [];
    }
    done.add(next);
    order.push(next);
  }
  return order;
}

function checkTableFields(table: PlannedTable, problems: Problems) {
  const { primaryField, ownerField } = table.source;
  if (primaryField !== undefined && !table.fields.has(primaryField))
    problems.add(`${table.path}.primaryField`, `table '${table.name}' has no field '${primaryField}'`);
  if (ownerField !== undefined) {
    const owner = table.fields.get(ownerField);
    if (!owner)
      problems.add(`${table.path}.ownerField`, `table '${table.name}' has no field '${ownerField}'`);
    else if (owner.type !== 'user' && owner.type !== 'created_by')
      problems.add(
        `${table.path}.ownerField`,
        `the owner field must be a user field; '${ownerField}' is ${owner.type}`,
      );
  }
}

/** Field names each view uses must exist; the engine checks types and operators when it creates the view. */
function checkViews(table: PlannedTable, problems: Problems) {
  (table.source.views ?? []).forEach((view, v) => {
    const path = `${table.path}.views.${v}`;
    const need = (where: string, name: string | undefined) => {
      if (name !== undefined && !table.fields.has(name))
        problems.add(`${path}.${where}`, `table '${table.name}' has no field '${name}'`, 'unknown_field');
    };
    for (const [i, name] of (view.fields ?? []).entries()) need(`fields.${i}`, name);
    for (const [i, name] of (view.hiddenFields ?? []).entries()) need(`hiddenFields.${i}`, name);
    for (const [i, s] of (view.sort ?? []).entries()) need(`sort.${i}.field`, s.field);
    for (const [i, g] of (view.group ?? []).entries()) need(`group.${i}.field`, g.field);
    if (view.kanban) {
      need('kanban.groupField', view.kanban.groupField);
      for (const [i, name] of (view.kanban.cardFields ?? []).entries()) need(`kanban.cardFields.${i}`, name);
      need('kanban.sumField', view.kanban.sumField);
      const group = table.fields.get(view.kanban.groupField);
      if (group && group.type !== 'single_select' && group.type !== 'user')
        problems.add(
          `${path}.kanban.groupField`,
          `a kanban groups by a single-select or user field; '${group.name}' is ${group.type}`,
        );
    }
    if (view.calendar) {
      need('calendar.dateField', view.calendar.dateField);
      need('calendar.endDateField', view.calendar.endDateField);
      const date = table.fields.get(view.calendar.dateField);
      if (
        date &&
        !dateTypes.has(date.type) &&
        date.type !== 'formula' &&
        date.type !== 'rollup' &&
        date.type !== 'lookup'
      )
        problems.add(
          `${path}.calendar.dateField`,
          `a calendar needs a date field; '${date.name}' is ${date.type}`,
        );
    }
    for (const [s, section] of (view.form?.sections ?? []).entries())
      for (const [i, item] of section.fields.entries()) {
        const where = `form.sections.${s}.fields.${i}.field`;
        need(where, item.field);
        const field = table.fields.get(item.field);
        if (field && fieldTypes[field.type].readOnly)
          problems.add(`${path}.${where}`, `'${item.field}' is computed and cannot be filled in`);
      }
  });
}

function checkSampleData(template: Template, tables: Map<string, PlannedTable>, problems: Problems) {
  const sample = template.sampleData ?? {};
  const keys = new Map<string, Set<string>>();
  for (const [tableName, records] of Object.entries(sample)) {
    const table = tables.get(tableName);
    if (!table) {
      problems.add(`sampleData.${tableName}`, `there is no table '${tableName}'`);
      continue;
    }
    const seen = new Set<string>();
    records.forEach((record, i) => {
      if (record.key === undefined) return;
      if (seen.has(record.key))
        problems.add(
          `sampleData.${tableName}.${i}.key`,
          `another record of '${tableName}' has the key '${record.key}'`,
        );
      seen.add(record.key);
    });
    keys.set(tableName, seen);
  }
  for (const [tableName, records] of Object.entries(sample)) {
    const table = tables.get(tableName);
    if (!table) continue;
    records.forEach((record, i) => {
      for (const [name, value] of Object.entries(record.fields)) {
        const where = `sampleData.${tableName}.${i}.fields.${name}`;
        const field = table.fields.get(name);
        if (!field) {
          problems.add(where, `table '${tableName}' has no field '${name}'`, 'unknown_field');
          continue;
        }
        if (fieldTypes[field.type].readOnly) {
          problems.add(where, `'${name}' is computed and cannot be given a value`, 'read_only');
          continue;
        }
        checkSampleValue(field, value, where, keys, problems);
      }
    });
  }
}

function checkSampleValue(
  field: PlannedField,
  value: unknown,
  where: string,
  keys: Map<string, Set<string>>,
  problems: Problems,
) {
  if (value === null || value === undefined) return;
  if (field.type === 'single_select' || field.type === 'multi_select') {
    const values = field.type === 'multi_select' && Array.isArray(value) ? value : [value];
    for (const item of values)
      if (!isChoice(field, item))
        problems.add(
          where,
          `${JSON.stringify(item)} is not a choice of '${field.name}'; use one of ${choiceNames(field).join(', ')}`,
          'unknown_choice',
        );
  }
  if (field.type === 'link' && field.link) {
    const refs = Array.isArray(value) ? value : [value];
    if (!field.link.many && refs.length > 1)
      problems.add(where, `'${field.name}' links to one record only, got ${refs.length}`, 'too_many_links');
    const target = field.link.target.name;
    for (const ref of refs) {
      if (typeof ref !== 'string' || !ref.startsWith('@')) {
        problems.add(
          where,
          `links are written "@key", a key of a sample record of '${target}'; got ${JSON.stringify(ref)}`,
        );
        continue;
      }
      if (!keys.get(target)?.has(ref.slice(1)))
        problems.add(
          where,
          `'${target}' has no sample record with the key '${ref.slice(1)}'`,
          'unknown_record',
        );
    }
  }
}

function choiceNames(field: PlannedField): string[] {
  return ((field.options.choices ?? []) as { name: string }[]).map((c) => c.name);
}

/** A choice is given by its name or one of its labels, as the records service accepts it. */
function isChoice(field: PlannedField, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const wanted = value.trim().toLowerCase();
  return ((field.options.choices ?? []) as { name: string; label?: string | Record<string, string> }[]).some(
    (c) =>
      c.name === value ||
      c.name.toLowerCase() === wanted ||
      (typeof c.label === 'string' ? [c.label] : Object.values(c.label ?? {})).some(
        (l) => l.trim().toLowerCase() === wanted,
      ),
  );
}

// ---- teams, roles, workflows ------------------------------------------------------------------

/** Teams in an order where each comes after its parent; a parent must be a team of the template. */
function planTeams(template: Template, problems: Problems): TemplatePlan['teams'] {
  const declared = new Map<string, { source: TemplateTeam; path: string }>();
  (template.teams ?? []).forEach((source, i) => {
    const path = `teams.${i}`;
    if (declared.has(source.name)) problems.add(`${path}.name`, `another team is named '${source.name}'`);
    else declared.set(source.name, { source, path });
  });
  for (const { source, path } of declared.values())
    if (source.parent !== undefined && !declared.has(source.parent))
      problems.add(`${path}.parent`, `there is no team '${source.parent}' among the template's teams`);
  const order: TemplatePlan['teams'] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): boolean => {
    const team = declared.get(name);
    if (!team || state.get(name) === 'done') return true;
    if (state.get(name) === 'visiting') return false;
    state.set(name, 'visiting');
    const acyclic = team.source.parent === undefined || visit(team.source.parent);
    state.set(name, 'done');
    order.push(team);
    return acyclic;
  };
  for (const { source, path } of declared.values())
    if (!visit(source.name))
      problems.add(`${path}.parent`, `teams are each other's parents in a circle`, 'circular_reference');
  return order;
}

function checkRoles(template: Template, tables: Map<string, PlannedTable>, problems: Problems) {
  const names = new Set<string>();
  const keys = new Set<string>();
  (template.roles ?? []).forEach((role, r) => {
    const path = `roles.${r}`;
    if (builtInRoleNames.includes(role.name))
      problems.add(
        `${path}.name`,
        `'${role.name}' is a built-in role; give the template's role another name`,
      );
    else if (names.has(role.name)) problems.add(`${path}.name`, `another role is named '${role.name}'`);
    if (keys.has(role.templateKey))
      problems.add(`${path}.templateKey`, `another role has the key '${role.templateKey}'`);
    names.add(role.name);
    keys.add(role.templateKey);
    for (const [tableName, permission] of Object.entries(role.tables)) {
      const table = tables.get(tableName);
      if (!table) {
        problems.add(`${path}.tables.${tableName}`, `there is no table '${tableName}'`, 'unknown_table');
        continue;
      }
      for (const fieldName of Object.keys(permission?.fields ?? {}))
        if (!table.fields.has(fieldName))
          problems.add(
            `${path}.tables.${tableName}.fields.${fieldName}`,
            `table '${tableName}' has no field '${fieldName}'`,
            'unknown_field',
          );
    }
  });
}

/**
 * Workflow names and keys, the action types nested in branches and approval outcomes (the
 * schema frames only the top-level actions), the teams they address and the forms they link to.
 */
function checkWorkflows(template: Template, tables: Map<string, PlannedTable>, problems: Problems) {
  const names = new Set<string>();
  const keys = new Set<string>();
  const teams = new Set((template.teams ?? []).map((t) => t.name));
  (template.workflows ?? []).forEach((workflow, w) => {
    const path = `workflows.${w}`;
    if (names.has(workflow.name))
      problems.add(`${path}.name`, `another workflow is named '${workflow.name}'`);
    if (keys.has(workflow.templateKey))
      problems.add(`${path}.templateKey`, `another workflow has the key '${workflow.templateKey}'`);
    names.add(workflow.name);
    keys.add(workflow.templateKey);
    checkActionTypes(workflow.actions as WorkflowAction[], `${path}.actions`, problems);
    for (const { team, path: where } of teamReferences(workflow.actions))
      if (!teams.has(team))
        problems.add(
          `${path}.${where}`,
          `team '${team}' is not among the template's teams; declare it in 'teams'`,
          'unknown_team',
        );
    for (const form of formReferences(workflow.actions)) {
      const view = tables.get(form.table)?.source.views?.find((v) => v.name === form.view);
      if (view?.type !== 'form' || !view.form?.public)
        problems.add(
          `${path}.${form.path}`,
          `[[form:${form.table}.${form.view}]] names no public form: table '${form.table}' has no public form view '${form.view}'`,
          'unknown_form',
        );
    }
  });
}

function checkActionTypes(actions: WorkflowAction[], path: string, problems: Problems) {
  actions.forEach((action, i) => {
    const where = `${path}.${i}`;
    const type = (action as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !Object.hasOwn(actionModules, type)) {
      problems.add(
        `${where}.type`,
        `unknown action type ${JSON.stringify(type)}; use one of ${Object.keys(actionModules).join(', ')}`,
        'unknown_action_type',
      );
      return;
    }
    for (const nested of actionModules[action.type].nested?.(action) ?? [])
      checkActionTypes(nested.actions, `${where}.${nested.key}`, problems);
  });
}
