import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../engine/index.ts';
import { admin, anEngine } from '../../helpers/engine.ts';

describe('comments on records', () => {
  it('lets readers discuss a record, tells mentioned people who may read it, and nobody else', async () => {
    const engine = anEngine();
    await engine.metadata.createApp(admin, { name: 'crm' });
    await engine.metadata.createTable(admin, 'crm', {
      name: 'deals',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'owner', type: 'user' },
      ],
      ownerField: 'owner',
    });
    await engine.access.createRole(admin, 'crm', {
      name: 'own_only',
      tables: { deals: { read: { scope: 'own' } } },
    });
    const ann = await engine.people.createUser({ email: 'ann@x.co', name: 'Ann' }, null);
    const bob = await engine.people.createUser({ email: 'bob@x.co', name: 'Bob' }, null);
    await engine.access.setMember(admin, 'crm', bob.id, ['own_only']);
    const deal = await engine.records.create(admin, 'crm', 'deals', {
      fields: { title: 'Big', owner: ann.id },
    });
    const annActor: Actor = { userId: ann.id, isAdmin: false, roles: [] };
    const bobActor: Actor = { userId: bob.id, isAdmin: false, roles: [] };
    const comment = await engine.comments.add(annActor, 'crm', 'deals', deal.id, {
      body: 'Can you check the price?',
      mentions: [bob.id, ann.id],
    });
    expect(comment.author).toBe(ann.id);
    expect(engine.workflows.inbox.list(bob.id)).toEqual([]);
    await expect(engine.comments.list(bobActor, 'crm', 'deals', deal.id)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(
      engine.comments.add(bobActor, 'crm', 'deals', deal.id, { body: 'sneaky' }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    const carl = await engine.people.createUser({ email: 'carl@x.co', name: 'Carl' }, null);
    await engine.comments.add(annActor, 'crm', 'deals', deal.id, {
      body: 'Carl, please',
      mentions: [carl.id],
    });
    expect(engine.workflows.inbox.list(carl.id).map((n) => n.title)).toEqual(['Ann mentioned you']);
    await expect(
      engine.comments.edit(
        { userId: carl.id, isAdmin: false, roles: [] },
        'crm',
        'deals',
        deal.id,
        comment.id,
        { body: 'mine now' },
      ),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    const edited = await engine.comments.edit(annActor, 'crm', 'deals', deal.id, comment.id, {
      body: 'Price checked?',
    });
    expect(edited.editedAt).not.toBeNull();
    expect((await engine.comments.list(annActor, 'crm', 'deals', deal.id)).map((c) => c.body)).toEqual([
      'Price checked?',
      'Carl, please',
    ]);
    await expect(
      engine.comments.add(annActor, 'crm', 'deals', deal.id, { body: '   ' }),
    ).rejects.toMatchObject({ details: [{ field: 'body' }] });
  });

  it('leaves an event for each comment added, edited and deleted, pointing at its record', async () => {
    const engine = anEngine();
    await engine.metadata.createApp(admin, { name: 'crm' });
    await engine.metadata.createTable(admin, 'crm', {
      name: 'deals',
      fields: [{ name: 'title', type: 'text' }],
    });
    const deal = await engine.records.create(admin, 'crm', 'deals', { fields: { title: 'Big' } });
    const from = engine.outbox.lastId();
    const comment = await engine.comments.add(admin, 'crm', 'deals', deal.id, { body: 'First' });
    await engine.comments.edit(admin, 'crm', 'deals', deal.id, comment.id, { body: 'First, edited' });
    await engine.comments.remove(admin, 'crm', 'deals', deal.id, comment.id);
    const events = engine.outbox.read(from).filter((e) => e.type.startsWith('comment.'));
    expect(events.map((e) => [e.type, e.recordId, e.payload])).toEqual([
      ['comment.created', Number(deal.id), { table: 'deals', commentId: comment.id }],
      ['comment.updated', Number(deal.id), { table: 'deals', commentId: comment.id }],
      ['comment.deleted', Number(deal.id), { table: 'deals', commentId: comment.id }],
    ]);
  });
});
