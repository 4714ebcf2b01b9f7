// The in-app inbox: one row per notification and user. New notifications leave an outbox
// event, so signed-in clients get them live over server-sent events.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Store } from '../store/database.ts';
import { notifications } from '../store/workflow-tables.ts';

export interface NewNotification {
  userId: string;
  appId: string | null;
  title: string;
  body?: string;
  link?: { table: string; record: string } | null;
  dedupeKey?: string;
}

export class Inbox {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Inside a write: adds notifications (ignoring repeats of the same dedupe key) and their events. */
  add(items: NewNotification[]): number {
    let added = 0;
    const at = this.now();
    for (const item of items) {
      const result = this.store
        .prepare(
          'INSERT OR IGNORE INTO notifications (user_id, app_id, title, body, link, created_at, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          item.userId,
          item.appId,
          item.title,
          item.body ?? null,
          item.link ? JSON.stringify(item.link) : null,
          at,
          item.dedupeKey ?? null,
        );
      if (result.changes === 0) continue;
      added++;
      this.store
        .prepare(
          'INSERT INTO outbox (at, app_id, table_id, record_id, type, actor_id, payload) VALUES (?, ?, NULL, NULL, ?, NULL, ?)',
        )
        .run(
          at,
          item.appId ?? '',
          'notification.created',
          JSON.stringify({ id: Number(result.lastInsertRowid), userId: item.userId, title: item.title }),
        );
    }
    return added;
  }

  list(userId: string, options: { unreadOnly?: boolean; limit?: number } = {}) {
    const condition = options.unreadOnly
      ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
      : eq(notifications.userId, userId);
    return this.store.readDb
      .select()
      .from(notifications)
      .where(condition)
      .orderBy(desc(notifications.id))
      .limit(Math.min(options.limit ?? 50, 200))
      .all()
      .map((n) => ({
        id: n.id,
        appId: n.appId,
        title: n.title,
        body: n.body,
        link: n.link,
        createdAt: new Date(n.createdAt).toISOString(),
        readAt: n.readAt === null ? null : new Date(n.readAt).toISOString(),
      }));
  }

  unreadCount(userId: string): number {
    const row = this.store.readDb
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .get();
    return row?.n ?? 0;
  }

  async markRead(userId: string, ids: number[] | 'all'): Promise<number> {
    return this.store.write(() => {
      const at = this.now();
      if (ids === 'all')
        return this.store
          .prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL')
          .run(at, userId).changes;
      let changed = 0;
      for (const id of ids)
        changed += this.store
          .prepare('UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL')
          .run(at, id, userId).changes;
      return changed;
    });
  }
}
