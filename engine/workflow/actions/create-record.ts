// Creates a record in any table of the app, optionally linked to the triggering record.
import type { ActionModule } from '../types.ts';
import { checkFieldNames, resolveFields, settingError, tableOf } from './shared.ts';

export const createRecord: ActionModule = {
  type: 'create_record',
  transactional: true,
  settings: {
    type: 'object',
    required: ['table'],
    properties: {
      table: { type: 'string' },
      fields: { type: 'object' },
      /** The new record's link field that points back at the triggering record. */
      linkField: { type: 'string' },
    },
  },
  check: (action, app, trigger, where) => {
    const table = tableOf(app, action.table, `${where}.table`);
    checkFieldNames(table, action.fields ?? {}, `${where}.fields`);
    if (action.linkField !== undefined) {
      const link = table.byName.get(String(action.linkField));
      if (!link?.link)
        throw settingError(
          `${where}.linkField`,
          `'${String(action.linkField)}' is not a link field of '${table.doc.name}'`,
        );
      if (trigger && link.link.target !== trigger)
        throw settingError(`${where}.linkField`, `'${link.doc.name}' does not link to '${trigger.doc.name}'`);
    }
  },
  run: async (context, action) => {
    const table = tableOf(context.app, action.table, 'create_record.table');
    const fields = await resolveFields(context, action.fields);
    if (typeof action.linkField === 'string' && context.record)
      fields[action.linkField] = [context.record.id];
    if (context.dryRun) return { output: { wouldCreateIn: table.doc.name, fields } };
    const created = await context.engine.records.create(context.actor, context.app.doc.id, table.doc.id, {
      fields,
    });
    return { output: { id: created.id, table: table.doc.name } };
  },
};
