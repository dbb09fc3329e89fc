import { financialStatus, SIM_ADDRESS, SIM_CUSTOMER, SIM_SHIPPING } from './shopify-store-json';
import type { ShopifyStoreState, SimFulfillment, SimOrder } from './shopify-store-state';

/**
 * The GraphQL face of the simulated Shopify store: the operations Shipshape's connector sends,
 * recognised by operation name and answered from `variables` in the response shapes of the
 * GraphQL Admin API (2025-10). Each operation declares the access scope it needs and its
 * calculated cost (Shopify's rules: a connection 2 + first × node, an object 1, a mutation 10).
 */

export class GraphqlFault extends Error {}

export interface OperationContext {
  state: ShopifyStoreState;
  shopName: string;
  grantedScopes: string[];
}

export interface Operation {
  /** Any one of these scopes (a write scope also grants its read scope). Empty: none needed. */
  scopes: string[];
  requestedCost(v: Vars): number;
  run(ctx: OperationContext, v: Vars): { data: unknown; actualCost: number };
}

type Vars = Record<string, unknown>;

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

function gidNumber(value: unknown, type: string, variable: string): number {
  const match = typeof value === 'string' ? /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(value) : null;
  if (!match || match[1] !== type) throw new GraphqlFault(`Variable $${variable} of type ID! was provided invalid value: ${JSON.stringify(value)} is not a ${type} id`);
  return Number(match[2]);
}

function int(v: Vars, name: string, max = 250): number {
  const value = v[name];
  if (!Number.isInteger(value) || (value as number) < 0) throw new GraphqlFault(`Variable $${name} of type Int! was provided invalid value`);
  if ((value as number) > max) throw new GraphqlFault(`The first argument may not exceed ${max}`);
  return value as number;
}

/** Shopify's Decimal scalar: "12.5", "5.0" — not the REST body's "12.50". */
function money(amount: string) {
  const n = Number(amount);
  return { shopMoney: { amount: Number.isInteger(n) ? n.toFixed(1) : String(n), currencyCode: 'USD' } };
}

const encodeCursor = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');
function decodeCursor<T>(cursor: unknown): T | null {
  if (cursor == null) return null;
  try {
    return JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8')) as T;
  } catch {
    throw new GraphqlFault('Invalid cursor for current pagination sort.');
  }
}

/** A page of `items` after the cursor (an index), with the connection's pageInfo. */
function pageByIndex<T>(items: T[], first: number, after: unknown) {
  const start = (decodeCursor<number>(after) ?? -1) + 1;
  const nodes = items.slice(start, start + first);
  const end = start + nodes.length - 1;
  return { nodes, pageInfo: { hasNextPage: end < items.length - 1, endCursor: nodes.length ? encodeCursor(end) : null } };
}

/** The terms our connector's searches use: `sku:"A" OR sku:"B"`, `updated_at:>='ISO'`. */
function skusOf(query: unknown): string[] {
  const text = String(query ?? '');
  return [...text.matchAll(/sku:(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]));
}

function updatedFilter(query: unknown): (order: SimOrder) => boolean {
  const match = /updated_at:(>=|>|<=|<)'?([^'\s]+)'?/.exec(String(query ?? ''));
  if (!match) return () => true;
  const bound = Date.parse(match[2]);
  if (Number.isNaN(bound)) throw new GraphqlFault(`Invalid search value for updated_at: ${match[2]}`);
  const op = match[1];
  return (o) => {
    const t = Date.parse(o.updatedAt);
    return op === '>=' ? t >= bound : op === '>' ? t > bound : op === '<=' ? t <= bound : t < bound;
  };
}

/** An order: itself, customer, two addresses, shippingLines(first: 2) of 5 points, lineItems(first: n) of 9. */
const ORDER_NODE_COST = (lineFirst: number) => 1 + 1 + 2 + (2 + 2 * 5) + (2 + lineFirst * 9);
const LINE_COST = 9;

function lineItemNode(line: SimOrder['lines'][number]) {
  return {
    id: gid('LineItem', line.id),
    sku: line.variant.sku,
    name: line.variant.name,
    title: line.variant.name,
    variantTitle: null,
    quantity: line.quantity,
    currentQuantity: line.currentQuantity,
    requiresShipping: true,
    originalUnitPriceSet: money(line.price),
    totalDiscountSet: money('0'),
    discountAllocations: [],
    taxLines: [],
  };
}

function orderNode(ctx: OperationContext, order: SimOrder, lineFirst: number) {
  const lines = pageByIndex(order.lines, lineFirst, null);
  return {
    id: gid('Order', order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    number: order.number,
    email: SIM_CUSTOMER.email,
    phone: null,
    note: order.note,
    tags: order.tags,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    processedAt: order.createdAt,
    cancelledAt: order.cancelledAt,
    currencyCode: 'USD',
    displayFinancialStatus: financialStatus(order).toUpperCase(),
    displayFulfillmentStatus: ctx.state.displayFulfillmentStatus(order),
    customer: { legacyResourceId: String(SIM_CUSTOMER.id), firstName: SIM_CUSTOMER.firstName, lastName: SIM_CUSTOMER.lastName },
    shippingAddress: order.shippingAddress,
    billingAddress: SIM_ADDRESS,
    shippingLines: { nodes: [{ title: SIM_SHIPPING.title, code: SIM_SHIPPING.code, originalPriceSet: money(SIM_SHIPPING.price), discountedPriceSet: money(SIM_SHIPPING.price) }] },
    lineItems: { pageInfo: lines.pageInfo, nodes: lines.nodes.map(lineItemNode) },
    refunds: order.refunds.map((r) => ({
      id: gid('Refund', r.id),
      legacyResourceId: String(r.id),
      note: r.note,
      totalRefundedSet: money(r.amount),
      refundLineItems: { nodes: r.lines.map((l) => ({ quantity: l.quantity, restockType: l.restockType.toUpperCase(), lineItem: { id: gid('LineItem', l.lineId) } })) },
    })),
  };
}

function fulfillmentNode(f: SimFulfillment) {
  return { id: gid('Fulfillment', f.id), status: f.status, trackingInfo: f.tracking ? [f.tracking] : [] };
}

const FULFILMENT_READ = ['read_merchant_managed_fulfillment_orders', 'write_merchant_managed_fulfillment_orders', 'write_fulfillments', 'read_fulfillments'];
const FULFILMENT_WRITE = ['write_merchant_managed_fulfillment_orders', 'write_fulfillments'];
const INVENTORY_REASONS = new Set(['correction', 'cycle_count_available', 'damaged', 'movement_created', 'movement_updated', 'movement_received', 'movement_canceled', 'other', 'promotion', 'quality_control', 'received', 'reservation_created', 'reservation_deleted', 'reservation_updated', 'restock', 'safety_stock', 'shrinkage']);

export const OPERATIONS: Record<string, Operation> = {
  ShipshapeShop: {
    scopes: [],
    requestedCost: () => 2,
    run: (ctx) => {
      // Shopify lists the read scope a write scope implies, too.
      const handles = new Set(ctx.grantedScopes.flatMap((s) => (s.startsWith('write_') ? [s, `read_${s.slice(6)}`] : [s])));
      return { data: { shop: { name: ctx.shopName }, currentAppInstallation: { accessScopes: [...handles].map((handle) => ({ handle })) } }, actualCost: 2 };
    },
  },

  ShipshapeLocations: {
    scopes: ['read_locations'],
    requestedCost: (v) => 2 + int(v, 'first'),
    run: (ctx, v) => {
      const page = pageByIndex(ctx.state.locations, int(v, 'first'), v.after);
      return { data: { locations: { pageInfo: page.pageInfo, nodes: page.nodes.map((l) => ({ id: gid('Location', l.id), name: l.name, isActive: true })) } }, actualCost: 2 + page.nodes.length };
    },
  },

  ShipshapeOrders: {
    scopes: ['read_orders'],
    requestedCost: (v) => 2 + int(v, 'first') * ORDER_NODE_COST(int(v, 'lineFirst')),
    run: (ctx, v) => {
      const first = int(v, 'first');
      const lineFirst = int(v, 'lineFirst');
      const matches = ctx.state.orders.filter(updatedFilter(v.query)).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id);
      // The cursor holds the sort position (updated at, id), so an order changed between two pages moves, not repeats in place.
      const after = decodeCursor<{ u: string; id: number }>(v.after);
      const rest = after ? matches.filter((o) => o.updatedAt > after.u || (o.updatedAt === after.u && o.id > after.id)) : matches;
      const nodes = rest.slice(0, first);
      const last = nodes[nodes.length - 1];
      const actualCost = 2 + nodes.reduce((sum, o) => sum + ORDER_NODE_COST(0) + Math.min(o.lines.length, lineFirst) * LINE_COST, 0);
      return {
        data: {
          orders: {
            pageInfo: { hasNextPage: rest.length > nodes.length, endCursor: last ? encodeCursor({ u: last.updatedAt, id: last.id }) : null },
            nodes: nodes.map((o) => orderNode(ctx, o, lineFirst)),
          },
        },
        actualCost,
      };
    },
  },

  ShipshapeOrderLineItems: {
    scopes: ['read_orders'],
    requestedCost: (v) => 1 + 2 + int(v, 'first') * LINE_COST,
    run: (ctx, v) => {
      const order = ctx.state.order(String(gidNumber(v.id, 'Order', 'id')));
      if (!order) return { data: { order: null }, actualCost: 1 };
      const page = pageByIndex(order.lines, int(v, 'first'), v.after);
      return { data: { order: { lineItems: { pageInfo: page.pageInfo, nodes: page.nodes.map(lineItemNode) } } }, actualCost: 3 + page.nodes.length * LINE_COST };
    },
  },

  ShipshapeProducts: {
    scopes: ['read_products'],
    requestedCost: (v) => 2 + int(v, 'first'),
    run: (ctx, v) => {
      const page = pageByIndex(ctx.state.variants, int(v, 'first'), v.after);
      const nodes = page.nodes.map((p) => ({ id: gid('ProductVariant', p.variantId), sku: p.sku ?? '', title: 'Default Title', displayName: p.name }));
      return { data: { productVariants: { pageInfo: page.pageInfo, nodes } }, actualCost: 2 + nodes.length };
    },
  },

  ShipshapeInventoryItems: {
    scopes: ['read_inventory', 'read_products'],
    requestedCost: (v) => 2 + int(v, 'first'),
    run: (ctx, v) => {
      const skus = new Set(skusOf(v.query));
      const nodes = ctx.state.variants.filter((p) => p.sku !== null && skus.has(p.sku)).slice(0, int(v, 'first'));
      return { data: { inventoryItems: { nodes: nodes.map((p) => ({ id: gid('InventoryItem', p.inventoryItemId), sku: p.sku })) } }, actualCost: 2 + nodes.length };
    },
  },

  ShipshapeStockLevels: {
    scopes: ['read_inventory'],
    requestedCost: (v) => 2 + int(v, 'first') * 3,
    run: (ctx, v) => {
      const locationId = gidNumber(v.locationId, 'Location', 'locationId');
      const skus = new Set(skusOf(v.query));
      const nodes = ctx.state.variants.filter((p) => p.sku !== null && skus.has(p.sku)).slice(0, int(v, 'first'));
      return {
        data: {
          inventoryItems: {
            nodes: nodes.map((p) => ({
              id: gid('InventoryItem', p.inventoryItemId),
              sku: p.sku,
              inventoryLevel: p.available.has(locationId) ? { quantities: [{ name: 'available', quantity: p.available.get(locationId) }] } : null,
            })),
          },
        },
        actualCost: 2 + nodes.length * 3,
      };
    },
  },

  ShipshapeSetStock: {
    scopes: ['write_inventory'],
    requestedCost: () => 10,
    run: (ctx, v) => ({ data: { inventorySetQuantities: setQuantities(ctx, v.input as Vars) }, actualCost: 10 }),
  },

  ShipshapeFulfillmentOrders: {
    scopes: FULFILMENT_READ,
    requestedCost: () => 1 + 10 * 3 + 2 + 5 * (1 + 2 + 2 + 25 * 2),
    run: (ctx, v) => {
      const order = ctx.state.order(String(gidNumber(v.id, 'Order', 'id')));
      if (!order) return { data: { order: null }, actualCost: 1 };
      const data = {
        order: {
          id: gid('Order', order.id),
          fulfillments: order.fulfillments.slice(0, 10).map(fulfillmentNode),
          fulfillmentOrders: {
            nodes: order.fulfillmentOrders.slice(0, 5).map((fo) => ({
              id: gid('FulfillmentOrder', fo.id),
              status: fo.status,
              assignedLocation: { location: { id: gid('Location', fo.locationId) } },
              lineItems: {
                nodes: fo.lines.slice(0, 25).map((l) => ({
                  id: gid('FulfillmentOrderLineItem', l.id),
                  remainingQuantity: l.remaining,
                  totalQuantity: l.total,
                  lineItem: { id: gid('LineItem', l.lineId), sku: order.lines.find((line) => line.id === l.lineId)!.variant.sku },
                })),
              },
            })),
          },
        },
      };
      return { data, actualCost: 3 + order.fulfillments.length * 2 + order.fulfillmentOrders.reduce((s, fo) => s + 5 + fo.lines.length * 2, 0) };
    },
  },

  ShipshapeFulfillmentCreate: {
    scopes: FULFILMENT_WRITE,
    requestedCost: () => 10,
    run: (ctx, v) => ({ data: { fulfillmentCreate: createFulfillment(ctx, v.fulfillment as Vars) }, actualCost: 10 }),
  },

  ShipshapeFulfillmentCancel: {
    scopes: FULFILMENT_WRITE,
    requestedCost: () => 10,
    run: (ctx, v) => {
      const found = ctx.state.findFulfillment(gidNumber(v.id, 'Fulfillment', 'id'));
      if (!found) return { data: { fulfillmentCancel: { fulfillment: null, userErrors: [{ field: ['id'], message: 'Fulfillment does not exist.' }] } }, actualCost: 10 };
      if (found.fulfillment.status === 'CANCELLED') {
        return { data: { fulfillmentCancel: { fulfillment: null, userErrors: [{ field: ['id'], message: 'Fulfillment cannot be cancelled.' }] } }, actualCost: 10 };
      }
      ctx.state.cancelFulfillment(found.order, found.fulfillment);
      return { data: { fulfillmentCancel: { fulfillment: { id: gid('Fulfillment', found.fulfillment.id), status: 'CANCELLED' }, userErrors: [] } }, actualCost: 10 };
    },
  },

  ShipshapeFulfillmentStatus: {
    scopes: FULFILMENT_READ,
    requestedCost: () => 1,
    run: (ctx, v) => {
      const found = ctx.state.findFulfillment(gidNumber(v.id, 'Fulfillment', 'id'));
      return { data: { fulfillment: found ? { id: gid('Fulfillment', found.fulfillment.id), status: found.fulfillment.status } : null }, actualCost: 1 };
    },
  },
};

/** inventorySetQuantities: all figures are checked first and nothing is written unless every one passes. */
function setQuantities(ctx: OperationContext, input: Vars) {
  const errors: { field: string[]; message: string; code: string }[] = [];
  const fail = (field: string[], code: string, message: string) => errors.push({ field, code, message });
  if (input.name !== 'available' && input.name !== 'on_hand') fail(['input', 'name'], 'INVALID_NAME', "The quantity name must be either 'available' or 'on_hand'.");
  if (!INVENTORY_REASONS.has(String(input.reason))) fail(['input', 'reason'], 'INVALID_REASON', 'The specified reason is invalid.');
  if (input.referenceDocumentUri != null && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(String(input.referenceDocumentUri))) {
    fail(['input', 'referenceDocumentUri'], 'INVALID_REFERENCE_DOCUMENT', 'The specified reference document is invalid.');
  }
  const ignoreCompare = input.ignoreCompareQuantity === true;
  const quantities = Array.isArray(input.quantities) ? (input.quantities as Vars[]) : [];
  const writes: { variant: ReturnType<ShopifyStoreState['variantBySku']>; locationId: number; quantity: number }[] = [];
  quantities.forEach((q, i) => {
    const at = ['input', 'quantities', String(i)];
    const itemId = /^gid:\/\/shopify\/InventoryItem\/(\d+)$/.exec(String(q.inventoryItemId))?.[1];
    const variant = ctx.state.variants.find((p) => String(p.inventoryItemId) === itemId);
    const locationId = Number(/^gid:\/\/shopify\/Location\/(\d+)$/.exec(String(q.locationId))?.[1]);
    if (!variant) return fail([...at, 'inventoryItemId'], 'INVALID_INVENTORY_ITEM', 'The specified inventory item could not be found.');
    if (!ctx.state.location(locationId)) return fail([...at, 'locationId'], 'INVALID_LOCATION', 'The specified location could not be found.');
    if (!variant.available.has(locationId)) return fail([...at, 'locationId'], 'ITEM_NOT_STOCKED_AT_LOCATION', 'The specified inventory item is not stocked at the location.');
    if (!Number.isInteger(q.quantity) || (q.quantity as number) < 0) return fail([...at, 'quantity'], 'INVALID_QUANTITY_NEGATIVE', "The quantity can't be negative.");
    if (!ignoreCompare) {
      if (q.compareQuantity == null) return fail([...at, 'compareQuantity'], 'COMPARE_QUANTITY_REQUIRED', 'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.');
      if (q.compareQuantity !== variant.available.get(locationId)) {
        return fail([...at, 'compareQuantity'], 'COMPARE_QUANTITY_STALE', 'The compareQuantity value does not match persisted value.');
      }
    }
    writes.push({ variant, locationId, quantity: q.quantity as number });
  });
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  for (const w of writes) w.variant!.available.set(w.locationId, w.quantity);
  return { inventoryAdjustmentGroup: { id: gid('InventoryAdjustmentGroup', ctx.state.id()) }, userErrors: [] };
}

/** fulfillmentCreate: fulfillment orders of one order at one location, quantities no more than they have left. */
function createFulfillment(ctx: OperationContext, input: Vars) {
  const refuse = (message: string, field: string[] = ['fulfillment']) => ({ fulfillment: null, userErrors: [{ field, message }] });
  const groups = Array.isArray(input.lineItemsByFulfillmentOrder) ? (input.lineItemsByFulfillmentOrder as Vars[]) : [];
  if (groups.length === 0) return refuse('Line items by fulfillment order must not be empty.', ['fulfillment', 'lineItemsByFulfillmentOrder']);
  const takes: { fo: ReturnType<ShopifyStoreState['findFulfillmentOrder']>; lineId: number; quantity: number }[] = [];
  let orderId: number | null = null;
  let locationId: number | null = null;
  for (const group of groups) {
    const found = ctx.state.findFulfillmentOrder(gidNumber(group.fulfillmentOrderId, 'FulfillmentOrder', 'fulfillmentOrderId'));
    if (!found) return refuse('Fulfillment order does not exist.');
    if (found.fo.status !== 'OPEN' && found.fo.status !== 'IN_PROGRESS') return refuse(`Fulfillment order ${found.fo.id} has an unfulfillable status= ${found.fo.status.toLowerCase()}.`);
    if (orderId !== null && (orderId !== found.order.id || locationId !== found.fo.locationId)) {
      return refuse('All fulfillment orders must belong to the same order and be assigned to the same location.');
    }
    orderId = found.order.id;
    locationId = found.fo.locationId;
    const items = Array.isArray(group.fulfillmentOrderLineItems) ? (group.fulfillmentOrderLineItems as Vars[]) : null;
    for (const line of items ?? found.fo.lines.filter((l) => l.remaining > 0).map((l) => ({ id: gid('FulfillmentOrderLineItem', l.id), quantity: l.remaining }))) {
      const lineId = gidNumber(line.id, 'FulfillmentOrderLineItem', 'id');
      const foLine = found.fo.lines.find((l) => l.id === lineId);
      const alreadyTaken = takes.filter((t) => t.lineId === lineId).reduce((s, t) => s + t.quantity, 0);
      if (!foLine || !Number.isInteger(line.quantity) || (line.quantity as number) <= 0 || (line.quantity as number) + alreadyTaken > foLine.remaining) {
        return refuse('Invalid fulfillment order line item quantity requested.');
      }
      takes.push({ fo: found, lineId, quantity: line.quantity as number });
    }
  }
  if (takes.length === 0) return refuse('The fulfillment orders have nothing left to fulfill.');
  const order = takes[0].fo!.order;
  const tracking = (input.trackingInfo ?? null) as Vars | null;
  const fulfillment: SimFulfillment = {
    id: ctx.state.id(),
    status: 'SUCCESS',
    tracking: tracking ? { number: (tracking.number as string) ?? null, company: (tracking.company as string) ?? null, url: (tracking.url as string) ?? null } : null,
    notifyCustomer: input.notifyCustomer === true,
    lines: takes.map((t) => ({ fulfillmentOrderId: t.fo!.fo.id, fulfillmentOrderLineId: t.lineId, quantity: t.quantity })),
  };
  for (const t of takes) {
    t.fo!.fo.lines.find((l) => l.id === t.lineId)!.remaining -= t.quantity;
    t.fo!.fo.status = t.fo!.fo.lines.every((l) => l.remaining === 0) ? 'CLOSED' : 'IN_PROGRESS';
  }
  order.fulfillments.push(fulfillment);
  order.updatedAt = ctx.state.now();
  return { fulfillment: { id: gid('Fulfillment', fulfillment.id), status: 'SUCCESS' }, userErrors: [] };
}
