// Persists metadata documents. Every change writes a history row (who, when, before, after)
// and an outbox event in the same transaction, so it can be audited, undone and streamed.
import { and, eq, max } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import type { Store } from '../store/database.ts';
import { metadata, metadataHistory, outbox } from '../store/fixed-tables.ts';

export type Kind = (typeof metadata.$inferSelect)['kind'];

export interface DocRef {
  kind: Kind;
  appId: string;
  parentId: string;
}

export class MetadataDocs {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  nextPosition(kind: Kind, parentId: string): number {
    const row = this.store.db
      .select({ last: max(metadata.position) })
      .from(metadata)
      .where(and(eq(metadata.kind, kind), eq(metadata.parentId, parentId)))
      .get();
    return (row?.last ?? -1) + 1;
  }

  insert(actor: Actor, ref: DocRef, doc: { id: string; name: string }, position?: number): void {
    const at = this.now();
    this.store.db
      .insert(metadata)
      .values({
        id: doc.id,
        kind: ref.kind,
        appId: ref.appId,
        parentId: ref.parentId,
        name: doc.name,
        position: position ?? this.nextPosition(ref.kind, ref.parentId),
        doc,
        updatedAt: at,
      })
      .run();
    this.record(actor, ref, doc.id, 'create', null, doc, at);
  }

  update<D extends { id: string; name: string }>(
    actor: Actor,
    ref: DocRef,
    before: D,
    after: D,
    position?: number,
  ): void {
    if (JSON.stringify(before) === JSON.stringify(after) && position === undefined) return;
    const at = this.now();
    this.store.db
      .update(metadata)
      .set({ doc: after, name: after.name, updatedAt: at, ...(position === undefined ? {} : { position }) })
      .where(eq(metadata.id, after.id))
      .run();
    this.record(actor, ref, after.id, 'update', before, after, at);
  }

  remove(actor: Actor, ref: DocRef, before: { id: string }): void {
    this.store.db.delete(metadata).where(eq(metadata.id, before.id)).run();
    this.record(actor, ref, before.id, 'delete', before, null, this.now());
  }

  private record(
    actor: Actor,
    ref: DocRef,
    objectId: string,
    action: 'create' | 'update' | 'delete',
    before: unknown,
    after: unknown,
    at: number,
  ) {
    const history = this.store.db
      .insert(metadataHistory)
      .values({
        objectId,
        kind: ref.kind,
        appId: ref.appId,
        action,
        actorId: actor.userId,
        at,
        before,
        after,
      })
      .returning({ id: metadataHistory.id })
      .get();
    this.store.db
      .insert(outbox)
      .values({
        at,
        appId: ref.appId,
        type: `${ref.kind}.${action === 'create' ? 'created' : action === 'update' ? 'updated' : 'deleted'}`,
        actorId: actor.userId,
        payload: JSON.stringify({
          id: objectId,
          kind: ref.kind,
          parentId: ref.parentId,
          historyId: history.id,
        }),
      })
      .run();
  }

  history(objectId: string) {
    return this.store.readDb
      .select()
      .from(metadataHistory)
      .where(eq(metadataHistory.objectId, objectId))
      .all();
  }
}
