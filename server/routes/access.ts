// Access administration: roles and members of an app, record sharing, and the checking tools
// ("why can this user see this record?").
import { Hono } from 'hono';
import { Forbidden, Invalid } from '../../engine/index.ts';
import { actor, type Env, engineOf, numericId, queryParam, readJson } from '../context.ts';

const operations = new Set(['read', 'create', 'update', 'delete']);

export const accessRoutes = new Hono<Env>()
  .get('/:app/roles', (c) => c.json({ items: engineOf(c).access.roles(c.req.param('app')) }))
  .post('/:app/roles', async (c) =>
    c.json(await engineOf(c).access.createRole(actor(c), c.req.param('app'), await readJson(c)), 201),
  )
  .get('/:app/roles/:role', (c) => c.json(engineOf(c).access.role(c.req.param('app'), c.req.param('role'))))
  .patch('/:app/roles/:role', async (c) =>
    c.json(
      await engineOf(c).access.updateRole(
        actor(c),
        c.req.param('app'),
        c.req.param('role'),
        await readJson(c),
      ),
    ),
  )
  .delete('/:app/roles/:role', async (c) => {
    await engineOf(c).access.deleteRole(actor(c), c.req.param('app'), c.req.param('role'));
    return c.body(null, 204);
  })
  .get('/:app/members', (c) => c.json({ items: engineOf(c).access.members(c.req.param('app')) }))
  .put('/:app/members/:user', async (c) => {
    const body = (await readJson(c)) as { roles?: unknown } | null;
    return c.json(
      await engineOf(c).access.setMember(actor(c), c.req.param('app'), c.req.param('user'), body?.roles),
    );
  })
  .delete('/:app/members/:user', async (c) => {
    await engineOf(c).access.removeMember(actor(c), c.req.param('app'), c.req.param('user'));
    return c.body(null, 204);
  })
  .get('/:app/tables/:table/records/:id/shares', (c) =>
    c.json({ items: engineOf(c).access.shares(c.req.param('app'), c.req.param('table'), c.req.param('id')) }),
  )
  .post('/:app/tables/:table/records/:id/shares', async (c) =>
    c.json(
      await engineOf(c).access.share(
        actor(c),
        c.req.param('app'),
        c.req.param('table'),
        c.req.param('id'),
        await readJson(c),
      ),
      201,
    ),
  )
  .delete('/:app/tables/:table/records/:id/shares/:share', async (c) => {
    const share = numericId(c, 'share', 'share');
    await engineOf(c).access.unshare(c.req.param('app'), c.req.param('table'), share);
    return c.body(null, 204);
  })
  .get('/:app/tables/:table/records/:id/access', (c) => {
    const principal = c.get('principal');
    const user = queryParam(c, 'user') ?? principal.user.id;
    if (user !== principal.user.id && !principal.user.isAdmin) {
      const app = engineOf(c).metadata.registry.app(c.req.param('app'));
      const { canDesign } = engineOf(c).access;
      if (!canDesign(principal.actor, app))
        throw new Forbidden('forbidden', 'Only designers may ask about other users.');
    }
    const operation = queryParam(c, 'operation') ?? 'read';
    if (!operations.has(operation))
      throw new Invalid('invalid_operation', "'operation' is read, create, update or delete.", [
        { field: 'operation', message: 'unknown operation' },
      ]);
    return c.json(
      engineOf(c).access.explain(
        user,
        c.req.param('app'),
        c.req.param('table'),
        c.req.param('id'),
        operation as 'read',
      ),
    );
  });
