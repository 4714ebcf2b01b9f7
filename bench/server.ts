// The server benchmark (issue 3): Rapport's HTTP API under load on loopback — GET one contact,
// list a first page of 50 (stage filter, amount sort), POST one contact, PATCH one contact's
// amount — with autocannon, 50 connections, over the million-contact data directory. Beside
// it a bare Hono handler (bench/lib/bare-server.ts, its own process) does the same two reads
// with hand-written SQL on the same file; ours/bare is the figure for reads. Rapport and the
// bare handler take turns, one after the other, so both see the same machine.
//
//   BENCH_ROWS=100000 npm run bench -- server    quick run (default 1,000,000 contacts)
//   BENCH_SECONDS=10 BENCH_ROUNDS=3              length of each autocannon run, and how many turns
import autocannon, { type Result } from 'autocannon';
import { Engine } from '../engine/index.ts';
import type { BareConfig } from './lib/bare-server.ts';
import { contacts as contactRows, stages } from './lib/crm-data.ts';
import { benchAdmin, copyDataset, crmDataset, type Dataset } from './lib/dataset.ts';
import { type Child, startChild } from './lib/processes.ts';
import { formatTable, gitCommit, machine, markdownTable, writeResults } from './lib/report.ts';

const env = (name: string, fallback: number) => {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : Number(value);
};

const log = (message: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const connections = 50;

interface Run {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
}

interface Measure {
  name: string;
  ours: Run[];
  bare?: Run[];
  /** Medians over the rounds. */
  reqPerSec: number;
  p99: number;
  bareReqPerSec?: number;
  bareP99?: number;
  /** ours/bare requests per second (reads only). */
  ratio?: number;
  target: string;
  met: boolean;
}

interface Workload {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Path and body of the next request. */
  next: () => { path: string; body?: string };
  bareNext?: () => { path: string };
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
    const token = await apiToken(rapport.url);
    const workloads = workloadsFor(data, facts);
    await check(rapport.url, bare.url, token, workloads);

    log('warming up both servers');
    for (const w of workloads) {
      await load(rapport.url, w.method, w.next, token, 2);
      if (w.bareNext) await load(bare.url, 'GET', w.bareNext, undefined, 2);
    }
    const runs = new Map<string, { ours: Run[]; bare: Run[] }>(
      workloads.map((w) => [w.name, { ours: [], bare: [] }]),
    );
    for (let round = 0; round < rounds; round++) {
      for (const w of workloads) {
        const slot = runs.get(w.name)!;
        const ours = () => load(rapport!.url, w.method, w.next, token, seconds);
        if (!w.bareNext) {
          slot.ours.push(await ours());
        } else {
          const theirs = () => load(bare!.url, 'GET', w.bareNext!, undefined, seconds);
          // Who goes first alternates from round to round.
          if (round % 2 === 0) {
            slot.ours.push(await ours());
            slot.bare.push(await theirs());
          } else {
            slot.bare.push(await theirs());
            slot.ours.push(await ours());
          }
        }
        const last = slot.ours[slot.ours.length - 1]!;
        const lastBare = slot.bare[slot.bare.length - 1];
        log(
          `round ${round + 1} ${w.name}: ${Math.round(last.reqPerSec)} req/s, p99 ${last.p99} ms${lastBare ? `; bare ${Math.round(lastBare.reqPerSec)} req/s, p99 ${lastBare.p99} ms` : ''}`,
        );
      }
    }
    const measures = workloads.map((w) => summarize(w, runs.get(w.name)!));
    report(measures, { rows, seconds, rounds, machine: machine() });
  } finally {
    await rapport?.stop();
    await bare?.stop();
    data.remove();
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
    },
    {
      name: 'list 50 (stage filter, amount sort)',
      method: 'GET',
      next: () => ({ path: `${records}?filter=${listFilter[page++ % stages.length]}&sort=-amount&limit=50` }),
      bareNext: () => ({ path: `/records?stage=${stages[page++ % stages.length]}` }),
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
    },
    {
      name: 'PATCH one record (amount)',
      method: 'PATCH',
      next: () => ({
        path: `${records}/${someId()}`,
        body: JSON.stringify({ fields: { amount: Math.round(random() * 20_000_000) / 100 } }),
      }),
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function summarize(w: Workload, runs: { ours: Run[]; bare: Run[] }): Measure {
  const reqPerSec = median(runs.ours.map((r) => r.reqPerSec));
  const p99 = median(runs.ours.map((r) => r.p99));
  const failed = runs.ours.some((r) => r.errors || r.non2xx || r.timeouts);
  if (failed) log(`${w.name}: some requests failed — see the results file`);
  if (!w.bareNext) {
    return {
      name: w.name,
      ours: runs.ours,
      reqPerSec,
      p99,
      target: '≥ 2,000 req/s, p99 ≤ 50 ms',
      met: !failed && reqPerSec >= 2000 && p99 <= 50,
    };
  }
  const bareReqPerSec = median(runs.bare.map((r) => r.reqPerSec));
  const ratio = reqPerSec / bareReqPerSec;
  return {
    name: w.name,
    ours: runs.ours,
    bare: runs.bare,
    reqPerSec,
    p99,
    bareReqPerSec,
    bareP99: median(runs.bare.map((r) => r.p99)),
    ratio,
    target: '≥ 0.6× bare, p99 ≤ 50 ms',
    met: !failed && ratio >= 0.6 && p99 <= 50,
  };
}

function report(
  measures: Measure[],
  context: { rows: number; seconds: number; rounds: number; machine: ReturnType<typeof machine> },
) {
  const rate = (n: number | undefined) => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
  const ms = (n: number | undefined) => (n === undefined ? '—' : `${n} ms`);
  const header = ['request', 'Rapport req/s', 'p99', 'bare req/s', 'bare p99', 'Rapport/bare', 'target', ''];
  const rows = measures.map((m) => [
    m.name,
    rate(m.reqPerSec),
    ms(m.p99),
    rate(m.bareReqPerSec),
    ms(m.bareP99),
    m.ratio === undefined ? '—' : `${m.ratio.toFixed(2)}×`,
    m.target,
    m.met ? 'ok' : 'MISS',
  ]);
  const host = context.machine;
  console.log(
    `\n${context.rows.toLocaleString('en-US')} contacts, ${connections} connections, median of ${context.rounds} × ${context.seconds} s — ${host.cores} cores, ${host.cpu}, Node ${host.node}\n`,
  );
  console.log(formatTable(header, rows));
  console.log(`\n${markdownTable(header, rows)}\n`);
  const file = writeResults('server', {
    suite: 'server',
    date: new Date().toISOString(),
    commit: gitCommit(),
    rows: context.rows,
    connections,
    seconds: context.seconds,
    rounds: context.rounds,
    machine: host,
    measures,
  });
  console.log(`results: ${file}`);
}
