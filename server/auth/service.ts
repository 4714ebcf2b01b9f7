// Sign-in sessions and API tokens. Secrets are random, shown once, and stored as SHA-256
// hashes; a deactivated user's sessions and tokens stop working on their next request.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import {
  type Actor,
  type Checker,
  Conflict,
  compile,
  type Engine,
  ensureFixedTable,
  Forbidden,
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
import { newTotpSecret, verifyTotp } from './totp.ts';

const sessionDays = 14;
const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface Principal {
  actor: Actor;
  user: User;
  via: 'session' | 'token';
  sessionId?: string;
  token?: { id: string; readOnly: boolean; apps: string[] | null; role: string | null };
  /** Signed in without the second factor a role demands: only enrolment is open to them. */
  mustEnrol?: boolean;
}

interface TokenInput {
  name: string;
  role?: string;
  apps?: string[];
  /** Tables as "app.table" (API names) or table ids. */
  tables?: string[];
  readOnly?: boolean;
}

const tokenInput: Checker<TokenInput> = compile<TokenInput>({
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    role: { type: 'string', maxLength: 100 },
    apps: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 100 },
    tables: { type: 'array', items: { type: 'string', maxLength: 201 }, minItems: 1, maxItems: 200 },
    readOnly: { type: 'boolean' },
  },
  additionalProperties: false,
});

/**
 * The look-ups every request makes (and every open event stream, to check its caller still
 * may listen): built and prepared once. Building a drizzle query and preparing its statement
 * cost more than the rest of answering a GET.
 */
function prepareLookups(engine: Engine) {
  const reader = engine.store.readDb;
  return {
    tokenByHash: reader
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, sql.placeholder('hash')))
      .prepare(),
    tokenById: reader
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(eq(apiTokens.id, sql.placeholder('id')))
      .prepare(),
    sessionByHash: reader
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, sql.placeholder('hash')))
      .prepare(),
    sessionById: reader
      .select({ expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare(),
  };
}

export class AuthService {
  readonly perAccount: RateLimiter;
  readonly perIp: RateLimiter;
  private readonly lookups: ReturnType<typeof prepareLookups>;

  constructor(private readonly engine: Engine) {
    for (const table of authTables) ensureFixedTable(engine.store.writer, table);
    engine.store.hotRows.watch('api_tokens');
    engine.store.hotRows.watch('sessions');
    this.lookups = prepareLookups(engine);
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
    code?: unknown,
  ): Promise<{ token: string; user: User; sessionId: string; mustEnrol: boolean }> {
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
    // With two-factor on, the password alone is not enough: a current code must come with it.
    if (row.totpEnabled && row.totpSecret) {
      if (code === undefined || code === null || code === '')
        throw new Unauthenticated(
          'two_factor_required',
          'Enter the 6-digit code from your authenticator app.',
        );
      if (!verifyTotp(row.totpSecret, code, this.engine.now())) {
        this.perIp.record(ip);
        this.perAccount.record(account);
        throw new Unauthenticated('invalid_code', 'That code is wrong or has expired.');
      }
    }
    const mustEnrol = !row.totpEnabled && this.engine.access.requiresTwoFactor(row.id);
    this.perAccount.reset(account);
    const token = randomBytes(32).toString('base64url');
    const now = this.engine.now();
    const sessionId = newId('tok');
    await this.write(() =>
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
          mustEnrol,
        })
        .run(),
    );
    return { token, user: toUser(row), sessionId, mustEnrol };
  }

  /**
   * Every change to sessions and tokens is its own transaction under the engine's write lock:
   * written straight to the shared connection, it would land inside whatever transaction
   * another request holds open (a long import) and vanish with it if that one rolls back.
   * Open event streams are woken to check that their caller still may listen.
   */
  private async write<T>(change: () => T): Promise<T> {
    const result = await this.engine.store.write(change);
    this.engine.outbox.notify();
    return result;
  }

  logout(sessionId: string): Promise<void> {
    return this.write(() => {
      this.engine.store.db.delete(sessions).where(eq(sessions.id, sessionId)).run();
    });
  }

  /** Whether who was let in may still be: the account active, the session or token not revoked. */
  stillValid(principal: Principal): boolean {
    const row = this.engine.people.findUserRow(principal.user.id);
    if (!row?.active) return false;
    if (principal.sessionId) {
      const session = this.lookups.sessionById.get({ id: principal.sessionId });
      return session !== undefined && session.expiresAt >= this.engine.now();
    }
    if (principal.token) return this.lookups.tokenById.get({ id: principal.token.id }) !== undefined;
    return true;
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
      const tokenHash = hash(secret);
      const token = this.engine.store.hotRows.get(`token:${tokenHash}`, () =>
        this.lookups.tokenByHash.get({ hash: tokenHash }),
      );
      if (!token)
        throw new Unauthenticated('invalid_token', 'This API token is not valid (revoked or mistyped).');
      const user = this.activeUser(token.userId);
      const tables = token.tables as string[] | null;
      return {
        // A token with a role acts with that role only, even when its owner is an admin.
        actor: {
          ...(token.role
            ? {
                userId: user.id,
                isAdmin: false,
                roles: [token.role],
                tokenRole: token.role,
                teamId: user.team,
              }
            : { userId: user.id, isAdmin: user.isAdmin, roles: [], teamId: user.team }),
          ...(tables ? { tokenTables: tables } : {}),
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
    const sessionHash = hash(secret);
    const session = this.engine.store.hotRows.get(`session:${sessionHash}`, () =>
      this.lookups.sessionByHash.get({ hash: sessionHash }),
    );
    if (!session || session.expiresAt < now)
      throw new Unauthenticated('session_expired', 'Your session has ended; sign in again.');
    const user = this.activeUser(session.userId);
    if (now - session.lastSeenAt > 60_000)
      // Bookkeeping only: nobody waits for it, and it must not join another request's transaction.
      void this.engine.store
        .write(() =>
          this.engine.store.writer
            .prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?')
            .run(now, session.id),
        )
        .catch(() => undefined);
    return {
      actor: { userId: user.id, isAdmin: user.isAdmin, roles: [], teamId: user.team },
      user,
      via: 'session',
      sessionId: session.id,
      ...(session.mustEnrol ? { mustEnrol: true } : {}),
    };
  }

  // ---- two-factor sign-in -----------------------------------------------------------------

  /** Starts enrolment: a fresh secret, shown once as text and as an otpauth:// URI for a QR code. */
  async startTwoFactor(principal: Principal): Promise<{ secret: string; uri: string }> {
    if (principal.token)
      throw new Forbidden(
        'forbidden',
        'Two-factor sign-in is set up in a signed-in session, not with an API token.',
      );
    const row = this.engine.people.findUserRow(principal.user.id)!;
    if (row.totpEnabled)
      throw new Conflict(
        'two_factor_on',
        'Two-factor sign-in is already on; turn it off first to change devices.',
      );
    const created = newTotpSecret(row.email);
    await this.write(() =>
      this.engine.store.writer
        .prepare('UPDATE users SET totp_secret = ? WHERE id = ?')
        .run(created.secret, row.id),
    );
    return created;
  }

  /** Confirms enrolment with a code from the device; the session is then fully open. */
  async enableTwoFactor(principal: Principal, code: unknown): Promise<void> {
    const row = this.engine.people.findUserRow(principal.user.id)!;
    if (!row.totpSecret) throw new Invalid('no_enrolment', 'Start two-factor setup first.');
    if (!verifyTotp(row.totpSecret, code, this.engine.now()))
      throw new Invalid('invalid_code', 'That code is wrong or has expired.', [
        { field: 'code', message: 'is wrong or has expired' },
      ]);
    await this.write(() => {
      this.engine.store.writer.prepare('UPDATE users SET totp_enabled = 1 WHERE id = ?').run(row.id);
      this.engine.store.writer.prepare('UPDATE sessions SET must_enrol = 0 WHERE user_id = ?').run(row.id);
    });
  }

  async disableTwoFactor(principal: Principal, code: unknown): Promise<void> {
    const row = this.engine.people.findUserRow(principal.user.id)!;
    if (!row.totpEnabled || !row.totpSecret)
      throw new Conflict('two_factor_off', 'Two-factor sign-in is not on.');
    if (this.engine.access.requiresTwoFactor(row.id))
      throw new Forbidden('two_factor_required_by_role', 'A role you hold requires two-factor sign-in.');
    if (!verifyTotp(row.totpSecret, code, this.engine.now()))
      throw new Invalid('invalid_code', 'That code is wrong or has expired.', [
        { field: 'code', message: 'is wrong or has expired' },
      ]);
    await this.write(() =>
      this.engine.store.writer
        .prepare('UPDATE users SET totp_enabled = 0, totp_secret = NULL WHERE id = ?')
        .run(row.id),
    );
  }

  twoFactorStatus(userId: string): { enabled: boolean; required: boolean } {
    const row = this.engine.people.findUserRow(userId)!;
    return { enabled: row.totpEnabled, required: this.engine.access.requiresTwoFactor(userId) };
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
    if (input.role !== undefined) this.assertRoleExists(input.role, input.apps);
    const tables = input.tables?.map((ref, index) => this.tokenTable(ref, index, input.apps));
    const id = newId('tok');
    const token = `rap_${randomBytes(24).toString('base64url')}`;
    await this.write(() =>
      this.engine.store.db
        .insert(apiTokens)
        .values({
          id,
          tokenHash: hash(token),
          userId: principal.user.id,
          name: input.name,
          role: input.role ?? null,
          apps: input.apps ?? null,
          tables: tables ?? null,
          readOnly: input.readOnly ?? false,
          createdAt: this.engine.now(),
        })
        .run(),
    );
    return { id, token, name: input.name };
  }

  /** A table a token is limited to, as its id: named "app.table" or by id, in the token's apps. */
  private tokenTable(ref: string, index: number, apps: string[] | undefined): string {
    const registry = this.engine.metadata.registry;
    const dot = ref.indexOf('.');
    const table =
      dot > 0
        ? registry.findApp(ref.slice(0, dot))?.tables.find((t) => t.doc.name === ref.slice(dot + 1))
        : registry
            .listApps()
            .flatMap((a) => a.tables)
            .find((t) => t.doc.id === ref);
    const inApps = table && (!apps || apps.some((a) => registry.findApp(a) === table.app));
    if (!inApps)
      throw new Invalid('unknown_table', `There is no table '${ref}'${apps ? " in the token's apps" : ''}.`, [
        { field: `tables.${index}`, message: 'name a table as app.table' },
      ]);
    return table.doc.id;
  }

  /** A token's role must exist in the apps it may use (built-in roles exist in every app). */
  private assertRoleExists(role: string, apps: string[] | undefined) {
    const candidates = apps?.length ? apps : this.engine.metadata.registry.listApps().map((a) => a.doc.id);
    const known = new Set(['admin', 'manager', 'member', 'viewer']);
    for (const app of candidates) for (const r of this.engine.access.roles(app)) known.add(r.name);
    if (!known.has(role))
      throw new Invalid('unknown_role', `There is no role '${role}'.`, [
        { field: 'role', message: `no role '${role}'` },
      ]);
  }

  listTokens(userId: string) {
    return this.engine.store.readDb
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        role: apiTokens.role,
        apps: apiTokens.apps,
        tables: apiTokens.tables,
        readOnly: apiTokens.readOnly,
        createdAt: apiTokens.createdAt,
      })
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(desc(apiTokens.createdAt))
      .all()
      .map((t) => ({
        ...t,
        // Shown as "app.table", as they are given; a table deleted since keeps its id.
        tables:
          (t.tables as string[] | null)?.map((id) => {
            const table = this.engine.metadata.registry
              .listApps()
              .flatMap((a) => a.tables)
              .find((x) => x.doc.id === id);
            return table ? `${table.app.doc.name}.${table.doc.name}` : id;
          }) ?? null,
        createdAt: new Date(t.createdAt).toISOString(),
      }));
  }

  revokeToken(principal: Principal, id: string): Promise<void> {
    return this.write(() => {
      const token = this.engine.store.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
      if (!token || (token.userId !== principal.user.id && !principal.user.isAdmin))
        throw new NotFound('token_not_found', `There is no token '${id}'.`);
      this.engine.store.db.delete(apiTokens).where(eq(apiTokens.id, id)).run();
    });
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

  revokeSession(userId: string, id: string): Promise<void> {
    return this.write(() => {
      const result = this.engine.store.db
        .delete(sessions)
        .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
        .run();
      if (result.changes === 0) throw new NotFound('session_not_found', `There is no session '${id}'.`);
    });
  }

  pruneExpired(): Promise<void> {
    return this.write(() => {
      this.engine.store.db.delete(sessions).where(lt(sessions.expiresAt, this.engine.now())).run();
    });
  }

  async setPassword(userId: string, password: unknown, email: string): Promise<void> {
    const checked = checkPasswordPolicy(password, email);
    await this.engine.people.updateUser(userId, {}, await hashPassword(checked));
  }
}
