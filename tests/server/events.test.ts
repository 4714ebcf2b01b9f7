import { describe, expect, it } from 'vitest';
import { systemActor } from '../../engine/index.ts';
import { aServer, type Client, type Json, type TestServer } from '../helpers/server.ts';

interface ServerEvent {
  id?: string;
  event: string;
  data: Json;
}

/** A server-sent events client over fetch: parses `id:`/`event:`/`data:` lines as they stream in. */
async function openEvents(t: TestServer, token: string, app: string, lastEventId?: string) {
  const abort = new AbortController();
  const response = await fetch(`${t.url}/api/apps/${app}/events`, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
      ...(lastEventId !== undefined ? { 'last-event-id': lastEventId } : {}),
    },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: ServerEvent[] = [];
  const comments: string[] = [];
  let reading: Promise<boolean> | undefined;

  const pump = async (): Promise<boolean> => {
    const { done, value } = await reader.read();
    if (done) return false;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: { id?: string; event: string; data: string[] } = { event: 'message', data: [] };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          comments.push(line);
          continue;
        }
        const colon = line.indexOf(':');
        const key = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (key === 'id') event.id = text;
        else if (key === 'event') event.event = text;
        else if (key === 'data') event.data.push(text);
      }
      if (event.data.length)
        queue.push({
          ...(event.id !== undefined ? { id: event.id } : {}),
          event: event.event,
          data: JSON.parse(event.data.join('\n')),
        });
    }
    return true;
  };

  return {
    /** The next event, waiting up to `ms` for it. */
    async next(ms = 5000): Promise<ServerEvent> {
      const deadline = Date.now() + ms;
      while (queue.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no event arrived in time');
        // One read at a time: a read left over from a timed-out wait is awaited again, not doubled.
        reading ??= pump().finally(() => {
          reading = undefined;
        });
        let timer: NodeJS.Timeout | undefined;
        const more = await Promise.race([
          reading,
          new Promise<'late'>((done) => {
            timer = setTimeout(() => done('late'), left);
          }),
        ]);
        clearTimeout(timer);
        if (more === false) throw new Error('the stream ended');
      }
      return queue.shift()!;
    },
    /** Every event that arrives within `ms`. */
    async drain(ms = 300): Promise<ServerEvent[]> {
      const out: ServerEvent[] = [];
      for (;;) {
        try {
          out.push(await this.next(ms));
        } catch {
          return out;
        }
      }
    },
    close() {
      abort.abort();
      reader.cancel().catch(() => {});
    },
  };
}

async function twoApps(): Promise<{ t: TestServer; api: Client }> {
  const t = await aServer();
  const api = await t.login();
  for (const app of ['crm', 'hr']) {
    expect((await api.post('/api/apps', { name: app })).status).toBe(201);
    const table = await api.post(`/api/apps/${app}/tables`, {
      name: 'items',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'amount', type: 'number' },
      ],
    });
    expect(table.status).toBe(201);
  }
  return { t, api };
}

const create = (api: Client, app: string, title: string) =>
  api.post(`/api/apps/${app}/tables/items/records`, { fields: { title } }).then((r) => {
    expect(r.status).toBe(201);
    return r.body.id as string;
  });

describe('live events', () => {
  it('delivers a record change once it is committed, with its values', async () => {
    const { t, api } = await twoApps();
    const events = await openEvents(t, api.token, 'crm');
    const ready = await events.next();
    expect(ready.event).toBe('ready');
    const id = await create(api, 'crm', 'first');
    const created = await events.next();
    expect(created.event).toBe('record.created');
    expect(created.data).toMatchObject({
      type: 'record.created',
      table: 'items',
      record: id,
      after: { title: 'first' },
    });
    expect(Number(created.id)).toBeGreaterThan(Number(ready.id));
    const patched = await api.patch(`/api/apps/crm/tables/items/records/${id}`, { fields: { amount: 5 } });
    expect(patched.status).toBe(200);
    const updated = await events.next();
    expect(updated).toMatchObject({
      event: 'record.updated',
      data: { record: id, before: { amount: null }, after: { amount: 5 } },
    });
    // A refused write leaves no event behind.
    expect(
      (await api.patch(`/api/apps/crm/tables/items/records/${id}`, { fields: { amount: 'x' } })).status,
    ).toBe(422);
    expect((await api.del(`/api/apps/crm/tables/items/records/${id}`)).status).toBe(204);
    const deleted = await events.next();
    expect(deleted).toMatchObject({ event: 'record.deleted', data: { record: id, after: null } });
    expect(await events.drain()).toEqual([]);
    events.close();
  });

  it('resumes with Last-Event-ID: exactly the missed events, in order, then live ones', async () => {
    const { t, api } = await twoApps();
    const first = await openEvents(t, api.token, 'crm');
    await first.next();
    const seen: ServerEvent[] = [];
    for (const title of ['a', 'b']) await create(api, 'crm', title);
    seen.push(await first.next(), await first.next());
    first.close();

    // Written while the client is away, interleaved with another app's writes.
    const missed: string[] = [];
    for (const title of ['c', 'd', 'e']) {
      missed.push(await create(api, 'crm', title));
      await create(api, 'hr', `hr ${title}`);
    }
    const batch = await api.post('/api/apps/crm/tables/items/records', {
      records: [{ fields: { title: 'f' } }, { fields: { title: 'g' } }],
    });
    missed.push(...batch.body.items.map((r: Json) => r.id));

    const again = await openEvents(t, api.token, 'crm', seen[1]!.id);
    const ready = await again.next();
    expect(ready.event).toBe('ready');
    const resumed = [];
    for (let i = 0; i < missed.length; i++) resumed.push(await again.next());
    expect(resumed.map((e) => e.data.record)).toEqual(missed);
    expect(resumed.map((e) => e.data.after.title)).toEqual(['c', 'd', 'e', 'f', 'g']);
    const ids = resumed.map((e) => Number(e.id));
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(ids[0]).toBeGreaterThan(Number(seen[1]!.id));
    expect(new Set([...seen, ...resumed].map((e) => e.id)).size).toBe(seen.length + resumed.length);
    // Nothing else is replayed, and live events follow without a gap.
    expect(await again.drain()).toEqual([]);
    const live = await create(api, 'crm', 'h');
    const next = await again.next();
    expect(next.data.record).toBe(live);
    expect(Number(next.id)).toBeGreaterThan(ids[ids.length - 1]!);
    again.close();
  });

  it('does not deliver the events of another app', async () => {
    const { t, api } = await twoApps();
    const crm = await openEvents(t, api.token, 'crm');
    const hr = await openEvents(t, api.token, 'hr');
    await crm.next();
    await hr.next();
    const hrRecord = await create(api, 'hr', 'secret');
    const crmRecord = await create(api, 'crm', 'public');
    // Each stream gets its own app's event (waited for), and nothing after it.
    expect((await crm.next()).data.record).toBe(crmRecord);
    expect((await hr.next()).data.record).toBe(hrRecord);
    expect(await crm.drain(300)).toEqual([]);
    expect(await hr.drain(300)).toEqual([]);
    // Resuming from the start replays this app's history only.
    const replay = await openEvents(t, api.token, 'crm', '0');
    expect((await replay.next()).event).toBe('ready');
    const replayed: ServerEvent[] = [];
    for (let e = await replay.next(); ; e = await replay.next()) {
      replayed.push(e);
      if (e.event.startsWith('record.')) break;
    }
    expect(replayed.filter((e) => e.event.startsWith('record.')).map((e) => e.data.record)).toEqual([
      crmRecord,
    ]);
    expect((await replay.drain(300)).filter((e) => e.event.startsWith('record.'))).toEqual([]);
    for (const stream of [crm, hr, replay]) stream.close();
  });

  it('answers a malformed Last-Event-ID by starting from now, and an unknown app with 404', async () => {
    const { t, api } = await twoApps();
    await create(api, 'crm', 'old');
    for (const id of ['abc', '-5', '1e999', '', '1.5', '99999999']) {
      const events = await openEvents(t, api.token, 'crm', id);
      expect((await events.next()).event).toBe('ready');
      expect(await events.drain(200)).toEqual([]);
      events.close();
    }
    const unknown = await api.get('/api/apps/nope/events');
    expect(unknown.status).toBe(404);
  });

  it('sends a member only the records their role lets them read, without hidden fields', async () => {
    const { t, api } = await twoApps();
    const sam = (
      await api.post('/api/users', { email: 'sam@example.com', name: 'Sam', password: 'Secret-pass-99' })
    ).body;
    const { engine } = t.server;
    await engine.access.createRole(systemActor, 'crm', {
      name: 'rep',
      label: 'Rep',
      tables: {
        items: {
          create: true,
          read: { scope: 'own' },
          update: { scope: 'own' },
          fields: { amount: 'hidden' },
        },
      },
    });
    await engine.access.setMember(systemActor, 'crm', sam.id, ['rep']);
    const samApi = await t.login('sam@example.com', 'Secret-pass-99');
    const samEvents = await openEvents(t, samApi.token, 'crm');
    const adminEvents = await openEvents(t, api.token, 'crm');
    await samEvents.next();
    await adminEvents.next();
    const others = await api.post('/api/apps/crm/tables/items/records', {
      fields: { title: 'not yours', amount: 9 },
    });
    const mine = await samApi.post('/api/apps/crm/tables/items/records', { fields: { title: 'mine' } });
    expect(mine.status, mine.text).toBe(201);
    expect(
      (
        await api.patch(`/api/apps/crm/tables/items/records/${mine.body.id}`, {
          fields: { title: 'renamed', amount: 5 },
        })
      ).status,
    ).toBe(200);
    const seen = [await samEvents.next(), await samEvents.next(), ...(await samEvents.drain(300))];
    expect(seen.map((e) => [e.event, e.data.record])).toEqual([
      ['record.created', mine.body.id],
      ['record.updated', mine.body.id],
    ]);
    expect(seen[1]!.data.after).toEqual({ title: 'renamed' });
    expect(JSON.stringify(seen)).not.toContain('"amount"');
    const all = [await adminEvents.next(), await adminEvents.next(), await adminEvents.next()];
    expect(all.map((e) => e.data.record)).toEqual([others.body.id, mine.body.id, mine.body.id]);
    expect(all[2]!.data.after).toEqual({ title: 'renamed', amount: 5 });
    samEvents.close();
    adminEvents.close();
  });

  it('ends the stream when its user is deactivated, signs out, or its token is revoked', async () => {
    const { t, api } = await twoApps();
    const sam = (
      await api.post('/api/users', { email: 'sam@example.com', name: 'Sam', password: 'Secret-pass-99' })
    ).body;
    const session = await t.login('sam@example.com', 'Secret-pass-99');
    const token = (await session.post('/api/tokens', { name: 'feed' })).body;
    const other = await t.login('sam@example.com', 'Secret-pass-99');
    const bySession = await openEvents(t, session.token, 'crm');
    const byToken = await openEvents(t, token.token, 'crm');
    const byOther = await openEvents(t, other.token, 'crm');
    for (const stream of [bySession, byToken, byOther]) expect((await stream.next()).event).toBe('ready');

    expect((await session.post('/api/auth/logout')).status).toBe(204);
    await expect(bySession.next(3000)).rejects.toThrow('the stream ended');
    expect((await other.del(`/api/tokens/${token.id}`)).status).toBe(204);
    await expect(byToken.next(3000)).rejects.toThrow('the stream ended');
    // The other session still listens, until the account is switched off.
    const id = await create(api, 'crm', 'still live');
    expect((await byOther.next()).data.record).toBe(id);
    expect((await api.patch(`/api/users/${sam.id}`, { active: false })).status).toBe(200);
    await expect(byOther.next(3000)).rejects.toThrow('the stream ended');
    await create(api, 'crm', 'after');
    expect((await other.get('/api/apps/crm/events')).status).toBe(401);
  });
});
