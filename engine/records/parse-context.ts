// What field parsing needs from the database: whether a user or an uploaded file exists.
import type { AttachmentMeta, ParseContext } from '../fields/types.ts';
import type { Store } from '../store/database.ts';

export function parseContext(store: Store, now: number, actorId: string | null): ParseContext {
  const users = new Map<string, boolean>();
  return {
    now,
    actorId,
    userExists: (id) => {
      let known = users.get(id);
      if (known === undefined) {
        known = store.prepare('SELECT 1 FROM users WHERE id = ?').get(id) !== undefined;
        users.set(id, known);
      }
      return known;
    },
    attachment: (id) =>
      store.prepare('SELECT id, name, size, type FROM attachments WHERE id = ?').get(id) as
        | AttachmentMeta
        | undefined,
  };
}
