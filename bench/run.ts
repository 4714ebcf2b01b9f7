// `npm run bench`: runs every suite in bench/*.ts (each exports `run()`), one after another.
// `npm run bench -- engine` or `BENCH_SUITES=server,access npm run bench` runs only the suites named.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Suite {
  run?: () => Promise<void> | void;
}

const here = dirname(fileURLToPath(import.meta.url));
const named = [...process.argv.slice(2), ...(process.env.BENCH_SUITES ?? '').split(',')]
  .map((name) => name.trim())
  .filter(Boolean);
const wanted = new Set(named.map((name) => basename(name, '.ts')));
const suites = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.d.ts'))
  .map((file) => basename(file, '.ts'))
  .filter((name) => wanted.size === 0 || wanted.has(name))
  .sort();

if (suites.length === 0) {
  console.error(`No benchmark suite matches ${[...wanted].join(', ')}.`);
  process.exit(1);
}

for (const name of suites) {
  const suite = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as Suite;
  if (typeof suite.run !== 'function') {
    console.log(`bench/${name}.ts exports no run(); skipped.`);
    continue;
  }
  console.log(`\n=== bench/${name}.ts ===`);
  await suite.run();
}
