import { z } from 'zod';
import { method } from './contract';

const id = z.number().int().positive();

/** A store location and the warehouse whose stock it shows (null: not pushed). */
export interface ChannelLocationDto {
  id: string;
  name: string;
  warehouse: string | null;
}

/** Where a shipment's fulfilment stands at the store (order detail: "Fulfilment sent to Shopify 10:04 ✓"). */
export interface FulfilmentSyncDto {
  shipmentId: number;
  channel: string;
  platform: 'shopify' | 'woocommerce';
  state: 'pending' | 'sent' | 'failed' | 'cancel_pending' | 'cancelled';
  sentAt: string | null;
  /** Why it is not there yet (retrying) or failed for good, in plain words. */
  error: string | null;
}

export interface ChannelSyncStatusDto {
  channelId: number;
  channel: string;
  kind: string;
  /** not_connected: never connected; needs_attention: paused until reconnect (see lastError). */
  status: 'not_connected' | 'connected' | 'needs_attention' | 'disconnected';
  platform: 'shopify' | 'woocommerce' | null;
  shop: string | null;
  url: string | null;
  /** A simulated storefront (demo and tests), never a real shop. */
  simulated: boolean;
  /** The last 4 characters of the token or secret; the rest is never shown. */
  credentialHint: string | null;
  credentialStorage: 'safeStorage' | 'database' | null;
  /** "encrypted with the system keychain" / "stored in the database, readable only by your user account". */
  credentialNote: string | null;
  connectedAt: string | null;
  lastPullAt: string | null;
  notifyCustomer: boolean;
  backfillDays: number;
  backlog: { pending: number; dead: number; oldestPendingAt: string | null };
  lastSentAt: string | null;
  /** The last error in plain words (connection or outgoing change), null when all is well. */
  lastError: string | null;
  locations: ChannelLocationDto[];
  /** Changes the store refused for good, newest first (at most 20). */
  deadRows: { id: number; kind: string; key: string; error: string | null; at: string | null }[];
}

export interface SyncStatusDto {
  pullIntervalMinutes: number;
  channels: ChannelSyncStatusDto[];
}

export interface ConnectResultDto {
  connected: true;
  channelId: number;
  shop: string;
  locations: (ChannelLocationDto & { suggested: boolean })[];
  credentialNote: string;
  /** Orders of the last N days are pulled by the next sync pass (started at once when the worker runs). */
  backfillDays: number;
}

export interface SyncRunDto {
  channels: {
    channelId: number;
    channel: string;
    pull: { pulled: number; created: number; updated: number; cancelled: number; unchanged: number; failed: { externalId: string; message: string }[] } | null;
    stockQueued: number;
    sent: { fulfilments: number; cancels: number; stock: number; stockCalls: number; stockMismatches: number; retried: number; dead: number };
    /** Why this channel did nothing (paused, not connected, pull failed), in plain words. */
    error: string | null;
  }[];
}

export interface UnmappedProductDto {
  /**
   * The key to map (pass it to channels.mapProduct): what the store's order lines carry — a
   * WooCommerce product without SKU is `wc:<product_id>[:<variation_id>]`; otherwise the store's SKU
   * or the held line's text.
   */
  externalId: string;
  /** The store's name for it (its product list), else the order line's. */
  name: string;
  /** The store's SKU (one our catalog lacks), or null. */
  sku: string | null;
  /** Held orders waiting for this mapping. */
  heldOrders: number;
  /** The store's own id (`93`, `22:23`, a variant GID) when its product list has it. */
  storeProductId: string | null;
}

/** A remembered mapping of a store product (a channel SKU alias) to one of ours. */
export interface MappedProductDto {
  externalId: string;
  /** The name the store's orders gave it, or "WooCommerce product 93" when none arrived yet. */
  storeName: string | null;
  sku: string;
  productName: string;
  /** When mapped here (null for an alias made elsewhere, e.g. "fix line"). */
  mappedAt: string | null;
}

export const channelSyncApi = {
  'channels.connect': method<ConnectResultDto>()(
    z
      .object({
        channel: id,
        url: z.string().trim().min(1).max(500),
        /** Shopify: Admin API access token of the shop's custom app. */
        token: z.string().trim().min(1).max(500).optional(),
        /** WooCommerce: REST API consumer key and secret. */
        key: z.string().trim().min(1).max(500).optional(),
        secret: z.string().trim().min(1).max(500).optional(),
        backfillDays: z.number().int().min(0).max(60).optional(),
        notifyCustomer: z.boolean().optional(),
      })
      .strict(),
    { description: "Connect a channel to its store's API (credentials checked, locations read, backfill queued)", roles: ['owner'], audit: 'secrets', redact: ['token', 'key', 'secret'] },
  ),
  'channels.disconnect': method<{ disconnected: true }>()(z.object({ channel: id }).strict(), {
    description: 'Disconnect a channel from its store (credentials removed; nothing more is sent)',
    roles: ['owner'],
    audit: 'secrets',
  }),
  'channels.updateSync': method<{ channelId: number; notifyCustomer: boolean }>()(
    z.object({ channelId: id, notifyCustomer: z.boolean() }).strict(),
    { description: 'Change whether the store tells the customer when their order ships (no reconnect needed)', roles: ['owner'], audit: 'settings' },
  ),
  'channels.mapLocations': method<ChannelLocationDto[]>()(
    z.object({ channel: id, locations: z.array(z.object({ id: z.string().min(1).max(200), warehouse: z.string().min(1).max(40).nullable() }).strict()).max(200) }).strict(),
    { description: 'Choose the warehouse each store location shows the stock of', roles: ['owner'], audit: 'settings' },
  ),
  'channels.mapProduct': method<{ mapped: true; externalId: string; released: number }>()(
    z.object({ channel: id, externalId: z.string().trim().min(1).max(200), sku: z.string().trim().min(1).max(100) }).strict(),
    { description: "Map a store product without SKU (or an unknown line) to one of ours; remembered, held orders re-checked", roles: ['owner'], audit: 'catalog' },
  ),
  'channels.unmapProduct': method<{ unmapped: true }>()(z.object({ channel: id, externalId: z.string().trim().min(1).max(200) }).strict(), {
    description: 'Forget the mapping of a store product; its later orders are held again',
    roles: ['owner'],
    audit: 'catalog',
  }),
  'channels.unmappedProducts': method<UnmappedProductDto[]>()(z.object({ channel: id }).strict(), { description: 'Store products and order lines not matched to our catalog', roles: ['owner'], audit: false }),
  'channels.mappedProducts': method<MappedProductDto[]>()(z.object({ channel: id }).strict(), { description: "The channel's remembered product mappings", audit: false }),
  'sync.status': method<SyncStatusDto>()(z.object({}).strict(), { description: 'Per channel: connection, last pull, backlog, last error' }),
  'sync.run': method<SyncRunDto>()(z.object({ channel: id.optional() }).strict(), {
    description: 'One full sync pass now: pull orders, then send everything due',
    roles: ['owner'],
    audit: 'orders',
  }),
  'sync.retry': method<{ retried: number }>()(z.object({ channel: id }).strict(), {
    description: 'Retry now: resume a paused channel and make every waiting change due',
    roles: ['owner'],
    audit: 'settings',
  }),
  'sync.fulfilments': method<FulfilmentSyncDto[]>()(z.object({ orderId: id }).strict(), { description: "Where each of an order's fulfilments stands at its store", audit: false }),
};
