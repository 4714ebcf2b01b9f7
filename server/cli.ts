// The `rapport` command: serve, user add, import, export, backup, restore, template install/export.
import {
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SingleBar } from 'cli-progress';
import { Engine, RapportError, systemActor } from '../engine/index.ts';
import { checkPasswordPolicy, generatePassword, hashPassword } from './auth/passwords.ts';
import { exportCsv } from './csv/export.ts';
import { importCsv } from './csv/import.ts';
import { startServer } from './main.ts';

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
      const bar = new SingleBar({ format: 'Importing [{bar}] {percentage}% | {value} rows' });
      const input = createReadStream(file);
      let bytes = 0;
      input.on('data', (chunk) => {
        bytes += chunk.length;
      });
      bar.start(100, 0);
      const report = await withEngine(dir, (engine) =>
        importCsv(engine, systemActor, app, table, input, {
          mode: values.mode === 'skip_invalid' ? 'skip_invalid' : 'all_or_nothing',
          onProgress: (rows) => bar.update(Math.round((bytes / Math.max(total, 1)) * 100), { value: rows }),
        }),
      );
      bar.update(100);
      bar.stop();
      console.log(`Imported ${report.imported} records; ${report.failedCount} rows failed.`);
      for (const failure of report.failed.slice(0, 20))
        console.log(`  row ${failure.row}: ${failure.errors.map((e) => e.message).join('; ')}`);
      return report.failedCount > 0 ? 2 : 0;
    }
    case 'export': {
      const [app, table, file] = rest;
      if (!app || !table) throw new Error('Usage: rapport export <app> <table> [file.csv]');
      const out = file ? createWriteStream(file) : process.stdout;
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
      // SQLite's online backup: consistent even while the server keeps writing.
      const db = new Database(source, { readonly: true });
      try {
        await db.backup(resolve(file));
      } finally {
        db.close();
      }
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

export async function run(argv: string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (code !== 0) process.exitCode = code;
  } catch (error) {
    if (error instanceof RapportError) {
      console.error(`Error: ${error.message}`);
      for (const detail of error.details.slice(0, 20))
        console.error(`  ${detail.field ?? ''}: ${detail.message}`);
    } else console.error(`Error: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
