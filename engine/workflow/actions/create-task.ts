// Creates a task (a to-do for a person, about the triggering record) with a due date and a
// reminder; the reminder arrives in the assignee's inbox when its time comes.
import type { ActionModule } from '../types.ts';
import { durationMs, durationSchema, resolvePeople } from './shared.ts';

export const createTask: ActionModule = {
  type: 'create_task',
  transactional: true,
  settings: {
    type: 'object',
    required: ['title'],
    properties: {
      title: { type: 'string', minLength: 1 },
      notes: { type: 'string' },
      assignee: {},
      /** Due this long after the run, e.g. {"days": 2}. */
      dueIn: durationSchema,
      /** Remind this long before it is due (default: when due). */
      remindBefore: durationSchema,
    },
  },
  run: async (context, action) => {
    const title = await context.text(action.title);
    const notes = action.notes === undefined ? null : await context.text(action.notes);
    const assignee = (await resolvePeople(context, action.assignee ?? '$owner'))[0] ?? null;
    const dueAt = action.dueIn ? context.now + durationMs(action.dueIn as object) : null;
    const remindAt = dueAt === null ? null : dueAt - durationMs(action.remindBefore as object | undefined);
    const task = {
      title,
      notes,
      assignee,
      dueAt: dueAt && new Date(dueAt).toISOString(),
      remindAt: remindAt && new Date(remindAt).toISOString(),
    };
    if (context.dryRun) return { output: { wouldCreateTask: task } };
    const result = context.engine.store
      .prepare(
        'INSERT INTO tasks (app_id, table_id, record_id, title, notes, assignee_id, due_at, remind_at, created_by, created_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        context.app.doc.id,
        context.table?.doc.id ?? null,
        context.record ? Number(context.record.id) : null,
        title,
        notes,
        assignee,
        dueAt,
        remindAt,
        context.actor.userId,
        context.now,
        context.run.id,
      );
    return { output: { taskId: Number(result.lastInsertRowid), ...task } };
  },
};
