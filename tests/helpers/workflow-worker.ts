// A separate process that runs the workflow engine on a data directory until it is killed,
// so tests can crash it mid-run and start it again.
import { Engine } from '../../engine/index.ts';

const engine = new Engine({ dataDir: process.argv[2]! });
engine.workflows.start(50);
process.stdout.write('ready\n');
setInterval(() => {}, 1000);
