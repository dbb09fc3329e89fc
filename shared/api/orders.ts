import { z } from 'zod';
import { method } from './contract';

export const ORDER_STATUSES = ['new', 'allocated', 'backordered', 'picking', 'packed', 'shipped', 'partially_shipped', 'delivered', 'on_hold', 'cancelled', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type ChannelKind = 'shopify' | 'woocommerce' | 'csv' | 'manual';

export interface ChannelDto {
  id: number;
  name: string;
  kind: ChannelKind;
  /** Station-server path that receives this channel's webhooks. */
  webhookPath: string;
  /** Active secrets (old ones stay valid until `retiresAt` while Shopify rotates). */
  secrets: { addedAt: string; retiresAt: string | null; hint: string }[];
  defaultWarehouse: string | null;
  /** Business days per shipping method; "*" is the default. */
  promiseRules: Record<string, number>;
  safetyBuffer: number;
  maxExportQty: number | null;
  allowSplit: boolean;
}

export interface AddressDto {
  name: string;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  regionCode: string | null;
  postalCode: string;
  countryCode: string;
  phone: string | null;
  residential: boolean | null;
}

export interface OrderSummaryDto {
  id: number;
  channel: string;
  externalId: string;
  number: string;
  status: OrderStatus;
  customer: string;
  destination: string;
  placedAt: string;
  promisedDate: string | null;
  totalCents: number;
  currency: string;
  units: number;
  warehouse: string | null;
  holdReason: string | null;
  priority: number;
  lines: { sku: string; qty: number }[];
}

/**
 * Open orders per state. States listed in `capped` were counted over their newest orders only (a
 * filter that needs each order read, at a scale where reading them all would stall the station):
 * their figure is a lower bound ("120+").
 */
export type OrderCountsDto = Partial<Record<OrderStatus, number>> & { capped?: OrderStatus[] };

export interface OrderLineDto {
  id: number;
  sku: string;
  name: string;
  productId: number | null;
  quantity: number;
  unitPriceCents: number;
  discountCents: number;
  taxCents: number;
  warehouse: string | null;
  shippedQty: number;
  reserved: { sku: string; warehouse: string; bin: string; lot: string | null; quantity: number }[];
}

export interface OrderDetailDto extends OrderSummaryDto {
  customerEmail: string | null;
  customerPhone: string | null;
  shipTo: AddressDto | null;
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  shippingCents: number;
  paymentStatus: string;
  shippingMethod: string | null;
  tags: string[];
  note: string | null;
  rawIdentifiers: Record<string, string>;
  orderLines: OrderLineDto[];
  events: { at: string; from: string | null; to: string; actor: string; reason: string }[];
  /** Why this warehouse (or split, or backorder), in words, with each warehouse's reason. */
  allocation: { kind: string; explanation: string; warehouses: { warehouse: string; chosen: boolean; reason: string }[] } | null;
  allowedTransitions: OrderStatus[];
}

/**
 * How the queue is ordered: `newest` (id descending) or `promise` (earliest promised date first,
 * orders without one last, then id), or by a column (a header click) in `direction`: `number`
 * (order id), `total`, `placed`, `promised` (orders without a promised date last either way).
 */
export const ORDER_SORTS = ['newest', 'promise', 'number', 'total', 'placed', 'promised'] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
export const ORDER_COLUMN_SORTS = ['number', 'total', 'placed', 'promised'] as const;
export type OrderColumnSort = (typeof ORDER_COLUMN_SORTS)[number];
export type SortDirection = 'asc' | 'desc';
export const isColumnSort = (sort: OrderSort | undefined): sort is OrderColumnSort => (ORDER_COLUMN_SORTS as readonly string[]).includes(sort ?? '');
/** Keyset cursor of a column sort: the (column value, id) of the last row seen. */
export interface ColumnCursor {
  value: string | number | null;
  id: number;
}
/** Keyset cursor of the promise order: the (promised date, id) of the last row seen. */
export interface PromiseCursor {
  promised: string | null;
  id: number;
}

/** One page of the queue; `nextBefore` continues the newest order, `nextAfter` the promise order (the other is null). */
export interface OrderPageDto {
  rows: OrderSummaryDto[];
  nextBefore: number | null;
  nextAfter: PromiseCursor | null;
  /** Continues a column sort (`from`); absent for `newest` and `promise`. */
  nextFrom?: ColumnCursor | null;
}

export interface OrderImportReport {
  created: number;
  /** Orders the file cancelled: new ones that arrived already cancelled (stored, cancelled) and known ones it cancelled. */
  cancelled: number;
  duplicate: number;
  on_hold: number;
  failed: number;
  errors: { row?: number; path?: string; field: string; message: string }[];
}

export interface StockFeedRow {
  sku: string;
  name: string;
  available: number;
  /** available − channel buffer, capped by max export, never below 0: what to push to the store. */
  exportQuantity: number;
}

const id = z.number().int().positive();
const address = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(200),
    company: z.string().max(200).nullable().default(null),
    line1: z.string().trim().min(1, 'address line 1 is required').max(200),
    line2: z.string().max(200).nullable().default(null),
    city: z.string().trim().min(1, 'city is required').max(100),
    regionCode: z.string().max(10).nullable().default(null),
    postalCode: z.string().trim().min(1, 'postal code is required').max(20),
    countryCode: z.string().length(2, 'use a 2-letter country code').toUpperCase(),
    phone: z.string().max(40).nullable().default(null),
    residential: z.boolean().nullable().default(null),
  })
  .strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
/** The queue's filters, shared by `orders.list` and `orders.counts`. */
const queueFilter = {
  channel: id.optional(),
  /** Allocated warehouse code (split orders match each of their warehouses); `null` = not allocated anywhere. */
  warehouse: z.string().trim().min(1).max(40).nullable().optional(),
  /** Promised date on or after / on or before (inclusive, YYYY-MM-DD): "overdue" is `promisedTo` = yesterday. */
  promisedFrom: isoDate.optional(),
  promisedTo: isoDate.optional(),
  /** One whole tag, case-insensitive ("vip" matches "VIP", never "vipx"). */
  tag: z.string().trim().min(1).max(40).optional(),
};

export const ordersApi = {
  'channels.list': method<ChannelDto[]>()(z.object({}).strict(), { description: 'Sales channels' }),
  'channels.upsert': method<ChannelDto>()(
    z
      .object({
        id: id.optional(),
        name: z.string().trim().min(1).max(80),
        kind: z.enum(['shopify', 'woocommerce', 'csv', 'manual']),
        /** Adds a webhook secret; with `retireOldAfterHours`, older secrets stay valid that long (rotation). */
        secret: z.string().min(8, 'secrets are at least 8 characters').max(200).optional(),
        retireOldAfterHours: z.number().min(0).max(24 * 30).optional(),
        defaultWarehouse: z.string().nullable().optional(),
        promiseRules: z.record(z.string(), z.number().int().min(0).max(60)).optional(),
        safetyBuffer: z.number().int().min(0).optional(),
        maxExportQty: z.number().int().min(0).nullable().optional(),
        allowSplit: z.boolean().optional(),
      })
      .strict(),
    { audit: 'settings', description: 'Create or edit a sales channel', roles: ['owner'] },
  ),

  /**
   * The live order queue, keyset-paged. `sort: 'newest'` (the default): id descending, continue
   * with `before` = `nextBefore`. `sort: 'promise'`: earliest promised date first, orders without
   * a promise date last, ties by id; continue with `after` = `nextAfter`. A column sort (`number`,
   * `total`, `placed`, `promised`, with `direction`): continue with `from` = `nextFrom`. With a selective filter a
   * page may hold fewer than `limit` rows while its cursor is still set: each request reads a
   * bounded slice of the queue (so it stays fast at a million orders) and the cursor says where to
   * continue; `null` means nothing further matches.
   */
  'orders.list': method<OrderPageDto>()(
    z
      .object({
        status: z.enum(ORDER_STATUSES).optional(),
        ...queueFilter,
        query: z.string().max(100).optional(),
        sort: z.enum(ORDER_SORTS).default('newest'),
        before: id.optional(),
        after: z.object({ promised: isoDate.nullable(), id }).strict().optional(),
        /** A column sort's direction (default ascending). */
        direction: z.enum(['asc', 'desc']).optional(),
        from: z.object({ value: z.union([z.string().max(100), z.number()]).nullable(), id }).strict().optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict()
      .refine((v) => !(v.sort !== 'promise' && v.after), { message: "'after' continues the promise order; use 'before' with sort 'newest', 'from' with a column sort", path: ['after'] })
      .refine((v) => !(v.sort !== 'newest' && v.before), { message: "'before' continues the newest order; use 'after' with sort 'promise', 'from' with a column sort", path: ['before'] })
      .refine((v) => !(!isColumnSort(v.sort) && (v.from || v.direction)), { message: "'from' and 'direction' go with a column sort (number, total, placed, promised)", path: ['from'] }),
    { description: 'Order queue' },
  ),
  /** Open orders per status, under the same filters as the queue (not the search text). */
  'orders.counts': method<OrderCountsDto>()(z.object(queueFilter).strict(), { description: 'Open orders per status' }),
  'orders.tags': method<string[]>()(z.object({}).strict(), { description: 'Tags on orders (lower-case), for the queue filter' }),
  'orders.get': method<OrderDetailDto>()(z.object({ id }).strict(), { description: 'One order with lines, reservations, history and the allocation reason' }),
  /** Manual order entry (also the "csv"/"manual" channels' single-order path). */
  'orders.create': method<OrderDetailDto>()(
    z
      .object({
        channel: id.optional(),
        externalId: z.string().trim().min(1).max(100).optional(),
        customer: z.object({ name: z.string().trim().min(1).max(200), email: z.string().email().nullable().default(null), phone: z.string().max(40).nullable().default(null) }).strict(),
        shipTo: address,
        lines: z
          .array(z.object({ sku: z.string().trim().min(1).max(64), quantity: z.number().int().positive('must be at least 1'), unitPriceCents: z.number().int().min(0).optional() }).strict())
          .min(1, 'an order needs at least one line'),
        shippingMethod: z.string().max(80).nullable().default(null),
        shippingChargedCents: z.number().int().min(0).default(0),
        currency: z.string().length(3).default('USD'),
        tags: z.array(z.string().max(40)).default([]),
        note: z.string().max(2000).nullable().default(null),
        priority: z.number().int().min(0).max(10).default(0),
      })
      .strict(),
    { audit: 'orders', description: 'Enter an order by hand' },
  ),
  'orders.hold': method<OrderDetailDto>()(z.object({ id, reason: z.string().trim().min(1, 'a reason is required').max(300) }).strict(), { audit: 'orders', description: 'Put an order on hold' }),
  'orders.release': method<OrderDetailDto>()(z.object({ id }).strict(), { audit: 'orders', description: 'Release a hold; the order is allocated again' }),
  'orders.cancel': method<OrderDetailDto>()(z.object({ id, reason: z.string().trim().min(1).max(300) }).strict(), { audit: 'orders', description: 'Cancel; releases everything reserved' }),
  'orders.transition': method<OrderDetailDto>()(
    z.object({ id, to: z.enum(ORDER_STATUSES), reason: z.string().trim().min(1).max(300) }).strict(),
    { audit: 'orders', description: 'Move an order to another state (checked against the state machine)', roles: ['owner'] },
  ),
  /** Fix an unknown SKU on a held order: point the line at a catalog product (and remember the alias). */
  'orders.fixLine': method<OrderDetailDto>()(
    z.object({ id, lineId: id, sku: z.string().trim().min(1).max(64), rememberAlias: z.boolean().default(true) }).strict(),
    { audit: 'orders', description: 'Fix a line whose SKU was unknown' },
  ),
  /**
   * Change the ship-to address (recorded in the order's history). The address is checked again:
   * one that fails holds the order "address needs attention: …" (nothing reserved); one that
   * passes releases such a hold, and the order is allocated.
   */
  'orders.updateAddress': method<OrderDetailDto>()(z.object({ id, address }).strict(), { audit: 'orders', description: "Edit an order's ship-to address; re-checked, an address hold is released when it passes" }),
  /**
   * Optional: asks the connected postage provider (EasyPost) whether the address is deliverable.
   * Recorded in the history; an undeliverable one holds the order "address needs attention: EasyPost: …".
   */
  'orders.verifyAddress': method<{ deliverable: boolean; errors: string[]; status: OrderStatus }>()(z.object({ id }).strict(), {
    audit: 'orders',
    description: "Verify an order's address with the postage provider",
  }),
  'orders.allocate': method<OrderDetailDto>()(z.object({ id }).strict(), { audit: 'orders', description: 'Try to allocate a new or backordered order now' }),
  'orders.releaseBackorders': method<{ allocated: number; still: number }>()(z.object({}).strict(), { audit: 'orders', description: 'Allocate backorders, earliest promise first' }),
  'orders.import': method<OrderImportReport>()(
    z.object({ channel: id, format: z.enum(['shopify', 'woocommerce', 'csv']), content: z.string().max(60 * 1024 * 1024) }).strict(),
    { audit: 'orders', description: 'Import orders from a file (Shopify orders CSV, WooCommerce REST JSON, plain CSV)', roles: ['owner'] },
  ),
  'orders.stateMachine': method<{ from: OrderStatus; to: OrderStatus }[]>()(z.object({}).strict(), { description: 'Allowed order transitions' }),

  /** What to push to a storefront per SKU: available − buffer, capped. */
  'stockFeed.list': method<StockFeedRow[]>()(z.object({ channel: id, query: z.string().max(100).optional(), limit: z.number().int().min(1).max(100000).default(500) }).strict(), {
    description: 'Stock feed for a channel',
  }),
  'stockFeed.shopifyCsv': method<{ csv: string; filename: string }>()(z.object({ channel: id, location: z.string().max(100).default('Shipshape') }).strict(), {
    description: "Stock feed as Shopify's inventory CSV",
  }),
};
