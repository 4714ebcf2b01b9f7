// People administration: the signed-in user, users (with team and manager) and teams.
import { Hono } from 'hono';
import { Conflict, Forbidden } from '../../engine/index.ts';
import { checkPasswordPolicy, hashPassword } from '../auth/passwords.ts';
import { type Env, engineOf, readJson } from '../context.ts';

function requireAdmin(c: { get(key: 'principal'): { user: { isAdmin: boolean } } }) {
  if (!c.get('principal').user.isAdmin)
    throw new Forbidden('admin_only', 'Only an administrator may manage people.');
}

export const meRoutes = new Hono<Env>()
  .get('/', (c) => c.json(c.get('principal').user))
  .patch('/', async (c) => {
    const body = (await readJson(c)) as Record<string, unknown> | null;
    const allowed = Object.fromEntries(
      Object.entries(body ?? {}).filter(([k]) => ['name', 'locale', 'timeZone'].includes(k)),
    );
    const user = await engineOf(c).people.updateUser(c.get('principal').user.id, allowed);
    return c.json(user);
  });

/** What people may change about themselves. */
const selfService = new Set(['name', 'locale', 'timeZone']);

/** The workspace always keeps an active administrator. */
function assertAnotherAdmin(users: { id: string; isAdmin: boolean; active: boolean }[], leaving: string) {
  if (!users.some((u) => u.id !== leaving && u.isAdmin && u.active))
    throw new Conflict(
      'last_admin',
      'This is the last active administrator; make someone else an administrator first.',
      [{ field: 'isAdmin', message: 'the last active administrator' }],
    );
}

export const userRoutes = new Hono<Env>()
  .get('/', (c) => c.json({ items: engineOf(c).people.listUsers() }))
  .post('/', async (c) => {
    requireAdmin(c);
    const body = (await readJson(c)) as Record<string, unknown> | null;
    const { password, ...rest } = body ?? {};
    const hash =
      password === undefined
        ? null
        : await hashPassword(checkPasswordPolicy(password, String(rest.email ?? '')));
    const user = await engineOf(c).people.createUser(rest, hash);
    return c.json(user, 201);
  })
  .get('/:id', (c) => c.json(engineOf(c).people.user(c.req.param('id'))))
  .patch('/:id', async (c) => {
    const id = c.req.param('id');
    const self = c.get('principal').user.id === id;
    if (!self) requireAdmin(c);
    const body = (await readJson(c)) as Record<string, unknown> | null;
    const { password, ...rest } = body ?? {};
    // Team, manager and e-mail decide what a person may see (team scopes, approvals, sign-in):
    // only an administrator changes them. A password change without the current one is an admin's too.
    const forbidden = Object.keys(body ?? {}).filter((key) => !selfService.has(key));
    if (self && !c.get('principal').user.isAdmin && forbidden.length)
      throw new Forbidden(
        'admin_only',
        `Only an administrator may change ${forbidden.join(', ')}${'password' in (body ?? {}) ? '; change your password at /api/auth/password' : ''}.`,
      );
    const current = engineOf(c).people.user(id);
    if (current.isAdmin && current.active && (rest.active === false || rest.isAdmin === false))
      assertAnotherAdmin(engineOf(c).people.listUsers(), id);
    const hash =
      password === undefined ? undefined : await hashPassword(checkPasswordPolicy(password, current.email));
    const user = await engineOf(c).people.updateUser(id, rest, hash);
    return c.json(user);
  });

export const teamRoutes = new Hono<Env>()
  .get('/', (c) => c.json({ items: engineOf(c).people.listTeams() }))
  .post('/', async (c) => {
    requireAdmin(c);
    return c.json(await engineOf(c).people.createTeam(await readJson(c)), 201);
  })
  .get('/:team', (c) => c.json(engineOf(c).people.team(c.req.param('team'))))
  .patch('/:team', async (c) => {
    requireAdmin(c);
    return c.json(await engineOf(c).people.updateTeam(c.req.param('team'), await readJson(c)));
  })
  .delete('/:team', async (c) => {
    requireAdmin(c);
    await engineOf(c).people.deleteTeam(c.req.param('team'));
    return c.body(null, 204);
  });
