// The workflow engine: turns committed events into runs, runs them as durable jobs, and
// keeps time-based triggers (dates, schedules, reminders) moving. One `tick` does all due
// work; the server calls it after commits and on a timer, tests call it with their own clock.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Cron } from 'croner';
import type { Actor } from '../access/actor.ts';
import { maskTable } from '../access/mask.ts';
import { accessFor } from '../access/policy.ts';
import { openValues } from '../crypto/values.ts';
import { Conflict, Forbidden, Invalid, NotFound, RapportError } from '../errors.ts';
import type { OutboxEvent } from '../events/outbox.ts';
import type { Engine } from '../index.ts';
import type { AppModel, TableModel } from '../meta/model.ts';
import { startOfDayMs } from '../query/relative-dates.ts';
import { ident } from '../query/sql.ts';
import type { ApiRecord } from '../records/reader.ts';
import { readRecords } from '../records/reader.ts';
import type { WorkflowAction, WorkflowDoc } from '../schema/workflow.ts';
import { actionModules } from './actions/index.ts';
import { Approvals } from './approvals.ts';
import { actionContext, type ContextSeed } from './context.ts';
import { WorkflowDefinitions } from './definitions.ts';
import { Mailer, type MailOptions } from './mailer.ts';
import { Inbox } from './notifications.ts';
import { backoffMs, maxAttempts, RetryableError } from './retry.ts';
import { Tasks } from './tasks.ts';
import type { ActionResult, RunInput, RunRow, StepState } from './types.ts';

/** A rule whose actions trigger it again stops after this many links in the chain. */
export const maxDepth = 5;

/**
 * Events routed per transaction. Routing never waits on I/O (SQLite is synchronous and so, in
 * effect, is JSONata), so a batch holds the event loop: small batches, with a turn of the loop
 * between them, keep a backlog (an import, a bulk edit) from stalling the server's requests.
 */
const dispatchBatch = 50;

/** Events read at a time while passing over events no rule can use (see anyRouting). */
const passBatch = 1000;

/** How often events passed over without routing are saved as read. */
const passSaveMs = 1000;

interface RunRecord {
  id: number;
  app_id: string;
  workflow_id: string;
  status: string;
  trigger_type: string;
  event_key: string;
  table_id: string | null;
  record_id: number | null;
  depth: number;
  input: string | null;
  dry_run: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  next_at: number;
  attempts: number;
  error: string | null;
}

export interface StepReport {
  path: string;
  type: string;
  status: string;
  input?: unknown;
  output?: unknown;
  error?: string | null;
}

const eventTriggers: Record<string, WorkflowDoc['trigger']['type']> = {
  'record.created': 'record_created',
  'record.updated': 'record_updated',
  'record.deleted': 'record_deleted',
  'form.submitted': 'form_submitted',
};

class Waiting {
  constructor(readonly until: number) {}
}

type UserRow = NonNullable<ReturnType<Engine['people']['findUserRow']>>;

/**
 * What routing a batch of events would otherwise read once per rule per event: when each rule
 * was switched on and who each rule acts as. Valid for one batch only — the batch runs in one
 * write, so no rule is switched on or off while it is routed.
 */
interface RouteBatch {
  since: Map<string, number>;
  users: Map<string, UserRow | undefined>;
}

export class WorkflowService {
  readonly definitions: WorkflowDefinitions;
  readonly inbox: Inbox;
  readonly approvals: Approvals;
  readonly mailer: Mailer;
  readonly tasks: Tasks;
  private ticking: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  /** The last event passed over without routing (see anyRouting), and when that was last saved. */
  private passedTo = 0;
  private passSavedAt = 0;

  constructor(
    private readonly engine: Engine,
    options: { mail?: MailOptions } = {},
  ) {
    this.mailer = new Mailer(options.mail);
    this.tasks = new Tasks(engine);
    this.inbox = new Inbox(engine.store, engine.now);
    this.approvals = new Approvals(engine.store, this.inbox, engine.now, () => this.kick());
    this.definitions = new WorkflowDefinitions(
      engine.store,
      engine.metadata.registry,
      engine.now,
      (app, workflow, previous) => this.definitionChanged(app, workflow, previous),
    );
    engine.records.guards.push((table, recordId, fields, operation) =>
      this.guardLocked(table, recordId, fields, operation),
    );
    // A new installation starts from now: history is not replayed into rules.
    engine.store.writer
      .prepare("INSERT OR IGNORE INTO workflow_state (key, value) VALUES ('cursor', ?)")
      .run(String(engine.outbox.lastId()));
  }

  /** Starts background processing: resumes runs a crash interrupted, then ticks after commits and every second. */
  start(intervalMs = 1000): void {
    this.engine.store.writer
      .prepare("UPDATE workflow_runs SET status = 'queued' WHERE status = 'running'")
      .run();
    this.unsubscribe = this.engine.outbox.subscribe(() => this.kick());
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    this.mailer.close();
    await this.ticking;
    if (this.passedTo > this.cursor()) await this.savePass();
  }

  private kick(): void {
    if (this.timer === undefined) return;
    this.tick().catch((error) => console.error('workflow tick failed', error));
  }

  /**
   * Does all due work. Concurrent calls coalesce: a call during a tick runs one more pass after
   * it. A tick follows every commit, so its queries are the store's cached statements.
   */
  tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      try {
        for (let pass = 0; pass < 20; pass++) {
          this.again = false;
          const dispatched = await this.dispatch();
          const fired = (await this.fireDates()) + (await this.fireSchedules());
          await this.remindTasks();
          const ran = await this.runDue();
          if (!this.again && dispatched === 0 && fired === 0 && ran === 0) break;
        }
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }

  // ---- events → runs ----------------------------------------------------------------------

  private cursor(): number {
    const row = this.engine.store.prepare("SELECT value FROM workflow_state WHERE key = 'cursor'").get() as {
      value: string;
    };
    return Number(row.value);
  }

  private async dispatch(): Promise<number> {
    let total = 0;
    let limit = dispatchBatch;
    for (let batches = 0; ; batches++) {
      if (batches > 0) await nextTurn();
      const saved = this.cursor();
      const after = Math.max(saved, this.passedTo);
      const events = this.engine.outbox.read(after, limit);
      if (events.length === 0) {
        if (this.passedTo > saved && this.engine.now() - this.passSavedAt >= passSaveMs)
          await this.savePass();
        return total;
      }
      if (!this.anyRouting(events)) {
        this.passedTo = events[events.length - 1]!.id;
        // Passing over is cheap: a backlog of such events (an import's) goes in larger steps.
        limit = passBatch;
        continue;
      }
      if (events.length > dispatchBatch) {
        // Some of them need routing: that goes in the small batches again.
        limit = dispatchBatch;
        continue;
      }
      const mail: OutboxEvent[] = [];
      await this.engine.store.write(async () => {
        const batch = this.routeBatch();
        for (const event of events) {
          if (event.type === 'mail.requested') mail.push(event);
          else await this.route(event, batch);
        }
        this.engine.store
          .prepare("UPDATE workflow_state SET value = ? WHERE key = 'cursor'")
          .run(String(events[events.length - 1]!.id));
      });
      for (const event of mail) await this.sendRequestedMail(event);
      total += events.length;
    }
  }

  /**
   * Whether routing could do anything with these events. Most writes meet no rule (apps without
   * workflows, imports): those events are passed over without a write of their own, which
   * would otherwise double the commits of a busy server.
   */
  private anyRouting(events: OutboxEvent[]): boolean {
    for (const event of events) {
      if (event.type === 'mail.requested') return true;
      const app = this.engine.metadata.registry.findApp(event.appId);
      if (app && app.workflows.length > 0) return true;
    }
    // A run waiting for a record to change looks again when any record changes.
    return (
      this.engine.store.prepare("SELECT 1 FROM workflow_runs WHERE status = 'waiting' LIMIT 1").get() !==
      undefined
    );
  }

  /**
   * Events passed over are remembered in memory and saved now and then: after a crash they
   * are read again, and passed over again.
   */
  private async savePass(): Promise<void> {
    const to = this.passedTo;
    await this.engine.store.write(() =>
      this.engine.store
        .prepare("UPDATE workflow_state SET value = ? WHERE key = 'cursor' AND CAST(value AS INTEGER) < ?")
        .run(String(to), to),
    );
    this.passSavedAt = this.engine.now();
  }

  private async sendRequestedMail(event: OutboxEvent) {
    const message = event.payload as { to: string; subject: string; text: string; messageId?: string };
    if (!this.mailer.configured) return;
    try {
      await this.mailer.send(message);
    } catch (error) {
      console.error(`could not e-mail ${message.to}: ${(error as Error).message}`);
    }
  }

  private routeBatch(): RouteBatch {
    const rows = this.engine.store
      .prepare("SELECT key, value FROM workflow_state WHERE key LIKE 'since:%'")
      .all() as { key: string; value: string }[];
    return {
      since: new Map(rows.map((r) => [r.key.slice('since:'.length), Number(r.value)])),
      users: new Map(),
    };
  }

  private async route(event: OutboxEvent, batch: RouteBatch) {
    const app = this.engine.metadata.registry.findApp(event.appId);
    if (!app || !event.tableId) return;
    const table = app.tables.find((t) => t.doc.id === event.tableId);
    if (!table) return;
    if (event.type === 'records.recomputed') {
      await this.routeRecomputed(app, table, event, batch);
      return;
    }
    if (event.recordId === null) return;
    if (event.type.startsWith('record.')) {
      this.replanDates(app, table, [event.recordId], event.type === 'record.deleted');
      // A run waiting for this record to change looks again now.
      this.engine.store
        .prepare(
          "UPDATE workflow_runs SET next_at = ? WHERE status = 'waiting' AND table_id = ? AND record_id = ? AND next_at > ?",
        )
        .run(this.engine.now(), table.doc.id, event.recordId, this.engine.now());
    }
    const triggerType = eventTriggers[event.type];
    if (!triggerType) return;
    // Read once, and only when a rule is triggered: most events (an import's) trigger none.
    let read: ReturnType<typeof this.auditOf> | undefined;
    const audit = () => (read ??= this.auditOf(event, table));
    // Read once for all the rules whose conditions look at it: routing changes no record.
    let record: ApiRecord | null | undefined;
    for (const workflow of app.workflows) {
      if (
        !workflow.enabled ||
        workflow.trigger.type !== triggerType ||
        workflow.trigger.table !== table.doc.name
      )
        continue;
      if (event.id <= (batch.since.get(workflow.id) ?? 0)) continue;
      if (triggerType === 'form_submitted' && workflow.trigger.form !== event.payload.form) continue;
      if (triggerType === 'record_updated' && workflow.trigger.fields?.length) {
        const changed = new Set(Object.keys(audit().after ?? {}));
        if (!workflow.trigger.fields.some((f) => changed.has(f))) continue;
      }
      const input: RunInput = { before: audit().before, after: audit().after };
      const depth = typeof event.payload.depth === 'number' ? event.payload.depth + 1 : 0;
      if (depth <= maxDepth && workflow.condition !== undefined) {
        record ??=
          event.type === 'record.deleted'
            ? null
            : (readRecords(this.engine.store, table, [event.recordId]).get(event.recordId) ?? null);
        const seed = this.seed(
          app,
          workflow,
          this.fakeRun(workflow, table, event.recordId, depth),
          table,
          record,
          input,
          false,
          batch.users,
        );
        let holds: boolean;
        try {
          holds = await actionContext(seed, 'condition').holds(workflow.condition);
        } catch (error) {
          this.insertRun(workflow, app, {
            triggerType,
            eventKey: `${workflow.id}:${event.id}`,
            table,
            recordId: event.recordId,
            depth,
            input,
            status: 'failed',
            error: `condition: ${(error as Error).message}`,
          });
          continue;
        }
        if (!holds) continue;
      }
      this.insertRun(workflow, app, {
        triggerType,
        eventKey: `${workflow.id}:${event.id}`,
        table,
        recordId: event.recordId,
        depth,
        input,
        ...(depth > maxDepth
          ? {
              status: 'failed' as const,
              error: `Stopped: this rule was set off by its own changes ${maxDepth} times in a chain (loop protection). Check that its actions do not re-trigger it.`,
            }
          : {}),
      });
    }
  }

  /**
   * Lookups, rollups and the other side of links change without anyone writing the record; a
   * rule watching those fields (e.g. "when the account's pipeline passes 1M") runs for them.
   */
  private async routeRecomputed(app: AppModel, table: TableModel, event: OutboxEvent, batch: RouteBatch) {
    const fields = new Set((event.payload.fields as string[] | undefined) ?? []);
    const depth = typeof event.payload.depth === 'number' ? event.payload.depth + 1 : 0;
    for (const workflow of app.workflows) {
      const trigger = workflow.trigger;
      if (!workflow.enabled || trigger.type !== 'record_updated' || trigger.table !== table.doc.name)
        continue;
      if (event.id <= (batch.since.get(workflow.id) ?? 0)) continue;
      if (!trigger.fields?.some((f) => fields.has(f))) continue;
      for (const recordId of (event.payload.records as number[] | undefined) ?? []) {
        if (depth <= maxDepth && !(await this.conditionHolds(app, workflow, table, recordId))) continue;
        this.insertRun(workflow, app, {
          triggerType: 'record_updated',
          eventKey: `${workflow.id}:${event.id}:${recordId}`,
          table,
          recordId,
          depth,
          input: { after: null, before: null },
          ...(depth > maxDepth
            ? {
                status: 'failed' as const,
                error: `Stopped: this rule was set off by its own changes ${maxDepth} times in a chain (loop protection).`,
              }
            : {}),
        });
      }
    }
  }

  private auditOf(
    event: OutboxEvent,
    table: TableModel,
  ): {
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  } {
    const auditId = event.payload.auditId;
    if (typeof auditId !== 'number') return { before: null, after: null };
    const row = this.engine.store.prepare('SELECT before, after FROM audit WHERE id = ?').get(auditId) as
      | { before: string | null; after: string | null }
      | undefined;
    return {
      before: row?.before ? openValues(table, JSON.parse(row.before)) : null,
      after: row?.after ? openValues(table, JSON.parse(row.after)) : null,
    };
  }

  private insertRun(
    workflow: WorkflowDoc,
    app: AppModel,
    run: {
      triggerType: string;
      eventKey: string;
      table: TableModel | null;
      recordId: number | null;
      depth: number;
      input: RunInput;
      status?: 'queued' | 'failed';
      error?: string;
    },
  ): number | undefined {
    const now = this.engine.now();
    const status = run.status ?? 'queued';
    const result = this.engine.store
      .prepare(
        'INSERT OR IGNORE INTO workflow_runs (app_id, workflow_id, status, trigger_type, event_key, table_id, record_id, depth, input, created_at, next_at, finished_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        app.doc.id,
        workflow.id,
        status,
        run.triggerType,
        run.eventKey,
        run.table?.doc.id ?? null,
        run.recordId,
        run.depth,
        JSON.stringify(run.input),
        now,
        now,
        status === 'failed' ? now : null,
        run.error ?? null,
      );
    return result.changes ? Number(result.lastInsertRowid) : undefined;
  }

  // ---- time-based triggers ----------------------------------------------------------------

  private definitionChanged(
    app: AppModel,
    workflow: WorkflowDoc | undefined,
    previous: WorkflowDoc | undefined,
  ) {
    const id = workflow?.id ?? previous!.id;
    // A rule reacts to what happens after it is switched on, never to earlier events.
    if (workflow?.enabled && !previous?.enabled)
      this.engine.store
        .prepare('INSERT OR REPLACE INTO workflow_state (key, value) VALUES (?, ?)')
        .run(`since:${id}`, String(this.engine.outbox.lastIdInWrite()));
    this.engine.store.prepare('DELETE FROM workflow_dates WHERE workflow_id = ?').run(id);
    this.engine.store.prepare('DELETE FROM workflow_state WHERE key = ?').run(`cron:${id}`);
    if (!workflow) {
      this.engine.store
        .prepare(
          "UPDATE workflow_runs SET status = 'cancelled', finished_at = ? WHERE workflow_id = ? AND status IN ('queued', 'waiting')",
        )
        .run(this.engine.now(), id);
      return;
    }
    if (workflow.enabled && workflow.trigger.type === 'date_reached') {
      const table = app.tablesByName.get(workflow.trigger.table!);
      if (table) this.planDates(app, workflow, table, 'all');
    }
  }

  private replanDates(app: AppModel, table: TableModel, ids: number[], deleted: boolean) {
    for (const workflow of app.workflows) {
      if (workflow.trigger.type !== 'date_reached' || workflow.trigger.table !== table.doc.name) continue;
      for (const id of ids)
        this.engine.store
          .prepare('DELETE FROM workflow_dates WHERE workflow_id = ? AND record_id = ?')
          .run(workflow.id, id);
      if (!deleted && workflow.enabled) this.planDates(app, workflow, table, ids);
    }
  }

  /** When a date trigger fires for each record: the date (at the set hour, in the app's time zone) plus the offset. */
  private planDates(app: AppModel, workflow: WorkflowDoc, table: TableModel, ids: number[] | 'all') {
    const field = table.byName.get(workflow.trigger.dateField!);
    if (!field?.column) return;
    const zone = app.doc.timeZone ?? 'UTC';
    const offset = workflow.trigger.offset ?? {};
    const offsetMs = ((offset.days ?? 0) * 1440 + (offset.hours ?? 0) * 60 + (offset.minutes ?? 0)) * 60_000;
    const select = `SELECT id, ${ident(field.column)} AS v FROM ${ident(table.sql)} WHERE ${ident(field.column)} IS NOT NULL`;
    const rows = (
      ids === 'all'
        ? this.engine.store.prepare(select).all()
        : ids.flatMap((id) => this.engine.store.prepare(`${select} AND id = ?`).all(id))
    ) as { id: number; v: string | number }[];
    const now = this.engine.now();
    const insert = this.engine.store.prepare(
      'INSERT OR REPLACE INTO workflow_dates (workflow_id, record_id, fire_at) VALUES (?, ?, ?)',
    );
    for (const row of rows) {
      const base =
        typeof row.v === 'number'
          ? row.v
          : startOfDayMs(String(row.v), zone) + (workflow.trigger.atHour ?? 9) * 3_600_000;
      const fireAt = base + offsetMs;
      if (fireAt > now) insert.run(workflow.id, row.id, fireAt);
    }
  }

  private async fireDates(): Promise<number> {
    const now = this.engine.now();
    const due = this.engine.store
      .prepare('SELECT workflow_id, record_id, fire_at FROM workflow_dates WHERE fire_at <= ? LIMIT 500')
      .all(now) as {
      workflow_id: string;
      record_id: number;
      fire_at: number;
    }[];
    if (due.length === 0) return 0;
    await this.engine.store.write(async () => {
      for (const item of due) {
        this.engine.store
          .prepare('DELETE FROM workflow_dates WHERE workflow_id = ? AND record_id = ?')
          .run(item.workflow_id, item.record_id);
        const found = this.findWorkflow(item.workflow_id);
        if (!found?.workflow.enabled) continue;
        const table = found.app.tablesByName.get(found.workflow.trigger.table!) ?? null;
        // The condition is checked when the date arrives, on the record as it is then.
        if (!(await this.conditionHolds(found.app, found.workflow, table, item.record_id))) continue;
        this.insertRun(found.workflow, found.app, {
          triggerType: 'date_reached',
          eventKey: `${item.workflow_id}:date:${item.record_id}:${item.fire_at}`,
          table,
          recordId: item.record_id,
          depth: 0,
          input: {},
        });
      }
    });
    return due.length;
  }

  private async conditionHolds(
    app: AppModel,
    workflow: WorkflowDoc,
    table: TableModel | null,
    recordId: number | null,
  ): Promise<boolean> {
    if (workflow.condition === undefined) return true;
    const record =
      table && recordId !== null
        ? (readRecords(this.engine.store, table, [recordId]).get(recordId) ?? null)
        : null;
    if (table && recordId !== null && !record) return false;
    const seed = this.seed(
      app,
      workflow,
      this.fakeRun(workflow, table, recordId, 0),
      table,
      record,
      {},
      false,
    );
    try {
      return await actionContext(seed, 'condition').holds(workflow.condition);
    } catch {
      return false;
    }
  }

  private async fireSchedules(): Promise<number> {
    const now = this.engine.now();
    let fired = 0;
    for (const app of this.engine.metadata.registry.listApps())
      for (const workflow of app.workflows) {
        if (!workflow.enabled || workflow.trigger.type !== 'schedule') continue;
        const key = `cron:${workflow.id}`;
        const cron = new Cron(workflow.trigger.cron!, {
          timezone: workflow.trigger.timeZone ?? app.doc.timeZone ?? 'UTC',
          paused: true,
        });
        const row = this.engine.store.prepare('SELECT value FROM workflow_state WHERE key = ?').get(key) as
          | { value: string }
          | undefined;
        const next = row ? Number(row.value) : cron.nextRun(new Date(now))?.getTime();
        cron.stop();
        if (next === undefined) continue;
        if (!row) {
          await this.engine.store.write(() =>
            this.engine.store
              .prepare('INSERT OR REPLACE INTO workflow_state (key, value) VALUES (?, ?)')
              .run(key, String(next)),
          );
          if (next > now) continue;
        }
        if (next > now) continue;
        const following = new Cron(workflow.trigger.cron!, {
          timezone: workflow.trigger.timeZone ?? app.doc.timeZone ?? 'UTC',
          paused: true,
        });
        const after = following.nextRun(new Date(Math.max(now, next)))?.getTime();
        following.stop();
        const holds = await this.conditionHolds(app, workflow, null, null);
        await this.engine.store.write(() => {
          if (holds)
            this.insertRun(workflow, app, {
              triggerType: 'schedule',
              eventKey: `${workflow.id}:cron:${next}`,
              table: null,
              recordId: null,
              depth: 0,
              input: {},
            });
          this.engine.store
            .prepare('INSERT OR REPLACE INTO workflow_state (key, value) VALUES (?, ?)')
            .run(key, String(after ?? Number.MAX_SAFE_INTEGER));
        });
        fired++;
      }
    return fired;
  }

  private async remindTasks() {
    const now = this.engine.now();
    const due = this.engine.store
      .prepare(
        'SELECT t.id, t.app_id, t.title, t.assignee_id, t.table_id, t.record_id, t.due_at, m.name AS table_name FROM tasks t LEFT JOIN metadata m ON m.id = t.table_id WHERE t.remind_at <= ? AND t.reminded_at IS NULL AND t.done_at IS NULL AND t.assignee_id IS NOT NULL LIMIT 200',
      )
      .all(now) as {
      id: number;
      app_id: string;
      title: string;
      assignee_id: string;
      table_id: string | null;
      record_id: number | null;
      due_at: number | null;
      table_name: string | null;
    }[];
    if (due.length === 0) return;
    await this.engine.store.write(() => {
      for (const task of due) {
        this.inbox.add([
          {
            userId: task.assignee_id,
            appId: task.app_id,
            title: `Reminder: ${task.title}`,
            body: task.due_at
              ? `Due ${new Date(task.due_at).toISOString().slice(0, 16).replace('T', ' ')} UTC`
              : '',
            link:
              task.table_name && task.record_id
                ? { table: task.table_name, record: String(task.record_id) }
                : null,
            dedupeKey: `task:${task.id}`,
          },
        ]);
        this.engine.store.prepare('UPDATE tasks SET reminded_at = ? WHERE id = ?').run(now, task.id);
      }
    });
  }

  // ---- running ----------------------------------------------------------------------------

  private async runDue(): Promise<number> {
    const due = this.engine.store
      .prepare(
        "SELECT * FROM workflow_runs WHERE status IN ('queued', 'waiting') AND next_at <= ? ORDER BY id LIMIT 50",
      )
      .all(this.engine.now()) as RunRecord[];
    for (const run of due) {
      await this.execute(run);
      await nextTurn();
    }
    return due.length;
  }

  private findWorkflow(id: string): { app: AppModel; workflow: WorkflowDoc } | undefined {
    for (const app of this.engine.metadata.registry.listApps()) {
      const workflow = app.workflows.find((w) => w.id === id);
      if (workflow) return { app, workflow };
    }
    return undefined;
  }

  private fakeRun(
    workflow: WorkflowDoc,
    table: TableModel | null,
    recordId: number | null,
    depth: number,
  ): RunRow {
    return {
      id: 0,
      appId: '',
      workflowId: workflow.id,
      status: 'queued',
      triggerType: workflow.trigger.type,
      tableId: table?.doc.id ?? null,
      recordId,
      depth,
      input: {},
      dryRun: true,
      attempts: 0,
    };
  }

  /**
   * Actions act as the workflow's declared user, with exactly that user's access: a rule can
   * neither read nor change what its author could not. Without one (templates), the system acts.
   */
  private actorFor(workflow: WorkflowDoc, run: RunRow, users?: Map<string, UserRow | undefined>): Actor {
    const cause = { runId: run.id, depth: run.depth };
    let user: UserRow | undefined;
    if (workflow.runAs && users?.has(workflow.runAs)) user = users.get(workflow.runAs);
    else if (workflow.runAs) {
      user = this.engine.people.findUserRow(workflow.runAs);
      users?.set(workflow.runAs, user);
    }
    if (!user) return { userId: null, isAdmin: true, roles: [], cause };
    return { userId: user.id, isAdmin: user.isAdmin, roles: [], teamId: user.teamId, cause };
  }

  private seed(
    app: AppModel,
    workflow: WorkflowDoc,
    run: RunRow,
    table: TableModel | null,
    record: ApiRecord | null,
    input: RunInput,
    dryRun: boolean,
    users?: Map<string, UserRow | undefined>,
  ): ContextSeed {
    return {
      engine: this.engine,
      app,
      workflow,
      run,
      actor: this.actorFor(workflow, run, users),
      now: this.engine.now(),
      dryRun,
      table,
      record,
      input,
      mailer: this.mailer,
      steps: {},
    };
  }

  private async execute(row: RunRecord): Promise<void> {
    const store = this.engine.store;
    const found = this.findWorkflow(row.workflow_id);
    if (!found) {
      await store.write(() =>
        store
          .prepare("UPDATE workflow_runs SET status = 'cancelled', finished_at = ? WHERE id = ?")
          .run(this.engine.now(), row.id),
      );
      return;
    }
    const { app, workflow } = found;
    const run: RunRow = {
      id: row.id,
      appId: row.app_id,
      workflowId: row.workflow_id,
      status: row.status,
      triggerType: row.trigger_type,
      tableId: row.table_id,
      recordId: row.record_id,
      depth: row.depth,
      input: row.input ? JSON.parse(row.input) : {},
      dryRun: false,
      attempts: row.attempts,
    };
    const now = this.engine.now();
    await store.write(() =>
      store
        .prepare(
          "UPDATE workflow_runs SET status = 'running', started_at = coalesce(started_at, ?) WHERE id = ?",
        )
        .run(now, row.id),
    );
    const table = row.table_id ? (app.tables.find((t) => t.doc.id === row.table_id) ?? null) : null;
    const seed = this.seed(app, workflow, run, table, null, run.input as RunInput, false);
    // The record as the acting user may see it: messages and webhooks carry nothing they could not read.
    seed.record = table && row.record_id !== null ? this.recordFor(seed.actor, table, row.record_id) : null;
    const steps = this.loadSteps(row.id);
    for (const [path, step] of steps) {
      const id = this.actionAt(workflow.actions, path)?.id;
      if (id && step.status === 'succeeded') seed.steps[id] = step.output;
    }
    try {
      await this.runList(seed, workflow.actions, '', steps);
      await store.write(() =>
        store
          .prepare(
            "UPDATE workflow_runs SET status = 'succeeded', finished_at = ?, error = NULL WHERE id = ?",
          )
          .run(this.engine.now(), row.id),
      );
    } catch (error) {
      if (error instanceof Waiting) {
        await store.write(() =>
          store
            .prepare("UPDATE workflow_runs SET status = 'waiting', next_at = ? WHERE id = ?")
            .run(error.until, row.id),
        );
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof RapportError) && !(error instanceof RetryableError))
        console.error(`workflow ${workflow.name} run ${row.id} failed`, error);
      const attempts = row.attempts + 1;
      const retry = error instanceof RetryableError && attempts < maxAttempts;
      await store.write(() =>
        retry
          ? store
              .prepare(
                "UPDATE workflow_runs SET status = 'queued', attempts = ?, next_at = ?, error = ? WHERE id = ?",
              )
              .run(attempts, this.engine.now() + backoffMs(attempts), message, row.id)
          : store
              .prepare(
                "UPDATE workflow_runs SET status = 'failed', attempts = ?, finished_at = ?, error = ? WHERE id = ?",
              )
              .run(attempts, this.engine.now(), message, row.id),
      );
    }
  }

  private recordFor(actor: Actor, table: TableModel, id: number): ApiRecord | null {
    if (actor.isAdmin) return readRecords(this.engine.store, table, [id]).get(id) ?? null;
    let access: ReturnType<typeof accessFor>;
    try {
      access = accessFor(actor, table, 'read');
    } catch {
      return null;
    }
    if (access.rows) {
      const visible = this.engine.store
        .prepare(`SELECT 1 FROM ${ident(table.sql)} r WHERE r.id = ? AND ${access.rows.text}`)
        .get(id, ...access.rows.params);
      if (!visible) return null;
    }
    return readRecords(this.engine.store, maskTable(actor, table, access), [id]).get(id) ?? null;
  }

  private loadSteps(runId: number): Map<string, StepState> {
    const rows = this.engine.store
      .prepare('SELECT path, status, output, attempt FROM workflow_steps WHERE run_id = ?')
      .all(runId) as {
      path: string;
      status: StepState['status'];
      output: string | null;
      attempt: number;
    }[];
    return new Map(
      rows.map((r) => [
        r.path,
        { status: r.status, output: r.output ? JSON.parse(r.output) : null, attempt: r.attempt },
      ]),
    );
  }

  private actionAt(actions: WorkflowAction[], path: string): WorkflowAction | undefined {
    const parts = path.split('.');
    let list = actions;
    let action: WorkflowAction | undefined;
    for (let i = 0; i < parts.length; i += 2) {
      action = list[Number(parts[i])];
      if (!action) return undefined;
      const key = parts[i + 1];
      if (key) list = (action[key] as WorkflowAction[] | undefined) ?? [];
    }
    return action;
  }

  /** Runs actions in order, skipping steps already done; a waiting step stops the run here. */
  private async runList(
    seed: ContextSeed,
    actions: WorkflowAction[],
    prefix: string,
    steps: Map<string, StepState>,
  ): Promise<void> {
    for (const [index, action] of actions.entries()) {
      const path = prefix ? `${prefix}.${index}` : String(index);
      const module = actionModules[action.type];
      const done = steps.get(path);
      const context = actionContext({ ...seed, now: this.engine.now() }, path);
      let children: { key: string; actions: WorkflowAction[] } | undefined;
      if (done?.status === 'succeeded') {
        children =
          (done.output as { children?: string } | null)?.children !== undefined
            ? module.nested?.(action).find((n) => n.key === (done.output as { children: string }).children)
            : undefined;
      } else {
        const perform = () =>
          done?.status === 'waiting' && module.resume
            ? module.resume(context, action, done)
            : module.run(context, action);
        const record = (result: ActionResult) => {
          const output = result.children
            ? { ...(result.output as object), children: result.children.key }
            : result.output;
          this.saveStep(
            seed.run.id,
            path,
            action,
            result.wait ? 'waiting' : 'succeeded',
            output ?? null,
            null,
            done,
          );
          return { result, output };
        };
        let outcome: ReturnType<typeof record>;
        try {
          // A transactional action's effect and its step commit together; others act first, then record.
          outcome = module.transactional
            ? await this.engine.store.write(async () => record(await perform()))
            : await perform().then((result) => this.engine.store.write(() => record(result)));
        } catch (error) {
          await this.engine.store.write(() =>
            this.saveStep(seed.run.id, path, action, 'failed', null, (error as Error).message, done),
          );
          throw error;
        }
        if (outcome.result.wait) throw new Waiting(outcome.result.wait.until);
        if (action.id) seed.steps[action.id] = outcome.output;
        seed.record = context.record;
        children = outcome.result.children;
      }
      if (children) await this.runList(seed, children.actions, `${path}.${children.key}`, steps);
    }
  }

  private saveStep(
    runId: number,
    path: string,
    action: WorkflowAction,
    status: StepState['status'],
    output: unknown,
    error: string | null,
    previous: StepState | undefined,
  ) {
    const now = this.engine.now();
    const { id: _id, type: _type, label: _label, ...input } = action;
    if (previous)
      this.engine.store
        .prepare(
          'UPDATE workflow_steps SET status = ?, output = ?, error = ?, attempt = attempt + ?, finished_at = ? WHERE run_id = ? AND path = ?',
        )
        .run(status, JSON.stringify(output), error, previous.status === 'failed' ? 1 : 0, now, runId, path);
    else
      this.engine.store
        .prepare(
          'INSERT INTO workflow_steps (run_id, path, action_type, status, input, output, error, attempt, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
        )
        .run(
          runId,
          path,
          action.type,
          status,
          JSON.stringify(input),
          JSON.stringify(output),
          error,
          now,
          now,
        );
  }

  // ---- what users and the API call --------------------------------------------------------

  /** Runs a manual workflow on a record now and returns the finished (or waiting) run. */
  async runManual(actor: Actor, appRef: string, workflowRef: string, recordId: string | number | undefined) {
    const app = this.engine.metadata.registry.app(appRef);
    const workflow = this.definitions.get(app.doc.id, workflowRef);
    if (workflow.trigger.type !== 'manual')
      throw new Invalid('not_manual', `Workflow '${workflow.name}' is not started by hand.`);
    if (!workflow.enabled)
      throw new Conflict('workflow_disabled', `Workflow '${workflow.name}' is switched off.`);
    const table = app.tablesByName.get(workflow.trigger.table!)!;
    const id = this.engine.records.recordId(table, recordId);
    await this.engine.records.get(actor, app.doc.id, table.doc.id, id);
    const runId = await this.engine.store.write(() =>
      this.insertRun(workflow, app, {
        triggerType: 'manual',
        eventKey: `${workflow.id}:manual:${randomBytes(8).toString('hex')}`,
        table,
        recordId: id,
        depth: 0,
        input: { after: { by: actor.userId } },
      }),
    );
    await this.tick();
    return this.run(runId!);
  }

  /** An incoming webhook: the caller must present the workflow's secret. */
  async receiveWebhook(appRef: string, workflowRef: string, secret: string | undefined, body: unknown) {
    const app = this.engine.metadata.registry.findApp(appRef);
    const workflow = app?.workflows.find((w) => w.name === workflowRef || w.id === workflowRef);
    if (!app || !workflow || workflow.trigger.type !== 'webhook')
      throw new NotFound('webhook_not_found', 'There is no such webhook.');
    const expected = Buffer.from(workflow.trigger.secret ?? '');
    const given = Buffer.from(secret ?? '');
    if (expected.length === 0 || expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new Forbidden('bad_secret', 'The webhook secret is wrong.');
    if (!workflow.enabled)
      throw new Conflict('workflow_disabled', `Workflow '${workflow.name}' is switched off.`);
    const runId = await this.engine.store.write(() =>
      this.insertRun(workflow, app, {
        triggerType: 'webhook',
        eventKey: `${workflow.id}:hook:${randomBytes(8).toString('hex')}`,
        table: null,
        recordId: null,
        depth: 0,
        input: { body },
      }),
    );
    this.kick();
    return { runId };
  }

  /** Runs a workflow's actions against a record without changing anything, reporting what each would do. */
  async dryRun(
    _actor: Actor,
    appRef: string,
    workflowRef: string,
    recordId: string | number | undefined,
  ): Promise<{ conditionHolds: boolean; steps: StepReport[] }> {
    const app = this.engine.metadata.registry.app(appRef);
    const workflow = this.definitions.get(app.doc.id, workflowRef);
    const table = workflow.trigger.table ? (app.tablesByName.get(workflow.trigger.table) ?? null) : null;
    let record: ApiRecord | null = null;
    if (table && recordId !== undefined) {
      const id = this.engine.records.recordId(table, recordId);
      record = readRecords(this.engine.store, table, [id]).get(id) ?? null;
      if (!record) throw new NotFound('record_not_found', `Table '${table.doc.name}' has no record ${id}.`);
    }
    const run = this.fakeRun(workflow, table, record ? Number(record.id) : null, 0);
    const seed = this.seed(app, workflow, run, table, record, { after: record?.fields ?? null }, true);
    const conditionHolds =
      workflow.condition === undefined
        ? true
        : await actionContext(seed, 'condition').holds(workflow.condition);
    const steps: StepReport[] = [];
    const walk = async (actions: WorkflowAction[], prefix: string) => {
      for (const [index, action] of actions.entries()) {
        const path = prefix ? `${prefix}.${index}` : String(index);
        try {
          const result = await actionModules[action.type].run(actionContext(seed, path), action);
          steps.push({ path, type: action.type, status: 'would_run', output: result.output ?? null });
          if (action.id) seed.steps[action.id] = result.output;
          if (result.children) await walk(result.children.actions, `${path}.${result.children.key}`);
        } catch (error) {
          steps.push({ path, type: action.type, status: 'would_fail', error: (error as Error).message });
          return;
        }
      }
    };
    await walk(workflow.actions, '');
    return { conditionHolds, steps };
  }

  listRuns(appRef: string, workflowRef: string, limit = 50) {
    const app = this.engine.metadata.registry.app(appRef);
    const workflow = this.definitions.get(app.doc.id, workflowRef);
    const rows = this.engine.store
      .prepare('SELECT * FROM workflow_runs WHERE workflow_id = ? ORDER BY id DESC LIMIT ?')
      .all(workflow.id, Math.min(Math.max(limit, 1), 500)) as RunRecord[];
    return rows.map((r) => this.describeRun(app, r));
  }

  run(id: number) {
    const row = this.engine.store.prepare('SELECT * FROM workflow_runs WHERE id = ?').get(id) as
      | RunRecord
      | undefined;
    if (!row) throw new NotFound('run_not_found', `There is no run ${id}.`);
    const app = this.engine.metadata.registry.findApp(row.app_id);
    const steps = (
      this.engine.store
        .prepare(
          'SELECT path, action_type, status, input, output, error, attempt, started_at, finished_at FROM workflow_steps WHERE run_id = ? ORDER BY id',
        )
        .all(id) as {
        path: string;
        action_type: string;
        status: string;
        input: string | null;
        output: string | null;
        error: string | null;
        attempt: number;
        started_at: number;
        finished_at: number | null;
      }[]
    ).map((s) => ({
      path: s.path,
      type: s.action_type,
      status: s.status,
      input: s.input ? JSON.parse(s.input) : null,
      output: s.output ? JSON.parse(s.output) : null,
      error: s.error,
      attempt: s.attempt,
      startedAt: new Date(s.started_at).toISOString(),
      finishedAt: s.finished_at === null ? null : new Date(s.finished_at).toISOString(),
    }));
    return { ...this.describeRun(app, row), steps };
  }

  private describeRun(app: AppModel | undefined, row: RunRecord) {
    const table = app?.tables.find((t) => t.doc.id === row.table_id);
    return {
      id: row.id,
      status: row.status,
      trigger: row.trigger_type,
      table: table?.doc.name ?? null,
      record: row.record_id === null ? null : String(row.record_id),
      depth: row.depth,
      attempts: row.attempts,
      startedAt: row.started_at === null ? null : new Date(row.started_at).toISOString(),
      finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
      nextAt:
        row.status === 'waiting' || row.status === 'queued' ? new Date(row.next_at).toISOString() : null,
      ...(row.error ? { error: row.error } : {}),
    };
  }

  /** Retries a failed run from the step that failed. */
  async retry(runId: number) {
    await this.engine.store.write(() => {
      const row = this.engine.store.prepare('SELECT status FROM workflow_runs WHERE id = ?').get(runId) as
        | { status: string }
        | undefined;
      if (!row) throw new NotFound('run_not_found', `There is no run ${runId}.`);
      if (row.status !== 'failed')
        throw new Conflict('not_failed', `Only failed runs can be retried; this one is ${row.status}.`);
      this.engine.store
        .prepare(
          "UPDATE workflow_runs SET status = 'queued', next_at = ?, attempts = 0, error = NULL, finished_at = NULL WHERE id = ?",
        )
        .run(this.engine.now(), runId);
    });
    await this.tick();
    return this.run(runId);
  }

  /** Last run of each workflow of an app, for the workflow list. */
  lastRuns(appRef: string): Record<string, ReturnType<WorkflowService['describeRun']>> {
    const app = this.engine.metadata.registry.app(appRef);
    const out: Record<string, ReturnType<WorkflowService['describeRun']>> = {};
    for (const workflow of app.workflows) {
      const row = this.engine.store
        .prepare('SELECT * FROM workflow_runs WHERE workflow_id = ? ORDER BY id DESC LIMIT 1')
        .get(workflow.id) as RunRecord | undefined;
      if (row) out[workflow.name] = this.describeRun(app, row);
    }
    return out;
  }

  private guardLocked(table: TableModel, recordId: number, fields: string[], operation: 'update' | 'delete') {
    if (!this.approvals.hasPending(table.doc.id)) return;
    const locked = this.approvals.lockedFields(table.doc.id, recordId);
    if (locked.size === 0) return;
    if (operation === 'delete')
      throw new Conflict('record_locked', `Record ${recordId} has a pending approval and cannot be deleted.`);
    const blocked = fields.filter((f) => locked.has(f));
    if (blocked.length)
      throw new Conflict(
        'record_locked',
        `${blocked.map((f) => `'${f}'`).join(', ')} of record ${recordId} ${blocked.length > 1 ? 'are' : 'is'} locked until the pending approval is decided.`,
        blocked.map((f) => ({ field: f, message: 'locked by a pending approval', code: 'record_locked' })),
      );
  }
}
