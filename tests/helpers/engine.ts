// Builders for engine tests: a fresh engine on a real SQLite file in a temp dir, an admin
// actor, and small apps to work with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type Actor, Engine, RapportError } from '../../engine/index.ts';

const open: { engine: Engine; dir: string }[] = [];

// Engines live until their test file ends, so a file may share one built in beforeAll.
afterAll(() => {
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

export function anEngine(clock: () => number = Date.now, options: { mail?: { url: string } } = {}): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
  const engine = new Engine({ dataDir: dir, clock, ...options });
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

/** The engine error a call fails with; the test fails if the call succeeds or throws something else. */
export async function failure(work: Promise<unknown> | (() => unknown)): Promise<RapportError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (error instanceof RapportError) return error;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** An actor acting as `userId` (an admin, until roles land). */
export function actorFor(userId: string): Actor {
  return { userId, isAdmin: true, roles: [] };
}

/** A deterministic PRNG (mulberry32), so generated data is the same on every run. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
