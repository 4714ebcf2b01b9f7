// Tells people something: a notification in their in-app inbox, and by e-mail if asked.
import type { ActionModule } from '../types.ts';
import { resolvePeople } from './shared.ts';

export const notify: ActionModule = {
  type: 'notify',
  transactional: true,
  settings: {
    type: 'object',
    required: ['to', 'title'],
    properties: {
      to: {},
      title: { type: 'string', minLength: 1 },
      body: { type: 'string' },
      email: { type: 'boolean' },
    },
  },
  run: async (context, action) => {
    const users = await resolvePeople(context, action.to);
    const title = await context.text(action.title);
    const body = action.body === undefined ? '' : await context.text(action.body);
    if (context.dryRun) return { output: { wouldNotify: users, title, body, email: action.email === true } };
    const link =
      context.table && context.record ? { table: context.table.doc.name, record: context.record.id } : null;
    const added = context.engine.workflows.inbox.add(
      users.map((userId) => ({
        userId,
        appId: context.app.doc.id,
        title,
        body,
        link,
        dedupeKey: `run:${context.run.id}:${context.path}:${userId}`,
      })),
    );
    // E-mail leaves after the inbox rows commit; an outbox event asks for it, so a crash cannot lose it.
    if (action.email === true)
      for (const userId of users) {
        const user = context.engine.people.findUserRow(userId);
        if (user)
          context.engine.store
            .prepare(
              'INSERT INTO outbox (at, app_id, table_id, record_id, type, actor_id, payload) VALUES (?, ?, NULL, NULL, ?, NULL, ?)',
            )
            .run(
              context.now,
              context.app.doc.id,
              'mail.requested',
              JSON.stringify({
                to: user.email,
                subject: title,
                text: body,
                messageId: `<run-${context.run.id}-${context.path}-${userId}@rapport>`,
              }),
            );
      }
    return { output: { notified: users, added, title } };
  },
};
