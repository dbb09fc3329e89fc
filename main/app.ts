import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRouter } from './api/index';
import type { CallContext, CallResult, Router } from './api/registry';
import { systemClock, type Clock } from './clock';
import { EventBus } from './events';
import { createServices, type Services } from './services';
import type { Store } from './store/store';
import { isPostgresLocation, migrateStore, openStore } from './store/open-store';
import { WORKERS } from './workers';
import { backgroundSettled, trackBackground } from './util/background-work';
import { Cluster } from './cluster/index';
import { recoverInterruptedImports } from './domain/catalog/product-import-record';
import type { SecretBox } from './domain/channels/credentials';
import type { MethodName, MethodInput, MethodOutput } from '../shared/api';
import { AppError } from '../shared/errors';
import { applyShopLocale } from './domain/system/shop-format';
import { childLogger } from './logging/logger';

const log = childLogger({ module: 'app' });
/** How long close() lets API calls in flight end before it stops the workers and the database. */
const CALLS_GRACE_MS = 10_000;

export interface OpenAppOptions {
  /** The shop's database: a SQLite file path, or a postgres:// URL (`--db`, `SHIPSHAPE_DB`). */
  dbPath: string;
  clock?: Clock;
  /** better-sqlite3 addon built for Electron (see scripts/prepare-electron-sqlite.mjs). */
  nativeBinding?: string;
  lanMode?: boolean;
  /**
   * Start background workers (print queue sender, device polling, ...). The desktop app and the
   * station server do; one-shot CLI commands and most tests do not. 'deferred': not yet — the
   * caller starts them with app.startWorkers() (the station server: after its first answer, so
   * the threads' start-up does not compete with the first page).
   */
  workers?: boolean | 'deferred';
  /** How calls that do not say so arrive (the CLI: 'cli'); recorded in the audit log. Default 'test'. */
  transport?: CallContext['transport'];
  /** Seals channel credentials at rest: the desktop app passes one built on safeStorage when the OS keychain is available. */
  secretBox?: SecretBox | null;
  /** Several apps on one PostgreSQL database: how often standing-by jobs and a lost database are retried (default 5 s). */
  clusterRetryMs?: number;
}

export interface App {
  store: Store;
  clock: Clock;
  events: EventBus;
  services: Services;
  router: Router;
  /** The other apps on the same PostgreSQL database: live events, once-per-cluster locks, database reachability. */
  cluster: Cluster;
  /** Calls a method as the given caller (default: the local owner). */
  call(method: string, input: unknown, ctx?: Partial<Omit<CallContext, 'services'>>): Promise<CallResult>;
  /** Typed call that throws the AppError on failure; for the CLI, demo seeding and tests. */
  invoke<M extends MethodName>(method: M, input: MethodInput<M>, ctx?: Partial<Omit<CallContext, 'services'>>): Promise<MethodOutput<M>>;
  /** Starts the background workers of openApp({ workers: 'deferred' }) (once; later calls wait for the same start). */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}


/**
 * The composition root: opens (and creates and migrates) the database, builds services and the
 * API router. Electron, the station server, the CLI and tests all start here.
 */
export async function openApp(options: OpenAppOptions): Promise<App> {
  if (!isPostgresLocation(options.dbPath)) mkdirSync(path.dirname(options.dbPath), { recursive: true });
  const store = openStore(options.dbPath, { nativeBinding: options.nativeBinding });
  try {
    await migrateStore(store);
  } catch (err) {
    await store.close();
    throw err;
  }
  const clock = options.clock ?? systemClock;
  const events = new EventBus(clock);
  // LISTEN/NOTIFY for live screens across station servers (PostgreSQL; nothing on SQLite).
  const cluster = new Cluster(store, events, { retryMs: options.clusterRetryMs });
  await cluster.start();
  const services = createServices({ store, clock, events, lanMode: options.lanMode ?? false, secretBox: options.secretBox ?? null });
  // Labels, reasons and notes main writes use the shop's number format (Settings → Shop format).
  await applyShopLocale(store);
  // A product import a crash interrupted left its staging folder behind (and nothing in the catalog).
  await recoverInterruptedImportsAtStart(store, clock);
  const router = createRouter();

  const context = (ctx?: Partial<Omit<CallContext, 'services'>>): CallContext => ({
    actor: ctx?.actor ?? 'owner',
    role: ctx?.role ?? 'owner',
    transport: ctx?.transport ?? options.transport ?? 'test',
    services,
  });

  let workersStarted: Promise<void> | null = null;
  let closed = false;
  const app: App = {
    store,
    clock,
    events,
    services,
    router,
    cluster,
    // A lost PostgreSQL database answers with a clear error, not an internal one (cluster.guard).
    // Calls in flight are tracked: close() lets them end (a station server's requests) first.
    call: (method, input, ctx) => trackBackground(router, cluster.guard(() => router.call(method, input, context(ctx)))),
    async invoke(method, input, ctx) {
      const result = await trackBackground(router, cluster.guard(() => router.call(method, input, context(ctx))));
      if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
      return result.data as never;
    },
    startWorkers() {
      // After close there is nothing to start them on (a deferred start that comes too late).
      if (closed) return Promise.resolve();
      workersStarted ??= (async () => {
        for (const worker of WORKERS) await worker.start(app);
        // What the system panel shows (webhook intake thread, device workers) has changed.
        events.publish('system.workers', {});
      })();
      return workersStarted;
    },
    async close() {
      closed = true;
      // Bounded: a call that waits for something only close() ends (a worker) must not hold it up.
      await backgroundSettled(router, CALLS_GRACE_MS);
      if (workersStarted) {
        await workersStarted.catch(() => undefined);
        for (const worker of [...WORKERS].reverse()) await worker.stop(app);
      }
      // Background passes still running (after-commit work, queued stock, kicked drains) end first,
      // and again after the cluster's last events: the connection must outlive every statement.
      await backgroundSettled(store);
      await cluster.close();
      await backgroundSettled(store);
      await store.close();
    },
  };
  if (options.workers === true) await app.startWorkers();
  return app;
}

async function recoverInterruptedImportsAtStart(store: Store, clock: Clock): Promise<void> {
  try {
    for (const run of await recoverInterruptedImports(store, clock)) {
      log.warn({ importRun: run.id, source: run.source }, 'product import was interrupted; nothing of it was written, its staging files are removed');
    }
  } catch (error) {
    // Never a reason not to open: the next start tries again, and `check` reports the run meanwhile.
    log.error({ err: error }, 'could not clean up interrupted imports');
  }
}
