/**
 * Worker-thread entry of a large product import (started by product-import-thread.ts): tokenize,
 * validate and map the file into staged rows (product-import-rows.ts) on the core the main thread
 * is not using, and post them in batches, at most READ_AHEAD unacknowledged, so memory stays flat
 * however fast it reads. Bundled as its own file next to the CLI bundle and the Electron main bundle.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { stagedProductBatches, type ProductImportFormat } from './product-import-rows';
import { childLogger, forwardLogsToMainThread } from '../../logging/logger';

export interface ProductImportWorkerData {
  format: ProductImportFormat;
  input: { path: string } | { text: string };
}

export type ToWorker = { type: 'ack' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'batch'; batch: import('./product-import-rows').StagedBatch }
  | { type: 'done' }
  | { type: 'failed'; message: string; stack?: string };

/** Batches posted but not yet taken by the main thread (1,024 rows each). */
const READ_AHEAD = 4;

const port = parentPort;
if (port) {
  const data = workerData as ProductImportWorkerData;
  const post = (message: FromWorker) => port.postMessage(message);
  let unacknowledged = 0;
  let wake: (() => void) | null = null;
  forwardLogsToMainThread();
  const log = childLogger({ worker: 'product-import', format: data.format, file: 'path' in data.input ? data.input.path : null });
  const fail = (error: unknown) => {
    log.error({ err: error }, 'product import reading failed');
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  };

  port.on('message', (message: ToWorker) => {
    if (message.type !== 'ack') return;
    unacknowledged--;
    wake?.();
  });

  post({ type: 'ready' });
  log.debug('product import reading started');
  void (async () => {
    const input = 'path' in data.input ? createReadStream(data.input.path, { highWaterMark: 1 << 16 }) : data.input.text;
    for await (const batch of stagedProductBatches(data.format, input)) {
      post({ type: 'batch', batch });
      unacknowledged++;
      while (unacknowledged >= READ_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    post({ type: 'done' });
    // Nothing left to do: the thread ends once the main thread has taken the last batches.
    port.close();
  })().catch(fail);
}
