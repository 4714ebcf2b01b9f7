// Sign in and out, the signed-in user, their sessions and API tokens.
import { randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { type Env, engineOf, readJson } from '../context.ts';

export const sessionCookie = 'rapport_session';
export const csrfCookie = 'rapport_csrf';

export function clientIp(c: Parameters<typeof getConnInfo>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export const publicAuthRoutes = new Hono<Env>().post('/login', async (c) => {
  const body = (await readJson(c)) as { email?: unknown; password?: unknown; code?: unknown } | null;
  const auth = c.get('auth');
  const { token, user, mustEnrol } = await auth.login(
    body?.email,
    body?.password,
    clientIp(c),
    c.req.header('user-agent'),
    body?.code,
  );
  const secure = new URL(c.req.url).protocol === 'https:';
  setCookie(c, sessionCookie, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure,
    maxAge: 14 * 86_400,
  });
  // Double-submit token: readable by our pages, required as a header on cookie-authenticated writes.
  setCookie(c, csrfCookie, randomBytes(18).toString('base64url'), {
    httpOnly: false,
    sameSite: 'Lax',
    path: '/',
    secure,
    maxAge: 14 * 86_400,
  });
  return c.json(
    {
      token,
      user: { id: user.id, email: user.email, name: user.name },
      ...(mustEnrol ? { mustEnrolTwoFactor: true } : {}),
    },
    200,
  );
});

export const authRoutes = new Hono<Env>()
  .post('/logout', async (c) => {
    const principal = c.get('principal');
    if (principal.sessionId) await c.get('auth').logout(principal.sessionId);
    deleteCookie(c, sessionCookie, { path: '/' });
    deleteCookie(c, csrfCookie, { path: '/' });
    return c.body(null, 204);
  })
  .get('/sessions', (c) => c.json({ items: c.get('auth').listSessions(c.get('principal').user.id) }))
  .delete('/sessions/:id', async (c) => {
    await c.get('auth').revokeSession(c.get('principal').user.id, c.req.param('id'));
    return c.body(null, 204);
  })
  .get('/2fa', (c) => c.json(c.get('auth').twoFactorStatus(c.get('principal').user.id)))
  .post('/2fa/setup', async (c) => c.json(await c.get('auth').startTwoFactor(c.get('principal'))))
  .post('/2fa/enable', async (c) => {
    const body = (await readJson(c)) as { code?: unknown } | null;
    await c.get('auth').enableTwoFactor(c.get('principal'), body?.code);
    return c.body(null, 204);
  })
  .post('/2fa/disable', async (c) => {
    const body = (await readJson(c)) as { code?: unknown } | null;
    await c.get('auth').disableTwoFactor(c.get('principal'), body?.code);
    return c.body(null, 204);
  })
  .post('/password', async (c) => {
    const body = (await readJson(c)) as { current?: unknown; password?: unknown } | null;
    const principal = c.get('principal');
    const engine = engineOf(c);
    const row = engine.people.findUserRow(principal.user.id)!;
    const { verifyPassword } = await import('../auth/passwords.ts');
    if (typeof body?.current !== 'string' || !(await verifyPassword(body.current, row.passwordHash)))
      return c.json(
        {
          error: {
            code: 'wrong_password',
            message: 'The current password is wrong.',
            details: [{ field: 'current', message: 'is wrong' }],
          },
        },
        422,
      );
    await c.get('auth').setPassword(principal.user.id, body.password, principal.user.email);
    return c.body(null, 204);
  });

export const tokenRoutes = new Hono<Env>()
  .get('/', (c) => c.json({ items: c.get('auth').listTokens(c.get('principal').user.id) }))
  .post('/', async (c) => {
    const created = await c.get('auth').createToken(c.get('principal'), await readJson(c));
    return c.json(created, 201);
  })
  .delete('/:id', async (c) => {
    await c.get('auth').revokeToken(c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });
