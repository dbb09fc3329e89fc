import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRouter } from './api/index';
import type { CallContext, CallResult, Router } from './api/registry';
import { systemClock, type Clock } from './clock';
import { EventBus } from './events';
import { createServices, type Services } from './services';
import { migrateToLatest } from './store/migrate';
import { Store } from './store/store';
import { WORKERS } from './workers';
import { recoverInterruptedImports } from './domain/catalog/product-import-record';
import type { SecretBox } from './domain/channels/credentials';
import type { MethodName, MethodInput, MethodOutput } from '../shared/api';
import { AppError } from '../shared/errors';

export interface OpenAppOptions {
  dbPath: string;
  clock?: Clock;
  /** better-sqlite3 addon built for Electron (see scripts/prepare-electron-sqlite.mjs). */
  nativeBinding?: string;
  lanMode?: boolean;
  /**
   * Start background workers (print queue sender, device polling, ...). The desktop app and the
   * station server do; one-shot CLI commands and most tests do not.
   */
  workers?: boolean;
  /** How calls that do not say so arrive (the CLI: 'cli'); recorded in the audit log. Default 'test'. */
  transport?: CallContext['transport'];
  /** Seals channel credentials at rest: the desktop app passes one built on safeStorage when the OS keychain is available. */
  secretBox?: SecretBox | null;
}

export interface App {
  store: Store;
  clock: Clock;
  events: EventBus;
  services: Services;
  router: Router;
  /** Calls a method as the given caller (default: the local owner). */
  call(method: string, input: unknown, ctx?: Partial<Omit<CallContext, 'services'>>): Promise<CallResult>;
  /** Typed call that throws the AppError on failure; for the CLI, demo seeding and tests. */
  invoke<M extends MethodName>(method: M, input: MethodInput<M>, ctx?: Partial<Omit<CallContext, 'services'>>): Promise<MethodOutput<M>>;
  close(): Promise<void>;
}


/**
 * The composition root: opens (and creates and migrates) the database, builds services and the
 * API router. Electron, the station server, the CLI and tests all start here.
 */
export async function openApp(options: OpenAppOptions): Promise<App> {
  mkdirSync(path.dirname(options.dbPath), { recursive: true });
  const store = new Store(options.dbPath, { nativeBinding: options.nativeBinding });
  try {
    await migrateToLatest(store);
  } catch (err) {
    store.close();
    throw err;
  }
  const clock = options.clock ?? systemClock;
  const events = new EventBus(clock);
  const services = createServices({ store, clock, events, lanMode: options.lanMode ?? false, secretBox: options.secretBox ?? null });
  // A product import a crash interrupted left its staging folder behind (and nothing in the catalog).
  recoverInterruptedImportsAtStart(store, clock);
  const router = createRouter();

  const context = (ctx?: Partial<Omit<CallContext, 'services'>>): CallContext => ({
    actor: ctx?.actor ?? 'owner',
    role: ctx?.role ?? 'owner',
    transport: ctx?.transport ?? options.transport ?? 'test',
    services,
  });

  const app: App = {
    store,
    clock,
    events,
    services,
    router,
    call: (method, input, ctx) => router.call(method, input, context(ctx)),
    async invoke(method, input, ctx) {
      const result = await router.call(method, input, context(ctx));
      if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
      return result.data as never;
    },
    async close() {
      if (options.workers) for (const worker of [...WORKERS].reverse()) await worker.stop(app);
      store.close();
    },
  };
  if (options.workers) for (const worker of WORKERS) await worker.start(app);
  return app;
}

function recoverInterruptedImportsAtStart(store: Store, clock: Clock): void {
  try {
    for (const run of recoverInterruptedImports(store, clock)) {
      if (process.env.SHIPSHAPE_DEBUG) console.error(`product import #${run.id} (${run.source}) was interrupted; nothing of it was written, its staging files are removed`);
    }
  } catch (error) {
    // Never a reason not to open: the next start tries again, and `check` reports the run meanwhile.
    if (process.env.SHIPSHAPE_DEBUG) console.error('could not clean up interrupted imports:', error);
  }
}
