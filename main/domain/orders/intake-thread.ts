import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../../shared/errors';
import type { AppEvent } from '../../../shared/api/contract';
import type { App } from '../../app';
import type { ChannelRow } from '../../store/schema';
import type { IncomingOrder } from './intake/index';
import type { IngestResult } from './order-service';

export type IntakeRequest = { type: 'ingest'; id: number; channel: ChannelRow; order: IncomingOrder; actor: string } | { type: 'close' };
export type IntakeReply =
  | { type: 'ready' }
  | { type: 'closed' }
  | { type: 'event'; event: AppEvent }
  | { type: 'result'; id: number; ok: true; value: IngestResult }
  | { type: 'result'; id: number; ok: false; error: { code: string; message: string } };

/**
 * Webhook order intake on a second thread (the station server and the desktop app start it as a
 * background worker). On two cores a flash sale is CPU-bound: the main thread spends its time on
 * HTTP, signatures and JSON, and the database work — allocation, reservations, the group commit —
 * runs beside it on the intake thread's own connection (WAL lets both work; writes take turns on
 * SQLite's write lock). Everything else, including other writes to orders, stays on the main thread.
 */
export class IntakeThread {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: IngestResult) => void; reject: (e: unknown) => void }>();
  private closed = false;

  private constructor(private readonly worker: Worker) {}

  /**
   * Starts the thread, or returns null where its script is not available (the Electron build
   * bundles no worker entry; intake then stays on the main thread, which is correct, only slower).
   */
  static async start(app: App): Promise<IntakeThread | null> {
    const entry = workerEntry();
    if (!entry) return null;
    const worker = new Worker(entry.file, { workerData: { dbPath: app.store.path, entry: entry.tsEntry } });
    const thread = new IntakeThread(worker);
    await new Promise<void>((resolve, reject) => {
      const onError = (error: unknown) => reject(error);
      worker.once('error', onError);
      worker.on('message', function ready(message: IntakeReply) {
        if (message.type !== 'ready') return;
        worker.off('message', ready);
        worker.off('error', onError);
        resolve();
      });
    });
    worker.on('message', (message: IntakeReply) => thread.onMessage(app, message));
    worker.on('error', (error) => thread.failAll(error));
    worker.on('exit', () => thread.failAll(new Error('the order intake thread stopped')));
    return thread;
  }

  /** Takes one webhook order; resolves once it is committed and durable (as ingestGrouped does). */
  ingest(channel: ChannelRow, order: IncomingOrder, actor: string): Promise<IngestResult> {
    if (this.closed) return Promise.reject(new Error('the order intake thread is stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'ingest', id, channel, order, actor } satisfies IntakeRequest);
    });
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closed = new Promise<void>((resolve) => {
      this.worker.on('message', (m: IntakeReply) => m.type === 'closed' && resolve());
      this.worker.once('exit', () => resolve());
    });
    this.worker.postMessage({ type: 'close' } satisfies IntakeRequest);
    await closed;
    await this.worker.terminate();
  }

  private onMessage(app: App, message: IntakeReply): void {
    if (message.type === 'event') app.events.publish(message.event.topic, message.event.data);
    if (message.type !== 'result') return;
    const waiter = this.waiting.get(message.id);
    if (!waiter) return;
    this.waiting.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new AppError(message.error.code as ErrorCode, message.error.message));
  }

  private failAll(error: unknown): void {
    this.closed = true;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/**
 * From the esbuild bundle (out/cli/), the worker is the bundled intake-worker.mjs beside it; from
 * the TypeScript sources (tests, tsx), a small loader registers tsx in the thread and imports the
 * .ts entry. Null when neither exists (the Electron build).
 */
function workerEntry(): { file: string; tsEntry?: string } | null {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return { file: path.join(path.dirname(here), 'intake-worker-loader.mjs'), tsEntry: pathToFileURL(path.join(path.dirname(here), 'intake-worker.ts')).href };
  }
  const bundled = path.join(path.dirname(here), 'intake-worker.mjs');
  return existsSync(bundled) ? { file: bundled } : null;
}
