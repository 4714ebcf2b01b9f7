// The benchmarks' CRM, built through the engine API: 20 reps, a companies table and a contacts
// table (name, e-mail, stage, amount, score, close date, VIP, notes, owner, company link, a
// formula, a lookup of the company's city; each company a rollup of its contacts' amounts).
// `crmDataset(rows)` gives a loaded data directory that the server, workflow, access and grid
// suites share: built once per process under /tmp, copied for each suite that changes it.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Actor, Engine } from '../../engine/index.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { type ContactRow, companies as companyRows, contacts as contactRows, stages } from './crm-data.ts';
import { log } from './report.ts';

export async function createUsers(engine: Engine): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const user = await engine.people.createUser(
      { email: `rep${i + 1}@bench.example`, name: `Rep ${String(i + 1).padStart(2, '0')}` },
      null,
    );
    ids.push(user.id);
  }
  return ids;
}

export async function createSchema(engine: Engine, actor: Actor) {
  const meta = engine.metadata;
  await meta.createApp(actor, { name: 'crm', label: 'CRM' });
  await meta.createTable(actor, 'crm', {
    name: 'companies',
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'city', type: 'text' },
    ],
  });
  await meta.createTable(actor, 'crm', {
    name: 'contacts',
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'email', type: 'email' },
      { name: 'stage', type: 'single_select', options: { choices: stages.map((name) => ({ name })) } },
      { name: 'amount', type: 'currency', indexed: true, options: { currency: 'USD' } },
      { name: 'score', type: 'number', options: { min: 0, max: 100 } },
      { name: 'close_date', type: 'date' },
      { name: 'vip', type: 'checkbox' },
      { name: 'notes', type: 'long_text' },
      { name: 'owner', type: 'user' },
      { name: 'company', type: 'link', options: { table: 'companies', inverse: 'contacts' } },
    ],
  });
  await meta.createField(actor, 'crm', 'contacts', {
    name: 'weighted',
    type: 'formula',
    options: { expression: 'amount * score / 100' },
  });
  await meta.createField(actor, 'crm', 'contacts', {
    name: 'company_city',
    type: 'lookup',
    options: { link: 'company', field: 'city' },
  });
  await meta.createField(actor, 'crm', 'companies', {
    name: 'pipeline',
    type: 'rollup',
    options: { link: 'contacts', field: 'amount', fn: 'sum' },
  });
  // A saved sort gets an index: this is how users make a large table fast to page by date.
  await meta.createView(actor, 'crm', 'contacts', {
    name: 'by_close_date',
    type: 'grid',
    sort: [{ field: 'close_date' }],
  });
}

export async function loadCompanies(engine: Engine, actor: Actor, count: number, batchSize: number) {
  const rows = companyRows(count);
  for (let i = 0; i < rows.length; i += batchSize)
    await engine.records.createMany(
      actor,
      'crm',
      'companies',
      rows.slice(i, i + batchSize).map((fields) => ({ fields })),
      { maxRecords: batchSize },
    );
}

export function contactInput(row: ContactRow, companyIds: number[]) {
  const { company, ...fields } = row;
  return { fields: { ...fields, company: [String(companyIds[company]!)] } };
}

/** Who signs in to the server suites: a workspace administrator with a password. */
export const benchAdmin = { email: 'admin@bench.example', password: 'bench-admin-password-1' };

export interface Dataset {
  /** The data directory (rapport.db inside). */
  dir: string;
  rows: number;
  companies: number;
  /** The reps' user ids, in the order the generator assigned owners from. */
  owners: string[];
  adminId: string;
}

/** Loads `rows` contacts into a new data directory through the engine, batches of 1,000. */
export async function buildDataset(dir: string, rows: number, companyCount: number): Promise<Dataset> {
  const engine = new Engine({ dataDir: dir });
  try {
    const admin = await engine.people.createUser(
      { email: benchAdmin.email, name: 'Bench Admin', isAdmin: true },
      await hashPassword(benchAdmin.password),
    );
    const actor: Actor = { userId: admin.id, isAdmin: true, roles: [] };
    const owners = await createUsers(engine);
    await createSchema(engine, actor);
    await loadCompanies(engine, actor, companyCount, 1000);
    const companyIds = engine.query
      .list(actor, 'crm', 'companies', { limit: 1 })
      .items.map((c) => Number(c.id));
    // Companies were created in one run, so their ids are consecutive from the first.
    const first = companyIds[0]!;
    const ids = Array.from({ length: companyCount }, (_, i) => first + i);
    const started = performance.now();
    let batch: ContactRow[] = [];
    let done = 0;
    // One load session, as an import does: sort indexes are built once at the end.
    await engine.store.write(async () => {
      const load = engine.records.startLoad('crm', 'contacts');
      const flush = async () => {
        await engine.records.createMany(
          actor,
          'crm',
          'contacts',
          batch.map((row) => contactInput(row, ids)),
          { maxRecords: 1000 },
        );
        load.wrote(batch.length);
        done += batch.length;
        batch = [];
        if (done % Math.max(1000, Math.round(rows / 10)) === 0)
          log(
            `dataset: ${done.toLocaleString('en-US')} contacts (${Math.round(done / ((performance.now() - started) / 1000))} rows/s)`,
          );
      };
      for (const row of contactRows(rows, companyCount, owners)) {
        batch.push(row);
        if (batch.length === 1000) await flush();
      }
      if (batch.length) await flush();
      load.finish();
    });
    const dataset: Dataset = { dir, rows, companies: companyCount, owners, adminId: admin.id };
    writeFileSync(join(dir, 'dataset.json'), `${JSON.stringify({ ...dataset, dir: undefined })}\n`);
    return dataset;
  } finally {
    engine.close();
  }
}

function readDataset(dir: string): Dataset | undefined {
  const file = join(dir, 'dataset.json');
  if (!existsSync(file)) return undefined;
  return { ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<Dataset, 'dir'>), dir };
}

const built = new Map<number, Promise<Dataset>>();

/**
 * A loaded data directory with `rows` contacts (a hundredth as many companies). BENCH_DATA names
 * a directory to keep it in between runs (built there when empty); otherwise it is built once
 * per process under /tmp and deleted when the process ends, unless BENCH_KEEP=1.
 */
export function crmDataset(rows: number): Promise<Dataset> {
  let dataset = built.get(rows);
  if (!dataset) {
    dataset = (async () => {
      const named = process.env.BENCH_DATA ? join(process.env.BENCH_DATA, `crm-${rows}`) : undefined;
      const existing = named ? readDataset(named) : undefined;
      if (existing) {
        log(`dataset: reusing ${existing.rows.toLocaleString('en-US')} contacts in ${existing.dir}`);
        return existing;
      }
      const dir = named ?? mkdtempSync(join('/tmp', `rapport-bench-crm-${rows}-`));
      if (named) rmSync(named, { recursive: true, force: true });
      if (!named && process.env.BENCH_KEEP !== '1')
        process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const companies = Math.max(100, Math.round(rows / 100));
      log(`dataset: loading ${rows.toLocaleString('en-US')} contacts, ${companies} companies into ${dir}`);
      return buildDataset(dir, rows, companies);
    })();
    built.set(rows, dataset);
  }
  return dataset;
}

/** A scratch copy of a dataset for a suite that writes; `remove()` deletes it. */
export function copyDataset(dataset: Dataset): Dataset & { remove(): void } {
  const dir = mkdtempSync(join('/tmp', `rapport-bench-copy-${dataset.rows}-`));
  for (const file of ['rapport.db', 'rapport.db-wal', 'dataset.json'])
    if (existsSync(join(dataset.dir, file))) cpSync(join(dataset.dir, file), join(dir, file));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return { ...dataset, dir, remove };
}
