import type { Core } from '../../core';
import { shopCalendar } from '../calendar/shop-calendar';
import type { ChannelRow } from '../../store/schema';
import type { Orders } from '../orders/index';
import { parseShopifyOrderObject, parseWooCommerceOrderObject, type IncomingOrder } from '../orders/intake/index';
import type { ChannelConnector, PulledOrder } from './connector';

/**
 * How far before the stored cursor each pull starts again. Stores stamp `updated_at` when the
 * change is made, not when it becomes readable, so an order written a moment before the last pull
 * may show up with an older stamp; re-reading a few minutes is free (intake is idempotent).
 */
export const PULL_OVERLAP_MS = 2 * 60 * 1000;

export interface PullResult {
  pulled: number;
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  /** Orders the intake refused (malformed), with why; the cursor moves past them. */
  failed: { externalId: string; message: string }[];
  cursor: string | null;
}

export const emptyPull = (): PullResult => ({ pulled: 0, created: 0, updated: 0, cancelled: 0, unchanged: 0, failed: [], cursor: null });

function parsePulled(platform: ChannelConnector['platform'], order: PulledOrder): { ok: true; value: IncomingOrder } | { ok: false; message: string } {
  const parsed = platform === 'shopify' ? parseShopifyOrderObject(order.body, order.topic) : parseWooCommerceOrderObject(order.body, order.topic);
  if (!parsed.ok) return { ok: false, message: parsed.errors.map((e) => `${e.path ?? e.field}: ${e.message}`).join('; ') };
  // The store says cancelled (a trashed WooCommerce order, a Shopify cancelledAt) whatever the body's topic implies.
  return { ok: true, value: order.cancelled && parsed.value.event !== 'cancelled' ? { ...parsed.value, event: 'cancelled' } : parsed.value };
}

/**
 * The reconciliation pull: orders created or updated since the cursor (minus the overlap), page
 * by page, each through the same parsers and intake as its webhook — idempotent by (channel,
 * external id), so an order the webhook already brought is a no-op, a missed one is created, and a
 * cancellation made in the store is applied. Each page and the cursor over it commit in one
 * transaction: after a crash the pull starts again at the last committed page.
 */
export async function pullOrders(core: Core, orders: Orders, channel: ChannelRow, connector: ChannelConnector): Promise<PullResult> {
  const { store, clock } = core;
  const connection = await store.get(store.kysely.selectFrom('channel_connection').select(['pull_cursor', 'backfill_days']).where('channel_id', '=', channel.id));
  if (!connection) return emptyPull();
  const now = clock.now();
  const since = connection.pull_cursor
    ? new Date(Date.parse(connection.pull_cursor) - PULL_OVERLAP_MS).toISOString()
    : // Backfill N days: from the shop's midnight N days ago, so a whole shop day is never cut in half.
      ((await shopCalendar(core)).startOfDaysAgo(connection.backfill_days)).toISOString();
  const result = emptyPull();
  let cursor = connection.pull_cursor;
  let page: string | null = null;
  const actor = `sync:${channel.name}`;
  do {
    const answer = await connector.pullOrders(since, page);
    await store.tx(async () => {
      for (const pulled of answer.orders) {
        result.pulled++;
        const parsed = parsePulled(connector.platform, pulled);
        if (!parsed.ok) result.failed.push({ externalId: pulled.externalId, message: parsed.message });
        else {
          const outcome = (await orders.service.ingest(channel, parsed.value, actor)).outcome;
          if (outcome === 'created') result.created++;
          else if (outcome === 'updated') result.updated++;
          else if (outcome === 'cancelled') result.cancelled++;
          else result.unchanged++;
        }
        if (!cursor || pulled.updatedAt > cursor) cursor = pulled.updatedAt;
      }
      await store.run(store.kysely.updateTable('channel_connection').set({ pull_cursor: cursor }).where('channel_id', '=', channel.id));
    });
    page = answer.nextPage;
  } while (page);
  // A store with no orders at all in the window: the cursor starts at this pull, so the next one reads only what came since.
  cursor ??= new Date(now.getTime() - PULL_OVERLAP_MS).toISOString();
  await store.run(store.kysely.updateTable('channel_connection').set({ last_pull_at: now.toISOString(), pull_cursor: cursor }).where('channel_id', '=', channel.id));
  result.cursor = cursor;
  return result;
}
