// Sign-in sessions and API tokens. Secrets are random, shown once, and stored as SHA-256
// hashes; a deactivated user's sessions and tokens stop working on their next request.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, lt } from 'drizzle-orm';
import {
  type Actor,
  type Checker,
  compile,
  type Engine,
  Forbidden,
  fixedTableDdl,
  Invalid,
  NotFound,
  newId,
  toUser,
  Unauthenticated,
  type User,
} from '../../engine/index.ts';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import { RateLimiter } from './rate-limit.ts';
import { apiTokens, authTables, sessions } from './tables.ts';

const sessionDays = 14;
const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface Principal {
  actor: Actor;
  user: User;
  via: 'session' | 'token';
  sessionId?: string;
  token?: { id: string; readOnly: boolean; apps: string[] | null; role: string | null };
}

interface TokenInput {
  name: string;
  role?: string;
  apps?: string[];
  readOnly?: boolean;
}

const tokenInput: Checker<TokenInput> = compile<TokenInput>({
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    role: { type: 'string', maxLength: 100 },
    apps: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 100 },
    readOnly: { type: 'boolean' },
  },
  additionalProperties: false,
});

export class AuthService {
  readonly perAccount: RateLimiter;
  readonly perIp: RateLimiter;

  constructor(private readonly engine: Engine) {
    for (const table of authTables)
      for (const statement of fixedTableDdl(table)) engine.store.writer.exec(statement);
    this.perAccount = new RateLimiter(10, 15 * 60_000, engine.now);
    this.perIp = new RateLimiter(50, 15 * 60_000, engine.now);
  }

  /** Creates the first admin when the database has no users. Returns the generated password, if any. */
  async ensureFirstAdmin(
    email?: string,
    password?: string,
  ): Promise<{ email: string; password?: string } | undefined> {
    if (this.engine.people.countUsers() > 0) return undefined;
    const adminEmail = (email ?? 'admin@example.com').trim().toLowerCase();
    const generated = password ? undefined : generatePassword();
    const secret = password ?? generated!;
    await this.engine.people.createUser(
      { email: adminEmail, name: 'Admin', isAdmin: true },
      await hashPassword(secret),
    );
    return generated ? { email: adminEmail, password: generated } : { email: adminEmail };
  }

  async login(
    email: unknown,
    password: unknown,
    ip: string,
    userAgent: string | undefined,
  ): Promise<{ token: string; user: User; sessionId: string }> {
    if (typeof email !== 'string' || typeof password !== 'string' || !email || !password)
      throw new Invalid('invalid_credentials', "'email' and 'password' are required", [
        ...(typeof email === 'string' && email ? [] : [{ field: 'email', message: 'is required' }]),
        ...(typeof password === 'string' && password ? [] : [{ field: 'password', message: 'is required' }]),
      ]);
    const account = email.trim().toLowerCase();
    this.perIp.check(ip, 'sign-in attempts from your address');
    this.perAccount.check(account, 'sign-in attempts for this account');
    const row = this.engine.people.findUserByEmail(account);
    const ok = await verifyPassword(password, row?.passwordHash ?? null);
    if (!row || !ok || !row.active) {
      this.perIp.record(ip);
      this.perAccount.record(account);
      throw new Unauthenticated('invalid_credentials', 'Wrong e-mail or password.');
    }
    this.perAccount.reset(account);
    const token = randomBytes(32).toString('base64url');
    const now = this.engine.now();
    const sessionId = newId('tok');
    this.engine.store.db
      .insert(sessions)
      .values({
        id: sessionId,
        tokenHash: hash(token),
        userId: row.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: now + sessionDays * 86_400_000,
        ip,
        userAgent: userAgent?.slice(0, 300) ?? null,
      })
      .run();
    return { token, user: toUser(row), sessionId };
  }

  logout(sessionId: string): void {
    this.engine.store.db.delete(sessions).where(eq(sessions.id, sessionId)).run();
  }

  /** Resolves a bearer secret (session token or API token) to who is asking. */
  authenticate(secret: string | undefined, via: 'cookie' | 'bearer'): Principal {
    if (!secret)
      throw new Unauthenticated(
        'unauthenticated',
        'Sign in first: send a Bearer token or the session cookie.',
      );
    const now = this.engine.now();
    if (secret.startsWith('rap_') && via === 'bearer') {
      const token = this.engine.store.readDb
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.tokenHash, hash(secret)))
        .get();
      if (!token)
        throw new Unauthenticated('invalid_token', 'This API token is not valid (revoked or mistyped).');
      const user = this.activeUser(token.userId);
      return {
        actor: {
          userId: user.id,
          isAdmin: user.isAdmin,
          roles: token.role ? [token.role] : [],
          teamId: user.team,
        },
        user,
        via: 'token',
        token: {
          id: token.id,
          readOnly: token.readOnly,
          apps: (token.apps as string[] | null) ?? null,
          role: token.role,
        },
      };
    }
    const session = this.engine.store.readDb
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, hash(secret)))
      .get();
    if (!session || session.expiresAt < now)
      throw new Unauthenticated('session_expired', 'Your session has ended; sign in again.');
    const user = this.activeUser(session.userId);
    if (now - session.lastSeenAt > 60_000)
      this.engine.store.writer
        .prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?')
        .run(now, session.id);
    return {
      actor: { userId: user.id, isAdmin: user.isAdmin, roles: [], teamId: user.team },
      user,
      via: 'session',
      sessionId: session.id,
    };
  }

  private activeUser(id: string): User {
    const row = this.engine.people.findUserRow(id);
    if (!row?.active) throw new Unauthenticated('user_inactive', 'This account is deactivated.');
    return toUser(row);
  }

  async createToken(
    principal: Principal,
    input: unknown,
  ): Promise<{ id: string; token: string; name: string }> {
    tokenInput.assert(input, 'token');
    if (principal.token) throw new Forbidden('forbidden', 'API tokens cannot create more tokens; sign in.');
    for (const app of input.apps ?? []) this.engine.metadata.registry.app(app);
    const id = newId('tok');
    const token = `rap_${randomBytes(24).toString('base64url')}`;
    this.engine.store.db
      .insert(apiTokens)
      .values({
        id,
        tokenHash: hash(token),
        userId: principal.user.id,
        name: input.name,
        role: input.role ?? null,
        apps: input.apps ?? null,
        readOnly: input.readOnly ?? false,
        createdAt: this.engine.now(),
      })
      .run();
    return { id, token, name: input.name };
  }

  listTokens(userId: string) {
    return this.engine.store.readDb
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        role: apiTokens.role,
        apps: apiTokens.apps,
        readOnly: apiTokens.readOnly,
        createdAt: apiTokens.createdAt,
      })
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(desc(apiTokens.createdAt))
      .all()
      .map((t) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() }));
  }

  revokeToken(principal: Principal, id: string): void {
    const token = this.engine.store.readDb.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!token || (token.userId !== principal.user.id && !principal.user.isAdmin))
      throw new NotFound('token_not_found', `There is no token '${id}'.`);
    this.engine.store.db.delete(apiTokens).where(eq(apiTokens.id, id)).run();
  }

  listSessions(userId: string) {
    return this.engine.store.readDb
      .select({
        id: sessions.id,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        ip: sessions.ip,
        userAgent: sessions.userAgent,
      })
      .from(sessions)
      .where(eq(sessions.userId, userId))
      .all();
  }

  revokeSession(userId: string, id: string): void {
    const result = this.engine.store.db
      .delete(sessions)
      .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
      .run();
    if (result.changes === 0) throw new NotFound('session_not_found', `There is no session '${id}'.`);
  }

  pruneExpired(): void {
    this.engine.store.db.delete(sessions).where(lt(sessions.expiresAt, this.engine.now())).run();
  }

  async setPassword(userId: string, password: unknown, email: string): Promise<void> {
    const checked = checkPasswordPolicy(password, email);
    await this.engine.people.updateUser(userId, {}, await hashPassword(checked));
  }
}
