import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Background WAL checkpoints for the long-running processes (desktop app, station server).
 *
 * SQLite's automatic checkpoint runs inside a COMMIT, on the writer's thread: every ~1,000 WAL
 * pages one commit copies them into the database file and fsyncs it. In a flash sale that was a
 * third of the cost of an order (measured: 57 → under 1 µs of COMMIT per order in groups of 30,
 * 323 → 226 µs per order in all), and the event loop stood still while the disk synced. Here a
 * worker thread with its own connection runs PASSIVE checkpoints — they never block the writer —
 * whenever another connection has committed since its last look (`pragma data_version`). The
 * writer's own automatic checkpoint stays on at a high mark as a safety valve: it runs only if the
 * background falls far behind (a long burst in which the WAL is never fully copied when a write
 * begins, so SQLite cannot start it over), and then it finds almost everything already copied.
 *
 * Short CLI commands keep SQLite's default (checkpoint in the commit).
 */
export class BackgroundCheckpointer {
  /** Checkpoints run so far, and the last error (for tests and diagnostics). */
  readonly stats = { rounds: 0, lastError: null as string | null };
  private readonly worker: Worker;
  private stopped: Promise<void> | null = null;
  /** Resolves when the thread has ended, for whatever reason (stopped, or failed). */
  readonly exited: Promise<void>;

  constructor(dbPath: string, options: { nativeBinding?: string; intervalMs?: number } = {}) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        dbPath,
        // The worker loads the very module this process uses (and the Electron build of it, if any).
        sqliteModule: createRequire(import.meta.url).resolve('better-sqlite3'),
        nativeBinding: options.nativeBinding ?? null,
        intervalMs: options.intervalMs ?? 200,
      },
    });
    // Never keeps a process alive on its own; Store.close() stops it.
    this.worker.unref();
    this.worker.on('message', (m: { error?: string }) => {
      if (m.error) this.stats.lastError = m.error;
      else this.stats.rounds++;
    });
    this.worker.on('error', (error) => (this.stats.lastError = error.message));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Runs a checkpoint now, whatever the timer says, and resolves when it is done (for tests). */
  checkpointNow(): Promise<void> {
    return new Promise((resolve) => {
      const onMessage = (m: { now?: boolean }) => {
        if (!m.now) return;
        this.worker.off('message', onMessage);
        resolve();
      };
      this.worker.on('message', onMessage);
      this.worker.postMessage('now');
    });
  }

  /** Closes the worker's connection (after one last round) and ends the thread. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      // Held until it has closed its connection: an unref'd thread would let the process end first.
      this.worker.ref();
      void this.exited.then(resolve);
      this.worker.postMessage('stop');
    });
    return this.stopped;
  }
}

// Plain CommonJS run with `eval`, so it needs no entry of its own in the esbuild (CLI) and
// electron-vite (desktop) bundles.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqliteModule);
const db = new Database(workerData.dbPath, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('busy_timeout = 5000');
// The checkpoint syncs the WAL before copying and the database file before SQLite may start the
// WAL over: committed data is never only in a file that is about to be overwritten.
db.pragma('synchronous = FULL');
const dataVersion = db.prepare('pragma data_version').pluck();
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
let seen = null;
function round(now) {
  try {
    const version = dataVersion.get();
    if (version === seen && !now) return;
    seen = version;
    checkpoint.run();
    parentPort.postMessage({ now });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
}
const timer = setInterval(round, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'now') return round(true);
  if (message !== 'stop') return;
  clearInterval(timer);
  round();
  db.close();
  parentPort.close();
});
`;
