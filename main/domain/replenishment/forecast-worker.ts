import { detached } from '../../util/detached';
import { parentPort, workerData } from 'node:worker_threads';
import { EventBus } from '../../events';
import { openStore } from '../../store/open-store';
import type { Core } from '../../core';
import { demandHistory } from '../forecasting/index';
import { forecastForPolicy } from './demand-forecasts';
import type { ForecastTask, ForecastTaskResult } from './forecast-threads';
import { childLogger, forwardLogsToMainThread } from '../../logging/logger';

forwardLogsToMainThread();
const log = childLogger({ worker: 'forecast' });

/**
 * A forecasting thread: its own read-only connection, demand history and forecasts for the product
 * ids it is sent, plain numbers back (see forecast-threads.ts).
 */
const { dbPath, nativeBinding, nowIso } = workerData as { dbPath: string; nativeBinding?: string; nowIso: string };
// `dbPath` is a SQLite file or a postgres:// URL (with its password: the main thread's store URL).
// On PostgreSQL the pool is read-only too (default_transaction_read_only) and one connection serves
// this thread's one task at a time.
const store = openStore(dbPath, { readonly: true, poolSize: 1, ...(nativeBinding ? { nativeBinding } : {}) });
// The history queries jump from order lines to their orders by rowid all over a large file: with
// SQLite's default 2 MB page cache most jumps are a read() system call. Memory-mapping the file (read
// only, WAL-safe) and a 64 MB cache took a third off the history's CPU at 30,000 SKUs (bench/replenishment.ts).
if (store.engine === 'sqlite') {
  store.sqlite.pragma('cache_size = -65536');
  store.sqlite.pragma('mmap_size = 2147483648');
}
const clock = { now: () => new Date(nowIso) };
const core: Core = { store, clock, events: new EventBus(clock), lanMode: false };

parentPort!.on('message', detached('forecast-worker event handler', async (task: ForecastTask | 'stop') => {
  if (task === 'stop') {
    await store.close();
    parentPort!.close();
    return;
  }
  try {
    const series = await demandHistory(core, { productIds: task.ids, warehouseId: task.warehouseId, days: task.historyDays, until: task.until });
    const values = new Float64Array(series.length * 3);
    const methods: string[] = [];
    series.forEach((s, i) => {
      const f = forecastForPolicy(s, task.recentDays);
      values[i * 3] = f.perDay;
      values[i * 3 + 1] = f.sdPerDay;
      values[i * 3 + 2] = f.recentUnits;
      methods.push(f.method);
    });
    const result: ForecastTaskResult = { ok: true, ids: series.map((s) => s.productId), values, methods };
    parentPort!.postMessage(result, [values.buffer]);
  } catch (error) {
    log.error({ err: error, products: task.ids.length, warehouseId: task.warehouseId }, 'forecast task failed');
    parentPort!.postMessage({ ok: false, error: (error as Error).message } satisfies ForecastTaskResult);
  }
}));
