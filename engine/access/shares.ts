// Whether a reader has records of a table shared with them: one indexed probe, so the policy
// can leave the share clause out of their row condition when there are none (issue 7).
import type { TableModel } from '../meta/model.ts';
import type { Store } from '../store/database.ts';
import type { Actor } from './actor.ts';
import type { Operation } from './policy.ts';

export function hasShares(store: Store, table: TableModel, actor: Actor, operation: Operation): boolean {
  if (actor.isAdmin || actor.userId === null) return false;
  const levels = operation === 'read' ? ['read', 'edit'] : ['edit'];
  return (
    store
      .prepare(
        'SELECT 1 FROM record_shares WHERE table_id = ? AND level IN (?, ?) AND (user_id = ? OR team_id = ?) LIMIT 1',
      )
      .get(table.doc.id, levels[0], levels.at(-1), actor.userId, actor.teamId ?? '') !== undefined
  );
}
