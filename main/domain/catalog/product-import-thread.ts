import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../util/worker-entry';
import type { StagedBatch } from './product-import-rows';
import type { FromWorker, ProductImportWorkerData, ToWorker } from './product-import-worker';
import { childLogger } from '../../logging/logger';

const log = childLogger({ module: 'product-import' });

/**
 * The worker's V8 heap, sized for what it holds: one batch being read and the stream's buffers, a
 * few MB. With V8's defaults for a fresh isolate (a 48 MB young generation, an old generation
 * left to grow far before its first full collection) the worker alone added 40-90 MB to the
 * process's RSS while reading, more the longer the file (measured: bench/stock.ts, 100k and 400k
 * rows). With these limits the import's peak RSS growth is 27-42 MB on either file, about what
 * reading on the main thread costs, at the same speed. Should a file ever need more, the
 * worker stops with ERR_WORKER_OUT_OF_MEMORY and the import reads the file again on the main thread.
 */
const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 64 };

/** The worker failed or stopped before its last batch (the file itself may be fine: the caller can read it again on the main thread). */
export class ProductImportWorkerFailure extends Error {
  constructor(cause: unknown) {
    super(`the product import worker failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** File name of the worker's bundle, next to the bundle that runs this code (CLI: out/cli/, Electron: out/main/). */
export const PRODUCT_IMPORT_WORKER = 'product-import-worker';

/**
 * The main thread's side of the import worker (product-import-worker.ts): the file's staged rows
 * as an async stream of batches.
 * `start` answers null when no worker can run (no bundle found, or it failed to start); the
 * import then reads on the main thread, as it does for small inputs.
 */
export class ProductImportThread {
  private readonly inbox: FromWorker[] = [];
  private waiting: (() => void) | null = null;
  private failure: Error | null = null;
  private exited = false;
  /** The worker has sent its last batch (and then ends on its own). */
  private done = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'failed') this.failure ??= Object.assign(new Error(message.message), { stack: message.stack });
      else this.inbox.push(message);
      if (message.type === 'done') this.done = true;
      this.wake();
    });
    worker.on('error', (error) => {
      this.failure ??= error;
      this.wake();
    });
    worker.on('exit', (code) => {
      this.exited = true;
      if (!this.done) this.failure ??= new Error(`the product import worker stopped (exit code ${code})`);
      this.wake();
    });
  }

  static async start(data: ProductImportWorkerData): Promise<ProductImportThread | null> {
    let thread: ProductImportThread | null = null;
    try {
      const entry = await workerEntry(PRODUCT_IMPORT_WORKER, import.meta.url);
      if (!entry) return null;
      // execArgv: [] — the script is plain JavaScript; a loader the parent runs with (`--import tsx`) would only slow its start.
      thread = new ProductImportThread(new Worker(entry, { workerData: data, execArgv: [], resourceLimits: WORKER_HEAP_LIMITS }));
      await thread.next('ready');
      log.debug(`reading on a worker thread (${fileURLToPath(entry)})`);
      return thread;
    } catch (error) {
      log.warn({ err: error }, 'no worker thread, reading on the main thread');
      await thread?.close();
      return null;
    }
  }

  /** The staged rows, in file order; each batch taken lets the worker read one more. */
  async *batches(): AsyncGenerator<StagedBatch> {
    for (;;) {
      let message: FromWorker;
      try {
        message = await this.next('batch', 'done');
      } catch (error) {
        throw new ProductImportWorkerFailure(error);
      }
      if (message.type === 'done') return;
      this.send({ type: 'ack' });
      yield (message as Extract<FromWorker, { type: 'batch' }>).batch;
    }
  }

  async close(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  /** The next message, which must be one of `types`. */
  private async next(...types: FromWorker['type'][]): Promise<FromWorker> {
    for (;;) {
      const message = this.inbox.shift();
      if (message) {
        if (!types.includes(message.type)) throw new Error(`product import worker: expected ${types.join(' or ')}, got ${message.type}`);
        return message;
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}
