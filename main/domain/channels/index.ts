import { detached } from '../../util/detached';
import { detachedBackground, trackBackground } from '../../util/background-work';
import type { Core } from '../../core';
import type { Orders } from '../orders/index';
import type { SecretBox } from './credentials';
import { refreshFlashSales } from './flash-sale';
import { queueStockChanges } from './stock-targets';
import { ChannelConnections } from './sync-service';
import { afterCommitPass } from '../orders/after-commit';
import { SyncRunner } from './sync-runner';
import { childLogger } from '../../logging/logger';

const log = childLogger({ module: 'channel-sync' });

export type { SecretBox } from './credentials';

/** How often the worker looks for due outbox rows (one indexed query per connected channel). */
const DRAIN_EVERY_MS = 1000;

/**
 * Channel sync: connections to the stores' APIs, the outbox and its worker, the reconciliation
 * pull, the sync status. Stock changes are queued here for every connected channel just after
 * the unit of work that moved stock commits, by the process that committed it (the app, the station
 * server, the CLI; in a cluster the worker that drains the outbox may run on another site);
 * the ledger stays the source of truth, and the worker's start and every pull reconcile all
 * figures, so a change whose row a crash lost in between is queued again.
 */
export function createChannelSync(core: Core, deps: { orders: Orders; secretBox: SecretBox | null }) {
  const connections = new ChannelConnections(core, deps.orders, deps.secretBox);
  const runner = new SyncRunner(core, deps.orders, connections);
  let drainTimer: NodeJS.Timeout | null = null;
  let pullTimer: NodeJS.Timeout | null = null;
  let kickScheduled = false;
  let running = false;

  const connectedChannels = async () =>
    (await core.store.all(core.store.kysely.selectFrom('channel_connection').select('channel_id').where('status', '<>', 'disconnected'))).map((r) => r.channel_id);

  const kick = () => {
    if (!running || kickScheduled) return;
    kickScheduled = true;
    setImmediate(() => {
      kickScheduled = false;
      if (running) void trackBackground(core.store, runner.drain());
    });
  };

  // Stock moved or was reserved: after the commit (one pass for the events of many units of work,
  // after-commit.ts), the figures of the products involved are compared with what each store was
  // last told, and the changed ones queued.
  let pendingProducts = new Set<number>();
  const stockPass = afterCommitPass(core.store, 'queue stock for the stores', () => queueStock());
  runner.stockQueued = () => stockPass.settled();
  core.events.subscribeLocal((event) => {
    // Flash-sale hook: a storefront confirmed a lower quota and another channel's figure was queued.
    if (event.topic === 'flashSale.changed') return kick();
    if (event.topic !== 'stock.reserved' && event.topic !== 'stock.changed') return;
    const productId = (event.data as { productId?: number }).productId;
    if (!productId) return;
    pendingProducts.add(productId);
    stockPass.schedule();
  });

  // Never rejects: a failure is logged and the next reconciliation queues the figures from the ledger.
  const queueStock = async (): Promise<void> => {
    const ids = [...pendingProducts];
    pendingProducts = new Set();
    if (!core.store.open) return;
    try {
      // Flash-sale hook: drop SKUs (and SKUs that just became one) re-plan their quotas first.
      let queued = await refreshFlashSales(core, ids);
      for (const channelId of await connectedChannels()) queued += await queueStockChanges(core, channelId, ids);
      if (queued > 0) kick();
    } catch (error) {
      // Never lost: the next reconciliation (worker start, every pull) queues it from the ledger.
      log.error({ err: error }, 'queueing stock for the stores failed');
    }
  };

  const schedulePull = async () => {
    pullTimer = setTimeout(detached('index timer', async () => {
      try {
        await runner.run();
      } catch (error) {
        log.error({ err: error }, 'sync pass failed');
      }
      if (running) await schedulePull();
    }), await runner.pullIntervalMinutes() * 60_000);
  };

  return {
    connections,
    runner,
    get workerRunning(): boolean {
      return running;
    },
    /** The background worker (desktop app, station server): reconcile all stock, drain continuously, pull every few minutes. */
    async startWorker(): Promise<void> {
      if (running) return;
      running = true;
      for (const channelId of await connectedChannels()) {
        try {
          await queueStockChanges(core, channelId);
        } catch (error) {
          log.error({ err: error, channelId }, 'stock reconciliation failed');
        }
      }
      drainTimer = setInterval(detachedBackground(core.store, 'outbox drain timer', async () => {
        // Flash-sale hook: a channel that stopped selling gives its quota back with time, not with an event.
        try {
          await refreshFlashSales(core);
        } catch (error) {
          log.error({ err: error }, 'refreshing flash-sale quotas failed');
        }
        await runner.drain();
      }), DRAIN_EVERY_MS);
      drainTimer.unref?.();
      // A first pull soon after start: orders missed while the app was closed.
      pullTimer = setTimeout(() => {
        void runner.run().catch((error) => log.error({ err: error }, 'sync pass failed')).finally(async () => running && await schedulePull());
      }, 2000);
    },
    async stopWorker(): Promise<void> {
      running = false;
      if (drainTimer) clearInterval(drainTimer);
      if (pullTimer) clearTimeout(pullTimer);
      drainTimer = pullTimer = null;
      await runner.idle();
    },
    /** After a connect: the backfill pull starts now when the worker runs (else at `sync run`). */
    afterConnect(channelId: number): void {
      if (running) void runner.run(channelId).catch(() => undefined);
    },
    kick,
  };
}
export type ChannelSync = ReturnType<typeof createChannelSync>;
