import type { App } from './app';
import { systemClock } from './clock';
import { DEVICE_WORKERS } from './devices/device-workers';
import { oncePerCluster } from './cluster/once-per-cluster';

/** A background worker started by the desktop app and the station server (openApp({ workers: true })). */
export interface Worker {
  name: string;
  start(app: App): void | Promise<void>;
  stop(app: App): void | Promise<void>;
}

/**
 * Every background worker, in start order (stopped in reverse). Each area adds its own.
 * oncePerCluster(): jobs that must run once across every app on one PostgreSQL database (advisory
 * lock, main/cluster/once-per-cluster.ts); on SQLite they simply run.
 */
export const WORKERS: Worker[] = [
  // WAL checkpoints on their own thread, so no commit waits for one (main/store/checkpointer.ts).
  { name: 'wal-checkpoints', start: (app) => void app.store.startBackgroundCheckpoints(), stop: (app) => app.store.stopBackgroundCheckpoints() },
  // Webhook orders' SQL and group commit on a thread of their own (main/domain/orders/order-intake-thread.ts).
  // After the checkpointer: the intake's connection leaves checkpoints to it. Its clock is the system's:
  // an app on a test clock commits webhook orders on its own thread.
  { name: 'order-intake', start: (app) => (app.clock === systemClock ? app.services.orders.startIntakeThread() : undefined), stop: (app) => app.services.orders.stopIntakeThread() },
  ...DEVICE_WORKERS,
  // Channel sync (main/domain/channels/): drains the outbox to the stores, pulls orders every few minutes.
  oncePerCluster({ name: 'channel-sync', start: async (app) => await app.services.channelSync.startWorker(), stop: (app) => app.services.channelSync.stopWorker() }),
  // Live tracking (main/domain/shipping/service/tracking-refresh.ts): bought labels' scans from the postage provider.
  oncePerCluster({ name: 'tracking-refresh', start: (app) => app.services.shipping.trackingRefresh.start(), stop: (app) => app.services.shipping.trackingRefresh.stop() }),
  // The daily backup (main/domain/backup/daily-backups.ts): on the app's clock, never crashes the app.
  oncePerCluster({ name: 'daily-backup', start: (app) => app.services.backup.daily.start(), stop: (app) => app.services.backup.daily.stop() }),
  // The replenishment autopilot's daily run (main/domain/replenishment/daily-run.ts): on the app's clock, never crashes the app.
  oncePerCluster({ name: 'replenishment-daily', start: (app) => app.services.replenishment.daily.start(), stop: (app) => app.services.replenishment.daily.stop() }),
];
