// The records service's writes: validation with errors naming each field, defaults, batches
// that are all or nothing, one audit row and one outbox event per change in the same
// transaction, and concurrent writers that never see each other's half-done work.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Engine, Invalid, RapportError } from '../../../engine/index.ts';
import { actorFor, anEngine, failure, testClock } from '../../helpers/engine.ts';

// 20:00 UTC on the 15th is 04:00 on the 16th in Shanghai, the app's time zone.
const clock = testClock(Date.parse('2026-03-15T20:00:00Z'));
let engine: Engine;
let ann = actorFor('usr_pending');

interface AuditRow {
  id: number;
  actor_id: string | null;
  record_id: number;
  action: string;
  before: string | null;
  after: string | null;
}

function auditRows(): AuditRow[] {
  const table = engine.metadata.registry.table('crm', 'leads');
  return engine.store.reader
    .prepare('SELECT * FROM audit WHERE table_id = ? ORDER BY id')
    .all(table.doc.id) as AuditRow[];
}

function recordEvents() {
  return engine.outbox.read(0, 100_000).filter((e) => e.type.startsWith('record.'));
}

function count(): number {
  return engine.query.count(ann, 'crm', 'leads');
}

function lead(i: number, extra: Record<string, unknown> = {}) {
  return { fields: { name: `Lead ${i}`, email: `lead${i}@example.com`, ...extra } };
}

beforeAll(async () => {
  engine = anEngine(clock);
  ann = actorFor((await engine.people.createUser({ email: 'ann@example.com', name: 'Ann' }, null)).id);
  await engine.metadata.createApp(ann, { name: 'crm', timeZone: 'Asia/Shanghai' });
  await engine.metadata.createTable(ann, 'crm', {
    name: 'leads',
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'email', type: 'email', unique: true },
      { name: 'site', type: 'url' },
      { name: 'phone', type: 'phone' },
      { name: 'score', type: 'number', options: { min: 0, max: 100 } },
      { name: 'stars', type: 'rating', options: { max: 3 } },
      {
        name: 'stage',
        type: 'single_select',
        default: 'new',
        options: { choices: [{ name: 'new' }, { name: 'working' }, { name: 'done' }] },
      },
      { name: 'received', type: 'date', default: 'today' },
      { name: 'seen_at', type: 'datetime', default: 'now' },
      { name: 'owner', type: 'user', default: '$me' },
      { name: 'source', type: 'text', default: { expr: "'web-' & $today()" } },
      { name: 'ref', type: 'autonumber' },
      // Runs away for score 13, after the rows are written: the whole batch must roll back.
      {
        name: 'check',
        type: 'formula',
        options: {
          expression: '($loop := function($n) { $loop($n + 1) + 1 }; score = 13 ? $loop(0) : score * 2)',
        },
      },
    ],
  });
});

describe('writes: validation', () => {
  it.each([
    ['a missing required field', { email: 'x@example.com' }, 'name', 'required'],
    ['an empty required field', { name: '' }, 'name', 'required'],
    ['a value outside the choices', { name: 'x', stage: 'lost' }, 'stage', 'unknown_choice'],
    ['a malformed e-mail', { name: 'x', email: 'ann at example' }, 'email', 'invalid_format'],
    ['a script URL', { name: 'x', site: 'javascript:alert(1)' }, 'site', 'invalid_format'],
    ['a phone without digits', { name: 'x', phone: 'ring me' }, 'phone', 'invalid_format'],
    ['a number below the minimum', { name: 'x', score: -1 }, 'score', 'out_of_range'],
    ['a number above the maximum', { name: 'x', score: 101 }, 'score', 'out_of_range'],
    ['a rating above its maximum', { name: 'x', stars: 4 }, 'stars', 'out_of_range'],
    ['an unknown field', { name: 'x', budget: 5 }, 'budget', 'unknown_field'],
    ['a computed field', { name: 'x', check: 5 }, 'check', 'read_only'],
    ['an autonumber', { name: 'x', ref: 5 }, 'ref', 'read_only'],
  ])('refuses %s, naming the field', async (_what, fields, field, code) => {
    const before = count();
    const error = await failure(engine.records.create(ann, 'crm', 'leads', { fields }));
    expect(error).toBeInstanceOf(Invalid);
    expect(error.details).toContainEqual(expect.objectContaining({ field, code }));
    expect(error.message).toContain(`'${field}'`);
    expect(count()).toBe(before);
  });

  it('reports every problem of a record at once', async () => {
    const error = await failure(
      engine.records.create(ann, 'crm', 'leads', { fields: { email: 'nope', score: 'high', stage: 'x' } }),
    );
    expect(error.details.map((d) => d.field).sort()).toEqual(['email', 'name', 'score', 'stage']);
  });

  it('refuses to empty a required field on update, but lets other fields change', async () => {
    const created = await engine.records.create(ann, 'crm', 'leads', lead(9001));
    const error = await failure(
      engine.records.update(ann, 'crm', 'leads', created.id, { fields: { name: null } }),
    );
    expect(error.details).toContainEqual(expect.objectContaining({ field: 'name', code: 'required' }));
    const updated = await engine.records.update(ann, 'crm', 'leads', created.id, { fields: { score: 5 } });
    expect(updated.fields).toMatchObject({ name: 'Lead 9001', score: 5, check: 10 });
  });

  it('keeps unique values unique: against stored records, within a batch, ignoring case of e-mails', async () => {
    const first = await engine.records.create(ann, 'crm', 'leads', lead(9100));
    const again = await failure(
      engine.records.create(ann, 'crm', 'leads', { fields: { name: 'x', email: 'LEAD9100@example.com' } }),
    );
    expect(again.details).toContainEqual(expect.objectContaining({ field: 'email', code: 'not_unique' }));
    const inBatch = await failure(
      engine.records.createMany(ann, 'crm', 'leads', [
        lead(9101),
        { fields: { name: 'twin', email: 'Lead9101@Example.com' } },
      ]),
    );
    expect(inBatch.details).toContainEqual(
      expect.objectContaining({ field: 'email', code: 'not_unique', index: 1 }),
    );
    const other = await engine.records.create(ann, 'crm', 'leads', lead(9102));
    const onUpdate = await failure(
      engine.records.update(ann, 'crm', 'leads', other.id, { fields: { email: 'lead9100@example.com' } }),
    );
    expect(onUpdate.details).toContainEqual(expect.objectContaining({ field: 'email', code: 'not_unique' }));
    // A record keeps its own value. Swapping two values in one batch is refused cleanly: the
    // unique index holds after every row, not only at the end of the batch.
    await engine.records.update(ann, 'crm', 'leads', first.id, { fields: { email: 'lead9100@example.com' } });
    const swap = await failure(
      engine.records.updateMany(ann, 'crm', 'leads', [
        { id: first.id, fields: { email: 'lead9102@example.com' } },
        { id: other.id, fields: { email: 'lead9100@example.com' } },
      ]),
    );
    expect(swap).toBeInstanceOf(Invalid);
    expect((await engine.records.get(ann, 'crm', 'leads', first.id)).fields.email).toBe(
      'lead9100@example.com',
    );
  });

  it('refuses an empty batch and one of more than 1000 records', async () => {
    expect(await failure(engine.records.createMany(ann, 'crm', 'leads', []))).toBeInstanceOf(Invalid);
    const tooMany = Array.from({ length: 1001 }, (_, i) => lead(20_000 + i));
    expect((await failure(engine.records.createMany(ann, 'crm', 'leads', tooMany))).code).toBe(
      'too_many_records',
    );
  });
});

describe('writes: defaults', () => {
  it('fills literal, today, now, $me and expression defaults in the app time zone', async () => {
    const created = await engine.records.create(ann, 'crm', 'leads', { fields: { name: 'Defaults' } });
    expect(created.fields).toMatchObject({
      stage: 'new',
      received: '2026-03-16',
      seen_at: '2026-03-15T20:00:00.000Z',
      owner: ann.userId,
      source: 'web-2026-03-16',
    });
    // "today" is the same day the filters call today.
    const today = engine.query.list(ann, 'crm', 'leads', {
      filter: {
        and: [
          { field: 'received', op: 'is', value: 'today' },
          { field: 'name', op: 'is', value: 'Defaults' },
        ],
      },
    });
    expect(today.items.map((r) => r.id)).toEqual([created.id]);
  });

  it('leaves a value the client gives, even an empty one, alone', async () => {
    const created = await engine.records.create(ann, 'crm', 'leads', {
      fields: { name: 'Given', stage: 'done', received: null, owner: null },
    });
    expect(created.fields).toMatchObject({ stage: 'done', received: null, owner: null });
  });
});

describe('writes: batches are all or nothing', () => {
  it('one bad record among 1000 writes nothing, and the error says which', async () => {
    const before = { count: count(), audit: auditRows().length, events: recordEvents().length };
    const batch = Array.from({ length: 1000 }, (_, i) => lead(1000 + i, { score: i % 100 }));
    batch[637] = lead(1637, { score: 'lots' });
    const error = await failure(engine.records.createMany(ann, 'crm', 'leads', batch));
    expect(error).toBeInstanceOf(Invalid);
    expect(error.details).toEqual([expect.objectContaining({ field: 'score', index: 637 })]);
    expect(error.message).toContain('record 637');
    expect({ count: count(), audit: auditRows().length, events: recordEvents().length }).toEqual(before);
  });

  it('a batch that fails after its rows were written rolls back rows, audit, outbox, search and counters', async () => {
    const before = { count: count(), audit: auditRows().length, events: recordEvents().length };
    const lastRef = Math.max(
      0,
      ...engine.query.list(ann, 'crm', 'leads', { limit: 1000 }).items.map((r) => r.fields.ref as number),
    );
    const batch = Array.from({ length: 50 }, (_, i) => lead(3000 + i, { name: `Rollback ${i}` }));
    batch[40] = lead(3040, { name: 'Rollback 40', score: 13 });
    const error = await failure(engine.records.createMany(ann, 'crm', 'leads', batch));
    expect(error).toBeInstanceOf(Invalid);
    expect(error.message).toMatch(/stopped/);
    expect({ count: count(), audit: auditRows().length, events: recordEvents().length }).toEqual(before);
    expect(engine.query.list(ann, 'crm', 'leads', { q: 'rollback' }).items).toEqual([]);
    const next = await engine.records.create(ann, 'crm', 'leads', lead(3100));
    expect(next.fields.ref).toBe(lastRef + 1);
  });

  it('a batch update with one bad record changes nothing', async () => {
    const created = await engine.records.createMany(
      ann,
      'crm',
      'leads',
      Array.from({ length: 1000 }, (_, i) => lead(5000 + i, { score: 1 })),
    );
    const before = { audit: auditRows().length, events: recordEvents().length };
    const patches = created.map((r, i) => ({ id: r.id, fields: { score: i === 999 ? 101 : 50 } }));
    const error = await failure(engine.records.updateMany(ann, 'crm', 'leads', patches));
    expect(error.details).toEqual([expect.objectContaining({ field: 'score', index: 999 })]);
    const scores = engine.query.list(ann, 'crm', 'leads', {
      filter: { field: 'email', op: 'starts_with', value: 'lead5' },
      limit: 1000,
    });
    expect(new Set(scores.items.map((r) => r.fields.score))).toEqual(new Set([1]));
    expect({ audit: auditRows().length, events: recordEvents().length }).toEqual(before);
    // And a good batch update changes all of them, with one audit row each.
    await engine.records.updateMany(
      ann,
      'crm',
      'leads',
      created.map((r) => ({ id: r.id, fields: { score: 50 } })),
    );
    expect(auditRows().length).toBe(before.audit + 1000);
  });
});

describe('writes: audit and outbox', () => {
  it('records one audit row and one outbox event per change, with actor, before and after', async () => {
    const audit = auditRows().length;
    const events = recordEvents().length;
    const created = await engine.records.create(ann, 'crm', 'leads', lead(7000, { score: 10 }));
    await engine.records.update(ann, 'crm', 'leads', created.id, { fields: { score: 20 } });
    // An update that changes nothing leaves no trace.
    await engine.records.update(ann, 'crm', 'leads', created.id, { fields: { score: 20 } });
    await engine.records.delete(ann, 'crm', 'leads', created.id);

    const rows = auditRows().slice(audit);
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
    expect(rows.every((r) => r.actor_id === ann.userId && r.record_id === Number(created.id))).toBe(true);
    expect(JSON.parse(rows[0]!.after!)).toMatchObject({ name: 'Lead 7000', score: 10, check: 20 });
    expect(JSON.parse(rows[1]!.before!)).toEqual({ score: 10, check: 20 });
    expect(JSON.parse(rows[1]!.after!)).toEqual({ score: 20, check: 40 });
    expect(JSON.parse(rows[2]!.before!)).toMatchObject({ score: 20 });
    expect(rows[2]!.after).toBeNull();

    const outbox = recordEvents().slice(events);
    expect(outbox.map((e) => e.type)).toEqual(['record.created', 'record.updated', 'record.deleted']);
    outbox.forEach((event, i) => {
      expect(event).toMatchObject({ recordId: Number(created.id), actorId: ann.userId });
      expect(event.payload).toMatchObject({ table: 'leads', auditId: rows[i]!.id });
    });
  });
});

describe('writes: concurrency', () => {
  it('two concurrent batches each run as one transaction, never interleaved', async () => {
    const before = auditRows().length;
    const [a, b] = await Promise.all([
      engine.records.createMany(
        ann,
        'crm',
        'leads',
        Array.from({ length: 300 }, (_, i) => lead(10_000 + i, { score: i % 10 })),
      ),
      engine.records.createMany(
        ann,
        'crm',
        'leads',
        Array.from({ length: 300 }, (_, i) => lead(11_000 + i, { score: i % 10 })),
      ),
    ]);
    for (const batch of [a!, b!]) {
      const ids = batch.map((r) => Number(r.id));
      const refs = batch.map((r) => r.fields.ref as number);
      // Each batch read the counter and the last id, then wrote, with no other write in between.
      expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));
      expect(refs).toEqual(refs.map((_, i) => refs[0]! + i));
      expect(batch.every((r) => r.fields.check === (r.fields.score as number) * 2)).toBe(true);
    }
    const rows = auditRows().slice(before);
    expect(rows).toHaveLength(600);
    const firstOfA = Number(a![0]!.id);
    const order = rows.map((r) => (r.record_id - firstOfA < 300 && r.record_id >= firstOfA ? 'a' : 'b'));
    expect(order.join('')).toMatch(/^(a{300}b{300}|b{300}a{300})$/);
  });

  it('of two concurrent writers of one unique value, exactly one wins', async () => {
    const results = await Promise.allSettled([
      engine.records.create(ann, 'crm', 'leads', { fields: { name: 'One', email: 'race@example.com' } }),
      engine.records.create(ann, 'crm', 'leads', { fields: { name: 'Two', email: 'race@example.com' } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(RapportError);
    expect(
      engine.query.list(ann, 'crm', 'leads', {
        filter: { field: 'email', op: 'is', value: 'race@example.com' },
      }).items,
    ).toHaveLength(1);
  });

  it('writes queued together commit together, yet one that fails after writing rolls back alone', async () => {
    const before = count();
    const auditBefore = auditRows().length;
    let commits = 0;
    engine.store.onCommit(() => commits++);
    // Score 13 makes a formula run away after the record's row is written.
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        engine.records.create(ann, 'crm', 'leads', lead(13_000 + i, { score: i === 5 ? 13 : i })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')));
    expect((results[5] as PromiseRejectedResult).reason).toBeInstanceOf(RapportError);
    // Commits close a group after a few milliseconds, and the runaway formula takes longer.
    expect(commits).toBeLessThan(results.length / 2);
    expect(count()).toBe(before + 11);
    expect(
      auditRows()
        .slice(auditBefore)
        .map((r) => r.record_id),
    ).toEqual(results.flatMap((r) => (r.status === 'fulfilled' ? [Number(r.value.id)] : [])));
    const emails = engine.query.list(ann, 'crm', 'leads', {
      filter: { field: 'email', op: 'is', value: 'lead13005@example.com' },
    }).items;
    expect(emails).toHaveLength(0);
  });

  it('a writer hears back only once its write is committed and readable by others', async () => {
    const readable: boolean[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        engine.records.create(ann, 'crm', 'leads', lead(14_000 + i)).then((record) => {
          readable.push(
            engine.store.reader
              .prepare(`SELECT 1 FROM "${engine.metadata.registry.table('crm', 'leads').sql}" WHERE id = ?`)
              .get(Number(record.id)) !== undefined,
          );
        }),
      ),
    );
    expect(readable).toEqual(Array(8).fill(true));
  });

  it('readers outside a write see only committed data while it runs', async () => {
    const before = count();
    let done = false;
    const seen = new Set<number>();
    const reader = (async () => {
      while (!done) {
        seen.add(count());
        await Promise.resolve();
      }
    })();
    await engine.records.createMany(
      ann,
      'crm',
      'leads',
      Array.from({ length: 200 }, (_, i) => lead(12_000 + i, { score: 3 })),
    );
    done = true;
    await reader;
    seen.add(count());
    expect([...seen].sort((x, y) => x - y)).toEqual([before, before + 200]);
  });
});
