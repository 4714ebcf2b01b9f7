import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { anEngine } from '../../helpers/engine.ts';

describe('rows cached for every request', () => {
  it('serve a user row from memory until it changes, and never an old row after the change commits', async () => {
    const engine = anEngine();
    const user = await engine.people.createUser({ email: 'kim@example.com', name: 'Kim' }, null);
    const rename = engine.store.writer.prepare('UPDATE users SET name = ? WHERE id = ?');
    expect(engine.people.findUserRow(user.id)?.name).toBe('Kim');

    // Changed behind the cache's back (no trigger on the reader): the cached row stays.
    const sneak = engine.store.reader.prepare('SELECT name FROM users WHERE id = ?');
    expect((sneak.get(user.id) as { name: string }).name).toBe('Kim');

    await engine.store.write(() => {
      rename.run('Kim Lee', user.id);
      // Read during the write from the reader, which still sees the old row: it may be cached
      // for the moment, but must not survive the commit.
      expect(engine.people.findUserRow(user.id)?.name).toBe('Kim');
    });
    expect(engine.people.findUserRow(user.id)?.name).toBe('Kim Lee');

    await engine.store.write(() => {
      engine.store.writer.prepare('DELETE FROM users WHERE id = ?').run(user.id);
    });
    expect(engine.people.findUserRow(user.id)).toBeUndefined();
  });

  it('do not remember a row that was missing: another process may add it', async () => {
    const engine = anEngine();
    const kim = await engine.people.createUser({ email: 'kim@example.com', name: 'Kim' }, null);
    expect(engine.people.findUserRow('usr_later')).toBeUndefined();
    // What `rapport user add` does from its own process while the server runs.
    const other = new Database(join(engine.dataDir, 'rapport.db'));
    other.exec('CREATE TEMP TABLE copy AS SELECT * FROM users');
    other
      .prepare("UPDATE copy SET id = 'usr_later', email = 'later@example.com', name = 'Later' WHERE id = ?")
      .run(kim.id);
    other.exec("INSERT INTO users SELECT * FROM copy WHERE id = 'usr_later'");
    other.close();
    expect(engine.people.findUserRow('usr_later')?.name).toBe('Later');
  });
});
