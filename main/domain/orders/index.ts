import { createReadStream, readFileSync } from 'node:fs';
import type { Core } from '../../core';
import type { Inventory } from '../inventory/index';
import type { ChannelRow } from '../../store/schema';
import { ChannelService } from './channel-service';
import { GroupCommitQueue } from './group-commit';
import type { IncomingOrder } from './intake/index';
import { importOrders } from './order-import';
import { OrderQueries } from './order-queries';
import { OrderIntakeThread } from './order-intake-thread';
import { OrderService, type IngestResult } from './order-service';
import { publishStockFeedChanges, stockFeed, stockFeedShopifyCsv } from './stock-feed';
import { WebhookLog } from './webhook-log';
import { RecentWebhookDeliveries } from './webhook-deliveries';

/** The orders area: channels, intake (webhooks, files, manual), allocation, the queue, stock feeds. */
export function createOrders(core: Core, inventory: Inventory) {
  const channels = new ChannelService(core, inventory.locations);
  const service = new OrderService(core, inventory.catalog, channels);
  const queries = new OrderQueries(core);
  const groupCommit = new GroupCommitQueue(core.store);
  const webhookLog = new WebhookLog(core);
  let intakeThread: OrderIntakeThread | null = null;
  publishStockFeedChanges(core);

  // Backorders are allocated automatically when stock arrives (earliest promise first). Stock
  // events fire inside transactions; the pass runs just after, debounced per tick.
  let pendingProducts = new Set<number>();
  let releaseScheduled = false;
  core.events.subscribe((event) => {
    if (event.topic !== 'stock.changed') return;
    const productId = (event.data as { productId?: number }).productId;
    if (productId) pendingProducts.add(productId);
    if (releaseScheduled) return;
    releaseScheduled = true;
    setImmediate(() => {
      releaseScheduled = false;
      const products = [...pendingProducts];
      pendingProducts = new Set();
      if (!core.store.sqlite.open) return;
      try {
        service.releaseBackorders('system:backorder-release', products.length ? products : undefined);
      } catch (err) {
        console.error('[shipshape] backorder release failed:', err);
      }
    });
  });

  return {
    channels,
    service,
    queries,
    groupCommit,
    /**
     * Moves webhook intake's SQL and group commit onto a worker thread with its own connection
     * (order-intake-thread.ts); the desktop app and the station server do, as a background worker.
     */
    async startIntakeThread(): Promise<void> {
      const { store } = core;
      // A second connection to an in-memory database would be another, empty database.
      if (intakeThread || store.path === ':memory:' || store.path === '') return;
      intakeThread = await OrderIntakeThread.start({ dbPath: store.path, nativeBinding: store.nativeBinding ?? null, checkpointsElsewhere: store.backgroundCheckpoints !== null }, core.events);
    },
    /** Whether webhook orders are committed on the intake thread right now (else on the caller's). */
    get intakeOnThread(): boolean {
      return intakeThread?.running ?? false;
    },
    async stopIntakeThread(): Promise<void> {
      const thread = intakeThread;
      intakeThread = null;
      await thread?.close();
    },
    /** Webhook intake through the group commit (flash-sale path), on the intake thread when it runs. */
    ingestGrouped(channel: ChannelRow, order: IncomingOrder, actor: string): Promise<IngestResult> {
      if (intakeThread?.running) return intakeThread.ingest(channel, order, actor);
      // ingest is one tx() of its own: a savepoint of the group, rolled back alone if it fails.
      return groupCommit.submit(() => service.ingest(channel, order, actor), { atomic: true });
    },
    /** Logs a refused or odd webhook delivery to a known channel: bounded fields, rate-limited, capped (webhook-log.ts). */
    logWebhook(channelId: number, topic: string | null, outcome: string, httpStatus: number, message: string, remote: string | null): void {
      webhookLog.record({ channelId, topic, outcome, httpStatus, message, remote });
    },
    webhookLog,
    /** Delivery ids answered lately, so a redelivered webhook is not processed twice (webhook-deliveries.ts). */
    recentDeliveries: new RecentWebhookDeliveries(),
    importText(channelId: number, format: 'shopify' | 'woocommerce' | 'csv', content: string, actor: string) {
      const channel = channels.row(channelId);
      return importOrders(format, content, channel, (o) => service.ingest(channel, o, actor, { applyStoreChanges: false }));
    },
    importFile(channelId: number, format: 'shopify' | 'woocommerce' | 'csv', path: string, actor: string) {
      const channel = channels.row(channelId);
      const input = format === 'woocommerce' ? readFileSync(path, 'utf8') : createReadStream(path);
      return importOrders(format, input, channel, (o) => service.ingest(channel, o, actor, { applyStoreChanges: false }));
    },
    stockFeed: (channelId: number, opts: { query?: string; limit: number }) => stockFeed(core, channels.row(channelId), opts),
    stockFeedShopifyCsv(channelId: number, location: string) {
      const channel = channels.row(channelId);
      return { csv: stockFeedShopifyCsv(stockFeed(core, channel, { limit: 1_000_000 }), location), filename: `inventory-${channel.name.replace(/\W+/g, '-')}.csv` };
    },
  };
}
export type Orders = ReturnType<typeof createOrders>;
