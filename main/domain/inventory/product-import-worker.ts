/**
 * Worker-thread entry of a large product import (started by product-import-thread.ts). Two jobs,
 * one after the other, each on the core the main thread is not using:
 *   1. read: tokenize, validate and map the file into staged rows (product-import-rows.ts) and post
 *      them in batches, at most READ_AHEAD unacknowledged, so memory stays flat however fast it reads;
 *   2. checkpoint: while the main thread writes, copy the WAL into the database file from a second
 *      connection (PASSIVE: never waits for, nor blocks, the writer), so the writer's commits do not
 *      each stop for that I/O.
 * Bundled as its own file next to the CLI bundle and the Electron main bundle.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { stagedProductBatches, type ProductImportFormat } from './product-import-rows';

export interface ProductImportWorkerData {
  format: ProductImportFormat;
  input: { path: string } | { text: string };
}

export type ToWorker = { type: 'ack' } | { type: 'checkpoints'; dbPath: string; nativeBinding?: string } | { type: 'checkpoint' } | { type: 'finish' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'batch'; batch: import('./product-import-rows').StagedBatch }
  | { type: 'done' }
  | { type: 'checkpointing' }
  | { type: 'finished' }
  | { type: 'failed'; message: string; stack?: string };

/** Batches posted but not yet taken by the main thread (1,024 rows each). */
const READ_AHEAD = 4;

const port = parentPort;
if (port) {
  const data = workerData as ProductImportWorkerData;
  const post = (message: FromWorker) => port.postMessage(message);
  let unacknowledged = 0;
  let wake: (() => void) | null = null;
  let db: { pragma(sql: string): unknown; close(): void } | null = null;
  let checkpointQueued = false;
  const fail = (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });

  const checkpoint = () => {
    checkpointQueued = false;
    try {
      db?.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      fail(error);
    }
  };

  port.on('message', (message: ToWorker) => {
    try {
      switch (message.type) {
        case 'ack':
          unacknowledged--;
          wake?.();
          return;
        case 'checkpoints':
          void openForCheckpoints(message.dbPath, message.nativeBinding).then(
            (opened) => {
              db = opened;
              post({ type: 'checkpointing' });
            },
            fail,
          );
          return;
        case 'checkpoint':
          // Requests that arrive while one is waiting to run make no extra work.
          if (!checkpointQueued) {
            checkpointQueued = true;
            setImmediate(checkpoint);
          }
          return;
        case 'finish':
          checkpoint();
          db?.close();
          db = null;
          post({ type: 'finished' });
          return;
      }
    } catch (error) {
      fail(error);
    }
  });

  post({ type: 'ready' });
  void (async () => {
    const input = 'path' in data.input ? createReadStream(data.input.path, { highWaterMark: 1 << 16 }) : data.input.text;
    for await (const batch of stagedProductBatches(data.format, input)) {
      post({ type: 'batch', batch });
      unacknowledged++;
      while (unacknowledged >= READ_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    post({ type: 'done' });
  })().catch(fail);
}

async function openForCheckpoints(dbPath: string, nativeBinding: string | undefined) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(dbPath, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  // A checkpoint takes no lock a writer needs; it only must not wait if another checkpoint runs.
  db.pragma('busy_timeout = 0');
  return db;
}
