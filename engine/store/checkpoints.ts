// WAL checkpoints on a thread of their own. A checkpoint copies the log into the database file
// and syncs it to disk: 5–170 ms on a busy disk. SQLite's automatic one runs inside the COMMIT
// of whichever write crosses its size, blocking the event loop and every request queued behind
// it. Here a worker thread with its own connection runs PASSIVE checkpoints, which never block
// the writer or the readers, and SQLite's own is off while the worker runs.
//
// The log restarts from its beginning only when a write begins with every frame copied, which
// steady writes never leave time for. So when the log has grown long, the store holds back
// new writes (reads and the event loop go on) while the worker copies the rest; the next
// write then restarts the log. What a commit guarantees is unchanged: it is in the log when
// COMMIT returns.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** How often the worker looks whether anything was committed (ms). */
const intervalMs = 250;
/** Past this many frames (~64 MB) the log is drained so that it can restart. */
const defaultDrainFrames = 16_000;
/** Without the worker (before it starts, or should it fail), SQLite checkpoints at this size. */
const backstopPages = 16_000;
/** A drain the worker does not answer within this long lets writes go on regardless (ms). */
const drainTimeoutMs = 5_000;
/** The worker starts with this many commits: an engine that writes little never needs it. */
const commitsBeforeWorker = 50;

// Flags shared with the worker: a commit marks the first without a message, so the worker
// needs nothing from the main event loop however busy it is; the worker sets the second when
// it has closed its connection, and the third to the log's length after each checkpoint.
const dirtyFlag = 0;
const closedFlag = 1;
const framesSlot = 2;

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
const checkpoint = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    Atomics.store(flags, ${framesSlot}, result.log);
  } catch (error) {
    console.error('WAL checkpoint failed: ' + (error && error.message));
  }
};
const timer = db && setInterval(() => {
  if (Atomics.exchange(flags, ${dirtyFlag}, 0) === 0) return;
  checkpoint();
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'drain') {
    if (db) checkpoint();
    parentPort.postMessage('drained');
    return;
  }
  clearInterval(timer);
  db?.close();
  closed();
});
`;

export class Checkpoints {
  private worker: Worker | undefined;
  private readonly flags = new Int32Array(new SharedArrayBuffer(12));
  private commits = 0;
  private failed = false;
  private draining = false;
  private drained: (() => void) | undefined;

  constructor(
    private readonly file: string,
    private readonly writer: Database.Database,
    private readonly drainFrames = defaultDrainFrames,
  ) {
    writer.pragma(`wal_autocheckpoint = ${backstopPages}`);
    // A log that grew long before a restart gives its disk space back at the restart.
    writer.pragma(`journal_size_limit = ${drainFrames * 4096}`);
  }

  /** Called after each commit: the worker checkpoints within a quarter second. */
  committed(): void {
    Atomics.store(this.flags, dirtyFlag, 1);
    if (this.worker && Atomics.load(this.flags, closedFlag) === 1) this.fail();
    if (!this.worker && !this.failed && ++this.commits >= commitsBeforeWorker) this.worker = this.start();
  }

  /** Whether the log has grown long enough to be started over (see restart). */
  get wantsDrain(): boolean {
    return (
      !this.draining && this.worker !== undefined && Atomics.load(this.flags, framesSlot) > this.drainFrames
    );
  }

  /**
   * Starts the log over: the worker copies it while writes go on, then copies what came in
   * meanwhile inside `hold` (the store's write lock, so no write begins); the next write then
   * restarts the log. Two passes keep the pause to the frames of the first pass's duration.
   */
  async restart(hold: (work: () => Promise<void>) => Promise<void>): Promise<void> {
    if (!this.worker || this.draining) return;
    this.draining = true;
    try {
      await this.checkpointNow();
      await hold(() => this.checkpointNow());
      Atomics.store(this.flags, framesSlot, 0);
    } finally {
      this.draining = false;
    }
  }

  private checkpointNow(): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    return new Promise<void>((done) => {
      const timer = setTimeout(done, drainTimeoutMs);
      this.drained = () => {
        this.drained = undefined;
        clearTimeout(timer);
        done();
      };
      worker.postMessage('drain');
    });
  }

  private fail(): void {
    // Without the worker, SQLite's own checkpoints run again, at the backstop size.
    this.failed = true;
    this.worker = undefined;
    this.writer.pragma(`wal_autocheckpoint = ${backstopPages}`);
  }

  private start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { driver, file: this.file, flags: this.flags.buffer, intervalMs },
    });
    worker.unref();
    worker.on('message', (message) => {
      if (message === 'drained') this.drained?.();
    });
    worker.on('error', (error) => {
      console.error('WAL checkpoint worker stopped:', error);
      Atomics.store(this.flags, closedFlag, 1);
      this.drained?.();
      this.fail();
    });
    // The worker checkpoints from now on; SQLite's own would do it inside a commit.
    this.writer.pragma('wal_autocheckpoint = 0');
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
