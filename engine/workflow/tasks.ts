// Tasks: to-dos for a person with a due time and a reminder, usually about a record. Workflows
// create them (create_task); people list theirs, add their own and tick them off.
import type { Actor } from '../access/actor.ts';
import { Forbidden, Invalid, NotFound } from '../errors.ts';
import type { Engine } from '../index.ts';
import { compile } from '../schema/index.ts';
import type { Checker } from '../schema/validator.ts';

interface TaskRow {
  id: number;
  app_id: string;
  table_id: string | null;
  record_id: number | null;
  title: string;
  notes: string | null;
  assignee_id: string | null;
  due_at: number | null;
  remind_at: number | null;
  done_at: number | null;
  created_by: string | null;
  created_at: number;
  table_name: string | null;
}

interface TaskInput {
  app: string;
  title: string;
  notes?: string;
  assignee?: string;
  due?: string;
  remind?: string;
  table?: string;
  record?: string;
}

const taskInput: Checker<TaskInput> = compile<TaskInput>({
  type: 'object',
  required: ['app', 'title'],
  properties: {
    app: { type: 'string' },
    title: { type: 'string', minLength: 1, maxLength: 500 },
    notes: { type: 'string', maxLength: 10_000 },
    assignee: { type: 'string' },
    due: { type: 'string', format: 'date-time' },
    remind: { type: 'string', format: 'date-time' },
    table: { type: 'string' },
    record: { type: 'string' },
  },
  additionalProperties: false,
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class Tasks {
  constructor(private readonly engine: Engine) {}

  private toTask(row: TaskRow) {
    return {
      id: row.id,
      app: row.app_id,
      table: row.table_name,
      record: row.record_id === null ? null : String(row.record_id),
      title: row.title,
      notes: row.notes,
      assignee: row.assignee_id,
      due: iso(row.due_at),
      remind: iso(row.remind_at),
      done: iso(row.done_at),
      createdBy: row.created_by,
      createdAt: iso(row.created_at),
    };
  }

  private select(where: string) {
    return `SELECT t.*, m.name AS table_name FROM tasks t LEFT JOIN metadata m ON m.id = t.table_id WHERE ${where}`;
  }

  list(userId: string, options: { open?: boolean } = {}) {
    const rows = this.engine.store.reader
      .prepare(
        this.select(`t.assignee_id = ?${options.open === false ? '' : ' AND t.done_at IS NULL'}`) +
          ' ORDER BY coalesce(t.due_at, 9e15), t.id LIMIT 500',
      )
      .all(userId) as TaskRow[];
    return rows.map((r) => this.toTask(r));
  }

  forRecord(tableId: string, recordId: number) {
    return (
      this.engine.store.reader
        .prepare(`${this.select('t.table_id = ? AND t.record_id = ?')} ORDER BY t.id`)
        .all(tableId, recordId) as TaskRow[]
    ).map((r) => this.toTask(r));
  }

  async create(actor: Actor, input: unknown) {
    taskInput.assert(input, 'task');
    const app = this.engine.metadata.registry.app(input.app);
    let tableId: string | null = null;
    let recordId: number | null = null;
    if (input.table) {
      const table = this.engine.metadata.registry.table(app, input.table);
      if (input.record) {
        const record = await this.engine.records.get(actor, app.doc.id, table.doc.id, input.record);
        recordId = Number(record.id);
      }
      tableId = table.doc.id;
    }
    const assignee = input.assignee ?? actor.userId;
    if (assignee) this.engine.people.user(assignee);
    const due = input.due ? Date.parse(input.due) : null;
    const remind = input.remind ? Date.parse(input.remind) : due;
    const id = await this.engine.store.write(
      () =>
        this.engine.store
          .prepare(
            'INSERT INTO tasks (app_id, table_id, record_id, title, notes, assignee_id, due_at, remind_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            app.doc.id,
            tableId,
            recordId,
            input.title,
            input.notes ?? null,
            assignee,
            due,
            remind,
            actor.userId,
            this.engine.now(),
          ).lastInsertRowid,
    );
    return this.get(Number(id));
  }

  get(id: number) {
    const row = this.engine.store.prepare(this.select('t.id = ?')).get(id) as TaskRow | undefined;
    if (!row) throw new NotFound('task_not_found', `There is no task ${id}.`);
    return this.toTask(row);
  }

  /** Ticks a task off (or reopens it), changes its due time or hands it to someone else. */
  async update(actor: Actor, id: number, patch: unknown) {
    if (typeof patch !== 'object' || patch === null)
      throw new Invalid('invalid_body', 'Send the task fields to change.');
    const { done, due, assignee, title } = patch as {
      done?: unknown;
      due?: unknown;
      assignee?: unknown;
      title?: unknown;
    };
    const task = this.get(id);
    if (!actor.isAdmin && task.assignee !== actor.userId && task.createdBy !== actor.userId)
      throw new Forbidden('forbidden', 'Only its assignee or creator may change a task.');
    if (done !== undefined && typeof done !== 'boolean')
      throw new Invalid('invalid_done', "'done' is true or false.", [
        { field: 'done', message: 'must be true or false' },
      ]);
    if (due !== undefined && due !== null && (typeof due !== 'string' || Number.isNaN(Date.parse(due))))
      throw new Invalid('invalid_due', "'due' is an ISO date-time.", [
        { field: 'due', message: 'must be an ISO date-time' },
      ]);
    if (title !== undefined && (typeof title !== 'string' || title.trim() === ''))
      throw new Invalid('invalid_title', "'title' must be text.", [
        { field: 'title', message: 'must be text' },
      ]);
    if (assignee !== undefined && assignee !== null) this.engine.people.user(String(assignee));
    await this.engine.store.write(() => {
      const s = this.engine.store;
      if (done !== undefined)
        s.prepare('UPDATE tasks SET done_at = ? WHERE id = ?').run(done ? this.engine.now() : null, id);
      if (due !== undefined)
        s.prepare('UPDATE tasks SET due_at = ?, remind_at = ?, reminded_at = NULL WHERE id = ?').run(
          due === null ? null : Date.parse(String(due)),
          due === null ? null : Date.parse(String(due)),
          id,
        );
      if (assignee !== undefined)
        s.prepare('UPDATE tasks SET assignee_id = ? WHERE id = ?').run(assignee, id);
      if (typeof title === 'string')
        s.prepare('UPDATE tasks SET title = ? WHERE id = ?').run(title.trim(), id);
    });
    return this.get(id);
  }
}
