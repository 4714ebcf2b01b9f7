// The signed-in user's tasks (created by workflows or by hand), done or not.
import { Hono } from 'hono';
import { actor, type Env, engineOf, numericId, queryParam, readJson } from '../context.ts';

export const taskRoutes = new Hono<Env>()
  .get('/', (c) => {
    const open = queryParam(c, 'open') !== '0';
    return c.json({ items: engineOf(c).workflows.tasks.list(c.get('principal').user.id, { open }) });
  })
  .post('/', async (c) => c.json(await engineOf(c).workflows.tasks.create(actor(c), await readJson(c)), 201))
  .patch('/:id', async (c) =>
    c.json(await engineOf(c).workflows.tasks.update(actor(c), numericId(c, 'id', 'task'), await readJson(c))),
  );
