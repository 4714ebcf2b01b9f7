// Discussion on records: anyone who may read a record may read and add comments on it; people
// @mentioned are told in their inbox — if they may read the record themselves.
import type { Actor } from '../access/actor.ts';
import { accessFor } from '../access/policy.ts';
import { Forbidden, Invalid, NotFound } from '../errors.ts';
import type { Engine } from '../index.ts';
import type { TableModel } from '../meta/model.ts';
import { ident } from '../query/sql.ts';

interface CommentRow {
  id: number;
  user_id: string | null;
  body: string;
  mentions: string | null;
  created_at: number;
  edited_at: number | null;
}

const maxLength = 20_000;

export class CommentsService {
  constructor(private readonly engine: Engine) {}

  /** The record as the actor may see it; throws unless they may read it. */
  private async readable(
    actor: Actor,
    appRef: string,
    tableRef: string,
    recordId: string | number,
  ): Promise<{ table: TableModel; id: number }> {
    const table = this.engine.metadata.registry.table(appRef, tableRef);
    const record = await this.engine.records.get(actor, table.app.doc.id, table.doc.id, recordId);
    return { table, id: Number(record.id) };
  }

  private toComment(row: CommentRow) {
    return {
      id: row.id,
      author: row.user_id,
      body: row.body,
      mentions: row.mentions ? (JSON.parse(row.mentions) as string[]) : [],
      createdAt: new Date(row.created_at).toISOString(),
      editedAt: row.edited_at === null ? null : new Date(row.edited_at).toISOString(),
    };
  }

  async list(actor: Actor, appRef: string, tableRef: string, recordId: string | number) {
    const { table, id } = await this.readable(actor, appRef, tableRef, recordId);
    const rows = this.engine.store
      .prepare('SELECT * FROM comments WHERE table_id = ? AND record_id = ? ORDER BY id')
      .all(table.doc.id, id) as CommentRow[];
    return rows.map((r) => this.toComment(r));
  }

  async add(actor: Actor, appRef: string, tableRef: string, recordId: string | number, input: unknown) {
    const { body, mentions } = this.checkInput(input);
    const { table, id } = await this.readable(actor, appRef, tableRef, recordId);
    for (const user of mentions) this.engine.people.user(user);
    const now = this.engine.now();
    const commentId = await this.engine.store.write(() => {
      const result = this.engine.store
        .prepare(
          'INSERT INTO comments (app_id, table_id, record_id, user_id, body, mentions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(table.app.doc.id, table.doc.id, id, actor.userId, body, JSON.stringify(mentions), now);
      const commentId = Number(result.lastInsertRowid);
      this.announce('comment.created', actor, table, id, commentId, now);
      // Only people who may read the record hear about it: a mention must not leak it.
      const told = mentions.filter((user) => user !== actor.userId && this.mayRead(user, table, id));
      const author = actor.userId ? this.engine.people.findUserRow(actor.userId)?.name : undefined;
      this.engine.workflows.inbox.add(
        told.map((userId) => ({
          userId,
          appId: table.app.doc.id,
          title: `${author ?? 'Someone'} mentioned you`,
          body: body.slice(0, 280),
          link: { table: table.doc.name, record: String(id) },
          dedupeKey: `comment:${commentId}:${userId}`,
        })),
      );
      return commentId;
    });
    return this.toComment(
      this.engine.store.prepare('SELECT * FROM comments WHERE id = ?').get(commentId) as CommentRow,
    );
  }

  async edit(
    actor: Actor,
    appRef: string,
    tableRef: string,
    recordId: string | number,
    commentId: number,
    input: unknown,
  ) {
    const { body } = this.checkInput(input);
    const { table, id, row } = await this.own(actor, appRef, tableRef, recordId, commentId);
    await this.engine.store.write(() => {
      const now = this.engine.now();
      this.engine.store
        .prepare('UPDATE comments SET body = ?, edited_at = ? WHERE id = ?')
        .run(body, now, row.id);
      this.announce('comment.updated', actor, table, id, row.id, now);
    });
    return this.toComment(
      this.engine.store.prepare('SELECT * FROM comments WHERE id = ?').get(row.id) as CommentRow,
    );
  }

  async remove(actor: Actor, appRef: string, tableRef: string, recordId: string | number, commentId: number) {
    const { table, id, row } = await this.own(actor, appRef, tableRef, recordId, commentId);
    await this.engine.store.write(() => {
      this.engine.store.prepare('DELETE FROM comments WHERE id = ?').run(row.id);
      this.announce('comment.deleted', actor, table, id, row.id, this.engine.now());
    });
  }

  /** The outbox event that live views of the record hear (the stream tells only its readers). */
  private announce(
    type: string,
    actor: Actor,
    table: TableModel,
    recordId: number,
    commentId: number,
    now: number,
  ) {
    this.engine.store
      .prepare(
        'INSERT INTO outbox (at, app_id, table_id, record_id, type, actor_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        now,
        table.app.doc.id,
        table.doc.id,
        recordId,
        type,
        actor.userId,
        JSON.stringify({ table: table.doc.name, commentId }),
      );
  }

  private async own(
    actor: Actor,
    appRef: string,
    tableRef: string,
    recordId: string | number,
    commentId: number,
  ): Promise<{ table: TableModel; id: number; row: CommentRow }> {
    const { table, id } = await this.readable(actor, appRef, tableRef, recordId);
    const row = this.engine.store
      .prepare('SELECT * FROM comments WHERE id = ? AND table_id = ? AND record_id = ?')
      .get(commentId, table.doc.id, id) as CommentRow | undefined;
    if (!row) throw new NotFound('comment_not_found', `There is no comment ${commentId} on this record.`);
    if (row.user_id !== actor.userId && !actor.isAdmin)
      throw new Forbidden('forbidden', 'Only its author may change or delete a comment.');
    return { table, id, row };
  }

  private mayRead(userId: string, table: TableModel, id: number): boolean {
    const user = this.engine.people.findUserRow(userId);
    if (!user?.active) return false;
    try {
      const access = accessFor(
        { userId, isAdmin: user.isAdmin, roles: [], teamId: user.teamId },
        table,
        'read',
      );
      if (!access.rows) return true;
      return (
        this.engine.store
          .prepare(`SELECT 1 FROM ${ident(table.sql)} r WHERE r.id = ? AND ${access.rows.text}`)
          .get(id, ...access.rows.params) !== undefined
      );
    } catch {
      return false;
    }
  }

  private checkInput(input: unknown): { body: string; mentions: string[] } {
    const { body, mentions } = (input ?? {}) as { body?: unknown; mentions?: unknown };
    if (typeof body !== 'string' || body.trim() === '')
      throw new Invalid('invalid_comment', "'body' is the comment's text.", [
        { field: 'body', message: 'is required' },
      ]);
    if (body.length > maxLength)
      throw new Invalid('invalid_comment', `A comment may be at most ${maxLength} characters.`, [
        { field: 'body', message: 'is too long' },
      ]);
    if (
      mentions !== undefined &&
      (!Array.isArray(mentions) || mentions.some((m) => typeof m !== 'string') || mentions.length > 50)
    )
      throw new Invalid('invalid_mentions', "'mentions' is a list of user ids.", [
        { field: 'mentions', message: 'must be a list of user ids' },
      ]);
    return { body: body.trim(), mentions: [...new Set((mentions ?? []) as string[])] };
  }
}
