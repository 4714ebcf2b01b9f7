// The fixed tables every Rapport database has (metadata, history, audit, outbox, people,
// files), declared with drizzle. User tables are created at run time by store/ddl.ts.
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { workflowTables } from './workflow-tables.ts';

export const metadata = sqliteTable(
  'metadata',
  {
    id: text('id').primaryKey(),
    kind: text('kind', {
      enum: ['app', 'table', 'field', 'view', 'workflow', 'role', 'member', 'dashboard'],
    }).notNull(),
    appId: text('app_id').notNull(),
    parentId: text('parent_id').notNull(),
    name: text('name').notNull(),
    position: real('position').notNull(),
    doc: text('doc', { mode: 'json' }).notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('metadata_name').on(t.kind, t.parentId, t.name), index('metadata_app').on(t.appId)],
);

export const metadataHistory = sqliteTable(
  'metadata_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    objectId: text('object_id').notNull(),
    kind: text('kind').notNull(),
    appId: text('app_id').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete'] }).notNull(),
    actorId: text('actor_id'),
    at: integer('at').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
  },
  (t) => [
    index('metadata_history_object').on(t.objectId, t.id),
    index('metadata_history_app').on(t.appId, t.id),
  ],
);

export const audit = sqliteTable(
  'audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorId: text('actor_id'),
    appId: text('app_id').notNull(),
    tableId: text('table_id').notNull(),
    recordId: integer('record_id').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete'] }).notNull(),
    before: text('before'),
    after: text('after'),
  },
  (t) => [index('audit_record').on(t.tableId, t.recordId), index('audit_app').on(t.appId, t.at)],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    appId: text('app_id').notNull(),
    tableId: text('table_id'),
    recordId: integer('record_id'),
    type: text('type').notNull(),
    actorId: text('actor_id'),
    payload: text('payload').notNull(),
  },
  (t) => [index('outbox_app').on(t.appId, t.id)],
);

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  teamId: text('team_id'),
  managerId: text('manager_id'),
  locale: text('locale'),
  timeZone: text('time_zone'),
  profile: text('profile', { mode: 'json' }),
  /** TOTP secret (base32), set during enrolment; two-factor sign-in is on once totpEnabled. */
  totpSecret: text('totp_secret'),
  totpEnabled: integer('totp_enabled', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const teams = sqliteTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  label: text('label', { mode: 'json' }).notNull(),
  parentId: text('parent_id'),
  createdAt: integer('created_at').notNull(),
});

export const counters = sqliteTable('counters', {
  key: text('key').primaryKey(),
  value: integer('value').notNull(),
});

export const attachments = sqliteTable('attachments', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  size: integer('size').notNull(),
  type: text('type').notNull(),
  sha256: text('sha256').notNull(),
  createdAt: integer('created_at').notNull(),
  createdBy: text('created_by'),
});

/** Records shared with a user or a team beyond what their roles allow. */
export const recordShares = sqliteTable(
  'record_shares',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tableId: text('table_id').notNull(),
    recordId: integer('record_id').notNull(),
    userId: text('user_id'),
    teamId: text('team_id'),
    level: text('level', { enum: ['read', 'edit'] }).notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('record_shares_record').on(t.tableId, t.recordId),
    index('record_shares_user').on(t.tableId, t.userId),
    index('record_shares_team').on(t.tableId, t.teamId),
  ],
);

/** Discussion on a record, with the people it @mentions. */
export const comments = sqliteTable(
  'comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    appId: text('app_id').notNull(),
    tableId: text('table_id').notNull(),
    recordId: integer('record_id').notNull(),
    userId: text('user_id'),
    body: text('body').notNull(),
    mentions: text('mentions', { mode: 'json' }),
    createdAt: integer('created_at').notNull(),
    editedAt: integer('edited_at'),
  },
  (t) => [index('comments_record').on(t.tableId, t.recordId, t.id)],
);

export const fixedTables = [
  metadata,
  metadataHistory,
  audit,
  outbox,
  users,
  teams,
  counters,
  attachments,
  recordShares,
  comments,
  ...workflowTables,
];
