import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Actor, Engine } from '../../../engine/index.ts';
import { admin, anEngine } from '../../helpers/engine.ts';

async function dealsApp(engine: Engine) {
  await engine.metadata.createApp(admin, { name: 'sales' });
  await engine.metadata.createTable(admin, 'sales', {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'amount', type: 'currency', indexed: true, options: { currency: 'USD' } },
      { name: 'owner', type: 'user' },
      { name: 'vip', type: 'checkbox' },
    ],
  });
  const team = await engine.people.createTeam({ name: 'east' });
  const rep = await engine.people.createUser({ email: 'rep@x.co', team: team.id }, null);
  const peer = await engine.people.createUser({ email: 'peer@x.co', team: team.id }, null);
  const reader: Actor = { userId: rep.id, isAdmin: false, roles: [], teamId: team.id };
  return { rep: rep.id, peer: peer.id, reader };
}

const table = (engine: Engine) => engine.metadata.registry.table('sales', 'deals');
const column = (engine: Engine, field: string) => table(engine).byName.get(field)!.column!;

/** The columns of the amount field's sort index (or its owner-first twin), in order. */
function amountIndex(engine: Engine, prefix: 'i' | 'o' = 'i'): string[] {
  const name = `${prefix}_${column(engine, 'amount')}`;
  return (engine.store.reader.prepare(`PRAGMA index_info("${name}")`).all() as { name: string }[]).map(
    (c) => c.name,
  );
}

const ownDeals = { name: 'rep', tables: { deals: { read: { scope: 'own' } } } };

describe('access: sort indexes carry the columns row scopes test', () => {
  it("a sort index holds the owner after the sort key, and the columns of roles' read filters while they exist", async () => {
    const engine = anEngine();
    await dealsApp(engine);
    expect(amountIndex(engine)).toEqual([column(engine, 'amount'), column(engine, 'owner')]);
    await engine.access.createRole(admin, 'sales', {
      name: 'vip_desk',
      tables: { deals: { read: { scope: { filter: { field: 'vip', op: 'is', value: true } } } } },
    });
    expect(amountIndex(engine)).toEqual([
      column(engine, 'amount'),
      column(engine, 'owner'),
      column(engine, 'vip'),
    ]);
    await engine.access.deleteRole(admin, 'sales', 'vip_desk');
    expect(amountIndex(engine)).toEqual([column(engine, 'amount'), column(engine, 'owner')]);
  });

  it('deleting the owner field, or a field a role filters on, keeps the sort index (over created_by)', async () => {
    const engine = anEngine();
    await dealsApp(engine);
    await engine.access.createRole(admin, 'sales', {
      name: 'vip_desk',
      tables: { deals: { read: { scope: { filter: { field: 'vip', op: 'is', value: true } } } } },
    });
    await engine.access.deleteRole(admin, 'sales', 'vip_desk');
    await engine.metadata.deleteField(admin, 'sales', 'deals', 'owner');
    expect(amountIndex(engine)).toEqual([column(engine, 'amount'), 'created_by']);
    await engine.access.createRole(admin, 'sales', {
      name: 'vip_desk',
      tables: { deals: { read: { scope: { filter: { field: 'vip', op: 'is', value: true } } } } },
    });
    const vip = column(engine, 'vip');
    await engine.metadata.deleteField(admin, 'sales', 'deals', 'vip');
    expect(amountIndex(engine)).not.toContain(vip);
    expect(amountIndex(engine)[0]).toEqual(column(engine, 'amount'));
  });

  it('sort indexes built before the owner rode along are rebuilt when the engine opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
    try {
      let engine = new Engine({ dataDir: dir });
      await dealsApp(engine);
      const amount = column(engine, 'amount');
      const name = `i_${amount}`;
      engine.store.writer.exec(
        `DROP INDEX "${name}"; CREATE INDEX "${name}" ON "${table(engine).sql}" ("${amount}")`,
      );
      engine.close();
      engine = new Engine({ dataDir: dir });
      expect(amountIndex(engine)).toEqual([amount, column(engine, 'owner')]);
      engine.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a scoped reader pages along the sort index, and a record shared with them still shows, in order', async () => {
    const engine = anEngine();
    const { rep, peer, reader } = await dealsApp(engine);
    const created = await engine.records.createMany(
      admin,
      'sales',
      'deals',
      Array.from({ length: 60 }, (_, i) => ({
        fields: { title: `d${i}`, amount: (i * 37) % 61, owner: i % 3 === 0 ? rep : peer, vip: i % 5 === 0 },
      })),
    );
    await engine.access.createRole(admin, 'sales', {
      name: 'rep',
      tables: {
        deals: {
          read: {
            scope: {
              filter: {
                or: [
                  { field: 'owner', op: 'is', value: '$me' },
                  { field: 'vip', op: 'is', value: true },
                ],
              },
            },
          },
        },
      },
    });
    await engine.access.setMember(admin, 'sales', rep, ['rep']);
    const shared = created.find((r) => r.fields.owner === peer && r.fields.vip === false)!;
    await engine.access.share(admin, 'sales', 'deals', shared.id, { user: rep, level: 'read' });
    const expected = created
      .filter((r) => r.fields.owner === rep || r.fields.vip === true || r.id === shared.id)
      .sort(
        (a, b) => (b.fields.amount as number) - (a.fields.amount as number) || Number(a.id) - Number(b.id),
      )
      .map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = engine.query.list(reader, 'sales', 'deals', {
        sort: [{ field: 'amount', dir: 'desc' }],
        limit: 7,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(seen).toContain(shared.id);
  });

  it('a table a role reads scoped to own records gets an owner-first twin of each sort index, gone with the role', async () => {
    const engine = anEngine();
    await dealsApp(engine);
    expect(amountIndex(engine, 'o')).toEqual([]);
    await engine.access.createRole(admin, 'sales', ownDeals);
    expect(amountIndex(engine, 'o')).toEqual([column(engine, 'owner'), column(engine, 'amount')]);
    await engine.metadata.deleteField(admin, 'sales', 'deals', 'owner');
    expect(amountIndex(engine, 'o')).toEqual(['created_by', column(engine, 'amount')]);
    await engine.access.deleteRole(admin, 'sales', 'rep');
    expect(amountIndex(engine, 'o')).toEqual([]);
  });

  it('a record shared with an own-scoped reader shows in their list as soon as it is shared, and goes when unshared', async () => {
    const engine = anEngine();
    const { rep, peer, reader } = await dealsApp(engine);
    const mine = await engine.records.create(admin, 'sales', 'deals', {
      fields: { title: 'mine', amount: 5, owner: rep },
    });
    const theirs = await engine.records.create(admin, 'sales', 'deals', {
      fields: { title: 'theirs', amount: 9, owner: peer },
    });
    await engine.access.createRole(admin, 'sales', ownDeals);
    await engine.access.setMember(admin, 'sales', rep, ['rep']);
    const listed = () =>
      engine.query
        .list(reader, 'sales', 'deals', { sort: [{ field: 'amount', dir: 'desc' }] })
        .items.map((r) => r.id);
    expect(listed()).toEqual([mine.id]);
    const share = await engine.access.share(admin, 'sales', 'deals', theirs.id, { user: rep, level: 'read' });
    expect(listed()).toEqual([theirs.id, mine.id]);
    expect(engine.query.count(reader, 'sales', 'deals')).toBe(2);
    await engine.access.unshare('sales', 'deals', share.id);
    expect(listed()).toEqual([mine.id]);
  });

  it('a reader whose roles grant no reads and who has nothing shared gets an empty list, not a refusal', async () => {
    const engine = anEngine();
    const { rep, reader } = await dealsApp(engine);
    await engine.records.create(admin, 'sales', 'deals', { fields: { title: 'x', owner: rep } });
    await engine.access.createRole(admin, 'sales', { name: 'none', tables: {} });
    await engine.access.setMember(admin, 'sales', rep, ['none']);
    expect(engine.query.list(reader, 'sales', 'deals').items).toEqual([]);
  });

  it('an own-scoped reader with records shared pages through exactly their own and the shared ones, by cursor and by offset', async () => {
    const engine = anEngine();
    const { rep, peer, reader } = await dealsApp(engine);
    const created = await engine.records.createMany(
      admin,
      'sales',
      'deals',
      Array.from({ length: 60 }, (_, i) => ({
        fields: { title: `d${i}`, amount: (i * 37) % 23, owner: i % 4 === 0 ? rep : peer },
      })),
    );
    await engine.access.createRole(admin, 'sales', ownDeals);
    await engine.access.setMember(admin, 'sales', rep, ['rep']);
    const shared = created.filter((r) => r.fields.owner === peer).slice(3, 6);
    for (const record of shared)
      await engine.access.share(admin, 'sales', 'deals', record.id, { user: rep, level: 'read' });
    // One of the reader's own records shared with them too: listed once.
    await engine.access.share(admin, 'sales', 'deals', created[0]!.id, { user: rep, level: 'read' });
    const expected = created
      .filter((r) => r.fields.owner === rep || shared.includes(r))
      .sort(
        (a, b) => (b.fields.amount as number) - (a.fields.amount as number) || Number(a.id) - Number(b.id),
      )
      .map((r) => r.id);
    const sort = [{ field: 'amount', dir: 'desc' as const }];
    const byCursor: string[] = [];
    let cursor: string | null = null;
    do {
      const page = engine.query.list(reader, 'sales', 'deals', {
        sort,
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      byCursor.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(byCursor).toEqual(expected);
    const byOffset: string[] = [];
    for (let offset = 0; offset < expected.length; offset += 5)
      byOffset.push(
        ...engine.query.list(reader, 'sales', 'deals', { sort, limit: 5, offset }).items.map((r) => r.id),
      );
    expect(byOffset).toEqual(expected);
    const stage = engine.query.list(reader, 'sales', 'deals', {
      sort,
      filter: { field: 'amount', op: 'gt', value: 15 },
    });
    expect(stage.items.map((r) => r.id)).toEqual(
      expected.filter((id) => (created.find((r) => r.id === id)!.fields.amount as number) > 15),
    );
  });
});
