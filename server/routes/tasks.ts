// The signed-in user's tasks (created by workflows or by hand), done or not.
import { Hono } from 'hono';
import { Invalid } from '../../engine/index.ts';
import { actor, type Env, engineOf, queryParam, readJson } from '../context.ts';

function taskId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw))
    throw new Invalid('invalid_id', `'${raw}' is not a task id.`, [
      { field: 'id', message: 'must be a number' },
    ]);
  return Number(raw);
}

export const taskRoutes = new Hono<Env>()
  .get('/', (c) => {
    const open = queryParam(c, 'open') !== '0';
    return c.json({ items: engineOf(c).workflows.tasks.list(c.get('principal').user.id, { open }) });
  })
  .post('/', async (c) => c.json(await engineOf(c).workflows.tasks.create(actor(c), await readJson(c)), 201))
  .patch('/:id', async (c) =>
    c.json(await engineOf(c).workflows.tasks.update(actor(c), taskId(c.req.param('id')), await readJson(c))),
  );
