import { createHash } from 'node:crypto';
import type { FulfilmentPush } from '../connector';

/**
 * The WooCommerce Shipment Tracking extension keeps an order's parcels in one order meta entry,
 * `_wc_shipment_tracking_items`: an array of items of this shape (the extension's own
 * WC_Shipment_Tracking_Actions::add_tracking_item). Other plugins and themes read it to show
 * tracking to the customer, so it is the widely understood place for it.
 */
export const TRACKING_META_KEY = '_wc_shipment_tracking_items';

export interface ShipmentTrackingItem {
  /** A provider slug the extension knows (`ups`, `usps`, ...) or '' with a custom provider. */
  tracking_provider: string;
  custom_tracking_provider: string;
  custom_tracking_link: string;
  tracking_number: string;
  /** Unix seconds, as a string (the extension stores it so). */
  date_shipped: string;
  /** The extension's md5-style id of the item; our fulfilment id. */
  tracking_id: string;
}

export interface WooMeta {
  id?: number;
  key: string;
  value: unknown;
}

/** The tracking items of an order's meta_data (none when absent or not an array). */
export function trackingItems(meta: readonly WooMeta[] | undefined): { entry: WooMeta | undefined; items: ShipmentTrackingItem[] } {
  const entry = (meta ?? []).find((m) => m.key === TRACKING_META_KEY);
  const items = Array.isArray(entry?.value) ? (entry.value as ShipmentTrackingItem[]).filter((i) => i && typeof i === 'object') : [];
  return { entry, items };
}

/**
 * The item for a shipment. We always send our carrier's name as a custom provider with the exact
 * tracking URL we hold, rather than guessing the extension's provider slug: the link the customer
 * sees is then the one our label carries. The id is derived from the shipment and tracking number,
 * so a retry after a lost answer builds the same item.
 */
export function trackingItemFor(push: FulfilmentPush, now: Date): ShipmentTrackingItem {
  return {
    tracking_provider: '',
    custom_tracking_provider: push.carrier,
    custom_tracking_link: push.trackingUrl ?? '',
    tracking_number: push.trackingNumber,
    date_shipped: String(Math.floor(now.getTime() / 1000)),
    tracking_id: createHash('md5').update(`${push.shipmentRef}\n${push.trackingNumber}`).digest('hex'),
  };
}

/** The order note: carrier, tracking and what went in the parcel (WooCommerce has no per-line fulfilment). */
export function shippedNote(push: FulfilmentPush): string {
  const what = push.lines.map((l) => `${l.quantity} × ${l.sku ?? `line ${l.externalLineId ?? '?'}`}`).join(', ');
  const head = push.orderComplete ? 'Shipped' : 'Part of the order shipped';
  const tracking = push.trackingNumber ? `tracking number ${push.trackingNumber}` : 'no tracking number';
  return `${head} with ${push.carrier}, ${tracking}${push.trackingUrl ? ` (${push.trackingUrl})` : ''}${what ? `: ${what}` : ''}.`;
}
