import { createReadStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { OrderImportReport } from '../../../shared/api/orders';
import type { Core } from '../../core';
import type { Inventory } from '../inventory/index';
import type { ChannelRow } from '../../store/schema';
import { ChannelService } from './channel-service';
import { afterCommitPass } from './after-commit';
import { GroupCommitQueue } from './group-commit';
import type { IncomingOrder } from './intake/index';
import { importOrders } from './order-import';
import { OrderQueries } from './order-queries';
import { OrderIntakeThread } from './order-intake-thread';
import { OrderService, type IngestResult } from './order-service';
import { publishStockFeedChanges, stockFeed, stockFeedShopifyCsv } from './stock-feed';
import { WebhookLog } from './webhook-log';
import { RecentWebhookDeliveries } from './webhook-deliveries';
import { openWebhookDelivery, type WebhookDelivery, type WebhookRequest } from './webhooks';
import { childLogger } from '../../logging/logger';
import { withProgress, type Progress } from '../../logging/progress';
import { estimateCsvRows } from '../../logging/row-estimate';

const log = childLogger({ module: 'orders' });

/** The orders area: channels, intake (webhooks, files, manual), allocation, the queue, stock feeds. */
export function createOrders(core: Core, inventory: Inventory) {
  // Rows of the file read so far of its (estimated) rows; a CSV's rows are counted while it is read.
  const importWithProgress = (source: string, csv: string | { path: string } | null, run: (progress: Progress) => Promise<OrderImportReport>) =>
    withProgress(core.events, { kind: 'order-import', label: `Importing orders from ${source}` }, async (progress) => {
      if (csv !== null) void estimateCsvRows(csv).then((total) => progress.update({ total }), () => undefined);
      const report = await run(progress);
      log.info({ source, ...report, errors: report.errors.length }, 'order import finished');
      return report;
    });
  const channels = new ChannelService(core, inventory.locations);
  const service = new OrderService(core, inventory.catalog, channels);
  const queries = new OrderQueries(core);
  const groupCommit = new GroupCommitQueue(core.store);
  const webhookLog = new WebhookLog(core);
  let intakeThread: OrderIntakeThread | null = null;
  const stockFeedEvents = publishStockFeedChanges(core);

  // Backorders are allocated automatically when stock arrives (earliest promise first). Stock
  // events fire inside transactions; the pass runs just after, debounced per tick.
  let pendingProducts = new Set<number>();
  const release = afterCommitPass(core.store, 'backorder release', async () => {
    const products = [...pendingProducts];
    pendingProducts = new Set();
    if (!core.store.open) return;
    try {
      await service.releaseBackorders('system:backorder-release', products.length ? products : undefined);
    } catch (err) {
      log.error({ err }, 'backorder release failed');
    }
  });
  core.events.subscribeLocal((event) => {
    if (event.topic !== 'stock.changed') return;
    const productId = (event.data as { productId?: number }).productId;
    if (productId) pendingProducts.add(productId);
    release.schedule();
  });

  const orders = {
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
      intakeThread = await OrderIntakeThread.start({ dbPath: store.engine === 'postgres' ? store.url : store.path, nativeBinding: store.nativeBinding ?? null, checkpointsElsewhere: store.backgroundCheckpoints !== null }, core.events);
    },
    /** Resolves once the backorder pass that stock changes so far scheduled has run (tests, the CLI). */
    async backordersReleased(): Promise<void> {
      await release.settled();
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
      return groupCommit.submit(async () => await service.ingest(channel, order, actor), { atomic: true });
    },
    /** Logs a refused or odd webhook delivery to a known channel: bounded fields, rate-limited, capped (webhook-log.ts). */
    async logWebhook(channelId: number, topic: string | null, outcome: string, httpStatus: number, message: string, remote: string | null): Promise<void> {
      await webhookLog.record({ channelId, topic, outcome, httpStatus, message, remote });
    },
    webhookLog,
    /** Delivery ids answered lately, so a redelivered webhook is not processed twice (webhook-deliveries.ts). */
    recentDeliveries: new RecentWebhookDeliveries(),
    /**
     * A delivery to a channel's webhook address, before its body is read (webhooks.ts); null for an
     * address that names no Shopify or WooCommerce channel. The HTTP adapter (main/server/webhook-routes.ts) calls this.
     */
    async openWebhookDelivery(request: WebhookRequest): Promise<WebhookDelivery | null> {
      return await openWebhookDelivery(orders, request);
    },
    async importText(channelId: number, format: 'shopify' | 'woocommerce' | 'csv', content: string, actor: string) {
      const channel = await channels.row(channelId);
      return importWithProgress('(uploaded text)', format === 'woocommerce' ? null : content, (progress) =>
        importOrders(format, content, channel, async (o) => await service.ingest(channel, o, actor, { applyStoreChanges: false }), progress),
      );
    },
    async importFile(channelId: number, format: 'shopify' | 'woocommerce' | 'csv', path: string, actor: string) {
      const channel = await channels.row(channelId);
      const input = format === 'woocommerce' ? readFileSync(path, 'utf8') : createReadStream(path);
      return importWithProgress(basename(path), format === 'woocommerce' ? null : { path }, (progress) =>
        importOrders(format, input, channel, async (o) => await service.ingest(channel, o, actor, { applyStoreChanges: false }), progress),
      );
    },
    /** Resolves once the stock-feed figures changed so far are recomputed and published. */
    stockFeedPublished: () => stockFeedEvents.settled(),
    stockFeed: async (channelId: number, opts: { query?: string; limit: number }) => await stockFeed(core, await channels.row(channelId), opts),
    async stockFeedShopifyCsv(channelId: number, location: string) {
      const channel = await channels.row(channelId);
      return { csv: stockFeedShopifyCsv(await stockFeed(core, channel, { limit: 1_000_000 }), location), filename: `inventory-${channel.name.replace(/\W+/g, '-')}.csv` };
    },
  };
  return orders;
}
export type Orders = ReturnType<typeof createOrders>;
