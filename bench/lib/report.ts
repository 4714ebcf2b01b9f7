// Shared by the benchmark suites: timing samples, percentiles, the machine description and
// the results files (bench/results/<suite>-<date>.json and <suite>-latest.json).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A numeric setting from the environment (BENCH_ROWS, BENCH_RUNS, …), else the default. */
export function env(name: string, fallback: number): number {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : Number(value);
}

/** Progress on stderr with the time of day, so the table on stdout stays clean. */
export function log(message: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export interface Stats {
  runs: number;
  p50: number;
  p95: number;
  mean: number;
  min: number;
}

/** Milliseconds per run, summarised. */
export function summarize(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    runs: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    min: sorted[0]!,
  };
}

/** Times `work(i)` `runs` times after `warmup` untimed runs; milliseconds per run. */
export async function sample(
  runs: number,
  work: (i: number) => unknown,
  warmup = Math.min(20, runs),
): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work(warmup + i);
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/**
 * Times `a(i)` and `b(i)` alternately, so both see the same machine: on a shared host the load
 * changes from one second to the next, and a ratio of two separate loops would measure that.
 */
export async function sampleBoth(
  runs: number,
  a: (i: number) => unknown,
  b: (i: number) => unknown,
  warmup = Math.min(20, runs),
): Promise<[Stats, Stats]> {
  for (let i = 0; i < warmup; i++) {
    await a(i);
    await b(i);
  }
  const first: number[] = [];
  const second: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    await a(warmup + i);
    first.push(performance.now() - start);
    start = performance.now();
    await b(warmup + i);
    second.push(performance.now() - start);
  }
  return [summarize(first), summarize(second)];
}

export interface Machine {
  cores: number;
  nproc: string;
  cpu: string;
  memoryGb: number;
  node: string;
  platform: string;
  sqlite?: string;
}

export function machine(sqlite?: string): Machine {
  let nproc = String(availableParallelism());
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // nproc is missing on some systems; the runtime's count stands in.
  }
  return {
    cores: availableParallelism(),
    nproc,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    ...(sqlite ? { sqlite } : {}),
  };
}

/** The checked-out commit, so a results file says which engine it measured. */
export function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Writes results/<suite>-<YYYY-MM-DD>.json and results/<suite>-latest.json; returns the dated path. */
/** Writes a suite's results, stamped with the suite, the time and the commit measured. */
export function writeResults(suite: string, body: Record<string, unknown>): string {
  mkdirSync(resultsDir, { recursive: true });
  const text = `${JSON.stringify({ suite, date: new Date().toISOString(), commit: gitCommit(), ...body }, null, 2)}\n`;
  const dated = join(resultsDir, `${suite}-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(dated, text);
  writeFileSync(join(resultsDir, `${suite}-latest.json`), text);
  return dated;
}

/** Prints a table twice: aligned for the terminal, and as Markdown for the README. */
export function printTable(header: string[], rows: string[][]): void {
  console.log(formatTable(header, rows));
  console.log(`\n${markdownTable(header, rows)}\n`);
}

/** A plain-text table with right-aligned numbers. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** 0.0123 ms → "12.3 µs"; 1.5 → "1.50 ms"; 1500 → "1.50 s". */
export function formatMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')} rows/s`;
}
