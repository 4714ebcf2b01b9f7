// Builds the designer (designer/ → designer/dist) through Vite's JS API.
// `--if-stale` skips the build when dist is newer than every source file (used by `npm start`).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const designer = join(root, 'designer');
const dist = join(designer, 'dist', 'index.html');

/** The newest modification time under the designer's sources and config. */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const info = statSync(path);
    if (info.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, info.mtimeMs);
  };
  for (const path of ['src', 'index.html', 'vite.config.ts'].map((p) => join(designer, p)))
    if (existsSync(path)) visit(path);
  return newest;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(dist) && statSync(dist).mtimeMs >= newestSource()) {
  console.log('designer/dist is up to date');
} else {
  const { build } = await import('vite');
  await build({ configFile: join(designer, 'vite.config.ts'), logLevel: 'info' });
}
