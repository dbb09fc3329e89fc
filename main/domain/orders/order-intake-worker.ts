import { detached } from '../../util/detached';
/**
 * Worker-thread entry of the webhook order intake (started by order-intake-thread.ts in the desktop
 * app and the station server): the orders' SQL — idempotency, allocation, reservations, history —
 * and the group commit run here, on the core the HTTP thread is not using, with a connection of
 * their own to the same database. The HTTP thread keeps the sockets, the signature check and the
 * parsing, and posts the accepted orders here in batches. Bundled as its own file next to the CLI
 * bundle and the Electron main bundle.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { AppEvent } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { systemClock } from '../../clock';
import { EventBus } from '../../events';
import type { Core } from '../../core';
import type { ChannelRow } from '../../store/schema';
import { openStore } from '../../store/open-store';
import { shopCalendar } from '../calendar/shop-calendar';
import { createInventory } from '../inventory/index';
import { ChannelService } from './channel-service';
import { GroupCommitQueue } from './group-commit';
import type { IncomingOrder } from './intake/index';
import { OrderService, type IngestResult } from './order-service';
import { childLogger, forwardLogsToMainThread } from '../../logging/logger';

forwardLogsToMainThread();
const log = childLogger({ worker: 'order-intake' });

export interface OrderIntakeWorkerData {
  /** The SQLite file, or the PostgreSQL URL (with its password: the thread opens a pool of its own). */
  dbPath: string;
  nativeBinding: string | null;
  /** The app's connection runs background checkpoints (this one then leaves them to it). */
  checkpointsElsewhere: boolean;
}

export interface IntakeJob {
  id: number;
  /** One of the message's `channels`. */
  channelId: number;
  order: IncomingOrder;
  actor: string;
}

/** An error as it crosses the thread boundary (an AppError keeps its code and details). */
export interface SerialisedError {
  message: string;
  code?: string;
  details?: unknown;
  stack?: string;
}

/** An order's answer; a committed one carries the events its unit of work published. */
export type IntakeOutcome = { id: number; ok: true; value: IngestResult; events: AppEvent[] } | { id: number; ok: false; error: SerialisedError };

/**
 * Messages cross the thread boundary as JSON text: everything in them is plain data, and V8's
 * structured clone of plain objects costs about twice JSON's round trip (measured: 32 against
 * 15 µs for a webhook's order), on both threads, per order.
 */
export type ToIntakeWorker =
  // Each channel row goes once per message (a flash sale's batch is all one channel's), not with every order.
  | { type: 'ingest'; channels: ChannelRow[]; jobs: IntakeJob[] }
  | { type: 'invalidate' }
  | { type: 'close' };

export type FromIntakeWorker =
  | { type: 'ready' }
  | { type: 'settled'; outcomes: IntakeOutcome[]; events: AppEvent[] }
  | { type: 'failed'; message: string; stack?: string }
  | { type: 'closed' };

export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof AppError) return { message: error.message, code: error.code, details: error.details, stack: error.stack };
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}

const port = parentPort;
if (port) {
  const post = (message: FromIntakeWorker) => port.postMessage(JSON.stringify(message));
  try {
    const data = workerData as OrderIntakeWorkerData;
    // No migrations here: the app opened (and migrated) the database before starting this thread.
    // On PostgreSQL the SQL runs in the server, but parsing rows and building statements is still
    // this thread's CPU, off the HTTP thread; a small pool lets a group commit while the next forms.
    const store = openStore(data.dbPath, { nativeBinding: data.nativeBinding ?? undefined, checkpointsElsewhere: data.checkpointsElsewhere, poolSize: 4 });
    const core: Core = { store, clock: systemClock, events: new EventBus(systemClock), lanMode: false };
    const inventory = createInventory(core);
    const channels = new ChannelService(core, inventory.locations);
    const service = new OrderService(core, inventory.catalog, channels);
    const groupCommit = new GroupCommitQueue(store);

    // The events of the order being committed travel with its answer, which goes back only once its
    // group is durable (a group written while the previous sync is on the disk must not announce
    // itself with that sync's answers), and are dropped with it if its savepoint is rolled back.
    // Per job through AsyncLocalStorage: on PostgreSQL the jobs run side by side (group-commit.ts).
    const jobEvents = new AsyncLocalStorage<{ events: AppEvent[]; open: boolean }>();
    let looseEvents: AppEvent[] = [];
    // What this thread settles goes back in one message per turn of its event loop (a group's
    // answers come due together, after its fsync).
    let outcomes: IntakeOutcome[] = [];
    let flushScheduled = false;
    const flush = () => {
      flushScheduled = false;
      if (outcomes.length === 0 && looseEvents.length === 0) return;
      post({ type: 'settled', outcomes, events: looseEvents });
      outcomes = [];
      looseEvents = [];
    };
    const scheduleFlush = () => {
      if (flushScheduled) return;
      flushScheduled = true;
      setImmediate(flush);
    };
    core.events.subscribe((event) => {
      const job = jobEvents.getStore();
      if (job?.open) job.events.push(event);
      else {
        looseEvents.push(event);
        scheduleFlush();
      }
    });
    let inFlight = 0;
    let closing = false;
    let closed = false;
    const closeWhenIdle = () => {
      if (!closing || inFlight > 0 || closed) return;
      closed = true;
      flush();
      // A PostgreSQL pool ends asynchronously: the thread says it is closed once its connections are.
      void Promise.resolve(store.close()).finally(() => {
        post({ type: 'closed' });
        port.close();
      });
    };

    port.on('message', detached('order-intake-worker event handler', async (text: string) => {
      const message = JSON.parse(text) as ToIntakeWorker;
      if (message.type === 'invalidate') return (await shopCalendar(core)).invalidate();
      if (message.type === 'close') {
        closing = true;
        return closeWhenIdle();
      }
      const channels = new Map(message.channels.map((c) => [c.id, c]));
      for (const job of message.jobs) {
        const channel = channels.get(job.channelId)!;
        inFlight++;
        // ingest is one tx() of its own: a savepoint of the group, rolled back alone if it fails.
        groupCommit
          .submit(
            async () => {
              const captured = { events: [] as AppEvent[], open: true };
              try {
                return { value: await jobEvents.run(captured, () => service.ingest(channel, job.order, job.actor)), events: captured.events };
              } finally {
                // Work the job left running (a timer carrying its context) publishes loose events from now on.
                captured.open = false;
              }
            },
            { atomic: true },
          )
          .then(
            ({ value, events }) => outcomes.push({ id: job.id, ok: true, value, events }),
            (error) => outcomes.push({ id: job.id, ok: false, error: serialiseError(error) }),
          )
          .finally(() => {
            inFlight--;
            scheduleFlush();
            closeWhenIdle();
          });
      }
    }));
    // Opening a PostgreSQL pool connects lazily: one statement proves the server answers before the thread says it is ready.
    void store.raw('select 1').then(
      () => {
        post({ type: 'ready' });
        log.info('order intake thread ready');
      },
      (error: unknown) => {
        log.error({ err: error }, 'order intake thread could not reach the database');
        post({ type: 'failed', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
        void Promise.resolve(store.close()).finally(() => port.close());
      },
    );
  } catch (error) {
    log.error({ err: error }, 'order intake thread could not start');
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
    port.close();
  }
}
