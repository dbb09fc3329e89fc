/**
 * The one seam between Shipshape's channel sync and a storefront's API. The sync core (outbox,
 * reconciliation pull, mapping, status) speaks only this interface; each platform (Shopify's
 * GraphQL Admin API, WooCommerce's REST API) implements it in its own folder, and so does nothing
 * else: no database, no events, no retries — a connector makes one attempt per call and reports
 * failure as a ChannelApiError whose `kind` tells the outbox what to do next.
 *
 * Quantities are whole units; money never crosses this seam. Identifiers of the storefront's
 * objects (orders, locations, inventory items, fulfilments) are opaque strings.
 */

/** What the owner typed in to connect a channel to its store. */
export interface ChannelCredentials {
  /** Shopify: the shop domain (`my-shop.myshopify.com`) or URL; WooCommerce: the store's base URL. */
  url: string;
  /** Shopify: the Admin API access token of the shop's custom app. */
  token?: string;
  /** WooCommerce: REST API consumer key (`ck_…`) and secret (`cs_…`). */
  key?: string;
  secret?: string;
}

/** A stock location of the store (Shopify locations; WooCommerce has one, the store itself). */
export interface ChannelLocation {
  id: string;
  name: string;
}

export interface ConnectResult {
  /** The store's own name for itself (Shopify `shop.name`, WooCommerce the site title or URL). */
  shop: string;
  locations: ChannelLocation[];
  /** Access scopes the sync needs that the credentials lack, each with the reason it is needed. Empty when complete. */
  missingScopes: { scope: string; neededFor: string }[];
}

/** One product variant as the store lists it, for mapping lines without a SKU. */
export interface ChannelProduct {
  /** Shopify variant GID / WooCommerce `product_id` or `product_id:variation_id`. */
  externalId: string;
  sku: string | null;
  name: string;
}

/**
 * One order read by the reconciliation pull, as the same JSON body its webhook would carry
 * (Shopify: the REST `orders/create` payload shape; WooCommerce: the `order.*` webhook payload),
 * so the pulled order goes through exactly the intake parsers the webhook uses.
 */
export interface PulledOrder {
  externalId: string;
  /** The store's last-modified instant (ISO, UTC): the pull cursor advances over these. */
  updatedAt: string;
  /** The webhook topic this body corresponds to (`orders/updated`, `order.updated`, ...). */
  topic: string;
  body: unknown;
  /** The store's state says the order is cancelled (Shopify `cancelledAt`, WooCommerce status `cancelled`/`trash`). */
  cancelled: boolean;
}

export interface PulledPage {
  orders: PulledOrder[];
  /** Pass back to get the next page of the same pull; null on the last page. */
  nextPage: string | null;
}

export interface FulfilmentPush {
  externalOrderId: string;
  /** Shipshape's shipment id, sent where the API keeps a reference, so a retry is recognised. */
  shipmentRef: string;
  lines: { sku: string | null; externalLineId: string | null; quantity: number }[];
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  notifyCustomer: boolean;
  /** True when, with this shipment, every line of the order has shipped. */
  orderComplete: boolean;
}

export interface FulfilmentResult {
  fulfilmentId: string;
  /** The store already held a fulfilment with this tracking number (a retry after a lost answer). */
  alreadyExisted: boolean;
}

/** One absolute stock figure for one SKU at one store location. */
export interface StockSet {
  sku: string;
  /** Null for WooCommerce (one location). */
  locationId: string | null;
  quantity: number;
  /**
   * Compare-and-set: the figure Shipshape last set there. The store refuses the change (a
   * `mismatch` result) when its count has moved since — a sale made on the storefront that has not
   * reached Shipshape yet — so it is never overwritten. Null: set unconditionally (first push).
   */
  compareQuantity: number | null;
}

export type StockSetResult =
  | { sku: string; locationId: string | null; outcome: 'set' }
  | { sku: string; locationId: string | null; outcome: 'mismatch'; current: number }
  | { sku: string; locationId: string | null; outcome: 'unknown_sku' };

export type ChannelApiErrorKind =
  /** Credentials refused or revoked: retrying will not help until the owner reconnects. */
  | 'auth'
  /** The credentials lack an access scope (named in `scope`). */
  | 'scope'
  /** Rate-limited (Shopify THROTTLED / cost budget, HTTP 429): retry after `retryAfterMs`. */
  | 'throttled'
  /** Network error, timeout or 5xx: retry with backoff. */
  | 'transient'
  /** The store refused this particular change for good (validation, unknown order): do not retry. */
  | 'rejected';

export class ChannelApiError extends Error {
  constructor(
    readonly kind: ChannelApiErrorKind,
    message: string,
    readonly detail: { status?: number; retryAfterMs?: number; scope?: string } = {},
  ) {
    super(message);
    this.name = 'ChannelApiError';
  }
}

/**
 * A connected store. Every method makes one attempt (no retries, no sleeping) and throws
 * ChannelApiError on failure; plain-words messages, because the sync status shows them to the owner.
 */
export interface ChannelConnector {
  readonly platform: 'shopify' | 'woocommerce';
  /** Verifies the credentials and reads the shop, its locations and the scopes that are missing. */
  connect(): Promise<ConnectResult>;
  /** Orders created or updated at or after `since` (ISO), oldest first, one page per call. */
  pullOrders(since: string, page?: string | null): Promise<PulledPage>;
  /** Products and variants, for mapping lines without a SKU (one page per call). */
  listProducts(page?: string | null): Promise<{ products: ChannelProduct[]; nextPage: string | null }>;
  /** Tells the store an order (or part of it) shipped, with carrier and tracking. */
  createFulfilment(push: FulfilmentPush): Promise<FulfilmentResult>;
  /** Undoes a fulfilment when its shipment is voided. An already-cancelled one is not an error. */
  cancelFulfilment(externalOrderId: string, fulfilmentId: string): Promise<void>;
  /** Sets absolute stock figures, at most `maxStockBatch` per call. */
  setStock(items: StockSet[]): Promise<StockSetResult[]>;
  /** The store's current figures, for a compare-and-set retry after a mismatch. */
  readStock(items: { sku: string; locationId: string | null }[]): Promise<{ sku: string; locationId: string | null; quantity: number | null }[]>;
  /** The most stock figures one setStock call may carry (the API's batch limit). */
  readonly maxStockBatch: number;
}
