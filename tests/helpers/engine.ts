// Builders for engine tests: a fresh engine on a real SQLite file in a temp dir, an admin
// actor, and small apps to work with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type Actor, Engine } from '../../engine/index.ts';

const open: { engine: Engine; dir: string }[] = [];

afterEach(() => {
  for (const { engine, dir } of open.splice(0)) {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

export interface TestClock {
  now: number;
  (): number;
}

export function testClock(start = Date.parse('2026-03-15T10:00:00Z')): TestClock {
  const clock = (() => clock.now) as TestClock;
  clock.now = start;
  return clock;
}

export function anEngine(clock: () => number = Date.now): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
  const engine = new Engine({ dataDir: dir, clock });
  open.push({ engine, dir });
  return engine;
}

export const admin: Actor = { userId: 'usr_admin0000', isAdmin: true, roles: [] };

export async function aCrm(engine: Engine) {
  await engine.metadata.createApp(admin, { name: 'crm', label: { en: 'CRM', 'zh-CN': '客户管理' } });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'companies',
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'city', type: 'text' },
      {
        name: 'industry',
        type: 'single_select',
        options: { choices: [{ name: 'tech' }, { name: 'retail' }, { name: 'finance' }] },
      },
    ],
  });
  await engine.metadata.createTable(admin, 'crm', {
    name: 'deals',
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'amount', type: 'currency', options: { currency: 'USD' } },
      { name: 'probability', type: 'percent' },
      {
        name: 'stage',
        type: 'single_select',
        options: { choices: [{ name: 'lead' }, { name: 'qualified' }, { name: 'won' }, { name: 'lost' }] },
      },
      { name: 'close_date', type: 'date' },
      { name: 'company', type: 'link', options: { table: 'companies', inverse: 'deals' } },
    ],
  });
  await engine.metadata.createField(admin, 'crm', 'deals', {
    name: 'weighted',
    type: 'formula',
    options: { expression: 'amount * probability / 100' },
  });
  await engine.metadata.createField(admin, 'crm', 'deals', {
    name: 'company_city',
    type: 'lookup',
    options: { link: 'company', field: 'city' },
  });
  await engine.metadata.createField(admin, 'crm', 'companies', {
    name: 'pipeline',
    type: 'rollup',
    options: { link: 'deals', field: 'amount', fn: 'sum' },
  });
}
