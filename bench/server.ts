// The server benchmark (issue 3): Rapport's HTTP API on loopback — GET one contact, list a
// first page of 50 (stage filter, amount sort), POST one contact, PATCH one contact's amount —
// over the million-contact data directory, two ways: one connection sending one request after
// another (the latency a person waits for: p50 to a tenth of a millisecond), and autocannon with
// 50 connections (throughput, and latency under load). Beside it a bare Hono handler
// (bench/lib/bare-server.ts, its own process) does the same two reads with hand-written SQL on
// the same file; ours/bare is the figure for reads. Rapport and the bare handler take turns, one
// after the other, so both see the same machine. Also: an import of 1,000 contacts per request
// (rows/s), and the server's resident memory when idle and at its peak.
//
//   BENCH_ROWS=100000 npm run bench -- server    quick run (default 1,000,000 contacts)
//   BENCH_SECONDS=10 BENCH_ROUNDS=3              length of each run, and how many turns
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import autocannon, { type Result } from 'autocannon';
import Database from 'better-sqlite3';
import { Engine } from '../engine/index.ts';
import type { BareConfig } from './lib/bare-server.ts';
import { contacts as contactRows, stages } from './lib/crm-data.ts';
import { benchAdmin, copyDataset, crmDataset, type Dataset } from './lib/dataset.ts';
import { type Child, startChild } from './lib/processes.ts';
import { env, log, machine, printTable, writeResults } from './lib/report.ts';

const connections = 50;
/** Contacts per request in the import measure: the API's largest batch. */
const importBatch = 1000;
/** Contacts in the CSV file imported once at the end (BENCH_CSV_ROWS). */
const csvRows = env('BENCH_CSV_ROWS', 100_000);

/** One autocannon run: 50 connections. */
interface Run {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
}

/** One connection, one request after another; milliseconds, measured by the client. */
interface Latency {
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

interface Measure {
  name: string;
  ours: Run[];
  bare?: Run[];
  oursLatency: Latency[];
  bareLatency?: Latency[];
  /** Medians over the rounds. */
  p50One: number;
  bareP50One?: number;
  reqPerSec: number;
  p99: number;
  bareReqPerSec?: number;
  bareP99?: number;
  /** ours/bare requests per second at 50 connections (reads only). */
  ratio?: number;
  target: string;
  met: boolean;
}

interface CsvImportMeasure {
  rows: number;
  seconds: number;
  rowsPerSec: number;
}

interface ImportMeasure {
  batch: number;
  /** Per round: rows per second over its batches, one connection. */
  rowsPerSec: number[];
  medianRowsPerSec: number;
  target: string;
  met: boolean;
}

/** Resident memory of a server process, in MB (Linux /proc; null elsewhere). */
interface Memory {
  /** After start, before any request. */
  idleMb: number | null;
  /** The most it held during the benchmark (VmHWM). */
  peakMb: number | null;
  /** At the end. */
  endMb: number | null;
  /** At the end, the process's own memory (RssAnon): heap, SQLite's page caches. */
  endPrivateMb: number | null;
  /** At the end, pages of files mapped in (RssFile): mostly the database, shared with the OS cache. */
  endFileMb: number | null;
}

interface Workload {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Path and body of the next request. */
  next: () => { path: string; body?: string };
  bareNext?: () => { path: string };
  /** Single-request p50 the product aims at (ms): 10× better than NocoDB and Directus. */
  p50Target: number;
}

export async function run(): Promise<void> {
  const rows = env('BENCH_ROWS', 1_000_000);
  const seconds = env('BENCH_SECONDS', 10);
  const rounds = env('BENCH_ROUNDS', 3);
  const data = copyDataset(await crmDataset(rows));
  const facts = describe(data);
  log(`server: ${rows.toLocaleString('en-US')} contacts in ${data.dir}; ${rounds} rounds of ${seconds} s`);
  let rapport: Child | undefined;
  let bare: Child | undefined;
  try {
    const before = dispatchState(data);
    const startedAt = performance.now();
    rapport = await startChild(
      'rapport serve',
      ['bin/rapport.js', 'serve', '--port', '0', '--data', data.dir],
      /Rapport listening on (\S+)/,
    );
    bare = await startChild(
      'bare handler',
      ['--import', 'tsx', 'bench/lib/bare-server.ts', JSON.stringify(facts.bare)],
      /Bare listening on (\S+)/,
    );
    const backlog = { events: before.last - before.cursor, ms: Math.round(await caughtUp(data, startedAt)) };
    log(
      `the server dispatched the load's ${backlog.events.toLocaleString('en-US')} events to its rules in ${(backlog.ms / 1000).toFixed(1)} s`,
    );
    const memory: { ours: Memory; bare: Memory } = {
      ours: {
        idleMb: residentMb(rapport, 'VmRSS'),
        peakMb: null,
        endMb: null,
        endPrivateMb: null,
        endFileMb: null,
      },
      bare: {
        idleMb: residentMb(bare, 'VmRSS'),
        peakMb: null,
        endMb: null,
        endPrivateMb: null,
        endFileMb: null,
      },
    };
    const token = await apiToken(rapport.url);
    const workloads = workloadsFor(data, facts);
    await check(rapport.url, bare.url, token, workloads);

    log('warming up both servers');
    for (const w of workloads) {
      await load(rapport.url, w.method, w.next, token, 2);
      if (w.bareNext) await load(bare.url, 'GET', w.bareNext, undefined, 2);
    }
    const runs = new Map<
      string,
      { ours: Run[]; bare: Run[]; oursLatency: Latency[]; bareLatency: Latency[] }
    >(workloads.map((w) => [w.name, { ours: [], bare: [], oursLatency: [], bareLatency: [] }]));
    const imports: number[] = [];
    const importNext = importBatches(data, facts);
    for (let round = 0; round < rounds; round++) {
      for (const w of workloads) {
        const slot = runs.get(w.name)!;
        const ours = async () => {
          slot.oursLatency.push(await oneByOne(rapport!.url, w.method, w.next, token, seconds));
          slot.ours.push(await load(rapport!.url, w.method, w.next, token, seconds));
        };
        const theirs = async () => {
          if (!w.bareNext) return;
          slot.bareLatency.push(await oneByOne(bare!.url, 'GET', w.bareNext, undefined, seconds));
          slot.bare.push(await load(bare!.url, 'GET', w.bareNext, undefined, seconds));
        };
        // Who goes first alternates from round to round.
        if (round % 2 === 0) {
          await ours();
          await theirs();
        } else {
          await theirs();
          await ours();
        }
        const last = slot.ours[slot.ours.length - 1]!;
        const one = slot.oursLatency[slot.oursLatency.length - 1]!;
        const lastBare = slot.bare[slot.bare.length - 1];
        const oneBare = slot.bareLatency[slot.bareLatency.length - 1];
        log(
          `round ${round + 1} ${w.name}: 1 connection p50 ${one.p50.toFixed(2)} ms; 50: ${Math.round(last.reqPerSec)} req/s, p99 ${last.p99} ms${lastBare && oneBare ? `; bare ${oneBare.p50.toFixed(2)} ms; ${Math.round(lastBare.reqPerSec)} req/s, p99 ${lastBare.p99} ms` : ''}`,
        );
      }
      imports.push(await importRate(rapport.url, token, importNext, Math.max(3, Math.round(seconds / 2))));
      log(`round ${round + 1} import: ${Math.round(imports[imports.length - 1]!)} rows/s`);
    }
    for (const [child, slot] of [
      [rapport, memory.ours],
      [bare, memory.bare],
    ] as const) {
      slot.peakMb = residentMb(child, 'VmHWM');
      slot.endMb = residentMb(child, 'VmRSS');
      slot.endPrivateMb = residentMb(child, 'RssAnon');
      slot.endFileMb = residentMb(child, 'RssFile');
    }
    const csv = await csvImport(rapport.url, token, data, facts);
    log(`CSV import: ${csv.rows.toLocaleString('en-US')} contacts in ${csv.seconds.toFixed(1)} s`);
    const measures = workloads.map((w) => summarize(w, runs.get(w.name)!));
    const importMeasure: ImportMeasure = {
      batch: importBatch,
      rowsPerSec: imports,
      medianRowsPerSec: median(imports),
      target: '≥ 10,000 rows/s',
      met: median(imports) >= 10_000,
    };
    report(measures, importMeasure, csv, memory, backlog, { rows, seconds, rounds, machine: machine() });
  } finally {
    await rapport?.stop();
    await bare?.stop();
    data.remove();
  }
}

/** The dispatcher's place in the outbox, and the outbox's last event, read from the file. */
function dispatchState(data: Dataset): { cursor: number; last: number } {
  const db = new Database(`${data.dir}/rapport.db`, { readonly: true, fileMustExist: true });
  try {
    const last = (db.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number | null }).id ?? 0;
    const row = db.prepare("SELECT value FROM workflow_state WHERE key = 'cursor'").get() as
      | { value: string }
      | undefined;
    return { cursor: Number(row?.value ?? 0), last };
  } finally {
    db.close();
  }
}

/**
 * Waits until the server's workflow dispatcher has read every event already in the outbox:
 * the dataset was loaded without a server running, so a fresh server first works through one
 * event per contact. That is real work, done once; it is timed and reported, not measured as
 * request latency.
 */
async function caughtUp(data: Dataset, startedAt: number): Promise<number> {
  for (;;) {
    const { cursor, last } = dispatchState(data);
    if (cursor >= last) return performance.now() - startedAt;
    if (performance.now() - startedAt > 600_000) throw new Error('the server did not catch up in 10 minutes');
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** A process's resident memory in MB from /proc (VmRSS now, VmHWM its peak); null off Linux. */
function residentMb(child: Child, field: 'VmRSS' | 'VmHWM' | 'RssAnon' | 'RssFile'): number | null {
  try {
    const status = readFileSync(`/proc/${child.process.pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    return kb === undefined ? null : Math.round(Number(kb) / 1024);
  } catch {
    return null;
  }
}

// ---- setup ----------------------------------------------------------------------------------

interface Facts {
  bare: BareConfig;
  minId: number;
  maxId: number;
  companyIds: number[];
}

/** What the requests need to know about the data: ids, companies, and the bare handler's columns. */
function describe(data: Dataset): Facts {
  const engine = new Engine({ dataDir: data.dir });
  try {
    const contacts = engine.metadata.registry.table('crm', 'contacts');
    const companies = engine.metadata.registry.table('crm', 'companies');
    const range = engine.store
      .prepare(`SELECT min(id) AS low, max(id) AS high FROM "${contacts.sql}"`)
      .get() as { low: number; high: number };
    const companyIds = (
      engine.store.prepare(`SELECT id FROM "${companies.sql}" ORDER BY id`).all() as { id: number }[]
    ).map((r) => r.id);
    const stored = contacts.fields.filter((f) => f.column);
    const column = (name: string) => contacts.byName.get(name)!.column!;
    return {
      bare: {
        db: `${data.dir}/rapport.db`,
        table: contacts.sql,
        fields: stored.map((f) => ({
          name: f.doc.name,
          column: f.column!,
          kind: f.doc.type === 'checkbox' ? 'boolean' : f.link ? 'link' : 'plain',
        })),
        stage: column('stage'),
        amount: column('amount'),
      },
      minId: range.low,
      maxId: range.high,
      companyIds,
    };
  } finally {
    engine.close();
  }
}

/** Signs in as the bench admin and creates an API token, as an integration would. */
async function apiToken(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(benchAdmin),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const session = ((await login.json()) as { token: string }).token;
  const created = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
    body: JSON.stringify({ name: 'server benchmark' }),
  });
  if (created.status !== 201) throw new Error(`token: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}

function workloadsFor(data: Dataset, facts: Facts): Workload[] {
  const records = '/api/apps/crm/tables/contacts/records';
  let seed = 0x2545f491;
  // xorshift: cheap, and the same sequence of ids for Rapport and the bare handler.
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const someId = () => facts.minId + Math.floor(random() * (facts.maxId - facts.minId + 1));
  let page = 0;
  const listFilter = stages.map((stage) =>
    encodeURIComponent(JSON.stringify({ field: 'stage', op: 'is', value: stage })),
  );
  const fresh = contactRows(Number.MAX_SAFE_INTEGER, facts.companyIds.length, data.owners, 77);
  return [
    {
      name: 'GET one record',
      method: 'GET',
      next: () => ({ path: `${records}/${someId()}` }),
      bareNext: () => ({ path: `/records/${someId()}` }),
      p50Target: 0.5,
    },
    {
      name: 'list 50 (stage filter, amount sort)',
      method: 'GET',
      next: () => ({ path: `${records}?filter=${listFilter[page++ % stages.length]}&sort=-amount&limit=50` }),
      bareNext: () => ({ path: `/records?stage=${stages[page++ % stages.length]}` }),
      p50Target: 4,
    },
    {
      name: 'POST one record',
      method: 'POST',
      next: () => {
        const { company, ...fields } = fresh.next().value!;
        return {
          path: records,
          body: JSON.stringify({ fields: { ...fields, company: [String(facts.companyIds[company])] } }),
        };
      },
      p50Target: 2,
    },
    {
      name: 'PATCH one record (amount)',
      method: 'PATCH',
      next: () => ({
        path: `${records}/${someId()}`,
        body: JSON.stringify({ fields: { amount: Math.round(random() * 20_000_000) / 100 } }),
      }),
      p50Target: 1.5,
    },
  ];
}

/** One request of each kind by hand first: a benchmark of error responses would measure nothing. */
async function check(ourUrl: string, bareUrl: string, token: string, workloads: Workload[]) {
  for (const w of workloads) {
    const { path, body } = w.next();
    const response = await fetch(`${ourUrl}${path}`, {
      method: w.method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${w.name}: ${response.status} ${text.slice(0, 500)}`);
    if (w.bareNext) {
      const bare = await fetch(`${bareUrl}${w.bareNext().path}`);
      if (bare.status !== 200) throw new Error(`bare ${w.name}: ${bare.status}`);
      const theirs = (await bare.json()) as { items?: unknown[] };
      const ours = JSON.parse(text) as { items?: unknown[] };
      if ((ours.items?.length ?? 1) !== (theirs.items?.length ?? 1))
        throw new Error(`${w.name}: Rapport and the bare handler answer different page sizes`);
    }
  }
}

async function load(
  url: string,
  method: string,
  next: () => { path: string; body?: string },
  token: string | undefined,
  seconds: number,
): Promise<Run> {
  const first = next();
  const result: Result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method !== 'GET' ? { 'content-type': 'application/json' } : {}),
    },
    requests: [
      {
        method,
        path: first.path,
        ...(first.body ? { body: first.body } : {}),
        setupRequest: (request) => {
          const { path, body } = next();
          return { ...request, method, path, ...(body ? { body } : {}) };
        },
      },
    ],
  });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
  };
}

// ---- report ---------------------------------------------------------------------------------

// ---- one connection ---------------------------------------------------------------------------

/** Keep-alive, one socket: every request waits for the previous answer, as a person's browser tab does. */
const oneSocket = new Agent({ keepAlive: true, maxSockets: 1 });

function send(
  url: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: string,
): Promise<number> {
  const target = new URL(path, url);
  const headers: Record<string, string | number> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const outgoing = request(target, { method, headers, agent: oneSocket }, (response) => {
      response.on('data', () => {});
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function oneByOne(
  url: string,
  method: string,
  next: () => { path: string; body?: string },
  token: string | undefined,
  seconds: number,
): Promise<Latency> {
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const { path, body } = next();
    const started = performance.now();
    const status = await send(url, method, path, token, body);
    samples.push(performance.now() - started);
    if (status >= 300) throw new Error(`${method} ${path}: ${status} on one connection`);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => round2(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!);
  return {
    requests: samples.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    mean: round2(samples.reduce((a, b) => a + b, 0) / samples.length),
  };
}

const round2 = (ms: number) => Math.round(ms * 100) / 100;

/** Bodies of 1,000 new contacts each, as an integration importing a file in batches sends them. */
function importBatches(data: Dataset, facts: Facts): () => string {
  const fresh = contactRows(Number.MAX_SAFE_INTEGER, facts.companyIds.length, data.owners, 78);
  return () => {
    const records = [];
    for (let i = 0; i < importBatch; i++) {
      const { company, ...fields } = fresh.next().value!;
      records.push({ fields: { ...fields, company: [String(facts.companyIds[company])] } });
    }
    return JSON.stringify({ records });
  };
}

/**
 * One CSV file of new contacts posted to the import route, all or nothing, as a user imports a
 * spreadsheet into the loaded table: parsing, mapping by header, every row validated, one
 * transaction (engine/records/bulk-load.ts decides whether sort indexes wait for the end).
 */
async function csvImport(url: string, token: string, data: Dataset, facts: Facts): Promise<CsvImportMeasure> {
  const fresh = contactRows(csvRows, facts.companyIds.length, data.owners, 79);
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const lines = ['name,email,stage,amount,score,close_date,vip,notes,owner,company'];
  for (const row of fresh)
    lines.push(
      [
        quote(row.name),
        row.email,
        row.stage,
        row.amount,
        row.score,
        row.close_date,
        row.vip,
        quote(row.notes),
        row.owner,
        facts.companyIds[row.company],
      ].join(','),
    );
  const body = `${lines.join('\n')}\n`;
  const started = performance.now();
  const response = await fetch(`${url}/api/apps/crm/tables/contacts/records.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body,
  });
  const report = (await response.json()) as { imported?: number; failedCount?: number };
  const seconds = (performance.now() - started) / 1000;
  if (response.status !== 201 || report.imported !== csvRows)
    throw new Error(`CSV import: ${response.status} ${JSON.stringify(report).slice(0, 500)}`);
  return { rows: csvRows, seconds, rowsPerSec: csvRows / seconds };
}

/** Rows per second over batches sent one after another for about `seconds`. */
async function importRate(url: string, token: string, next: () => string, seconds: number): Promise<number> {
  const path = '/api/apps/crm/tables/contacts/records';
  let rows = 0;
  let busy = 0;
  const end = performance.now() + seconds * 1000;
  while (rows === 0 || performance.now() < end) {
    const body = next();
    const started = performance.now();
    const status = await send(url, 'POST', path, token, body);
    busy += performance.now() - started;
    if (status !== 201) throw new Error(`import batch: ${status}`);
    rows += importBatch;
  }
  return rows / (busy / 1000);
}

// ---- report ---------------------------------------------------------------------------------

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function summarize(
  w: Workload,
  runs: { ours: Run[]; bare: Run[]; oursLatency: Latency[]; bareLatency: Latency[] },
): Measure {
  const reqPerSec = median(runs.ours.map((r) => r.reqPerSec));
  const p99 = median(runs.ours.map((r) => r.p99));
  const p50One = median(runs.oursLatency.map((r) => r.p50));
  const failed = runs.ours.some((r) => r.errors || r.non2xx || r.timeouts);
  if (failed) log(`${w.name}: some requests failed — see the results file`);
  const latencyMet = p50One <= w.p50Target;
  if (!w.bareNext) {
    return {
      name: w.name,
      ours: runs.ours,
      oursLatency: runs.oursLatency,
      p50One,
      reqPerSec,
      p99,
      target: `1 conn. p50 ≤ ${w.p50Target} ms`,
      met: !failed && latencyMet,
    };
  }
  const bareReqPerSec = median(runs.bare.map((r) => r.reqPerSec));
  const ratio = reqPerSec / bareReqPerSec;
  return {
    name: w.name,
    ours: runs.ours,
    bare: runs.bare,
    oursLatency: runs.oursLatency,
    bareLatency: runs.bareLatency,
    p50One,
    bareP50One: median(runs.bareLatency.map((r) => r.p50)),
    reqPerSec,
    p99,
    bareReqPerSec,
    bareP99: median(runs.bare.map((r) => r.p99)),
    ratio,
    target: `1 conn. p50 ≤ ${w.p50Target} ms, ≥ 0.6× bare req/s`,
    met: !failed && latencyMet && ratio >= 0.6,
  };
}

function report(
  measures: Measure[],
  imported: ImportMeasure,
  csv: CsvImportMeasure,
  memory: { ours: Memory; bare: Memory },
  backlog: { events: number; ms: number },
  context: { rows: number; seconds: number; rounds: number; machine: ReturnType<typeof machine> },
) {
  const rate = (n: number | undefined) => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
  const ms = (n: number | undefined) => (n === undefined ? '—' : `${n} ms`);
  const fine = (n: number | undefined) => (n === undefined ? '—' : `${n.toFixed(2)} ms`);
  const mb = (n: number | null) => (n === null ? '—' : `${n} MB`);
  const header = [
    'request',
    '1 conn. p50',
    'bare 1 conn. p50',
    '50 conn. req/s',
    'p99',
    'bare req/s',
    'bare p99',
    'Rapport/bare req/s',
    'target',
    '',
  ];
  const rows = measures.map((m) => [
    m.name,
    fine(m.p50One),
    fine(m.bareP50One),
    rate(m.reqPerSec),
    ms(m.p99),
    rate(m.bareReqPerSec),
    ms(m.bareP99),
    m.ratio === undefined ? '—' : `${m.ratio.toFixed(2)}×`,
    m.target,
    m.met ? 'ok' : 'MISS',
  ]);
  // Rows/s measures fill the first column and leave the request columns empty.
  const rateRow = (name: string, rowsPerSec: number, met: boolean) => [
    name,
    `${rate(rowsPerSec)} rows/s`,
    ...Array<string>(6).fill('—'),
    imported.target,
    met ? 'ok' : 'MISS',
  ];
  rows.push(
    rateRow(
      `import, ${importBatch.toLocaleString('en-US')} contacts per POST`,
      imported.medianRowsPerSec,
      imported.met,
    ),
    rateRow(
      `import a CSV file of ${csv.rows.toLocaleString('en-US')} contacts`,
      csv.rowsPerSec,
      csv.rowsPerSec >= 10_000,
    ),
  );
  const host = context.machine;
  console.log(
    `\n${context.rows.toLocaleString('en-US')} contacts; one connection, and ${connections} connections; median of ${context.rounds} × ${context.seconds} s — ${host.cores} cores, ${host.cpu}, Node ${host.node}\n`,
  );
  printTable(header, rows);
  for (const [who, m] of [
    ['Rapport', memory.ours],
    ['bare handler', memory.bare],
  ] as const)
    console.log(
      `resident memory, ${who}: ${mb(m.idleMb)} idle, ${mb(m.peakMb)} peak, ${mb(m.endMb)} at the end (${mb(m.endPrivateMb)} its own, ${mb(m.endFileMb)} mapped files, mostly the database)`,
    );
  const file = writeResults('server', {
    rows: context.rows,
    connections,
    seconds: context.seconds,
    rounds: context.rounds,
    machine: host,
    backlog,
    memory,
    import: imported,
    csvImport: csv,
    measures,
  });
  console.log(`results: ${file}`);
}
