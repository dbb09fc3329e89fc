/**
 * The simulated Shopify store's own books: locations, variants with stock per location, orders
 * with their fulfillment orders and fulfilments. Plain in-memory data and the rules Shopify applies
 * to it (a sale takes stock or is refused; a fulfilment takes no more than a fulfillment order has
 * left; a cancelled fulfilment gives its quantities back). The HTTP and GraphQL face is in
 * shopify-store.ts / shopify-store-graphql.ts. For tests and the demo only.
 */

import { SIM_ADDRESS } from './shopify-store-json';

export interface SimLocation {
  id: number;
  name: string;
}

export interface SimVariant {
  productId: number;
  variantId: number;
  inventoryItemId: number;
  sku: string | null;
  name: string;
  price: string;
  /** "available" per location id; a location without an entry does not stock the item. */
  available: Map<number, number>;
}

export interface SimLine {
  id: number;
  variant: SimVariant;
  /** As ordered; Shopify keeps it after edits and refunds ... */
  quantity: number;
  /** ... and shows what is left here (REST current_quantity, GraphQL currentQuantity; 0 = removed). */
  currentQuantity: number;
  price: string;
}

/** A refund as the REST Refund resource has it (the refunds/create body, an order's `refunds`). */
export interface SimRefund {
  id: number;
  createdAt: string;
  note: string | null;
  lines: { id: number; lineId: number; quantity: number; restockType: 'cancel' | 'return' | 'no_restock'; subtotal: string }[];
  amount: string;
}

export type SimAddress = typeof SIM_ADDRESS;

export interface SimFulfillmentOrder {
  id: number;
  locationId: number;
  status: 'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED';
  lines: { id: number; lineId: number; total: number; remaining: number }[];
}

export interface SimFulfillment {
  id: number;
  status: 'SUCCESS' | 'CANCELLED';
  tracking: { number: string | null; company: string | null; url: string | null } | null;
  notifyCustomer: boolean;
  lines: { fulfillmentOrderId: number; fulfillmentOrderLineId: number; quantity: number }[];
}

export interface SimOrder {
  id: number;
  number: number;
  name: string;
  token: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  note: string | null;
  tags: string[];
  shippingAddress: SimAddress;
  lines: SimLine[];
  refunds: SimRefund[];
  fulfillmentOrders: SimFulfillmentOrder[];
  fulfillments: SimFulfillment[];
}

/** Shopify-sized numeric ids (13 digits, well inside 2^53 as real ones are). */
const FIRST_ID = 5_600_000_000_001;

export class ShopifyStoreState {
  readonly locations: SimLocation[];
  readonly variants: SimVariant[] = [];
  readonly orders: SimOrder[] = [];
  private nextId = FIRST_ID;
  private nextOrderNumber = 1001;
  /** Stamps are strictly increasing, so "updated at or after" never ties two changes a pull must tell apart. */
  private lastStamp = 0;

  constructor(locationNames: string[]) {
    this.locations = locationNames.map((name) => ({ id: this.id(), name }));
  }

  id(): number {
    return this.nextId++;
  }

  now(): string {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  location(id: number): SimLocation | undefined {
    return this.locations.find((l) => l.id === id);
  }

  addVariant(p: { sku: string | null; name: string; stock: number; locationStock?: Record<string, number> }): SimVariant {
    const available = new Map<number, number>();
    if (p.locationStock) {
      for (const [key, quantity] of Object.entries(p.locationStock)) {
        const location = this.locations.find((l) => String(l.id) === key || `gid://shopify/Location/${l.id}` === key || l.name === key);
        if (!location) throw new Error(`simulated Shopify store has no location ${key}`);
        available.set(location.id, quantity);
      }
    } else {
      // Stocked everywhere, the whole count at the first location (Shopify's default location).
      this.locations.forEach((l, i) => available.set(l.id, i === 0 ? p.stock : 0));
    }
    const variant: SimVariant = { productId: this.id(), variantId: this.id(), inventoryItemId: this.id(), sku: p.sku, name: p.name, price: '12.50', available };
    this.variants.push(variant);
    return variant;
  }

  variantBySku(sku: string): SimVariant | undefined {
    return this.variants.find((v) => v.sku === sku);
  }

  order(externalId: string): SimOrder | undefined {
    const id = Number(/(\d+)$/.exec(externalId)?.[1]);
    return this.orders.find((o) => o.id === id);
  }

  /**
   * A buyer checks out. Each line is taken from the first location that can cover it; when none
   * can, the sale is refused (null) and nothing changes — the store never sells what it lacks.
   */
  sell(lines: { sku: string; quantity: number }[]): SimOrder | null {
    const picks: { variant: SimVariant; quantity: number; locationId: number }[] = [];
    const taken = new Map<string, number>();
    for (const line of lines) {
      const variant = this.variantBySku(line.sku);
      if (!variant) throw new Error(`simulated Shopify store has no SKU ${line.sku}`);
      if (!Number.isInteger(line.quantity) || line.quantity <= 0) throw new Error(`quantity for ${line.sku} must be a positive whole number`);
      const locationId = [...variant.available].find(([loc, qty]) => qty - (taken.get(`${variant.variantId}:${loc}`) ?? 0) >= line.quantity)?.[0];
      if (locationId === undefined) return null;
      const key = `${variant.variantId}:${locationId}`;
      taken.set(key, (taken.get(key) ?? 0) + line.quantity);
      picks.push({ variant, quantity: line.quantity, locationId });
    }
    const at = this.now();
    const number = this.nextOrderNumber++;
    const order: SimOrder = {
      id: this.id(),
      number,
      name: `#${number}`,
      token: `tok${number.toString(16)}${Math.random().toString(16).slice(2, 10)}`,
      createdAt: at,
      updatedAt: at,
      cancelledAt: null,
      note: null,
      tags: [],
      shippingAddress: { ...SIM_ADDRESS },
      lines: [],
      refunds: [],
      fulfillmentOrders: [],
      fulfillments: [],
    };
    for (const pick of picks) {
      pick.variant.available.set(pick.locationId, pick.variant.available.get(pick.locationId)! - pick.quantity);
      const line: SimLine = { id: this.id(), variant: pick.variant, quantity: pick.quantity, currentQuantity: pick.quantity, price: pick.variant.price };
      order.lines.push(line);
      let fo = order.fulfillmentOrders.find((f) => f.locationId === pick.locationId);
      if (!fo) {
        fo = { id: this.id(), locationId: pick.locationId, status: 'OPEN', lines: [] };
        order.fulfillmentOrders.push(fo);
      }
      fo.lines.push({ id: this.id(), lineId: line.id, total: pick.quantity, remaining: pick.quantity });
    }
    this.orders.push(order);
    return order;
  }

  /** Cancels with restock, as the admin's default: unfulfilled quantities go back on the shelf. */
  cancel(order: SimOrder): void {
    if (order.cancelledAt) return;
    for (const fo of order.fulfillmentOrders) {
      for (const foLine of fo.lines) {
        const line = order.lines.find((l) => l.id === foLine.lineId)!;
        line.variant.available.set(fo.locationId, (line.variant.available.get(fo.locationId) ?? 0) + foLine.remaining);
      }
      if (fo.status !== 'CLOSED') fo.status = 'CANCELLED';
    }
    order.cancelledAt = this.now();
    order.updatedAt = order.cancelledAt;
  }

  /**
   * An order edit's new quantity for a line: units no longer wanted and not yet fulfilled go back on
   * the shelf (restocked, as Shopify's edit does by default); more units are taken from stock.
   */
  setLineQuantity(order: SimOrder, line: SimLine, quantity: number): void {
    const delta = quantity - line.currentQuantity;
    const foLine = order.fulfillmentOrders.flatMap((fo) => fo.lines.map((l) => ({ fo, l }))).find((x) => x.l.lineId === line.id);
    if (foLine) {
      const fulfilled = foLine.l.total - foLine.l.remaining;
      if (quantity < fulfilled) throw new Error(`line ${line.variant.sku} has ${fulfilled} fulfilled; cannot go to ${quantity}`);
      const stock = line.variant.available.get(foLine.fo.locationId) ?? 0;
      if (delta > stock) throw new Error(`no stock for ${delta} more × ${line.variant.sku}`);
      line.variant.available.set(foLine.fo.locationId, stock - delta);
      foLine.l.total += delta;
      foLine.l.remaining += delta;
    }
    line.currentQuantity = quantity;
    order.updatedAt = this.now();
  }

  /** An order edit's added line (taken from the first location that has it); false when none has. */
  addLine(order: SimOrder, sku: string, quantity: number): boolean {
    const variant = this.variantBySku(sku);
    if (!variant) throw new Error(`simulated Shopify store has no SKU ${sku}`);
    const locationId = [...variant.available].find(([, qty]) => qty >= quantity)?.[0];
    if (locationId === undefined) return false;
    variant.available.set(locationId, variant.available.get(locationId)! - quantity);
    const line: SimLine = { id: this.id(), variant, quantity, currentQuantity: quantity, price: variant.price };
    order.lines.push(line);
    let fo = order.fulfillmentOrders.find((f) => f.locationId === locationId && f.status !== 'CLOSED');
    if (!fo) {
      fo = { id: this.id(), locationId, status: 'OPEN', lines: [] };
      order.fulfillmentOrders.push(fo);
    }
    fo.lines.push({ id: this.id(), lineId: line.id, total: quantity, remaining: quantity });
    order.updatedAt = this.now();
    return true;
  }

  /**
   * A refund: units of lines (unfulfilled ones restocked — restock_type `cancel` — fulfilled ones
   * `no_restock`, as goods in the buyer's hands come back through a return) and/or an amount.
   */
  refund(order: SimOrder, lines: { line: SimLine; quantity: number }[], amount: string | null, note: string | null): SimRefund {
    const refund: SimRefund = { id: this.id(), createdAt: this.now(), note, lines: [], amount: '0.00' };
    let cents = 0;
    for (const { line, quantity } of lines) {
      if (quantity <= 0 || quantity > line.currentQuantity) throw new Error(`cannot refund ${quantity} of ${line.variant.sku} (${line.currentQuantity} left)`);
      const foLine = order.fulfillmentOrders.flatMap((fo) => fo.lines).find((l) => l.lineId === line.id);
      const unfulfilled = foLine ? foLine.remaining : 0;
      const restockType = unfulfilled >= quantity ? 'cancel' : 'no_restock';
      if (restockType === 'cancel') this.setLineQuantity(order, line, line.currentQuantity - quantity);
      else line.currentQuantity -= quantity;
      const lineCents = Math.round(Number(line.price) * 100) * quantity;
      cents += lineCents;
      refund.lines.push({ id: this.id(), lineId: line.id, quantity, restockType, subtotal: (lineCents / 100).toFixed(2) });
    }
    if (amount !== null) cents = Math.round(Number(amount) * 100);
    refund.amount = (cents / 100).toFixed(2);
    order.refunds.push(refund);
    order.updatedAt = this.now();
    return refund;
  }

  /** UNFULFILLED / PARTIALLY_FULFILLED / FULFILLED, from what the fulfillment orders have left. */
  displayFulfillmentStatus(order: SimOrder): string {
    const lines = order.fulfillmentOrders.flatMap((fo) => fo.lines);
    const total = lines.reduce((s, l) => s + l.total, 0);
    const left = lines.reduce((s, l) => s + l.remaining, 0);
    if (left === 0 && total > 0) return 'FULFILLED';
    return left < total ? 'PARTIALLY_FULFILLED' : 'UNFULFILLED';
  }

  findFulfillmentOrder(id: number): { order: SimOrder; fo: SimFulfillmentOrder } | undefined {
    for (const order of this.orders) {
      const fo = order.fulfillmentOrders.find((f) => f.id === id);
      if (fo) return { order, fo };
    }
    return undefined;
  }

  findFulfillment(id: number): { order: SimOrder; fulfillment: SimFulfillment } | undefined {
    for (const order of this.orders) {
      const fulfillment = order.fulfillments.find((f) => f.id === id);
      if (fulfillment) return { order, fulfillment };
    }
    return undefined;
  }

  /** Gives a cancelled fulfilment's quantities back to its fulfillment orders (Shopify reopens them). */
  cancelFulfillment(order: SimOrder, fulfillment: SimFulfillment): void {
    for (const taken of fulfillment.lines) {
      const fo = order.fulfillmentOrders.find((f) => f.id === taken.fulfillmentOrderId)!;
      fo.lines.find((l) => l.id === taken.fulfillmentOrderLineId)!.remaining += taken.quantity;
      fo.status = fo.lines.every((l) => l.remaining === l.total) ? 'OPEN' : 'IN_PROGRESS';
    }
    fulfillment.status = 'CANCELLED';
    order.updatedAt = this.now();
  }
}
