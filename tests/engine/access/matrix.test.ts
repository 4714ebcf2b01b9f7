import { describe, expect, it } from 'vitest';
import type { Actor, Engine } from '../../../engine/index.ts';
import { admin, anEngine } from '../../helpers/engine.ts';

// Every scope, for every operation, for users placed around a team tree, on generated data,
// compared with an oracle written independently of the engine's SQL.
type Scope = 'all' | 'own' | 'team' | 'reports' | 'north_region' | 'mine_by_filter';
const scopes: Scope[] = ['all', 'own', 'team', 'reports', 'north_region', 'mine_by_filter'];
const operations = ['read', 'update', 'delete'] as const;

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

interface World {
  engine: Engine;
  users: { id: string; team: string }[];
  teams: { id: string; parent: string | null }[];
  records: { id: string; owner: string | null; region: string }[];
}

async function world(): Promise<World> {
  const engine = anEngine();
  const rand = random(7);
  await engine.metadata.createApp(admin, { name: 'm' });
  await engine.metadata.createTable(admin, 'm', {
    name: 'items',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'owner', type: 'user' },
      { name: 'region', type: 'single_select', options: { choices: [{ name: 'north' }, { name: 'south' }] } },
    ],
    ownerField: 'owner',
  });
  const root = await engine.people.createTeam({ name: 'root' });
  const a = await engine.people.createTeam({ name: 'a', parent: root.id });
  const a1 = await engine.people.createTeam({ name: 'a1', parent: a.id });
  const b = await engine.people.createTeam({ name: 'b', parent: root.id });
  const teams = [root, a, a1, b].map((t) => ({ id: t.id, parent: t.parent }));
  const users: World['users'] = [];
  for (const [i, team] of [root, a, a, a1, b, b].entries()) {
    const user = await engine.people.createUser({ email: `u${i}@x.co`, team: team.id }, null);
    users.push({ id: user.id, team: team.id });
  }
  const records: World['records'] = [];
  for (let i = 0; i < 60; i++) {
    const owner = rand() < 0.1 ? null : users[Math.floor(rand() * users.length)]!.id;
    const region = rand() < 0.5 ? 'north' : 'south';
    const created = await engine.records.create(admin, 'm', 'items', {
      fields: { title: `r${i}`, owner, region },
    });
    records.push({ id: created.id, owner, region });
  }
  for (const scope of scopes)
    for (const operation of operations) {
      const value =
        scope === 'north_region'
          ? { scope: { filter: { field: 'region', op: 'is', value: 'north' } } }
          : scope === 'mine_by_filter'
            ? { scope: { filter: { field: 'owner', op: 'is', value: { $me: 'id' } } } }
            : { scope };
      await engine.access.createRole(admin, 'm', {
        name: `${operation}_${scope}`,
        tables: { items: { [operation]: value, ...(operation === 'read' ? {} : { read: true }) } },
      });
    }
  return { engine, users, teams, records };
}

function below(teams: World['teams'], team: string): Set<string> {
  const out = new Set([team]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of teams)
      if (t.parent && out.has(t.parent) && !out.has(t.id)) {
        out.add(t.id);
        grew = true;
      }
  }
  return out;
}

function oracle(
  w: World,
  scope: Scope,
  user: World['users'][number],
  record: World['records'][number],
): boolean {
  const ownerTeam = w.users.find((u) => u.id === record.owner)?.team;
  switch (scope) {
    case 'all':
      return true;
    case 'own':
    case 'mine_by_filter':
      return record.owner === user.id;
    case 'team':
      return ownerTeam === user.team;
    case 'reports':
      return ownerTeam !== undefined && below(w.teams, user.team).has(ownerTeam);
    case 'north_region':
      return record.region === 'north';
  }
}

describe('access: the permission matrix against an oracle', () => {
  it('every scope of every operation allows exactly the records the oracle allows, for every user', async () => {
    const w = await world();
    const { engine } = w;
    for (const scope of scopes)
      for (const operation of operations) {
        const role = `${operation}_${scope}`;
        for (const user of w.users) {
          await engine.access.setMember(admin, 'm', user.id, [role]);
          const actor: Actor = { userId: user.id, isAdmin: false, roles: [], teamId: user.team };
          const expected = w.records.filter((r) => oracle(w, scope, user, r)).map((r) => r.id);
          if (operation === 'read') {
            const seen = engine.query.list(actor, 'm', 'items', { limit: 1000 }).items.map((r) => r.id);
            expect(seen.sort(), `${role} as ${user.id}`).toEqual([...expected].sort());
            continue;
          }
          // Writes: one record inside the scope (when any) succeeds, one outside is refused and unchanged.
          const inside = w.records.find((r) => oracle(w, scope, user, r));
          const outside = w.records.find((r) => !oracle(w, scope, user, r));
          if (operation === 'update') {
            if (inside)
              await engine.records.update(actor, 'm', 'items', inside.id, {
                fields: { title: `by ${user.id}` },
              });
            if (outside) {
              await expect(
                engine.records.update(actor, 'm', 'items', outside.id, { fields: { title: 'x' } }),
                `${role} as ${user.id}`,
              ).rejects.toMatchObject({ kind: 'forbidden' });
              expect((await engine.records.get(admin, 'm', 'items', outside.id)).fields.title).not.toBe('x');
            }
          } else if (outside) {
            await expect(
              engine.records.delete(actor, 'm', 'items', outside.id),
              `${role} as ${user.id}`,
            ).rejects.toMatchObject({ kind: 'forbidden' });
            expect((await engine.records.get(admin, 'm', 'items', outside.id)).id).toBe(outside.id);
          }
        }
      }
    // Deleting inside the scope works; do it once per scope at the end, so earlier checks keep their data.
    const user = w.users[1]!;
    const actor: Actor = { userId: user.id, isAdmin: false, roles: [], teamId: user.team };
    await engine.access.setMember(admin, 'm', user.id, ['delete_own']);
    const own = w.records.find((r) => r.owner === user.id)!;
    await engine.records.delete(actor, 'm', 'items', own.id);
    await expect(engine.records.get(admin, 'm', 'items', own.id)).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('combines roles most-permissively: read own plus read north sees their union', async () => {
    const w = await world();
    const user = w.users[3]!;
    await w.engine.access.setMember(admin, 'm', user.id, ['read_own', 'read_north_region']);
    const actor: Actor = { userId: user.id, isAdmin: false, roles: [], teamId: user.team };
    const seen = w.engine.query
      .list(actor, 'm', 'items', { limit: 1000 })
      .items.map((r) => r.id)
      .sort();
    const expected = w.records
      .filter((r) => r.owner === user.id || r.region === 'north')
      .map((r) => r.id)
      .sort();
    expect(seen).toEqual(expected);
  });
});
