import { describe, expect, it } from 'vitest';
import type { Actor, Engine } from '../../../engine/index.ts';
import { admin, anEngine } from '../../helpers/engine.ts';

async function salesApp(engine: Engine) {
  await engine.metadata.createApp(admin, { name: 'sales' });
  await engine.metadata.createTable(admin, 'sales', {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'owner', type: 'user' },
      { name: 'region', type: 'text' },
      { name: 'margin', type: 'number' },
    ],
    ownerField: 'owner',
  });
  const north = await engine.people.createTeam({ name: 'north' });
  const north_east = await engine.people.createTeam({ name: 'north_east', parent: north.id });
  const south = await engine.people.createTeam({ name: 'south' });
  const boss = await engine.people.createUser({ email: 'boss@x.co', team: north.id }, null);
  const rep = await engine.people.createUser({ email: 'rep@x.co', team: north_east.id }, null);
  const peer = await engine.people.createUser({ email: 'peer@x.co', team: north_east.id }, null);
  const other = await engine.people.createUser({ email: 'other@x.co', team: south.id }, null);
  for (const [title, owner, region] of [
    ['r1', rep.id, 'east'],
    ['r2', rep.id, 'west'],
    ['p1', peer.id, 'east'],
    ['b1', boss.id, 'east'],
    ['o1', other.id, 'west'],
  ] as const)
    await engine.records.create(admin, 'sales', 'deals', { fields: { title, owner, region, margin: 10 } });
  await engine.access.createRole(admin, 'sales', {
    name: 'rep',
    tables: {
      deals: { create: true, read: { scope: 'own' }, update: { scope: 'own' }, fields: { margin: 'hidden' } },
    },
  });
  await engine.access.createRole(admin, 'sales', {
    name: 'east',
    tables: { deals: { read: { scope: { filter: { field: 'region', op: 'is', value: 'east' } } } } },
  });
  const actor = (user: { id: string; team: string | null }): Actor => ({
    userId: user.id,
    isAdmin: false,
    roles: [],
    teamId: user.team,
  });
  return {
    boss: actor(boss),
    rep: actor(rep),
    peer: actor(peer),
    other: actor(other),
    bossId: boss.id,
    repId: rep.id,
  };
}

const titles = (engine: Engine, actor: Actor) =>
  engine.query
    .list(actor, 'sales', 'deals', { sort: [{ field: 'title' }] })
    .items.map((r) => r.fields.title)
    .sort();

describe('access: roles and row scopes', () => {
  it('gives each scope its rows: own, team, reports, a filter, and combines roles most-permissively', async () => {
    const engine = anEngine();
    const people = await salesApp(engine);
    await engine.access.setMember(admin, 'sales', people.repId, ['rep']);
    expect(titles(engine, people.rep)).toEqual(['r1', 'r2']);
    await engine.access.setMember(admin, 'sales', people.repId, ['rep', 'east']);
    expect(titles(engine, people.rep)).toEqual(['b1', 'p1', 'r1', 'r2']);
    await engine.access.setMember(admin, 'sales', people.bossId, ['manager']);
    expect(titles(engine, people.boss)).toEqual(['b1', 'p1', 'r1', 'r2']);
    // Non-members get the app's default role (member: read all).
    expect(titles(engine, people.other)).toHaveLength(5);
  });

  it('refuses writes outside the scope with 403 and changes nothing', async () => {
    const engine = anEngine();
    const people = await salesApp(engine);
    await engine.access.setMember(admin, 'sales', people.repId, ['rep']);
    const others = engine.query.list(admin, 'sales', 'deals', {
      filter: { field: 'title', op: 'is', value: 'o1' },
    }).items[0]!;
    await expect(
      engine.records.update(people.rep, 'sales', 'deals', others.id, { fields: { title: 'mine now' } }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(engine.records.get(people.rep, 'sales', 'deals', others.id)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(engine.records.delete(people.rep, 'sales', 'deals', others.id)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    expect((await engine.records.get(admin, 'sales', 'deals', others.id)).fields.title).toBe('o1');
  });

  it('lets a shared record through for the user it is shared with', async () => {
    const engine = anEngine();
    const people = await salesApp(engine);
    await engine.access.setMember(admin, 'sales', people.repId, ['rep']);
    const boss = engine.query.list(admin, 'sales', 'deals', {
      filter: { field: 'title', op: 'is', value: 'b1' },
    }).items[0]!;
    await engine.access.share(admin, 'sales', 'deals', boss.id, { user: people.repId, level: 'read' });
    expect(titles(engine, people.rep)).toEqual(['b1', 'r1', 'r2']);
    await expect(
      engine.records.update(people.rep, 'sales', 'deals', boss.id, { fields: { title: 'x' } }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    const why = engine.access.explain(people.repId, 'sales', 'deals', boss.id);
    expect(why.allowed).toBe(true);
    expect(why.shares).toEqual([{ level: 'read', via: 'user' }]);
    expect(why.roles[0]).toMatchObject({ role: 'rep', grants: false });
  });

  it('refuses roles that name missing tables or fields, naming the spot', async () => {
    const engine = anEngine();
    await salesApp(engine);
    await expect(
      engine.access.createRole(admin, 'sales', {
        name: 'bad',
        tables: { deals: { fields: { nope: 'hidden' } } },
      }),
    ).rejects.toMatchObject({
      details: [{ field: 'tables.deals.fields.nope' }],
    });
    await expect(
      engine.access.createRole(admin, 'sales', { name: 'bad2', tables: { ghosts: { read: true } } }),
    ).rejects.toMatchObject({
      details: [{ field: 'tables.ghosts' }],
    });
  });
});
