import { closeSync, existsSync, fdatasyncSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { workerEntry } from '../../util/worker-entry';
import { verifyBackupFile, type BackupVerification } from './verify';

/** File name of the worker's bundle, next to the bundle that runs this code (CLI: out/cli/, Electron: out/main/). */
export const BACKUP_WORKER = 'backup-worker';

/**
 * How the copy is made. `backup-api`: SQLite's online backup (page copy, in steps) from a read
 * transaction held for the whole copy. `vacuum-into`: one `VACUUM INTO` statement, which rebuilds
 * every table and index into the new file. Both read one snapshot and neither blocks a writer (WAL).
 * Measured in bench/backup.ts (a 100 MB database, mid flash sale): the page copy, synced step by
 * step, added ~10 ms to the sale's p99 and ~10 ms to the answers during the backup; VACUUM INTO ~20
 * and ~45 ms (one statement: it cannot yield or sync as it goes). See README, Backups.
 */
export type CopyMethod = 'backup-api' | 'vacuum-into';

export interface CopyJob {
  sourcePath: string;
  destPath: string;
  nativeBinding?: string;
  method?: CopyMethod;
  /** Run the worker thread at the lowest CPU priority (Linux; default). */
  lowPriority?: boolean;
}

export interface CopyOutcome {
  bytes: number;
  copyMs: number;
  verifyMs: number;
  verification: BackupVerification;
}

/** Pages copied of the database's pages, after each step of the copy. */
export type CopyProgress = (done: number, total: number) => void;

/** Pages per backup step (4 KiB pages: 4 MiB). The steps share one snapshot, so their size only sets how often the copy yields. */
const PAGES_PER_STEP = 1024;

/**
 * Copies the live database to `destPath` and verifies the copy, on a worker thread of its own
 * when one can start (the event loop keeps serving requests; integrity and invariant checks of a
 * big file take seconds of CPU), else on this thread. Throws, leaving nothing at `destPath`, when
 * the copy cannot be made or is not a sound database; a sound copy whose invariants fail is kept
 * (it is a faithful copy of a database with a problem) and says so.
 */
export async function copyAndVerify(job: CopyJob, onProgress?: CopyProgress): Promise<CopyOutcome> {
  const entry = await workerEntry(BACKUP_WORKER, import.meta.url).catch(() => null);
  if (!entry) return copyAndVerifyHere(job, onProgress);
  return new Promise<CopyOutcome>((resolve, reject) => {
    const worker = new Worker(entry, { workerData: job });
    let settled = false;
    worker.on('message', (m: { ok: true; outcome: CopyOutcome } | { ok: false; error: string } | { progress: [number, number] }) => {
      if ('progress' in m) return onProgress?.(...m.progress);
      settled = true;
      if (m.ok) resolve(m.outcome);
      else reject(new Error(m.error));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the backup thread ended unexpectedly (exit code ${code})`));
    });
  });
}

/** The copy and its verification, on the calling thread (the worker's body). */
export async function copyAndVerifyHere(job: CopyJob, onProgress?: CopyProgress): Promise<CopyOutcome> {
  const partial = `${job.destPath}.partial`;
  rmSync(partial, { force: true });
  try {
    const t0 = performance.now();
    await copyDatabaseFile(job.sourcePath, partial, { ...job, onProgress });
    const copyMs = performance.now() - t0;
    const t1 = performance.now();
    const verification = await verifyBackupFile(partial, { nativeBinding: job.nativeBinding });
    const verifyMs = performance.now() - t1;
    if (!verification.restorable) throw new Error(`the copy failed verification: ${verification.problems.join('; ')}`);
    // Only a whole, checked copy gets the backup's name: a crash or a full disk leaves a `.partial`, never a torn backup.
    renameSync(partial, job.destPath);
    syncFolder(path.dirname(job.destPath));
    return { bytes: statSync(job.destPath).size, copyMs, verifyMs, verification };
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    throw error;
  }
}

/**
 * One consistent snapshot of the database into `dest`, as a self-contained file (rollback-journal
 * mode, nothing in a -wal beside it), synced to disk.
 */
export async function copyDatabaseFile(sourcePath: string, dest: string, options: { nativeBinding?: string; method?: CopyMethod; onProgress?: CopyProgress } = {}): Promise<void> {
  // SHIPSHAPE_BACKUP_METHOD lets bench/backup.ts run the same sale with the other method.
  const method = options.method ?? (process.env.SHIPSHAPE_BACKUP_METHOD as CopyMethod | undefined) ?? 'backup-api';
  const source = new Database(sourcePath, { fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    source.pragma('busy_timeout = 5000');
    if (method === 'vacuum-into') {
      source.prepare('VACUUM INTO ?').run(dest);
    } else {
      // SQLite's backup API restarts from the first page whenever *another* connection commits between
      // two steps — in a flash sale it would never finish. A read transaction held on the source
      // for the whole copy pins one snapshot (WAL: writers go on committing meanwhile), so the steps
      // all read the same database: every commit made before this line, and none after.
      source.exec('BEGIN');
      source.prepare('select count(*) from sqlite_master').get();
      // Each step's pages are flushed to disk before the next: one sync of the whole file at the
      // end (~100 MB) held every other fsync on the disk back — the order intake's WAL commits —
      // for ~50 ms (measured: answers during the backup p99 41–69 ms against 28–35 synced per step).
      let fd: number | null = null;
      try {
        await source.backup(dest, {
          progress: ({ totalPages, remainingPages }) => {
            options.onProgress?.(totalPages - remainingPages, totalPages);
            fd ??= existsSync(dest) ? openSync(dest, 'r') : null;
            if (fd !== null) fdatasyncSync(fd);
            return PAGES_PER_STEP;
          },
        });
      } finally {
        if (fd !== null) closeSync(fd);
      }
      source.exec('COMMIT');
    }
  } finally {
    source.close();
  }
  // The source is in WAL mode and its header says so; the backup should open on its own, from one file.
  const copy = new Database(dest, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  const fd = openSync(dest, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename in `folder` durable (POSIX; Windows has no directory handles to sync). */
function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some network filesystems refuse; the file itself is synced
  }
}
