// Comments on a record, with @mentions.
import { Hono } from 'hono';
import { Invalid } from '../../engine/index.ts';
import { actor, type Env, engineOf, readJson } from '../context.ts';

function commentId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw))
    throw new Invalid('invalid_id', `'${raw}' is not a comment id.`, [
      { field: 'comment', message: 'must be a number' },
    ]);
  return Number(raw);
}

const base = '/:app/tables/:table/records/:id/comments';

export const commentRoutes = new Hono<Env>()
  .get(base, async (c) =>
    c.json({
      items: await engineOf(c).comments.list(
        actor(c),
        c.req.param('app'),
        c.req.param('table'),
        c.req.param('id'),
      ),
    }),
  )
  .post(base, async (c) =>
    c.json(
      await engineOf(c).comments.add(
        actor(c),
        c.req.param('app'),
        c.req.param('table'),
        c.req.param('id'),
        await readJson(c),
      ),
      201,
    ),
  )
  .patch(`${base}/:comment`, async (c) =>
    c.json(
      await engineOf(c).comments.edit(
        actor(c),
        c.req.param('app'),
        c.req.param('table'),
        c.req.param('id'),
        commentId(c.req.param('comment')),
        await readJson(c),
      ),
    ),
  )
  .delete(`${base}/:comment`, async (c) => {
    await engineOf(c).comments.remove(
      actor(c),
      c.req.param('app'),
      c.req.param('table'),
      c.req.param('id'),
      commentId(c.req.param('comment')),
    );
    return c.body(null, 204);
  });
