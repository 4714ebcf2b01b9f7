// Helpers the action modules share: resolving field values and people, durations, and
// errors that name the action setting at fault.
import { Invalid } from '../../errors.ts';
import type { AppModel, TableModel } from '../../meta/model.ts';
import type { WorkflowAction } from '../../schema/workflow.ts';
import type { ActionContext } from '../types.ts';

export function settingError(where: string, message: string): Invalid {
  return new Invalid('invalid_workflow', `${where}: ${message}`, [
    { field: where, message, code: 'invalid_workflow' },
  ]);
}

export function tableOf(app: AppModel, name: unknown, where: string): TableModel {
  const table = typeof name === 'string' ? app.tablesByName.get(name) : undefined;
  if (!table) throw settingError(where, `app '${app.doc.name}' has no table '${String(name)}'`);
  return table;
}

export function checkFieldNames(table: TableModel, fields: unknown, where: string): void {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
    throw settingError(where, 'must be an object of field names to values');
  for (const name of Object.keys(fields)) {
    const field = table.byName.get(name);
    if (!field) throw settingError(`${where}.${name}`, `table '${table.doc.name}' has no field '${name}'`);
    if (field.type.readOnly)
      throw settingError(`${where}.${name}`, `'${name}' is computed and cannot be set`);
  }
}

/** Field values for a record write: each literal or {"expr"} resolved against the triggering record. */
export async function resolveFields(
  context: ActionContext,
  fields: unknown,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries((fields ?? {}) as Record<string, unknown>))
    out[name] = await context.value(setting);
  return out;
}

export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
}

export const durationSchema = {
  type: 'object',
  properties: { days: { type: 'number' }, hours: { type: 'number' }, minutes: { type: 'number' } },
  additionalProperties: false,
} as const;

export function durationMs(duration: Duration | undefined): number {
  if (!duration) return 0;
  return ((duration.days ?? 0) * 24 * 60 + (duration.hours ?? 0) * 60 + (duration.minutes ?? 0)) * 60_000;
}

/**
 * People an action addresses: user ids, "$owner" (the record's owner), "$manager" (the owner's
 * manager), "$actor" (who the run acts as), "team:<name>" (every active member of a team and
 * its sub-teams), or {"expr"} giving ids.
 */
export async function resolvePeople(context: ActionContext, spec: unknown): Promise<string[]> {
  const items = Array.isArray(spec) ? spec : [spec];
  const people = context.engine.people;
  const out = new Set<string>();
  const owner = () => {
    const field = context.table?.owner;
    const value = field ? context.record?.fields[field.doc.name] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  for (const item of items) {
    const value = typeof item === 'object' && item !== null ? await context.value(item) : item;
    for (const entry of Array.isArray(value) ? value : [value]) {
      if (typeof entry !== 'string' || entry === '') continue;
      if (entry === '$owner') {
        const id = owner();
        if (id) out.add(id);
      } else if (entry === '$manager') {
        const id = owner();
        const manager = id ? people.findUserRow(id)?.managerId : undefined;
        if (manager) out.add(manager);
      } else if (entry === '$actor') {
        if (context.actor.userId) out.add(context.actor.userId);
      } else if (entry.startsWith('team:')) {
        for (const id of teamMembers(context, entry.slice(5))) out.add(id);
      } else out.add(entry);
    }
  }
  return [...out].filter((id) => people.findUserRow(id)?.active);
}

export function teamMembers(context: ActionContext, teamRef: string): string[] {
  const people = context.engine.people;
  const team = people.team(teamRef);
  const teams = new Set(people.teamAndBelow(team.id));
  return people
    .listUsers()
    .filter((u) => u.active && u.team !== null && teams.has(u.team))
    .map((u) => u.id)
    .sort();
}

export function nestedOf(
  action: WorkflowAction,
  ...keys: string[]
): { key: string; actions: WorkflowAction[] }[] {
  return keys.map((key) => ({
    key,
    actions: (Array.isArray(action[key]) ? action[key] : []) as WorkflowAction[],
  }));
}

export function requireRecord(context: ActionContext, what: string) {
  if (!context.table || !context.record)
    throw new Invalid('no_record', `${what} needs a triggering record; this run has none.`);
  return { table: context.table, record: context.record };
}
