// The `rapport` command: serve, user add, import, export, backup, restore, template install/export.
// Commands load what they need when they run: a backup should not wait for the whole server to load.
import {
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { Detail, Engine } from '../engine/index.ts';

const usage = `Usage: rapport <command> [options]

  serve [--port 3000] [--host 127.0.0.1] [--data ./data]
  user add <email> [--name "Ada Lovelace"] [--password …] [--admin] [--data ./data]
  import <app> <table> <file.csv> [--mode all_or_nothing|skip_invalid] [--data ./data]
  export <app> <table> [file.csv] [--bom] [--data ./data]
  backup <file> [--data ./data]        online backup, safe while serving
  restore <file> [--data ./data]       replace the database (stop the server first)
  template install <name> [--app name] [--no-sample-data] [--data ./data]
  template export <app> [file.json] [--data ./data]`;

const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  name: { type: 'string' },
  password: { type: 'string' },
  admin: { type: 'boolean' },
  mode: { type: 'string' },
  bom: { type: 'boolean' },
  app: { type: 'string' },
  'no-sample-data': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function dataDir(value: string | undefined): string {
  return resolve(value ?? join(process.cwd(), 'data'));
}

function databaseFile(dir: string): string {
  return join(dir, 'rapport.db');
}

async function withEngine<T>(dir: string, work: (engine: Engine) => Promise<T>): Promise<T> {
  const { Engine } = await import('../engine/index.ts');
  const engine = new Engine({ dataDir: dir });
  try {
    return await work(engine);
  } finally {
    engine.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return command ? 0 : 1;
  }
  const dir = dataDir(values.data);
  switch (command) {
    case 'serve': {
      const port = values.port === undefined ? 3000 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port must be 0–65535, got ${values.port}`);
      const { startServer } = await import('./main.ts');
      const server = await startServer({
        port,
        host: values.host ?? '127.0.0.1',
        dataDir: dir,
        log: (line) => console.log(line),
      });
      const stop = () => {
        console.log('Shutting down…');
        server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return new Promise<number>(() => {});
    }
    case 'user': {
      const [action, email] = rest;
      if (action !== 'add' || !email)
        throw new Error('Usage: rapport user add <email> [--name …] [--password …] [--admin]');
      const { checkPasswordPolicy, generatePassword, hashPassword } = await import('./auth/passwords.ts');
      const password = values.password ?? generatePassword();
      checkPasswordPolicy(password, email);
      const user = await withEngine(dir, async (engine) =>
        engine.people.createUser(
          { email, name: values.name ?? email.split('@')[0], isAdmin: values.admin ?? false },
          await hashPassword(password),
        ),
      );
      console.log(`Added ${user.email} (${user.id})${values.password ? '' : ` with password ${password}`}`);
      return 0;
    }
    case 'import': {
      const [app, table, file] = rest;
      if (!app || !table || !file) throw new Error('Usage: rapport import <app> <table> <file.csv>');
      const total = statSync(file).size;
      const { importCsv } = await import('./csv/import.ts');
      const { systemActor } = await import('../engine/index.ts');
      const progress = await progressReporter(total);
      const report = await withEngine(dir, (engine) => {
        // Opened only now: a 'data' listener starts the flow, and nothing may flow before the parser listens.
        const input = createReadStream(file);
        let bytes = 0;
        input.on('data', (chunk) => {
          bytes += chunk.length;
        });
        return importCsv(engine, systemActor, app, table, input, {
          mode: values.mode === 'skip_invalid' ? 'skip_invalid' : 'all_or_nothing',
          onProgress: (rows) => progress.update(bytes, rows),
        });
      }).finally(() => progress.stop());
      console.log(`Imported ${report.imported} records; ${report.failedCount} rows failed.`);
      for (const failure of report.failed.slice(0, 20))
        console.log(`  row ${failure.row}: ${failure.errors.map((e) => e.message).join('; ')}`);
      return report.failedCount > 0 ? 2 : 0;
    }
    case 'export': {
      const [app, table, file] = rest;
      if (!app || !table) throw new Error('Usage: rapport export <app> <table> [file.csv]');
      const out = file ? createWriteStream(file) : process.stdout;
      const { exportCsv } = await import('./csv/export.ts');
      const { systemActor } = await import('../engine/index.ts');
      await withEngine(dir, async (engine) => {
        for await (const chunk of exportCsv(engine, systemActor, app, table, { bom: values.bom ?? false }))
          out.write(chunk);
      });
      if (file) await new Promise((done) => (out as ReturnType<typeof createWriteStream>).end(done));
      return 0;
    }
    case 'backup': {
      const [file] = rest;
      if (!file) throw new Error('Usage: rapport backup <file>');
      const source = databaseFile(dir);
      if (!existsSync(source)) throw new Error(`There is no database at ${source}.`);
      // VACUUM INTO copies one read transaction's snapshot: consistent while the server keeps
      // writing, and unlike the page-by-page backup API it never restarts because of those writes.
      // It goes to a side file first, so a failed backup never leaves a half-written one behind.
      const target = resolve(file);
      const partial = `${target}.partial`;
      rmSync(partial, { force: true });
      const db = new Database(source, { readonly: true, fileMustExist: true });
      try {
        db.pragma('busy_timeout = 10000');
        db.prepare('VACUUM INTO ?').run(partial);
      } catch (error) {
        rmSync(partial, { force: true });
        throw error;
      } finally {
        db.close();
      }
      renameSync(partial, target);
      console.log(`Backed up ${source} to ${resolve(file)}`);
      return 0;
    }
    case 'restore': {
      const [file] = rest;
      if (!file || !existsSync(file))
        throw new Error('Usage: rapport restore <file> (an existing backup file)');
      const check = new Database(resolve(file), { readonly: true });
      try {
        const ok = check.pragma('integrity_check', { simple: true });
        if (ok !== 'ok') throw new Error(`The backup file is damaged: ${ok}`);
        check.prepare('SELECT count(*) FROM metadata').get();
      } finally {
        check.close();
      }
      mkdirSync(dir, { recursive: true });
      const target = databaseFile(dir);
      const staging = `${target}.restoring`;
      copyFileSync(resolve(file), staging);
      for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
      renameSync(staging, target);
      console.log(`Restored ${target} from ${resolve(file)}`);
      return 0;
    }
    case 'template': {
      const { runTemplateCommand } = await import('./template-cli.ts');
      return runTemplateCommand(dir, rest, { app: values.app, sampleData: !values['no-sample-data'] });
    }
    default:
      console.error(`Unknown command '${command}'.\n\n${usage}`);
      return 1;
  }
}

/** A progress bar on a terminal; plain progress lines when the output goes to a file or a pipe. */
async function progressReporter(totalBytes: number) {
  const percent = (bytes: number) => Math.min(100, Math.round((bytes / Math.max(totalBytes, 1)) * 100));
  if (process.stderr.isTTY) {
    const { SingleBar } = await import('cli-progress');
    const bar = new SingleBar({ format: 'Importing [{bar}] {percentage}% | {value} rows' });
    bar.start(100, 0, { value: 0 });
    return {
      update: (bytes: number, rows: number) => bar.update(percent(bytes), { value: rows }),
      stop: () => {
        bar.update(100);
        bar.stop();
      },
    };
  }
  let lastLine = 0;
  return {
    update(bytes: number, rows: number) {
      const now = Date.now();
      if (now - lastLine < 1000 && rows % 10_000 !== 0) return;
      lastLine = now;
      process.stderr.write(`Importing… ${percent(bytes)}% | ${rows} rows\n`);
    },
    stop: () => {},
  };
}

export async function run(argv: string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (code !== 0) process.exitCode = code;
  } catch (error) {
    // Engine errors carry details; checked by shape so a failed backup need not load the engine.
    const details = (error as { details?: unknown }).details;
    console.error(`Error: ${(error as Error).message}`);
    if (Array.isArray(details))
      for (const detail of (details as Detail[]).slice(0, 20))
        console.error(`  ${detail.field ?? ''}: ${detail.message}`);
    process.exitCode = 1;
  }
}
