// The server's own tables: sign-in sessions and API tokens. Only hashes of secrets are stored.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** Signed in with a password only while a role demands two-factor: the session may only enrol. */
    mustEnrol: integer('must_enrol', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    role: text('role'),
    apps: text('apps', { mode: 'json' }),
    /** Table ids the token is limited to; null for every table of its apps. */
    tables: text('tables', { mode: 'json' }),
    readOnly: integer('read_only', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [index('api_tokens_user').on(t.userId)],
);

export const authTables = [sessions, apiTokens];
