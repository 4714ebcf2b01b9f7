// Roles, memberships and record sharing as admins manage them, plus the tools to check the
// result: "view as" a user or role, and "why can this user see this record?".
import { randomBytes } from 'node:crypto';
import { Conflict, Invalid, invalidField, NotFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Engine } from '../index.ts';
import type { MemberDoc } from '../meta/build.ts';
import { MetadataDocs } from '../meta/docs.ts';
import type { AppModel, TableModel } from '../meta/model.ts';
import { compileFilter } from '../query/filter.ts';
import { ident } from '../query/sql.ts';
import { humanize } from '../schema/index.ts';
import { isRole, isRoleInput, type RoleDoc, type Scope } from '../schema/role.ts';
import type { Actor } from './actor.ts';
import { builtInRoleNames, builtInRoles } from './builtin-roles.ts';
import {
  accessFor,
  assertCanDesign,
  bindMe,
  canDesign,
  type Operation,
  rolesOf,
  scopeSql,
} from './policy.ts';

export interface Explanation {
  operation: Operation;
  allowed: boolean;
  /** Each role the user holds, and whether it grants this record. */
  roles: { role: string; grants: boolean; scope: string | null; reason: string }[];
  shares: { level: string; via: 'user' | 'team' }[];
}

function describeScope(scope: Scope | true | undefined): string | null {
  if (scope === undefined) return null;
  if (scope === true || scope === 'all') return 'all records';
  if (scope === 'own') return 'records they own';
  if (scope === 'team') return 'records owned by their team';
  if (scope === 'reports') return 'records owned by their team and the teams below it';
  return `records matching ${JSON.stringify(scope.filter)}`;
}

export class AccessService {
  private readonly docs: MetadataDocs;

  constructor(private readonly engine: Engine) {
    this.docs = new MetadataDocs(engine.store, engine.now);
  }

  // ---- roles ------------------------------------------------------------------------------

  roles(appRef: string): (RoleDoc & { builtIn?: true })[] {
    const app = this.engine.metadata.registry.app(appRef);
    return [...builtInRoles(app).map((r) => ({ ...r, builtIn: true as const })), ...app.roles];
  }

  role(appRef: string, name: string): RoleDoc {
    const role = this.roles(appRef).find((r) => r.name === name || r.id === name);
    if (!role) throw new NotFound('role_not_found', `App '${appRef}' has no role '${name}'.`);
    return role;
  }

  createRole(actor: Actor, appRef: string, input: unknown): Promise<RoleDoc> {
    isRoleInput.assert(input, 'role');
    return this.engine.store.write(() => {
      const app = this.engine.metadata.registry.app(appRef);
      assertCanDesign(actor, app);
      if (this.roles(app.doc.id).some((r) => r.name === input.name))
        throw new Conflict('duplicate_name', `A role named '${input.name}' already exists.`, [
          { field: 'name', message: 'is taken' },
        ]);
      const doc = {
        ...input,
        id: newId('rol'),
        label: input.label ?? humanize(input.name),
        tables: input.tables ?? {},
      } as RoleDoc;
      this.check(app, doc);
      this.docs.insert(actor, { kind: 'role', appId: app.doc.id, parentId: app.doc.id }, doc);
      this.refreshRoles(app.doc.id);
      return doc;
    });
  }

  updateRole(actor: Actor, appRef: string, name: string, patch: unknown): Promise<RoleDoc> {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
      throw new Invalid('invalid_body', 'Send the role fields to change as an object.');
    return this.engine.store.write(() => {
      const app = this.engine.metadata.registry.app(appRef);
      assertCanDesign(actor, app);
      if (builtInRoleNames.includes(name))
        throw new Conflict(
          'built_in_role',
          `'${name}' is built in and cannot be changed; create a role of your own.`,
        );
      const before = app.roles.find((r) => r.name === name || r.id === name);
      if (!before) throw new NotFound('role_not_found', `App '${app.doc.name}' has no role '${name}'.`);
      const after = { ...before, ...(patch as object), id: before.id } as RoleDoc;
      isRole.assert(after, 'role');
      if (after.name !== before.name && this.roles(app.doc.id).some((r) => r.name === after.name))
        throw new Conflict('duplicate_name', `A role named '${after.name}' already exists.`);
      this.check(app, after);
      this.docs.update(actor, { kind: 'role', appId: app.doc.id, parentId: app.doc.id }, before, after);
      if (after.name !== before.name) this.renameInMembers(actor, app, before.name, after.name);
      this.refreshRoles(app.doc.id);
      return after;
    });
  }

  deleteRole(actor: Actor, appRef: string, name: string): Promise<void> {
    return this.engine.store.write(() => {
      const app = this.engine.metadata.registry.app(appRef);
      assertCanDesign(actor, app);
      if (builtInRoleNames.includes(name))
        throw new Conflict('built_in_role', `'${name}' is built in and cannot be deleted.`);
      const role = app.roles.find((r) => r.name === name || r.id === name);
      if (!role) throw new NotFound('role_not_found', `App '${app.doc.name}' has no role '${name}'.`);
      this.docs.remove(actor, { kind: 'role', appId: app.doc.id, parentId: app.doc.id }, role);
      this.renameInMembers(actor, app, role.name, null);
      this.refreshRoles(app.doc.id);
    });
  }

  /**
   * After a role changes: the app's model, and the sort indexes that carry the columns roles'
   * read filters test (engine/access/policy.ts scopeColumns) — rebuilt when those columns
   * changed, which takes seconds on a table of a million rows.
   */
  private refreshRoles(appId: string) {
    const app = this.engine.metadata.registry.refresh(appId)!;
    for (const table of app.tables) this.engine.metadata.repairSortIndexes(table);
  }

  private renameInMembers(actor: Actor, app: AppModel, from: string, to: string | null) {
    for (const member of this.memberDocs(app)) {
      if (!member.roles.includes(from)) continue;
      const roles = member.roles.flatMap((r) => (r === from ? (to ? [to] : []) : [r]));
      this.docs.update(actor, { kind: 'member', appId: app.doc.id, parentId: app.doc.id }, member, {
        ...member,
        roles,
      });
    }
  }

  /** Every table, field and filter a role names must exist. */
  private check(app: AppModel, role: RoleDoc) {
    for (const [tableName, permission] of Object.entries(role.tables)) {
      const table = app.tablesByName.get(tableName);
      if (!table)
        throw invalidField(
          `tables.${tableName}`,
          `App '${app.doc.name}' has no table '${tableName}'.`,
          'unknown_table',
        );
      for (const fieldName of Object.keys(permission?.fields ?? {}))
        if (!table.byName.has(fieldName))
          throw invalidField(
            `tables.${tableName}.fields.${fieldName}`,
            `Table '${tableName}' has no field '${fieldName}'.`,
            'unknown_field',
          );
      for (const operation of ['read', 'update', 'delete'] as const) {
        const value = permission?.[operation];
        const scope = typeof value === 'object' ? (value.scope as Scope) : undefined;
        if (typeof scope === 'object') {
          const probe = { id: 'usr_probe', team: 'tem_probe', email: 'probe@example.com', name: 'probe' };
          try {
            compileFilter(
              bindMe(
                scope.filter,
                new Proxy(probe, { get: (t, k) => (k in t ? t[k as keyof typeof t] : 'x') }),
              ),
              table,
              { actorId: 'usr_probe', now: 0, timeZone: 'UTC' },
            );
          } catch (error) {
            if (error instanceof Invalid)
              for (const d of error.details)
                d.field = `tables.${tableName}.${operation}.scope.filter${d.field ? `.${d.field}` : ''}`;
            throw error;
          }
        }
      }
    }
  }

  // ---- members ----------------------------------------------------------------------------

  private memberDocs(app: AppModel): MemberDoc[] {
    return (
      this.engine.store
        .prepare("SELECT doc FROM metadata WHERE kind = 'member' AND app_id = ?")
        .all(app.doc.id) as { doc: string }[]
    ).map((r) => JSON.parse(r.doc) as MemberDoc);
  }

  members(appRef: string): { user: string; roles: string[] }[] {
    const app = this.engine.metadata.registry.app(appRef);
    return [...app.members.entries()].map(([user, roles]) => ({ user, roles }));
  }

  setMember(
    actor: Actor,
    appRef: string,
    userId: string,
    roles: unknown,
  ): Promise<{ user: string; roles: string[] }> {
    if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string'))
      throw new Invalid('invalid_roles', "'roles' must be a list of role names.", [
        { field: 'roles', message: 'must be a list of role names' },
      ]);
    return this.engine.store.write(() => {
      const app = this.engine.metadata.registry.app(appRef);
      assertCanDesign(actor, app);
      this.engine.people.user(userId);
      const known = new Set(this.roles(app.doc.id).map((r) => r.name));
      const unknown = (roles as string[]).filter((r) => !known.has(r));
      if (unknown.length)
        throw invalidField(
          'roles',
          `App '${app.doc.name}' has no role ${unknown.map((r) => `'${r}'`).join(', ')}.`,
          'unknown_role',
        );
      const ref = { kind: 'member' as const, appId: app.doc.id, parentId: app.doc.id };
      const existing = this.memberDocs(app).find((m) => m.name === userId);
      const next = [...new Set(roles as string[])];
      if (existing) this.docs.update(actor, ref, existing, { ...existing, roles: next });
      else {
        const member: MemberDoc = { id: `mbr_${randomBytes(6).toString('hex')}`, name: userId, roles: next };
        this.docs.insert(actor, ref, member);
      }
      this.engine.metadata.registry.refresh(app.doc.id);
      return { user: userId, roles: next };
    });
  }

  removeMember(actor: Actor, appRef: string, userId: string): Promise<void> {
    return this.engine.store.write(() => {
      const app = this.engine.metadata.registry.app(appRef);
      assertCanDesign(actor, app);
      const existing = this.memberDocs(app).find((m) => m.name === userId);
      if (!existing)
        throw new NotFound('member_not_found', `User '${userId}' is not a member of '${app.doc.name}'.`);
      this.docs.remove(actor, { kind: 'member', appId: app.doc.id, parentId: app.doc.id }, existing);
      this.engine.metadata.registry.refresh(app.doc.id);
    });
  }

  // ---- sharing ----------------------------------------------------------------------------

  async share(actor: Actor, appRef: string, tableRef: string, recordId: string | number, input: unknown) {
    const { user, team, level } = (input ?? {}) as { user?: unknown; team?: unknown; level?: unknown };
    if (level !== 'read' && level !== 'edit') throw invalidField('level', "'level' is read or edit.");
    if ((typeof user === 'string') === (typeof team === 'string'))
      throw invalidField('user', "Share with exactly one of 'user' or 'team'.");
    const table = this.engine.metadata.registry.table(appRef, tableRef);
    const id = this.engine.records.recordId(table, recordId);
    // Only someone who may change the record may share it.
    await this.engine.records.get(actor, table.app.doc.id, table.doc.id, id);
    const access = accessFor(actor, table, 'update');
    if (access.rows) {
      const inScope = this.engine.store
        .prepare(`SELECT 1 FROM ${ident(table.sql)} r WHERE r.id = ? AND ${access.rows.text}`)
        .get(id, ...access.rows.params);
      if (!inScope) throw new Invalid('not_editable', 'Only someone who may edit a record may share it.');
    }
    if (typeof user === 'string') this.engine.people.user(user);
    const teamId = typeof team === 'string' ? this.engine.people.team(team).id : null;
    return this.engine.store.write(() => {
      const result = this.engine.store
        .prepare(
          'INSERT INTO record_shares (table_id, record_id, user_id, team_id, level, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          table.doc.id,
          id,
          typeof user === 'string' ? user : null,
          teamId,
          level,
          actor.userId,
          this.engine.now(),
        );
      return {
        id: Number(result.lastInsertRowid),
        user: typeof user === 'string' ? user : null,
        team: teamId,
        level,
      };
    });
  }

  shares(appRef: string, tableRef: string, recordId: string | number) {
    const table = this.engine.metadata.registry.table(appRef, tableRef);
    const id = this.engine.records.recordId(table, recordId);
    return this.engine.store
      .prepare(
        'SELECT id, user_id AS user, team_id AS team, level FROM record_shares WHERE table_id = ? AND record_id = ? ORDER BY id',
      )
      .all(table.doc.id, id);
  }

  unshare(appRef: string, tableRef: string, shareId: number): Promise<void> {
    const table = this.engine.metadata.registry.table(appRef, tableRef);
    return this.engine.store.write(() => {
      const result = this.engine.store
        .prepare('DELETE FROM record_shares WHERE id = ? AND table_id = ?')
        .run(shareId, table.doc.id);
      if (result.changes === 0) throw new NotFound('share_not_found', `There is no share ${shareId}.`);
    });
  }

  // ---- checking ---------------------------------------------------------------------------

  canDesign(actor: Actor, app: AppModel): boolean {
    return canDesign(actor, app);
  }

  /** The actor a signed-in admin uses to see exactly what a user (or anyone holding a role) sees. */
  viewAs(target: { user?: string; role?: string }, appRef: string): Actor {
    if (target.user) {
      const user = this.engine.people.user(target.user);
      return { userId: user.id, isAdmin: user.isAdmin, roles: [], teamId: user.team };
    }
    if (target.role) {
      this.role(appRef, target.role);
      return {
        userId: `usr_viewas${target.role.replace(/[^a-z0-9]/g, '')}`.slice(0, 30),
        isAdmin: false,
        roles: [],
        tokenRole: target.role,
        teamId: null,
      };
    }
    throw new Invalid('invalid_view_as', "Give a 'user' or a 'role' to view as.");
  }

  /** Why may (or may not) this user do `operation` on this record: each role's verdict and any shares. */
  explain(
    userId: string,
    appRef: string,
    tableRef: string,
    recordId: string | number,
    operation: Operation = 'read',
  ): Explanation {
    const user = this.engine.people.user(userId);
    const table = this.engine.metadata.registry.table(appRef, tableRef);
    const id = this.engine.records.recordId(table, recordId);
    if (!this.engine.store.prepare(`SELECT 1 FROM ${ident(table.sql)} WHERE id = ?`).get(id))
      throw new NotFound('record_not_found', `Table '${table.doc.name}' has no record ${id}.`);
    const actor: Actor = { userId: user.id, isAdmin: user.isAdmin, roles: [], teamId: user.team };
    if (user.isAdmin)
      return {
        operation,
        allowed: true,
        roles: [
          {
            role: 'workspace admin',
            grants: true,
            scope: 'all records',
            reason: 'Workspace administrators see and change everything.',
          },
        ],
        shares: [],
      };
    const roles = rolesOf(actor, table).map((role) => {
      const permission = role.tables[table.doc.name];
      const value = operation === 'create' ? permission?.create : permission?.[operation];
      const scope: Scope | true | undefined =
        value === undefined || value === false ? undefined : value === true ? true : (value.scope as Scope);
      if (scope === undefined)
        return {
          role: role.name,
          grants: false,
          scope: null,
          reason: `${role.name} does not allow ${operation} on ${table.doc.name}.`,
        };
      const sql =
        scope === true
          ? { text: '1', params: [] }
          : scopeSql(
              scope,
              table,
              actor,
              { id: user.id, team: user.team, email: user.email, name: user.name },
              this.engine.now(),
            );
      const grants =
        this.engine.store
          .prepare(`SELECT 1 FROM ${ident(table.sql)} r WHERE r.id = ? AND ${sql.text}`)
          .get(id, ...sql.params) !== undefined;
      const described = describeScope(scope)!;
      return {
        role: role.name,
        grants,
        scope: described,
        reason: `${role.name} allows ${operation} on ${described}; this record ${grants ? 'is' : 'is not'} one of them.`,
      };
    });
    const shares = (
      this.engine.store
        .prepare(
          'SELECT level, user_id FROM record_shares WHERE table_id = ? AND record_id = ? AND (user_id = ? OR team_id = ?)',
        )
        .all(table.doc.id, id, user.id, user.team ?? '\u0000none') as {
        level: string;
        user_id: string | null;
      }[]
    )
      .filter((s) => operation === 'read' || s.level === 'edit')
      .map((s) => ({ level: s.level, via: (s.user_id ? 'user' : 'team') as 'user' | 'team' }));
    return {
      operation,
      allowed: roles.some((r) => r.grants) || (shares.length > 0 && operation !== 'delete'),
      roles,
      shares,
    };
  }

  /** Whether a role requires two-factor sign-in of the user, in any app. */
  requiresTwoFactor(userId: string): boolean {
    for (const app of this.engine.metadata.registry.listApps()) {
      const names = app.members.get(userId) ?? app.doc.defaultRoles ?? ['member'];
      if (app.roles.some((r) => r.requireTwoFactor && names.includes(r.name))) return true;
    }
    return false;
  }

  table(appRef: string, tableRef: string): TableModel {
    return this.engine.metadata.registry.table(appRef, tableRef);
  }
}
