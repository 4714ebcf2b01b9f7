// The access benchmark (issue 7): what row-level rules cost on the million-row list query. The
// engine benchmark's first page (stage is X, amount descending, 50 rows) is timed for a
// workspace admin (no row condition) and, alternately, for a member whose role scopes reads to
// their own contacts, their team's, their reports' (team and the teams below), or a filter
// with $me, and for a member scoped to their own who also has a few records shared with them.
// Target: each within 1.5× of the admin's query. Both run the same SQL but for the member's row
// condition (checked), and every page is checked against hand-written SQL.
//
//   BENCH_ROWS=100000 npm run bench -- access     quick run (default 1,000,000 contacts)
import Database from 'better-sqlite3';
import { type Actor, Engine, type TableModel } from '../engine/index.ts';
import { stages } from './lib/crm-data.ts';
import { copyDataset, crmDataset } from './lib/dataset.ts';
import {
  env,
  formatMs,
  log,
  machine,
  printTable,
  type Stats,
  sampleBoth,
  writeResults,
} from './lib/report.ts';

interface Scoped {
  name: string;
  scope: unknown;
  actor: Actor;
  /** The contact owners this member may see, for checking the engine's answer by hand. */
  owners: string[];
  /** Also every VIP contact (the filter scope). */
  vip?: boolean;
  /** Also these contacts, shared with the member. */
  shared?: number[];
}

interface Measure {
  name: string;
  admin: Stats;
  member: Stats;
  ratio: number;
  target: string;
  met: boolean;
  /** Share of the table the member may see. */
  visible: number;
  plan: string[];
}

export async function run(): Promise<void> {
  const rows = env('BENCH_ROWS', 1_000_000);
  const runs = env('BENCH_RUNS', 600);
  const dataset = copyDataset(await crmDataset(rows));
  log(`access: ${rows.toLocaleString('en-US')} contacts in ${dataset.dir}`);
  const opening = performance.now();
  // A dataset built by an older release gets its sort indexes rebuilt here, once.
  const engine = new Engine({ dataDir: dataset.dir });
  log(`access: engine opened in ${formatMs(performance.now() - opening)}`);
  const raw = new Database(`${dataset.dir}/rapport.db`, { readonly: true });
  raw.pragma('cache_size = -65536');
  try {
    const admin: Actor = { userId: dataset.adminId, isAdmin: true, roles: [] };
    const started = performance.now();
    const scoped = await members(engine, admin, dataset.owners);
    scoped.push(await sharedWith(engine, admin, dataset.owners));
    // Roles that read own records or filter on fields rebuild the table's sort indexes.
    log(`access: roles, members and shares set up in ${formatMs(performance.now() - started)}`);
    const contacts = engine.metadata.registry.table('crm', 'contacts');
    const total = engine.query.count(admin, 'crm', 'contacts');
    const query = (i: number) => ({
      filter: { field: 'stage', op: 'is', value: stages[i % stages.length] },
      sort: [{ field: 'amount', dir: 'desc' as const }],
      limit: 50,
    });
    const measures: Measure[] = [];
    const everyone: Scoped = { name: 'admin', scope: 'all', actor: admin, owners: dataset.owners };
    for (let i = 0; i < stages.length; i++) check(engine, raw, contacts, everyone, query(i));
    const adminSql = listSql(engine, admin, query(0));
    for (const member of scoped) {
      for (let i = 0; i < stages.length; i++) check(engine, raw, contacts, member, query(i));
      sameQuery(adminSql, listSql(engine, member.actor, query(0)), member.name);
      const plan = queryPlan(engine, raw, member.actor, query(0));
      const visible = engine.query.count(member.actor, 'crm', 'contacts') / total;
      const [a, m] = await sampleBoth(
        runs,
        (i) => engine.query.list(admin, 'crm', 'contacts', query(i)),
        (i) => engine.query.list(member.actor, 'crm', 'contacts', query(i)),
      );
      const ratio = m.p50 / a.p50;
      log(
        `${member.name}: admin p50 ${formatMs(a.p50)}, member p50 ${formatMs(m.p50)} (${ratio.toFixed(2)}×), sees ${(visible * 100).toFixed(1)}%`,
      );
      for (const line of plan) log(`  plan: ${line}`);
      measures.push({
        name: member.name,
        admin: a,
        member: m,
        ratio,
        target: '≤ 1.5× admin',
        met: ratio <= 1.5,
        visible,
        plan,
      });
    }
    const sqlite = (raw.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    report(measures, { rows: total, runs, machine: machine(sqlite) });
  } finally {
    raw.close();
    engine.close();
    dataset.remove();
  }
}

/**
 * Teams sales → east, west → east_a, east_b, west_a, west_b, five reps in each leaf team (the
 * generator spreads contacts evenly over the 20 reps), an east manager, and one role per scope.
 */
export async function members(engine: Engine, admin: Actor, reps: string[]): Promise<Scoped[]> {
  const people = engine.people;
  const sales = await people.createTeam({ name: 'sales' });
  const east = await people.createTeam({ name: 'east', parent: sales.id });
  const west = await people.createTeam({ name: 'west', parent: sales.id });
  const leaves = [
    await people.createTeam({ name: 'east_a', parent: east.id }),
    await people.createTeam({ name: 'east_b', parent: east.id }),
    await people.createTeam({ name: 'west_a', parent: west.id }),
    await people.createTeam({ name: 'west_b', parent: west.id }),
  ];
  for (const [i, id] of reps.entries()) await people.updateUser(id, { team: leaves[Math.floor(i / 5)]!.id });
  const manager = await people.createUser({ email: 'manager@bench.example', name: 'East Manager' }, null);
  await people.updateUser(manager.id, { team: east.id });

  const scopes: { name: string; role: string; scope: unknown; user: string; team: string }[] = [
    { name: 'own (5% of rows)', role: 'reads_own', scope: 'own', user: reps[0]!, team: leaves[0]!.id },
    { name: 'team (25%)', role: 'reads_team', scope: 'team', user: reps[1]!, team: leaves[0]!.id },
    { name: 'reports (50%)', role: 'reads_reports', scope: 'reports', user: manager.id, team: east.id },
    {
      name: 'filter: owner is $me or VIP (~14.5%)',
      role: 'reads_filter',
      scope: {
        filter: {
          or: [
            { field: 'owner', op: 'is', value: '$me' },
            { field: 'vip', op: 'is', value: true },
          ],
        },
      },
      user: reps[2]!,
      team: leaves[0]!.id,
    },
  ];
  const out: Scoped[] = [];
  for (const s of scopes) {
    await engine.access.createRole(admin, 'crm', {
      name: s.role,
      tables: { contacts: { read: { scope: s.scope } }, companies: { read: true } },
    });
    await engine.access.setMember(admin, 'crm', s.user, [s.role]);
    const owners =
      s.scope === 'own' || typeof s.scope === 'object'
        ? [s.user]
        : s.scope === 'team'
          ? reps.slice(0, 5)
          : reps.slice(0, 10);
    out.push({
      name: s.name,
      scope: s.scope,
      actor: { userId: s.user, isAdmin: false, roles: [], teamId: s.team },
      owners,
      ...(typeof s.scope === 'object' ? { vip: true } : {}),
    });
  }
  return out;
}

/**
 * A fifth rep scoped to their own contacts, with five high-value contacts of other reps shared
 * with them: the share clause is part of their row condition.
 */
async function sharedWith(engine: Engine, admin: Actor, reps: string[]): Promise<Scoped> {
  const user = reps[3]!;
  const others = engine.query.list(admin, 'crm', 'contacts', {
    filter: { field: 'owner', op: 'is_not', value: user },
    sort: [{ field: 'amount', dir: 'desc' }],
    limit: 5,
  }).items;
  for (const record of others)
    await engine.access.share(admin, 'crm', 'contacts', record.id, { user, level: 'read' });
  await engine.access.setMember(admin, 'crm', user, ['reads_own']);
  const teamId = engine.people.user(user).team;
  return {
    name: 'own + 5 shared (5% of rows)',
    scope: 'own',
    actor: { userId: user, isAdmin: false, roles: [], teamId },
    owners: [user],
    shared: others.map((r) => Number(r.id)),
  };
}

const column = (table: TableModel, field: string) => `"${table.byName.get(field)!.column}"`;

/** The member's first page must be exactly what hand-written SQL over the owners they may see returns. */
function check(
  engine: Engine,
  raw: Database.Database,
  contacts: TableModel,
  member: Scoped,
  query: { filter: { value: unknown } },
) {
  const ids = engine.query.list(member.actor, 'crm', 'contacts', query).items.map((r) => Number(r.id));
  const owner = column(contacts, 'owner');
  const shared = member.shared ?? [];
  const visible = `(${owner} IN (${member.owners.map(() => '?').join(', ')})${member.vip ? ` OR ${column(contacts, 'vip')} = 1` : ''}${shared.length ? ` OR id IN (${shared.join(', ')})` : ''})`;
  const expected = (
    raw
      .prepare(
        `SELECT id FROM "${contacts.sql}" WHERE ${column(contacts, 'stage')} = ? AND ${visible} ORDER BY ${column(contacts, 'amount')} DESC, id LIMIT 50`,
      )
      .all(query.filter.value, ...member.owners) as { id: number }[]
  ).map((r) => r.id);
  if (expected.length !== 50)
    throw new Error(`${member.name}: the hand-written query found only ${expected.length} rows`);
  if (ids.join() !== expected.join())
    throw new Error(`${member.name}: the engine's page differs from the hand-written query`);
}

/** The SQL the engine runs for this list (caught on its way to prepare). */
function listSql(engine: Engine, actor: Actor, query: object): string {
  const store = engine.store;
  const prepare = store.prepare;
  let text = '';
  store.prepare = (sql: string) => {
    if (sql.startsWith('SELECT') && sql.includes(' LIMIT ? OFFSET ?')) text = sql;
    return prepare.call(store, sql);
  };
  try {
    engine.query.list(actor, 'crm', 'contacts', query);
  } finally {
    store.prepare = prepare;
  }
  return text;
}

/**
 * The member's statement must be the admin's with one more condition, the row scope, and nothing
 * else — but for a reader with shares, whose rows are read through the merged first pages of
 * "own" and "shared" (engine/records/query.ts), each of them the admin's query plus one condition.
 */
function sameQuery(admin: string, member: string, name: string) {
  const merged = member.replace(
    / FROM \(SELECT id FROM \(.*\) picked CROSS JOIN (\S+ r) ON r\.id = picked\.id/,
    ' FROM $1',
  );
  const cut = (sql: string) => {
    const at = sql.indexOf(' ORDER BY ');
    return [sql.slice(0, at), sql.slice(at)] as const;
  };
  const [adminHead, adminTail] = cut(admin);
  const [memberHead, memberTail] = cut(merged);
  if (memberTail !== adminTail || !memberHead.startsWith(`${adminHead} AND (`) || !memberHead.endsWith(')'))
    throw new Error(
      `${name}: the member's query differs from the admin's by more than the row condition\n${admin}\n${member}`,
    );
}

/** EXPLAIN QUERY PLAN of the SQL the engine runs for this list. */
function queryPlan(engine: Engine, raw: Database.Database, actor: Actor, query: object): string[] {
  const text = listSql(engine, actor, query);
  const params = (text.match(/\?/g) ?? []).map(() => null);
  return (raw.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map(
    (r) => r.detail,
  );
}

function report(
  measures: Measure[],
  context: { rows: number; runs: number; machine: ReturnType<typeof machine> },
) {
  const header = ['scope', 'sees', 'admin p50', 'member p50', 'member p95', 'member/admin', 'target', ''];
  const rows = measures.map((m) => [
    m.name,
    `${(m.visible * 100).toFixed(1)}%`,
    formatMs(m.admin.p50),
    formatMs(m.member.p50),
    formatMs(m.member.p95),
    `${m.ratio.toFixed(2)}×`,
    m.target,
    m.met ? 'ok' : 'MISS',
  ]);
  const host = context.machine;
  console.log(
    `\nFirst page of 50 (stage is X, amount desc) over ${context.rows.toLocaleString('en-US')} contacts — ${host.cores} cores, ${host.cpu}, Node ${host.node}, SQLite ${host.sqlite}\n`,
  );
  printTable(header, rows);
  const file = writeResults('access', {
    rows: context.rows,
    runs: context.runs,
    machine: host,
    query: 'first page of 50: stage is X (rotating), sort amount desc',
    measures,
  });
  console.log(`results: ${file}`);
}
