// A Rapport server for the browser benchmarks, run as its own process: the real server
// (server/main.ts, as `rapport serve` starts it) on port 0 over a data directory, serving a
// designer build from a directory the benchmark chose.
//
//   node --import tsx bench/lib/designer-server.ts <data dir> <designer dir>
import { startServer } from '../../server/main.ts';

const [dataDir, designerDir] = process.argv.slice(2);
if (!dataDir || !designerDir) {
  console.error('usage: designer-server.ts <data dir> <designer dir>');
  process.exit(2);
}
const server = await startServer({ port: 0, dataDir, designerDir, log: (line) => console.log(line) });
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
