import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import type { EventBus } from '../../events';
import type { ChannelRow } from '../../store/schema';
import { workerEntry } from '../../util/worker-entry';
import type { IncomingOrder } from './intake/index';
import type { FromIntakeWorker, IntakeJob, OrderIntakeWorkerData, SerialisedError, ToIntakeWorker } from './order-intake-worker';
import type { IngestResult } from './order-service';
import { childLogger } from '../../logging/logger';

const log = childLogger({ module: 'order-intake' });

/** File name of the worker's bundle, next to the bundle that runs this code (CLI: out/cli/, Electron: out/main/). */
export const ORDER_INTAKE_WORKER = 'order-intake-worker';

/** Topics after which the worker must read what it caches again (it sees other connections' writes, not their events). */
const INVALIDATING_TOPICS = new Set(['calendar.changed']);

/**
 * Orders handed over at once, at most. Fifty clients' requests tend to arrive together; handing
 * all of a turn's orders over in one message made the threads take turns (this one parsing fifty
 * while the worker waited, then the worker committing fifty while this one waited). In eights the
 * worker starts on the first orders while the rest are still being parsed (measured: 1,700 ->
 * 1,950-2,200 orders/s; 4 and 16 measured within noise of 8).
 */
const HANDOVER_BATCH = 8;

interface Waiting {
  resolve: (value: IngestResult) => void;
  reject: (error: unknown) => void;
}

function revive(error: SerialisedError): Error {
  const revived = error.code && (ERROR_CODES as readonly string[]).includes(error.code) ? new AppError(error.code as ErrorCode, error.message, error.details) : new Error(error.message);
  if (error.stack) revived.stack = error.stack;
  return revived;
}

/**
 * The HTTP thread's side of the order intake worker (order-intake-worker.ts). In a flash sale one
 * thread doing everything — sockets, signatures, parsing and every order's SQL — was the ceiling
 * (~0.5 ms of CPU per webhook on one core while the other sat half idle). Here the orders' SQL
 * and their group commit run on a second thread with its own connection: accepted orders go over
 * in batches of at most HANDOVER_BATCH (messages are JSON text, see ToIntakeWorker), and their
 * answers come back after their group's fsync, one message per group, each answer with the events
 * its own unit of work published (re-published here for live screens and the stock feeds).
 *
 * `start` answers null when no worker can run (no bundle found, it failed to start); the webhook
 * route then commits on its own thread, as it does in tests without background workers.
 */
export class OrderIntakeThread {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private outbox: (Omit<IntakeJob, 'channelId'> & { channel: ChannelRow })[] = [];
  private flushScheduled = false;
  /** The worker running now; replaced when one that stopped unexpectedly is restarted. */
  private worker: Worker | null = null;
  private failure: Error | null = new Error('the order intake worker has not started');
  private closing = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private unsubscribe: () => void = () => {};

  private constructor(
    private readonly data: OrderIntakeWorkerData,
    private readonly events: EventBus,
  ) {}

  static async start(data: OrderIntakeWorkerData, events: EventBus): Promise<OrderIntakeThread | null> {
    const thread = new OrderIntakeThread(data, events);
    try {
      await thread.spawn();
    } catch (error) {
      log.warn({ err: error }, 'no worker thread, committing webhook orders on the main thread');
      return null;
    }
    thread.unsubscribe = events.subscribe((event) => {
      if (INVALIDATING_TOPICS.has(event.topic)) thread.send({ type: 'invalidate' });
    });
    return thread;
  }

  /** False while no worker runs (it failed, or is being restarted): callers then commit on their own thread. */
  get running(): boolean {
    return this.failure === null;
  }

  /** One order through the worker's group commit; resolves once it is durable. */
  ingest(channel: ChannelRow, order: IncomingOrder, actor: string): Promise<IngestResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    this.outbox.push({ id, channel, order, actor });
    if (this.outbox.length >= HANDOVER_BATCH) this.flushOutbox();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      // The orders parsed in this turn of the event loop (one per socket that had a request) go together.
      setImmediate(() => this.flushOutbox());
    }
    return new Promise<IngestResult>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  /** Lets the orders already handed over finish (answered, durable), then ends the thread. */
  async close(): Promise<void> {
    this.closing = true;
    this.unsubscribe();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (this.failure || !worker) return;
    this.flushOutbox();
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    this.send({ type: 'close' });
    const timeout = setTimeout(() => void worker.terminate(), 10_000);
    await exited;
    clearTimeout(timeout);
  }

  /** Starts a worker and waits for it to be ready; it then takes the orders. */
  private async spawn(): Promise<void> {
    const entry = await workerEntry(ORDER_INTAKE_WORKER, import.meta.url);
    if (!entry) throw new Error('no order intake worker script was found');
    // execArgv: [] — the script is plain JavaScript; a loader the parent runs with (`--import tsx`) would only slow its start.
    const worker = new Worker(entry, { workerData: this.data, execArgv: [] });
    let onMessage: (text: string) => void = () => {};
    let onError: (error: Error) => void = () => {};
    let onExit: (code: number) => void = () => {};
    try {
      await new Promise<void>((resolve, reject) => {
        onMessage = (text) => {
          const m = JSON.parse(text) as FromIntakeWorker;
          if (m.type === 'ready') resolve();
          else reject(new Error(m.type === 'failed' ? m.message : `unexpected ${m.type}`));
        };
        onError = reject;
        onExit = (code) => reject(new Error(`exit code ${code}`));
        worker.once('message', onMessage).once('error', onError).once('exit', onExit);
      });
    } catch (error) {
      await worker.terminate();
      throw error;
    } finally {
      // Not removeAllListeners(): the Worker keeps listeners of its own.
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    }
    worker.on('message', (text: string) => this.receive(JSON.parse(text) as FromIntakeWorker));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the order intake worker stopped (exit code ${code})`)));
    this.worker = worker;
    this.failure = null;
    log.debug(`order intake on a worker thread (${fileURLToPath(entry)})`);
  }

  private receive(message: FromIntakeWorker): void {
    if (message.type === 'settled') {
      for (const event of message.events) this.events.forwardFromThread(event);
      for (const outcome of message.outcomes) {
        const waiting = this.waiting.get(outcome.id);
        this.waiting.delete(outcome.id);
        if (outcome.ok) {
          for (const event of outcome.events) this.events.forwardFromThread(event);
          waiting?.resolve(outcome.value);
        } else waiting?.reject(revive(outcome.error));
      }
    } else if (message.type === 'failed') {
      if (this.worker) this.lost(this.worker, revive(message));
    }
  }

  private flushOutbox(): void {
    this.flushScheduled = false;
    const jobs = this.outbox;
    this.outbox = [];
    if (!jobs.length || this.failure) return;
    const channels = new Map(jobs.map((j) => [j.channel.id, j.channel]));
    this.send({ type: 'ingest', channels: [...channels.values()], jobs: jobs.map(({ id, channel, order, actor }) => ({ id, channelId: channel.id, order, actor })) });
  }

  private send(message: ToIntakeWorker): void {
    if (!this.failure) this.worker?.postMessage(JSON.stringify(message));
  }

  /**
   * The worker stopped or failed. Jobs not yet posted, and those it never answered: their callers
   * get the error (the webhook answers 500 and the channel redelivers; intake is idempotent). Unless
   * the app is stopping, a new worker is started after a pause that doubles with each restart (1 s
   * up to a minute); meanwhile webhook orders commit on the app's thread.
   */
  private lost(worker: Worker, error: Error): void {
    if (worker !== this.worker || this.failure) return;
    this.failure = error;
    for (const job of this.outbox) this.waiting.get(job.id)?.reject(error);
    this.outbox = [];
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
    if (this.closing) return;
    log.error({ err: error }, 'the order intake thread stopped; webhook orders are committed on the main thread until it is restarted');
    void worker.terminate();
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delay = Math.min(60_000, 1000 * 2 ** this.restarts);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.closing) return;
      this.restarts++;
      this.spawn().then(
        () => log.warn({ restarts: this.restarts }, 'the order intake thread was restarted'),
        (error) => {
          log.error({ err: error }, 'the order intake thread could not be restarted');
          if (!this.closing) this.scheduleRestart();
        },
      );
    }, delay);
    this.restartTimer.unref();
  }
}
