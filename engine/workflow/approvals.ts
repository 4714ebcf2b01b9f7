// Approval processes: open one (inside the run's write), record decisions step by step,
// lock the fields under approval while pending, and wake the waiting run when decided.
import type { Actor } from '../access/actor.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.ts';
import type { TableModel } from '../meta/model.ts';
import type { Store } from '../store/database.ts';
import type { ApprovalStep } from './actions/request-approval.ts';
import type { Inbox } from './notifications.ts';

export interface Approval {
  id: number;
  appId: string;
  workflowId: string;
  runId: number;
  tableId: string;
  recordId: number;
  title: string;
  steps: ApprovalStep[];
  currentStep: number;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  lockedFields: string[];
  createdAt: string;
  decidedAt: string | null;
  decisions: {
    step: number;
    userId: string;
    decision: 'approve' | 'reject';
    comment: string | null;
    at: string;
  }[];
}

interface ApprovalRow {
  id: number;
  app_id: string;
  workflow_id: string;
  run_id: number;
  table_id: string;
  record_id: number;
  title: string;
  steps: string;
  current_step: number;
  status: Approval['status'];
  locked_fields: string | null;
  created_at: number;
  decided_at: number | null;
}

export class Approvals {
  constructor(
    private readonly store: Store,
    private readonly inbox: Inbox,
    private readonly now: () => number,
    private readonly wake: (runId: number) => void,
  ) {}

  /** Inside the run's write: opens the approval and tells the first step's approvers. */
  open(input: {
    appId: string;
    workflowId: string;
    runId: number;
    path: string;
    table: TableModel;
    recordId: number;
    title: string;
    steps: ApprovalStep[];
    lockFields: string[];
  }): number {
    const at = this.now();
    const result = this.store
      .prepare(
        'INSERT INTO approvals (app_id, workflow_id, run_id, path, table_id, record_id, title, steps, current_step, status, locked_fields, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)',
      )
      .run(
        input.appId,
        input.workflowId,
        input.runId,
        input.path,
        input.table.doc.id,
        input.recordId,
        input.title,
        JSON.stringify(input.steps),
        'pending',
        JSON.stringify(input.lockFields),
        at,
      );
    const id = Number(result.lastInsertRowid);
    this.askStep(id, input.appId, input.title, input.steps[0]!, input.table.doc.name, input.recordId);
    return id;
  }

  private askStep(
    id: number,
    appId: string,
    title: string,
    step: ApprovalStep,
    table: string,
    recordId: number,
  ) {
    this.inbox.add(
      step.approvers.map((userId) => ({
        userId,
        appId,
        title: `Approval needed: ${title}`,
        body: `Step "${step.label ?? step.name}" waits for your decision.`,
        link: { table, record: String(recordId) },
        dedupeKey: `approval:${id}:${step.name}:${userId}`,
      })),
    );
  }

  get(id: number): Approval {
    const row = this.store.prepare('SELECT * FROM approvals WHERE id = ?').get(id) as ApprovalRow | undefined;
    if (!row) throw new NotFound('approval_not_found', `There is no approval ${id}.`);
    return this.toApproval(row);
  }

  private toApproval(row: ApprovalRow): Approval {
    const decisions = (
      this.store
        .prepare(
          'SELECT step, user_id, decision, comment, at FROM approval_decisions WHERE approval_id = ? ORDER BY id',
        )
        .all(row.id) as {
        step: number;
        user_id: string;
        decision: 'approve' | 'reject';
        comment: string | null;
        at: number;
      }[]
    ).map((d) => ({
      step: d.step,
      userId: d.user_id,
      decision: d.decision,
      comment: d.comment,
      at: new Date(d.at).toISOString(),
    }));
    return {
      id: row.id,
      appId: row.app_id,
      workflowId: row.workflow_id,
      runId: row.run_id,
      tableId: row.table_id,
      recordId: row.record_id,
      title: row.title,
      steps: JSON.parse(row.steps) as ApprovalStep[],
      currentStep: row.current_step,
      status: row.status,
      lockedFields: row.locked_fields ? (JSON.parse(row.locked_fields) as string[]) : [],
      createdAt: new Date(row.created_at).toISOString(),
      decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
      decisions,
    };
  }

  forRecord(tableId: string, recordId: number): Approval[] {
    return (
      this.store
        .prepare('SELECT * FROM approvals WHERE table_id = ? AND record_id = ? ORDER BY id DESC')
        .all(tableId, recordId) as ApprovalRow[]
    ).map((r) => this.toApproval(r));
  }

  /** Approvals waiting for this user's decision. */
  waitingFor(userId: string): Approval[] {
    return (
      this.store
        .prepare("SELECT * FROM approvals WHERE status = 'pending' ORDER BY id")
        .all() as ApprovalRow[]
    )
      .map((r) => this.toApproval(r))
      .filter((a) => {
        const step = a.steps[a.currentStep];
        return (
          step?.approvers.includes(userId) &&
          !a.decisions.some((d) => d.step === a.currentStep && d.userId === userId)
        );
      });
  }

  async decide(actor: Actor, id: number, decision: unknown, comment: unknown): Promise<Approval> {
    if (decision !== 'approve' && decision !== 'reject')
      throw new Invalid('invalid_decision', "'decision' is approve or reject.", [
        { field: 'decision', message: 'must be approve or reject' },
      ]);
    if (comment !== undefined && comment !== null && (typeof comment !== 'string' || comment.length > 5000))
      throw new Invalid('invalid_comment', "'comment' must be text of at most 5000 characters.", [
        { field: 'comment', message: 'must be text' },
      ]);
    const runId = await this.store.write(() => {
      const approval = this.get(id);
      if (approval.status !== 'pending')
        throw new Conflict('approval_decided', `This approval was already ${approval.status}.`);
      const step = approval.steps[approval.currentStep]!;
      if (!actor.userId || !step.approvers.includes(actor.userId))
        throw new Forbidden(
          'not_an_approver',
          `You are not an approver of step "${step.label ?? step.name}".`,
        );
      if (approval.decisions.some((d) => d.step === approval.currentStep && d.userId === actor.userId))
        throw new Conflict('already_decided', 'You already decided on this step.');
      const at = this.now();
      this.store
        .prepare(
          'INSERT INTO approval_decisions (approval_id, step, user_id, decision, comment, at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(id, approval.currentStep, actor.userId, decision, comment ?? null, at);
      const approvals = new Set([
        ...approval.decisions
          .filter((d) => d.step === approval.currentStep && d.decision === 'approve')
          .map((d) => d.userId),
        ...(decision === 'approve' ? [actor.userId] : []),
      ]);
      const stepDone =
        decision === 'approve' && (step.mode === 'any' || step.approvers.every((a) => approvals.has(a)));
      if (decision === 'reject')
        this.store
          .prepare("UPDATE approvals SET status = 'rejected', decided_at = ? WHERE id = ?")
          .run(at, id);
      else if (stepDone && approval.currentStep + 1 >= approval.steps.length)
        this.store
          .prepare("UPDATE approvals SET status = 'approved', decided_at = ? WHERE id = ?")
          .run(at, id);
      else if (stepDone) {
        this.store.prepare('UPDATE approvals SET current_step = current_step + 1 WHERE id = ?').run(id);
        const table = this.store
          .prepare("SELECT name FROM metadata WHERE id = ? AND kind = 'table'")
          .get(approval.tableId) as { name: string } | undefined;
        this.askStep(
          id,
          approval.appId,
          approval.title,
          approval.steps[approval.currentStep + 1]!,
          table?.name ?? approval.tableId,
          approval.recordId,
        );
      }
      this.store
        .prepare("UPDATE workflow_runs SET next_at = ? WHERE id = ? AND status = 'waiting'")
        .run(at, approval.runId);
      return approval.runId;
    });
    this.wake(runId);
    return this.get(id);
  }

  /** Fields of a record locked by a pending approval. */
  lockedFields(tableId: string, recordId: number): Set<string> {
    const rows = this.store
      .prepare(
        "SELECT locked_fields FROM approvals WHERE table_id = ? AND record_id = ? AND status = 'pending'",
      )
      .all(tableId, recordId) as { locked_fields: string | null }[];
    return new Set(rows.flatMap((r) => (r.locked_fields ? (JSON.parse(r.locked_fields) as string[]) : [])));
  }

  hasPending(tableId: string): boolean {
    return (
      this.store
        .prepare("SELECT 1 FROM approvals WHERE table_id = ? AND status = 'pending' LIMIT 1")
        .get(tableId) !== undefined
    );
  }
}
