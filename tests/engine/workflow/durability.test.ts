import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/index.ts';
import { admin } from '../../helpers/engine.ts';

const children: ChildProcess[] = [];
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const step of cleanup.splice(0)) step();
});

function startWorker(dir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '../../helpers/workflow-worker.ts'), dir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  return new Promise((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) ready(child);
    });
    child.on('exit', (code) => fail(new Error(`worker exited with ${code}`)));
  });
}

async function until(check: () => boolean, timeoutMs = 20_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('workflows: durable execution', () => {
  it('completes a run exactly once after the process is killed between actions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-durable-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const deliveries: string[] = [];
    let hang = true;
    let onHang: () => void = () => {};
    const receiver = createServer((req, res) => {
      deliveries.push(String(req.headers['x-rapport-delivery']));
      req.resume();
      if (hang) {
        hang = false;
        onHang();
        return; // never answers: the process dies while waiting
      }
      res.end('ok');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => receiver.close());
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;

    const setup = new Engine({ dataDir: dir });
    await setup.metadata.createApp(admin, { name: 'crm' });
    await setup.metadata.createTable(admin, 'crm', {
      name: 'deals',
      fields: [{ name: 'title', type: 'text' }],
    });
    await setup.metadata.createTable(admin, 'crm', {
      name: 'log',
      fields: [{ name: 'entry', type: 'text' }],
    });
    await setup.workflows.definitions.create(admin, 'crm', {
      name: 'three_steps',
      trigger: { type: 'record_created', table: 'deals' },
      actions: [
        { type: 'create_record', table: 'log', fields: { entry: { expr: "'before ' & title" } } },
        { type: 'webhook', url },
        { type: 'create_record', table: 'log', fields: { entry: { expr: "'after ' & title" } } },
      ],
    });
    await setup.records.create(admin, 'crm', 'deals', { fields: { title: 'D' } });
    setup.close();

    const killed = new Promise<void>((r) => {
      onHang = r;
    });
    const first = await startWorker(dir);
    await killed;
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const db = new Database(join(dir, 'rapport.db'), { readonly: true });
    cleanup.unshift(() => db.close());
    const logTable = (
      db.prepare("SELECT id FROM metadata WHERE kind = 'table' AND name = 'log'").get() as { id: string }
    ).id;
    const logSql = `t_${logTable.slice(4)}`;
    const count = () => (db.prepare(`SELECT count(*) AS n FROM ${logSql}`).get() as { n: number }).n;
    const status = () => (db.prepare('SELECT status FROM workflow_runs').get() as { status: string }).status;
    expect(count()).toBe(1);
    expect(status()).toBe('running');

    await startWorker(dir);
    await until(() => status() === 'succeeded');
    expect(count()).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM workflow_runs').get()).toEqual({ n: 1 });
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]).toBe(deliveries[1]);
  }, 60_000);
});
