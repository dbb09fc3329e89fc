import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Core } from '../../core';
import { workerEntry } from '../../util/worker-entry';
import { shopCalendar } from '../calendar/shop-calendar';
import { forecastsFromHistory, type DemandForecast } from './demand-forecasts';
import { formatLocalDate, parseLocalDate } from '../calendar/local-days';

export const FORECAST_WORKER = 'forecast-worker';

export interface ForecastTask {
  ids: number[];
  warehouseId: number;
  historyDays: number;
  recentDays: number;
  until?: string;
}
export type ForecastTaskResult = { ok: true; ids: number[]; values: Float64Array; methods: string[] } | { ok: false; error: string };

/** Products per task: small enough to balance the threads, large enough that one history query serves many. */
const TASK_SIZE = 5000;
/** Below this many products threads cost more than they save. */
const MIN_FOR_THREADS = 5000;

/**
 * Forecasts for many products on worker threads, one per core, each with its own read-only
 * connection: the history queries and the forecasting both run in parallel, and the event loop
 * stays free. Small catalogs, or no worker script, take the in-thread path (same code, same answer).
 */
export async function forecastsOnThreads(
  core: Core,
  productIds: readonly number[],
  opts: { warehouseId: number; historyDays: number; recentDays: number; until?: string; threads?: number; nativeBinding?: string; minForThreads?: number; taskSize?: number },
): Promise<Map<number, DemandForecast>> {
  const taskSize = opts.taskSize ?? TASK_SIZE;
  const threads = Math.max(1, Math.min(opts.threads ?? os.availableParallelism(), Math.ceil(productIds.length / taskSize)));
  const entry = productIds.length >= (opts.minForThreads ?? MIN_FOR_THREADS) && core.store.path !== ':memory:' ? await workerEntry(FORECAST_WORKER, import.meta.url).catch(() => null) : null;
  if (!entry) return await forecastsFromHistory(core, productIds, opts);
  // The history ends yesterday at the shop, whatever the threads' clocks say.
  const until = opts.until ?? previousDay((await shopCalendar(core)).today());
  const tasks: ForecastTask[] = [];
  for (let i = 0; i < productIds.length; i += taskSize) tasks.push({ ids: productIds.slice(i, i + taskSize), warehouseId: opts.warehouseId, historyDays: opts.historyDays, recentDays: opts.recentDays, until });
  const out = new Map<number, DemandForecast>();
  // On PostgreSQL `store.path` hides the password: the threads need the full URL to connect.
  const location = core.store.engine === 'postgres' ? core.store.url : core.store.path;
  const workers = Array.from({ length: threads }, () => new Worker(entry, { workerData: { dbPath: location, nativeBinding: opts.nativeBinding, nowIso: core.clock.now().toISOString() } }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const task = tasks.shift();
              if (!task) return resolve();
              worker.postMessage(task);
            };
            worker.on('message', (r: ForecastTaskResult) => {
              if (!r.ok) return reject(new Error(`forecast thread: ${r.error}`));
              r.ids.forEach((id, i) => out.set(id, { perDay: r.values[i * 3], sdPerDay: r.values[i * 3 + 1], recentUnits: r.values[i * 3 + 2], method: r.methods[i] }));
              next();
            });
            worker.once('error', reject);
            // A thread that dies without an error (out of memory, killed) must not leave the run waiting forever.
            worker.once('exit', (code) => reject(new Error(`forecast thread exited (${code}) before finishing`)));
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

function previousDay(day: string): string {
  return formatLocalDate(parseLocalDate(day) - 1);
}
