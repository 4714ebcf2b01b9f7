import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { adminEmail, adminPassword } from '../helpers/server.ts';

const cli = resolve(import.meta.dirname, '../../bin/rapport.js');
const scratch = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const env = {
  ...process.env,
  RAPPORT_ADMIN_EMAIL: adminEmail,
  RAPPORT_ADMIN_PASSWORD: adminPassword,
  RAPPORT_SCRYPT_N: '1024',
};

async function rapport(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** `rapport serve --port 0`: resolves once it prints the line saying where it listens. */
function serve(data: string) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', data], { env });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const listening = new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`no listening line: ${stdout} ${stderr}`)), 30_000);
    child.stdout.on('data', () => {
      const match = stdout.match(/^Rapport listening on (http:\/\/[^\s:]+:(\d+))$/m);
      if (match && match[2] !== '0') {
        clearTimeout(timer);
        ready(match[1]!);
      }
    });
    child.on('exit', () => fail(new Error(`exited early: ${stdout} ${stderr}`)));
  });
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

async function signIn(url: string, email = adminEmail, password = adminPassword) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  const { token } = (await response.json()) as { token: string };
  return (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
}

describe('rapport serve', () => {
  it('prints where it listens, serves, and on SIGTERM lets an in-flight request finish, then exits 0', async () => {
    const data = join(scratch, 'serve');
    const server = serve(data);
    const url = await server.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const api = await signIn(url);
    expect((await api('/api/apps', { method: 'POST', body: JSON.stringify({ name: 'crm' }) })).status).toBe(
      201,
    );
    const leads = await api('/api/apps/crm/tables', {
      method: 'POST',
      body: JSON.stringify({ name: 'leads', fields: [{ name: 'name', type: 'text' }] }),
    });
    expect(leads.status).toBe(201);
    const leadsTable = `t_${((await leads.json()) as { id: string }).id.slice(4)}`;

    // A live-events client stays connected; it must not hold the shutdown up.
    const events = await api('/api/apps/crm/events');
    expect(events.status).toBe(200);
    // Ended by the server, the stream completes normally; cut off by the 5 s forced close, it would fail.
    const eventsDone = events.text().then(
      () => 'ended',
      () => 'cut off',
    );

    // An import that is still uploading when the signal comes.
    let release!: () => void;
    const held = new Promise<void>((done) => {
      release = done;
    });
    let sent = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 0) controller.enqueue(encoder.encode('name\n'));
        if (sent === 500) await held;
        if (sent >= 1000) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(`lead ${sent++}\n`));
      },
    });
    const upload = api('/api/apps/crm/tables/leads/records.csv', {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/csv' },
      duplex: 'half',
    } as RequestInit);
    while (sent < 500) await new Promise((done) => setTimeout(done, 20));
    const stoppedAt = Date.now();
    server.child.kill('SIGTERM');
    // The server says it is shutting down once it has stopped listening; a loaded machine may take a while.
    for (let waited = 0; !server.output().stdout.includes('Shutting down') && waited < 15_000; waited += 50)
      await new Promise((done) => setTimeout(done, 50));
    expect(server.child.exitCode).toBeNull();
    // New connections are refused while the old request finishes.
    // A fresh TCP connection (no pooled keep-alive socket) must be refused.
    await expect(
      new Promise((done, fail) => {
        const request = httpGet(`${url}/api/apps`, { agent: false }, (response) => {
          response.resume();
          done(response.statusCode);
        });
        request.on('error', fail);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    release();
    const finished = await upload;
    expect(finished.status).toBe(201);
    expect(((await finished.json()) as { imported: number }).imported).toBe(1000);
    expect(await server.exited).toBe(0);
    expect(await eventsDone).toBe('ended');
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    expect(server.output().stdout).toContain('Shutting down');

    // The database was closed cleanly: the write-ahead log folded in and removed, every row there.
    expect(existsSync(join(data, 'rapport.db-wal'))).toBe(false);
    const db = new Database(join(data, 'rapport.db'), { readonly: true });
    try {
      expect(db.prepare(`SELECT count(*) AS n FROM "${leadsTable}"`).get()).toEqual({ n: 1000 });
    } finally {
      db.close();
    }
  }, 90_000);

  it('refuses a bad port', async () => {
    const bad = await rapport('serve', '--port', '99999', '--data', join(scratch, 'bad-port'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--port');
  });
});

describe('rapport user add, import, export', () => {
  it('adds a user who can sign in, imports a CSV with progress, and exports it again', async () => {
    const data = join(scratch, 'tools');
    const added = await rapport(
      'user',
      'add',
      'ada@example.com',
      '--name',
      'Ada',
      '--password',
      'Lovelace-1815',
      '--admin',
      '--data',
      data,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Added ada@example\.com \(usr_/);
    expect(added.stdout).not.toContain('Lovelace-1815');
    const generated = await rapport('user', 'add', 'bob@example.com', '--data', data);
    expect(generated.stdout).toMatch(/with password \S{10,}/);

    // A table to import into, made through the server by the admin the CLI added; then the server stops.
    const server = serve(data);
    const url = await server.listening;
    expect(server.output().stdout).not.toContain('First admin');
    const admin = await signIn(url, 'ada@example.com', 'Lovelace-1815');
    await admin('/api/apps', { method: 'POST', body: JSON.stringify({ name: 'crm' }) });
    await admin('/api/apps/crm/tables', {
      method: 'POST',
      body: JSON.stringify({
        name: 'contacts',
        fields: [
          { name: 'name', type: 'text' },
          { name: 'score', type: 'number' },
        ],
      }),
    });
    const me = (await (await admin('/api/me')).json()) as { name: string; isAdmin: boolean };
    expect(me).toMatchObject({ name: 'Ada', isAdmin: true });
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);

    const csv = join(scratch, 'contacts.csv');
    writeFileSync(
      csv,
      `name,score\n${Array.from({ length: 5_000 }, (_, i) => `person ${i},${i % 7}`).join('\n')}\n`,
    );
    const imported = await rapport('import', 'crm', 'contacts', csv, '--data', data);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/Importing… \d+% \| \d+ rows/);
    expect(imported.stdout).toContain('Imported 5000 records; 0 rows failed.');

    const bad = join(scratch, 'bad.csv');
    writeFileSync(bad, 'name,score\nok,1\nbad,lots\n');
    const refused = await rapport('import', 'crm', 'contacts', bad, '--data', data);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('row 3');

    const out = join(scratch, 'out.csv');
    const exported = await rapport('export', 'crm', 'contacts', out, '--bom', '--data', data);
    expect(exported.code, exported.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe('\uFEFFid,name,score');
    expect(lines).toHaveLength(5_001);
    expect(lines[1]).toMatch(/^\d+,person 0,0$/);
  }, 120_000);
});
