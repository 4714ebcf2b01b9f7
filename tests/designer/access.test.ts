import { describe, expect, it } from 'vitest';
import type { FieldDoc, RoleDoc } from '../../designer/src/api/types.ts';
import {
  levelOf,
  scopeOf,
  setCreate,
  setFieldLevel,
  setScope,
} from '../../designer/src/features/access/role-draft.ts';
import { rolesOfMember, tableMask } from '../../designer/src/features/access/role-mask.ts';

const field = (name: string, type: FieldDoc['type'] = 'text') =>
  ({ id: name, name, label: name, type }) as FieldDoc;
const leads = {
  name: 'leads',
  fields: [field('name'), field('value', 'currency'), field('created', 'created_at')],
};
const role = (tables: RoleDoc['tables']): RoleDoc => ({ id: 'r', name: 'r', label: 'R', tables });

describe('what roles show of a table', () => {
  it('hides a table no role reads, and a field every reading role hides', () => {
    expect(tableMask([role({})], leads).visible).toBe(false);
    const intern = role({ leads: { read: true, fields: { value: 'hidden' } } });
    const mask = tableMask([intern], leads);
    expect(mask.visible).toBe(true);
    expect([...mask.hidden]).toEqual(['value']);
    expect(mask.readOnly.has('name')).toBe(true);
  });

  it('combines roles most-permissively', () => {
    const intern = role({ leads: { read: true, fields: { value: 'hidden' } } });
    const rep = role({ leads: { read: { scope: 'own' }, update: { scope: 'own' } } });
    const mask = tableMask([intern, rep], leads);
    expect(mask.hidden.size).toBe(0);
    expect(mask.readOnly.has('value')).toBe(false);
  });

  it("gives people without roles of their own the app's default", () => {
    expect(rolesOfMember({ defaultRoles: ['viewer'] }, [], 'u1')).toEqual(['viewer']);
    expect(rolesOfMember({}, [{ user: 'u1', roles: ['rep'] }], 'u1')).toEqual(['rep']);
    expect(rolesOfMember({}, [], 'u2')).toEqual(['member']);
  });
});

describe('the role editor', () => {
  it('keeps the document minimal as scopes change', () => {
    let doc = setScope(role({}), 'leads', 'read', 'all');
    expect(doc.tables).toEqual({ leads: { read: true } });
    doc = setScope(doc, 'leads', 'update', 'team');
    expect(scopeOf(doc.tables.leads, 'update')).toBe('team');
    doc = setScope(doc, 'leads', 'read', 'custom', { field: 'region', op: 'is', value: { $me: 'team' } });
    expect(scopeOf(doc.tables.leads, 'read')).toBe('custom');
    doc = setScope(setScope(doc, 'leads', 'read', 'none'), 'leads', 'update', 'none');
    expect(doc.tables).toEqual({});
  });

  it('stores a field level only when it differs from the default', () => {
    let doc = setCreate(role({}), 'leads', true);
    expect(levelOf(doc.tables.leads, field('name'))).toBe('write');
    expect(levelOf(doc.tables.leads, field('created', 'created_at'))).toBe('read');
    doc = setFieldLevel(doc, 'leads', field('value', 'currency'), 'hidden');
    expect(doc.tables.leads?.fields).toEqual({ value: 'hidden' });
    doc = setFieldLevel(doc, 'leads', field('value', 'currency'), 'write');
    expect(doc.tables.leads).toEqual({ create: true });
  });
});
