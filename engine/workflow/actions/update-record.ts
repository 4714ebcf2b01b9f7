// Changes fields of the triggering record.
import type { ActionModule } from '../types.ts';
import { checkFieldNames, requireRecord, resolveFields, settingError } from './shared.ts';

export const updateRecord: ActionModule = {
  type: 'update_record',
  transactional: true,
  settings: {
    type: 'object',
    required: ['fields'],
    properties: { fields: { type: 'object' } },
  },
  check: (action, _app, table, where) => {
    if (!table) throw settingError(where, 'needs a trigger with a table');
    checkFieldNames(table, action.fields, `${where}.fields`);
  },
  run: async (context, action) => {
    const { table, record } = requireRecord(context, 'update_record');
    const fields = await resolveFields(context, action.fields);
    if (context.dryRun) return { output: { wouldUpdate: record.id, fields } };
    const updated = await context.engine.records.update(
      context.actor,
      context.app.doc.id,
      table.doc.id,
      record.id,
      { fields },
    );
    context.record = updated;
    return { output: { id: updated.id, fields } };
  },
};
