import { mapInOrder } from '../../util/in-order';
import { sql } from 'kysely';
import type { MappedProductDto, UnmappedProductDto } from '../../../shared/api/channels-sync';
import { conflict, invalid, notFound } from '../../../shared/errors';
import type { Core } from '../../core';
import type { Orders } from '../orders/index';
import { WOO_PRODUCT_KEY_PREFIX } from '../orders/intake/woocommerce-order-json';
import { ChannelApiError } from './connector';
import type { ChannelPlatform } from './connectors';
import { queueStockChanges } from './stock-targets';

/** A catalogue is read at most this many pages deep here; mapping is for the few products without a SKU. */
const MAX_PRODUCT_PAGES = 20;

/**
 * The key a store product is mapped under: what its order lines carry as their SKU. A WooCommerce
 * product or variation without a SKU is `wc:<product_id>[:<variation_id>]` (the stand-in intake gives
 * such lines, wooCommerceProductKey); the connector's ChannelProduct id `93` / `22:23` is accepted
 * for it. Anything else (a store SKU our catalog does not have, a held line's text) is its own key.
 */
export function productKey(platform: ChannelPlatform, externalId: string): string {
  const id = externalId.trim();
  if (platform === 'woocommerce' && /^\d+(:\d+)?$/.test(id)) return `${WOO_PRODUCT_KEY_PREFIX}${id}`;
  return id;
}

/** "WooCommerce product 22 variation 23" for a stand-in key; null for a plain SKU. */
export function describeProductKey(key: string): string | null {
  const m = new RegExp(`^${WOO_PRODUCT_KEY_PREFIX}(\\d+)(?::(\\d+))?$`).exec(key);
  return m ? `WooCommerce product ${m[1]}${m[2] ? ` variation ${m[2]}` : ''}` : null;
}

interface MappingChannel {
  id: number;
  name: string;
  kind: ChannelPlatform;
}

/**
 * Products of a store that match nothing in our catalog — above all WooCommerce products without
 * a SKU — mapped once to one of ours and remembered.
 *
 * A mapping is a channel SKU alias (`sku_alias`, what intake resolves every line through, the
 * same row "fix line / remember" writes) plus its record in `channel_product_map` (when, and that
 * it came from the store's list). Mapping releases the held orders waiting for it; the next order
 * resolves at intake; and stock is pushed to the store product under the same key (stock-targets.ts:
 * a WooCommerce connector addresses a `wc:` key by its product id).
 */
export class ProductMapping {
  constructor(
    private readonly core: Core,
    private readonly orders: Orders,
    private readonly channelOf: (channelId: number) => Promise<MappingChannel>,
    private readonly listProducts: (channelId: number) => Promise<((page: string | null) => Promise<{ products: { externalId: string; sku: string | null; name: string }[]; nextPage: string | null }>) | null>,
  ) {}

  /** Held order lines that match no product, and store products that match none (read from the store when connected). */
  async unmapped(channelId: number): Promise<UnmappedProductDto[]> {
    const { store } = this.core;
    const channel = await this.channelOf(channelId);
    const held = await store.all(
      store.kysely
        .selectFrom('order_line as l')
        .innerJoin('sales_order as o', 'o.id', 'l.order_id')
        .select(['l.sku', (eb) => eb.fn.max('l.name').as('name'), (eb) => eb.fn.count<number>('o.id').distinct().as('orders')])
        .where('o.channel_id', '=', channelId)
        .where('o.status', '=', 'on_hold')
        .where('l.product_id', 'is', null)
        .groupBy('l.sku')
        .orderBy('l.sku'),
    );
    const byKey = new Map<string, UnmappedProductDto>();
    for (const h of held) {
      byKey.set(h.sku, { externalId: h.sku, name: String(h.name ?? '') || (describeProductKey(h.sku) ?? h.sku), sku: null, heldOrders: Number(h.orders), storeProductId: null });
    }
    const aliases = await this.aliasKeys(channel.name);
    const list = await this.listProducts(channelId);
    for (let page: string | null = null, n = 0; list && n < MAX_PRODUCT_PAGES; n++) {
      let answer: Awaited<ReturnType<typeof list>>;
      try {
        answer = await listWithPatience(() => list(page));
      } catch (error) {
        if (error instanceof ChannelApiError && (error.kind === 'throttled' || error.kind === 'transient')) {
          throw conflict(`${channel.name}'s store is busy right now and did not list its products (${error.message}). Nothing is lost: press Refresh in a minute.`);
        }
        if (error instanceof ChannelApiError) throw conflict(`Could not read the products of ${channel.name}'s store: ${error.message}`);
        throw error;
      }
      for (const p of answer.products) {
        // Shopify variants without a SKU cannot be mapped: its orders need a SKU on every shipped line (README).
        if (!p.sku && channel.kind !== 'woocommerce') continue;
        const key = p.sku ?? productKey(channel.kind, p.externalId);
        if (aliases.has(key.toLowerCase())) continue;
        if (p.sku && await store.get(store.kysely.selectFrom('product').select('id').where(sql<string>`lower(sku)`, '=', p.sku.toLowerCase()))) continue;
        const waiting = byKey.get(key);
        byKey.set(key, { externalId: key, name: p.name, sku: p.sku, heldOrders: waiting?.heldOrders ?? 0, storeProductId: p.externalId });
      }
      page = answer.nextPage;
      if (!page) break;
    }
    // Waiting orders first: those are what the owner came for.
    return [...byKey.values()].sort((a, b) => b.heldOrders - a.heldOrders || a.name.localeCompare(b.name));
  }

  /** The channel's remembered mappings (its SKU aliases), with the name its orders gave the product. */
  async mapped(channelId: number): Promise<MappedProductDto[]> {
    const { store } = this.core;
    const channel = await this.channelOf(channelId);
    const rows = await store.all(
      store.kysely
        .selectFrom('sku_alias as a')
        .innerJoin('product as p', 'p.id', 'a.product_id')
        .leftJoin('channel_product_map as m', (j) => j.on('m.channel_id', '=', channelId).onRef('m.external_id', '=', 'a.alias'))
        .select(['a.alias', 'p.sku', 'p.name', 'm.mapped_at'])
        .where('a.channel', '=', channel.name)
        .orderBy('a.alias'),
    );
    return await mapInOrder(rows, async (r) => {
      const line = await store.get(
        store.kysely
          .selectFrom('order_line as l')
          .innerJoin('sales_order as o', 'o.id', 'l.order_id')
          .select('l.name')
          .where('o.channel_id', '=', channelId)
          .where('l.sku', '=', r.alias)
          .orderBy('l.id', 'desc')
          .limit(1),
      );
      return { externalId: r.alias, storeName: line?.name || describeProductKey(r.alias), sku: r.sku, productName: r.name, mappedAt: r.mapped_at ?? null };
    });
  }

  /**
   * Maps a store product (or a held line's text) to one of our SKUs for the channel, in one
   * transaction: the alias is remembered, every held order waiting for it is re-checked (released
   * and allocated when nothing else is missing), and its stock is queued for the store.
   */
  async map(channelId: number, externalId: string, sku: string, actor: string): Promise<{ mapped: true; externalId: string; released: number }> {
    const { store, clock } = this.core;
    const channel = await this.channelOf(channelId);
    const key = productKey(channel.kind, externalId);
    if (key.startsWith(`${WOO_PRODUCT_KEY_PREFIX}line:`)) {
      throw invalid(`externalId: ${key} is a line whose WooCommerce product was deleted; fix that order's line instead`, { field: 'externalId' });
    }
    const product = await store.get(store.kysely.selectFrom('product').select(['id', 'sku']).where(sql<string>`lower(sku)`, '=', sku.trim().toLowerCase()));
    if (!product) throw invalid(`sku: no product "${sku}" in the catalog`, { field: 'sku' });
    if (product.sku.toLowerCase() === key.toLowerCase()) throw invalid(`externalId: ${key} is already our SKU; nothing to map`, { field: 'externalId' });
    const result = await store.tx(async () => {
      const at = clock.now().toISOString();
      await store.run(store.kysely.deleteFrom('sku_alias').where('channel', '=', channel.name).where(sql<string>`lower(alias)`, '=', key.toLowerCase()));
      await store.run(store.kysely.insertInto('sku_alias').values({ channel: channel.name, alias: key, product_id: product.id }));
      await store.run(
        store.kysely
          .insertInto('channel_product_map')
          .values({ channel_id: channelId, external_id: key, product_id: product.id, mapped_at: at })
          .onConflict((oc) => oc.columns(['channel_id', 'external_id']).doUpdateSet({ product_id: product.id, mapped_at: at })),
      );
      const lines = await store.all(
        store.kysely
          .selectFrom('order_line as l')
          .innerJoin('sales_order as o', 'o.id', 'l.order_id')
          .select(['l.id', 'l.order_id'])
          .where('o.channel_id', '=', channelId)
          .where('o.status', '=', 'on_hold')
          .where('l.product_id', 'is', null)
          .where(sql<string>`lower(l.sku)`, '=', key.toLowerCase())
          .orderBy('l.order_id'),
      );
      const released = new Set<number>();
      for (const l of lines) {
        if (await this.orders.service.fixLine(l.order_id, l.id, product.sku, false, actor) !== 'on_hold') released.add(l.order_id);
      }
      return { mapped: true as const, externalId: key, released: released.size };
    });
    await this.afterChange(channelId, [product.id]);
    return result;
  }

  /** Forgets a mapping: later orders for that store product are held again, and its stock is no longer pushed. */
  async unmap(channelId: number, externalId: string): Promise<{ unmapped: true }> {
    const { store } = this.core;
    const channel = await this.channelOf(channelId);
    const key = productKey(channel.kind, externalId);
    const productId = await store.tx(async () => {
      const alias = await store.get(store.kysely.selectFrom('sku_alias').select(['alias', 'product_id']).where('channel', '=', channel.name).where(sql<string>`lower(alias)`, '=', key.toLowerCase()));
      if (!alias) throw notFound(`A mapping of ${key} for channel ${channel.name}`);
      await store.run(store.kysely.deleteFrom('sku_alias').where('channel', '=', channel.name).where('alias', '=', alias.alias));
      await store.run(store.kysely.deleteFrom('channel_product_map').where('channel_id', '=', channelId).where('external_id', '=', alias.alias));
      // Nothing more is sent under that key, and a later mapping starts from an unconditional push.
      await store.run(store.kysely.deleteFrom('channel_stock_push').where('channel_id', '=', channelId).where('sku', '=', alias.alias));
      const pending = (await store
        .all(store.kysely.selectFrom('sync_outbox').select(['id', 'payload']).where('channel_id', '=', channelId).where('kind', '=', 'stock').where('state', '=', 'pending')))
        .filter((r) => (JSON.parse(r.payload) as { sku: string }).sku === alias.alias)
        .map((r) => r.id);
      if (pending.length > 0) await store.run(store.kysely.deleteFrom('sync_outbox').where('id', 'in', pending));
      return alias.product_id;
    });
    await this.afterChange(channelId, [productId]);
    return { unmapped: true };
  }

  private async afterChange(channelId: number, productIds: number[]): Promise<void> {
    // The store product now shows (or no longer shows) our figure: queued after the commit, like any stock change.
    await queueStockChanges(this.core, channelId, productIds);
    this.core.events.publish('sync.changed', { channelId });
  }

  private async aliasKeys(channelName: string): Promise<Set<string>> {
    const { store } = this.core;
    return new Set((await store.all(store.kysely.selectFrom('sku_alias').select('alias').where('channel', '=', channelName))).map((a) => a.alias.toLowerCase()));
  }
}

/**
 * The product list is read while someone waits at the screen, often just after start-up when the
 * sync's first stock push has used the store's rate-limit budget: a short wait the store names
 * (at most 5 s, three times) is better than an error the owner can do nothing about.
 */
async function listWithPatience<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const wait = error instanceof ChannelApiError && error.kind === 'throttled' ? (error.detail.retryAfterMs ?? 1000) : null;
      if (wait === null || wait > 5000 || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
