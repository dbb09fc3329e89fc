import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../clock';
import type { Store } from '../../store/store';
import type { CheckProblem, InvariantCheck } from '../system/checks';

/**
 * The record of each product import run (table product_import, migration 0017). An import writes
 * the catalog in one transaction, so a crash (kill -9, power cut) can never leave part of a file
 * imported; what it can leave is the run's staging folder in the temp directory and a record still
 * `running`. This module creates and finishes the record, lets `check` report a run whose process
 * is gone, and cleans such runs up at start (openApp).
 */

/** Every staging folder's name starts with this; cleanup refuses any other path. */
export const STAGING_PREFIX = 'shipshape-import-';

/**
 * The staging table of a run on PostgreSQL (product-import-postgres.ts): an unlogged table named
 * by the run's id (a number, never input), so recovery can drop what a crash left behind.
 */
export function stagingTableName(runId: number): string {
  return `product_import_staged_${Math.trunc(runId)}`;
}

/** Runs in progress in this process (a record of our own pid is alive only if listed here). */
const runningHere = new Set<string>();
const runKey = (store: Store, id: number) => `${store.path}#${id}`;

export interface ImportRun {
  id: number;
  /** The run's staging folder (not created yet: the caller creates it after the record is durable). */
  stagingPath: string;
}

/**
 * Records a run before it touches anything, so that a crash at any later point leaves a record
 * naming the staging folder to remove. The folder's name is chosen here, created by the caller.
 */
export async function beginImportRun(store: Store, clock: Clock, run: { format: string; source: string }): Promise<ImportRun> {
  const stagingPath = path.join(os.tmpdir(), `${STAGING_PREFIX}${randomBytes(8).toString('hex')}`);
  const id = await store.tx(async () =>
    (await store.get(
      store.kysely.insertInto('product_import')
        .values({ format: run.format, source: run.source, status: 'running', staging_path: stagingPath, pid: process.pid, started_at: clock.now().toISOString() })
        .returning('id'),
    ))!.id,
  );
  runningHere.add(runKey(store, id));
  return { id, stagingPath };
}

/**
 * Marks a run finished. Called inside the import's write transaction for `done` (the record and the
 * products commit together), in a transaction of its own otherwise.
 */
export async function finishImportRun(
  store: Store,
  clock: Clock,
  id: number,
  status: 'done' | 'rejected' | 'failed',
  counts: { created?: number; updated?: number; failed?: number } = {},
): Promise<void> {
  await store.tx(async () =>
    await store.run(
      store.kysely.updateTable('product_import')
        .set({ status, finished_at: clock.now().toISOString(), created: counts.created ?? 0, updated: counts.updated ?? 0, failed: counts.failed ?? 0 })
        .where('id', '=', id).where('status', '=', 'running'),
    ),
  );
}

/** The run no longer runs in this process (its record is final, or the process is going down). */
export function releaseImportRun(store: Store, id: number): void {
  runningHere.delete(runKey(store, id));
}

interface RunningRow {
  id: number;
  format: string;
  source: string;
  staging_path: string;
  pid: number;
  started_at: string;
}

/** Records still `running` whose process is gone: runs a crash interrupted. */
async function interruptedRuns(store: Store): Promise<RunningRow[]> {
  const running: RunningRow[] = await store.all(
    store.kysely.selectFrom('product_import').select(['id', 'format', 'source', 'staging_path', 'pid', 'started_at']).where('status', '=', 'running').orderBy('id'),
  );
  return running.filter((r) => !runIsAlive(store, r));
}

function runIsAlive(store: Store, run: RunningRow): boolean {
  if (run.pid === process.pid) return runningHere.has(runKey(store, run.id));
  try {
    process.kill(run.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; only ESRCH says it is gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * At start: every run a crash interrupted gets its staging folder removed and its record marked
 * `interrupted`. Nothing in the catalog needs undoing (its writes were one transaction that never
 * committed). Returns the runs it cleaned up.
 */
export async function recoverInterruptedImports(store: Store, clock: Clock): Promise<{ id: number; source: string }[]> {
  const runs = await interruptedRuns(store);
  for (const run of runs) {
    removeStagingFolder(run.staging_path);
    if (store.engine === 'postgres') await store.run(store.kysely.schema.dropTable(stagingTableName(run.id)).ifExists());
    await store.tx(async () =>
      await store.run(store.kysely.updateTable('product_import').set({ status: 'interrupted', finished_at: clock.now().toISOString() }).where('id', '=', run.id).where('status', '=', 'running')),
    );
  }
  // A crash just after a run's final commit (done, rejected, failed) but before its folder was
  // removed leaves a finished record and its folder: the last few finished runs are swept too
  // (removing a folder that is not there costs a stat).
  const finished = await store.all(store.kysely.selectFrom('product_import').select('staging_path').where('status', '<>', 'running').orderBy('id', 'desc').limit(20));
  for (const run of finished) removeStagingFolder(run.staging_path);
  return runs.map((r) => ({ id: r.id, source: r.source }));
}

/** Removes a staging folder; only ever one of ours (the path comes from the database). */
export function removeStagingFolder(folder: string): void {
  if (!path.basename(folder).startsWith(STAGING_PREFIX) || !path.isAbsolute(folder)) return;
  rmSync(folder, { recursive: true, force: true });
}

/**
 * `shipshape check`: a product import left `running` by a process that is gone was interrupted by a
 * crash. Nothing of it was written, but its staging folder is still on disk until the next start
 * cleans it up (any `shipshape` command or the app: openApp recovers first, so a fresh `check`
 * passes; a check in a process that was already running when the import died reports it).
 */
export const interruptedProductImports: InvariantCheck = {
  name: 'inventory.no_interrupted_import',
  async run({ store }) {
    return (await interruptedRuns(store)).map(
      (r): CheckProblem => ({
        check: 'inventory.no_interrupted_import',
        message: `product import #${r.id} (${r.format} file ${r.source}, started ${r.started_at}) was interrupted: its process ${r.pid} is gone; nothing of it was written, and its staging folder ${r.staging_path} is removed at the next start`,
        details: r,
      }),
    );
  },
};
