// WAL checkpoints on a thread of their own. A checkpoint copies the log into the database file
// and syncs it to disk: 5–130 ms on a busy disk, and SQLite's automatic one runs inside the
// COMMIT of whichever write crosses 1,000 pages, blocking the event loop and every request
// queued behind it. Here a worker thread with its own connection runs PASSIVE checkpoints,
// which never block the writer or the readers. SQLite's own stays on at a much larger log: it
// is what restarts the log from its beginning (which needs a moment with no frame left to
// copy, rare under steady writes), and the backstop should the worker fail. What a commit
// guarantees is unchanged: it is in the log when COMMIT returns.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** How often the worker looks whether anything was committed (ms). */
const intervalMs = 250;
/** SQLite checkpoints inside a commit only when the log has grown this long (pages, ~64 MB). */
const backstopPages = 16_000;
/** The worker starts with this many commits: an engine that writes little never needs it. */
const commitsBeforeWorker = 50;

// Flags shared with the worker: a commit marks the first without a message, so the worker
// needs nothing from the main event loop however busy it is; the worker sets the second when
// it has closed its connection.
const dirtyFlag = 0;
const closedFlag = 1;

// Plain JavaScript, evaluated in the worker: it needs no TypeScript loader.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const flags = new Int32Array(workerData.flags);
const closed = () => {
  Atomics.store(flags, ${closedFlag}, 1);
  Atomics.notify(flags, ${closedFlag});
  parentPort.close();
};
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
} catch (error) {
  // SQLite's own checkpoints remain; close() must not wait for a worker that never started.
  console.error('WAL checkpoint worker could not open the database: ' + (error && error.message));
  closed();
}
const timer = db && setInterval(() => {
  if (Atomics.exchange(flags, ${dirtyFlag}, 0) === 0) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    console.error('WAL checkpoint failed: ' + (error && error.message));
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db?.close();
  closed();
});
`;

export class Checkpoints {
  private worker: Worker | undefined;
  private readonly flags = new Int32Array(new SharedArrayBuffer(8));
  private commits = 0;
  private failed = false;

  constructor(
    private readonly file: string,
    writer: Database.Database,
  ) {
    writer.pragma(`wal_autocheckpoint = ${backstopPages}`);
  }

  /** Called after each commit: the worker checkpoints within a quarter second. */
  committed(): void {
    Atomics.store(this.flags, dirtyFlag, 1);
    if (!this.worker && !this.failed && ++this.commits >= commitsBeforeWorker) this.worker = this.start();
  }

  private start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { driver, file: this.file, flags: this.flags.buffer, intervalMs },
    });
    worker.unref();
    worker.on('error', (error) => {
      // Without the worker SQLite's own checkpoints still run, at the backstop size.
      console.error('WAL checkpoint worker stopped:', error);
      this.failed = true;
      Atomics.store(this.flags, closedFlag, 1);
    });
    return worker;
  }

  /**
   * Waits until the worker has closed its connection (after a checkpoint it is in), so that the
   * engine's own connections close last, as without it: the database file is whole when
   * close() returns, ready to be copied or replaced.
   */
  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.failed = true;
    if (!worker) return;
    worker.postMessage('close');
    Atomics.wait(this.flags, closedFlag, 0, 10_000);
  }
}
