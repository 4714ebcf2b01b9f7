// Gives the triggering record an owner: round-robin within a team (or a list of people), the
// least-loaded of them, or the first rule whose condition holds (e.g. by region).

import type { ActionModule } from '../types.ts';
import { requireRecord, resolvePeople, settingError, teamMembers } from './shared.ts';

interface Rule {
  condition: unknown;
  user: string;
}

export const assignOwner: ActionModule = {
  type: 'assign_owner',
  transactional: true,
  settings: {
    type: 'object',
    required: ['strategy'],
    properties: {
      strategy: { enum: ['round_robin', 'least_loaded', 'rule'] },
      team: { type: 'string' },
      users: { type: 'array', items: { type: 'string' } },
      rules: { type: 'array', items: { type: 'object', required: ['condition', 'user'] } },
      /** The user field to set; the table's owner field when absent. */
      field: { type: 'string' },
      /** least_loaded counts only records matching this filter (e.g. open deals). */
      openFilter: {},
    },
  },
  check: (action, _app, table, where) => {
    if (!table) throw settingError(where, 'needs a trigger with a table');
    const name = (action.field as string | undefined) ?? table.owner?.doc.name;
    const field = name ? table.byName.get(name) : undefined;
    if (!field || field.doc.type !== 'user')
      throw settingError(
        `${where}.field`,
        `table '${table.doc.name}' has no user field to assign${name ? ` named '${name}'` : ''}`,
      );
    if (action.strategy !== 'rule' && !action.team && !(Array.isArray(action.users) && action.users.length))
      throw settingError(where, `${String(action.strategy)} needs a team or a list of users`);
  },
  run: async (context, action) => {
    const { table, record } = requireRecord(context, 'assign_owner');
    const fieldName = (action.field as string | undefined) ?? table.owner!.doc.name;
    let chosen: string | undefined;
    if (action.strategy === 'rule') {
      for (const rule of (action.rules ?? []) as Rule[])
        if (await context.holds(rule.condition)) {
          chosen = (await resolvePeople(context, rule.user))[0];
          if (chosen) break;
        }
    } else {
      const candidates = action.team
        ? teamMembers(context, String(action.team))
        : await resolvePeople(context, action.users);
      if (candidates.length === 0)
        throw settingError('assign_owner', 'nobody to assign: the team or list has no active members');
      if (action.strategy === 'round_robin') {
        const key = `rr:${context.workflow.id}:${context.path}`;
        const row = context.engine.store.prepare('SELECT value FROM workflow_state WHERE key = ?').get(key) as
          | { value: string }
          | undefined;
        const last = row ? candidates.indexOf(row.value) : -1;
        chosen = candidates[(last + 1) % candidates.length];
        if (!context.dryRun)
          context.engine.store
            .prepare('INSERT OR REPLACE INTO workflow_state (key, value) VALUES (?, ?)')
            .run(key, chosen);
      } else {
        const loads = new Map(candidates.map((id) => [id, 0]));
        const filter = action.openFilter
          ? { and: [action.openFilter, { field: fieldName, op: 'in', value: candidates }] }
          : { field: fieldName, op: 'in', value: candidates };
        const counts = context.engine.query.aggregate(context.actor, context.app.doc.id, table.doc.id, {
          filter,
          groupBy: [fieldName],
        });
        for (const group of counts.groups) {
          const id = group.key[fieldName];
          if (typeof id === 'string' && loads.has(id)) loads.set(id, group.count);
        }
        chosen = [...loads.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]?.[0];
      }
    }
    if (!chosen) return { output: { assigned: null, reason: 'no rule matched' } };
    if (context.dryRun) return { output: { wouldAssign: chosen, field: fieldName } };
    context.record = await context.engine.records.update(
      context.actor,
      context.app.doc.id,
      table.doc.id,
      record.id,
      { fields: { [fieldName]: chosen } },
    );
    return { output: { assigned: chosen, field: fieldName } };
  },
};
