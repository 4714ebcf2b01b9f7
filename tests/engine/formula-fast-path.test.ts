import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  evaluateExpression,
  evaluateFast,
  unsupported,
} from '../../engine/formula/expression.ts';

// The fast path must be indistinguishable from JSONata: for every expression and record it
// either gives JSONata's exact result or declines. Random expressions over random records,
// including the awkward values (missing fields, -0, huge numbers, empty strings, wrong types).

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(20_260_315);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const fields = ['amount', 'probability', 'name', 'stage', 'won', 'missing'] as const;
const numbers = ['0', '1', '2', '3', '100', '0.5', '1.005', '2.5', '-3', '1e21', '123456.789'];
const strings = ['""', '"a"', '"Lead"', '"10"', '" x "', '"张伟"'];
const functions = [
  '$round',
  '$floor',
  '$ceil',
  '$abs',
  '$sqrt',
  '$string',
  '$uppercase',
  '$lowercase',
  '$length',
];
const binary = ['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', '&', 'and', 'or'];

function expression(depth: number): string {
  const roll = random();
  if (depth <= 0 || roll < 0.25) {
    const leaf = random();
    if (leaf < 0.45) return pick(fields);
    if (leaf < 0.75) return pick(numbers);
    if (leaf < 0.9) return pick(strings);
    return pick(['true', 'false', 'null', '$me', '$today()', '$nothing']);
  }
  if (roll < 0.6) return `${expression(depth - 1)} ${pick(binary)} ${expression(depth - 1)}`;
  if (roll < 0.7) return `(${expression(depth - 1)})`;
  if (roll < 0.75) return `-${expression(depth - 1)}`;
  if (roll < 0.85)
    return random() < 0.8
      ? `${expression(depth - 1)} ? ${expression(depth - 1)} : ${expression(depth - 1)}`
      : `(${expression(depth - 1)} ? ${expression(depth - 1)})`;
  if (roll < 0.9) return `(${expression(depth - 1)}; ${expression(depth - 1)})`;
  const fn = pick(functions);
  if (fn === '$round' && random() < 0.6)
    return `$round(${expression(depth - 1)}, ${pick(['0', '1', '2', '-1', '1.5', 'probability'])})`;
  return `${fn}(${expression(depth - 1)})`;
}

const values: Record<string, unknown[]> = {
  amount: [undefined, 0, -0, 1, 1250.5, -42.25, 0.1, 1e21, 2 ** 53, 1 / 3, '12', true, [1, 2], { a: 1 }],
  probability: [undefined, 0, 10, 30, 100, 2.5, -1, '30', false],
  name: [undefined, 'Acme', '', 'ß', '张伟', 'a\u0301', '10', 5],
  stage: [undefined, 'lead', 'won', 'Lead', null],
  won: [undefined, true, false, 0, 1, 'yes'],
  missing: [undefined],
};

function aRecord(): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, options] of Object.entries(values)) {
    const value = pick(options);
    if (value !== undefined) record[name] = value;
  }
  return record;
}

const bindings = { me: 'usr_me', today: () => '2026-03-15' };

/** JSONata's own answer, normalised as the engine normalises it; errors become a marker. */
async function reference(source: string, input: Record<string, unknown>): Promise<unknown> {
  try {
    const result = await jsonata(source).evaluate(input, bindings);
    if (result === undefined || typeof result === 'function') return null;
    if (typeof result === 'number' && !Number.isFinite(result)) return null;
    return JSON.parse(JSON.stringify(result, (_k, v) => (Object.is(v, -0) ? '-0' : v)));
  } catch {
    return 'JSONATA ERROR';
  }
}

const comparable = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_k, v) => (Object.is(v, -0) ? '-0' : v)) ?? 'null');

describe('formula fast path', () => {
  it('takes the fast path for everyday formulas and gets them right', async () => {
    const record = { amount: 1250.5, probability: 30, name: 'Acme', stage: 'won' };
    const cases: [string, unknown][] = [
      ['amount * probability / 100', 375.15],
      ['$round(amount * 1.2, 2)', 1500.6],
      ['stage = "won" ? amount : 0', 1250.5],
      ['name & " (" & stage & ")"', 'Acme (won)'],
      ['amount > 1000 and probability >= 30', true],
      ['$uppercase(name)', 'ACME'],
      ['missing_field * 2', null],
    ];
    for (const [source, expected] of cases) {
      const compiled = compileExpression(source);
      expect(compiled.fast, source).not.toBeNull();
      expect(evaluateFast(compiled, record, bindings), source).toEqual(expected);
      expect(await reference(source, record), source).toEqual(expected);
    }
  });

  it('leaves paths, predicates, functions it does not know and arrays to JSONata', () => {
    for (const source of ['company.name', 'items[0]', '$sum(items)', '$now()', 'a in [1, 2]', '[1..3]']) {
      const compiled = compileExpression(source);
      expect(evaluateFast(compiled, { a: 1, items: [1, 2] }, bindings), source).toBe(unsupported);
    }
    expect(evaluateFast(compileExpression('a + 1'), [{ a: 1 }] as never, bindings)).toBe(unsupported);
  });

  it('agrees with JSONata on thousands of random expressions and records', async () => {
    let fast = 0;
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const source = expression(3);
      let compiled: ReturnType<typeof compileExpression>;
      try {
        compiled = compileExpression(source);
      } catch {
        continue; // not valid JSONata; nothing to compare
      }
      for (let k = 0; k < 4; k++) {
        const input = aRecord();
        const result = evaluateFast(compiled, input, bindings);
        checked++;
        if (result === unsupported) continue;
        fast++;
        const expected = await reference(source, input);
        if (JSON.stringify(comparable(result)) !== JSON.stringify(expected))
          expect({ source, input, fast: comparable(result) }).toEqual({ source, input, fast: expected });
        // The engine's entry point gives the same answer whichever path it takes.
        expect(comparable(await evaluateExpression(compiled, input, bindings, 'test'))).toEqual(expected);
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(fast).toBeGreaterThan(checked / 4);
  });
});
