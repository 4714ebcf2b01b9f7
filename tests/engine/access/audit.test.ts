import { describe, expect, it } from 'vitest';
import { admin, anEngine, testClock } from '../../helpers/engine.ts';

describe('audit viewer', () => {
  it('shows who changed what, newest first, with metadata changes, filterable by table, record, actor and action', async () => {
    const clock = testClock();
    const engine = anEngine(clock);
    await engine.metadata.createApp(admin, { name: 'crm' });
    await engine.metadata.createTable(admin, 'crm', {
      name: 'deals',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'secret', type: 'text' },
      ],
    });
    clock.now += 1000;
    const deal = await engine.records.create(admin, 'crm', 'deals', { fields: { title: 'a', secret: 's1' } });
    clock.now += 1000;
    await engine.records.update(admin, 'crm', 'deals', deal.id, { fields: { title: 'b' } });
    const all = engine.audit.list(admin, 'crm');
    expect(all.items[0]).toMatchObject({
      kind: 'record',
      action: 'update',
      table: 'deals',
      record: deal.id,
      before: { title: 'a' },
      after: { title: 'b' },
    });
    expect(all.items.some((e) => e.kind === 'metadata' && e.objectKind === 'table')).toBe(true);
    const history = engine.audit.list(admin, 'crm', { table: 'deals', record: deal.id });
    expect(history.items.map((e) => e.action)).toEqual(['update', 'create']);
    expect(engine.audit.list(admin, 'crm', { action: 'create', kind: 'records' }).items).toHaveLength(1);
    const page = engine.audit.list(admin, 'crm', { limit: 1 });
    expect(page.nextCursor).not.toBeNull();
    const next = engine.audit.list(admin, 'crm', { limit: 1, cursor: page.nextCursor! });
    expect(next.items[0]!.id).not.toBe(page.items[0]!.id);
  });

  it('hides fields a reader may not see and refuses the whole log to non-admins', async () => {
    const engine = anEngine();
    await engine.metadata.createApp(admin, { name: 'crm' });
    await engine.metadata.createTable(admin, 'crm', {
      name: 'deals',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'secret', type: 'text' },
      ],
    });
    await engine.access.createRole(admin, 'crm', {
      name: 'reader',
      tables: { deals: { read: true, fields: { secret: 'hidden' } } },
    });
    const user = await engine.people.createUser({ email: 'r@x.co' }, null);
    await engine.access.setMember(admin, 'crm', user.id, ['reader']);
    const reader = { userId: user.id, isAdmin: false, roles: [] };
    const deal = await engine.records.create(admin, 'crm', 'deals', { fields: { title: 'a', secret: 's1' } });
    expect(() => engine.audit.list(reader, 'crm')).toThrow(/admins/);
    const history = engine.audit.list(reader, 'crm', { table: 'deals', record: deal.id });
    expect(history.items[0]!.after).toEqual({ title: 'a' });
  });

  it('prunes record changes older than the retention', async () => {
    const clock = testClock();
    const engine = anEngine(clock);
    await engine.metadata.createApp(admin, { name: 'crm', auditRetentionDays: 30 });
    await engine.metadata.createTable(admin, 'crm', {
      name: 'deals',
      fields: [{ name: 'title', type: 'text' }],
    });
    await engine.records.create(admin, 'crm', 'deals', { fields: { title: 'old' } });
    clock.now += 31 * 86_400_000;
    await engine.records.create(admin, 'crm', 'deals', { fields: { title: 'new' } });
    expect(await engine.audit.prune()).toBe(1);
    expect(
      engine.audit
        .list(admin, 'crm', { kind: 'records' })
        .items.map((e) => (e.after as { title: string }).title),
    ).toEqual(['new']);
  });
});
