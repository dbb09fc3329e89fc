import { ChannelApiError, type ChannelConnector, type ChannelCredentials, type ChannelLocation, type ChannelProduct, type ConnectResult, type PulledOrder, type PulledPage } from '../connector';
import { ShopifyAdminClient, SHOPIFY_API_VERSION, type ShopifyClientOptions, type ThrottleStatus } from './admin-client';
import { cancelShopifyFulfilment, createShopifyFulfilment } from './fulfilment';
import { toGid } from './ids';
import {
  LINE_ITEMS_PAGE,
  LOCATIONS,
  LOCATIONS_PAGE,
  MORE_LINE_ITEMS_PAGE,
  ORDER_LINE_ITEMS,
  ORDERS,
  ORDERS_PAGE,
  PRODUCTS,
  PRODUCTS_PAGE,
  SHOP,
  type GqlLineItem,
  type GqlOrder,
  type PageInfo,
} from './operations';
import { orderToWebhookJson } from './order-json';
import { MAX_STOCK_BATCH, ShopifyStock } from './stock';

export { SHOPIFY_API_VERSION, shopOrigin, type ThrottleStatus } from './admin-client';

/**
 * The access scopes the sync needs, each with what it is for (shown to the owner when missing).
 * A write scope implies its read scope; either fulfilment scope will do.
 */
export const SHOPIFY_REQUIRED_SCOPES: { scope: string; satisfiedBy: string[]; neededFor: string }[] = [
  { scope: 'read_orders', satisfiedBy: ['read_orders', 'write_orders'], neededFor: 'pull orders whose webhook was lost (and the backfill on connect)' },
  {
    scope: 'write_merchant_managed_fulfillment_orders',
    satisfiedBy: ['write_merchant_managed_fulfillment_orders', 'write_fulfillments'],
    neededFor: 'send fulfilments with carrier and tracking (write_fulfillments also does)',
  },
  { scope: 'read_locations', satisfiedBy: ['read_locations', 'write_locations'], neededFor: 'map Shopify locations to warehouses' },
  { scope: 'write_inventory', satisfiedBy: ['write_inventory'], neededFor: 'push stock figures to the storefront' },
  { scope: 'read_products', satisfiedBy: ['read_products', 'write_products'], neededFor: 'map Shopify products to SKUs' },
];

export interface ShopifyConnector extends ChannelConnector {
  readonly platform: 'shopify';
  /** The cost bucket as Shopify last reported it (null before the first call), to slow down before THROTTLED. */
  readonly throttle: (ThrottleStatus & { at: number }) | null;
  readonly apiVersion: string;
}

export function createShopifyConnector(credentials: ChannelCredentials, opts: ShopifyClientOptions = {}): ShopifyConnector {
  const client = new ShopifyAdminClient(credentials, opts);
  const stock = new ShopifyStock(client);
  return {
    platform: 'shopify',
    maxStockBatch: MAX_STOCK_BATCH,
    apiVersion: opts.apiVersion ?? SHOPIFY_API_VERSION,
    get throttle() {
      return client.throttle;
    },
    connect: () => connect(client),
    pullOrders: (since, page) => pullOrders(client, since, page ?? null),
    listProducts: (page) => listProducts(client, page ?? null),
    createFulfilment: (push) => createShopifyFulfilment(client, push),
    cancelFulfilment: (externalOrderId, fulfilmentId) => cancelShopifyFulfilment(client, externalOrderId, fulfilmentId),
    setStock: (items) => stock.setStock(items),
    readStock: (items) => stock.readStock(items),
  };
}

async function connect(client: ShopifyAdminClient): Promise<ConnectResult> {
  const data = await client.request<{ shop: { name: string }; currentAppInstallation: { accessScopes: { handle: string }[] } }>('ShipshapeShop', SHOP);
  const granted = new Set(data.currentAppInstallation.accessScopes.map((s) => s.handle));
  const missingScopes = SHOPIFY_REQUIRED_SCOPES.filter((r) => !r.satisfiedBy.some((s) => granted.has(s))).map((r) => ({ scope: r.scope, neededFor: r.neededFor }));
  // Without read_locations Shopify would refuse the whole query; the missing scope says why the list is empty.
  const locations = missingScopes.some((m) => m.scope === 'read_locations') ? [] : await readLocations(client);
  return { shop: data.shop.name, locations, missingScopes };
}

async function readLocations(client: ShopifyAdminClient): Promise<ChannelLocation[]> {
  const out: ChannelLocation[] = [];
  let after: string | null = null;
  do {
    const data: { locations: { pageInfo: PageInfo; nodes: { id: string; name: string; isActive: boolean }[] } } = await client.request(
      'ShipshapeLocations',
      LOCATIONS,
      { first: LOCATIONS_PAGE, after },
    );
    for (const l of data.locations.nodes) if (l.isActive) out.push({ id: l.id, name: l.name });
    after = data.locations.pageInfo.hasNextPage ? data.locations.pageInfo.endCursor : null;
  } while (after);
  return out;
}

/**
 * One page of orders updated at or after `since`, oldest change first, each as the body of the
 * webhook it corresponds to. `page` is Shopify's cursor; the same `since` must come with it.
 */
async function pullOrders(client: ShopifyAdminClient, since: string, page: string | null): Promise<PulledPage> {
  const sinceIso = new Date(since);
  if (Number.isNaN(sinceIso.getTime())) throw new ChannelApiError('rejected', `The pull cursor ${JSON.stringify(since)} is not an ISO instant`);
  const data = await client.request<{ orders: { pageInfo: PageInfo; nodes: GqlOrder[] } }>('ShipshapeOrders', ORDERS, {
    first: ORDERS_PAGE,
    after: page,
    query: `updated_at:>='${sinceIso.toISOString()}'`,
    lineFirst: LINE_ITEMS_PAGE,
  });
  const orders: PulledOrder[] = [];
  for (const order of data.orders.nodes) {
    const lines = await allLineItems(client, order);
    orders.push({
      externalId: order.legacyResourceId,
      updatedAt: new Date(order.updatedAt).toISOString(),
      topic: order.cancelledAt ? 'orders/cancelled' : 'orders/updated',
      body: orderToWebhookJson(order, lines),
      cancelled: order.cancelledAt !== null,
    });
  }
  const { hasNextPage, endCursor } = data.orders.pageInfo;
  return { orders, nextPage: hasNextPage ? endCursor : null };
}

async function allLineItems(client: ShopifyAdminClient, order: GqlOrder): Promise<GqlLineItem[]> {
  const lines = [...order.lineItems.nodes];
  let after = order.lineItems.pageInfo.hasNextPage ? order.lineItems.pageInfo.endCursor : null;
  while (after) {
    const data: { order: { lineItems: { pageInfo: PageInfo; nodes: GqlLineItem[] } } | null } = await client.request(
      'ShipshapeOrderLineItems',
      ORDER_LINE_ITEMS,
      { id: toGid('Order', order.id), first: MORE_LINE_ITEMS_PAGE, after },
    );
    if (!data.order) break;
    lines.push(...data.order.lineItems.nodes);
    after = data.order.lineItems.pageInfo.hasNextPage ? data.order.lineItems.pageInfo.endCursor : null;
  }
  return lines;
}

async function listProducts(client: ShopifyAdminClient, page: string | null): Promise<{ products: ChannelProduct[]; nextPage: string | null }> {
  const data = await client.request<{ productVariants: { pageInfo: PageInfo; nodes: { id: string; sku: string | null; title: string; displayName: string }[] } }>(
    'ShipshapeProducts',
    PRODUCTS,
    { first: PRODUCTS_PAGE, after: page },
  );
  const products = data.productVariants.nodes.map((v) => ({ externalId: v.id, sku: v.sku && v.sku.trim() !== '' ? v.sku : null, name: v.displayName || v.title }));
  const { hasNextPage, endCursor } = data.productVariants.pageInfo;
  return { products, nextPage: hasNextPage ? endCursor : null };
}
