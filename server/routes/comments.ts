// Comments on a record, with @mentions.
import { Hono } from 'hono';
import { actor, type Env, engineOf, numericId, readJson } from '../context.ts';

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
        numericId(c, 'comment', 'comment'),
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
      numericId(c, 'comment', 'comment'),
    );
    return c.body(null, 204);
  });
