import {
  ChannelApiError,
  type ChannelConnector,
  type ChannelCredentials,
  type ChannelProduct,
  type ConnectResult,
  type FulfilmentPush,
  type FulfilmentResult,
  type PulledPage,
  type StockSet,
  type StockSetResult,
} from '../connector';
import { WooHttp, type WooHttpOptions } from './http';
import { WooStockClient } from './stock';
import { shippedNote, TRACKING_META_KEY, trackingItemFor, trackingItems, type WooMeta } from './tracking';

/**
 * WooCommerce REST API v3 (/wp-json/wc/v3) behind the ChannelConnector seam.
 *
 * - connect: GET /system_status proves the key can read (401 → 'auth'); a write probe — POST
 *   /products/batch with an empty body, which changes nothing — tells a Read/Write key from a Read
 *   one: WooCommerce refuses every write of a read-only key before dispatch with "The API key
 *   provided does not have write permissions" (401), reported as the missing scope `read_write`.
 * - Fulfilments: WooCommerce has no fulfilment object. A shipment becomes an item of the Shipment
 *   Tracking extension's `_wc_shipment_tracking_items` order meta (fulfilmentId = its tracking_id),
 *   an order note with carrier and tracking (a customer note when the channel notifies customers),
 *   and, when the order is complete, status `completed`. A partial shipment leaves the status as it
 *   is (core WooCommerce has no "partly shipped" status; the note says what went).
 */
const PAGE_SIZE = 100;
/** WooCommerce refuses batch requests over 100 items (woocommerce_rest_request_entity_too_large). */
const BATCH_LIMIT = 100;
// `refunded` is not here: intake applies a refund by where the order is (cancelled before picking,
// held while picking, booked after shipping — main/domain/orders/channel-updates.ts).
const CANCELLED_STATUSES = new Set(['cancelled', 'trash']);
/** The one stock location: WooCommerce keeps one count per product or variation. */
export const WOO_STORE_LOCATION_ID = 'store';

interface WooOrder {
  id: number;
  status: string;
  date_modified_gmt?: string | null;
  date_created_gmt?: string | null;
  meta_data?: WooMeta[];
}

interface WooProduct {
  id: number;
  name: string;
  sku: string;
  type: string;
  variations?: number[];
}

interface WooVariation {
  id: number;
  sku: string;
  name?: string;
  attributes?: { name: string; option: string }[];
}

function gmtIso(text: string | null | undefined): string {
  if (!text) return new Date(0).toISOString();
  const millis = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`);
  return Number.isNaN(millis) ? new Date(0).toISOString() : new Date(millis).toISOString();
}

function pageNumber(page: string | null | undefined): number {
  const n = page ? Number(page) : 1;
  if (!Number.isInteger(n) || n < 1) throw new ChannelApiError('rejected', `not a page of this store: ${page}`);
  return n;
}

function nextPageOf(headers: Headers, page: number, count: number): string | null {
  const total = Number(headers.get('x-wp-totalpages'));
  if (Number.isInteger(total) && total > 0) return page < total ? String(page + 1) : null;
  return count >= PAGE_SIZE ? String(page + 1) : null;
}

export function createWooCommerceConnector(credentials: ChannelCredentials, opts: WooHttpOptions = {}): ChannelConnector {
  const http = new WooHttp(credentials, opts);
  const stock = new WooStockClient(http, BATCH_LIMIT);

  const orderPath = (externalOrderId: string) => {
    if (!/^\d+$/.test(externalOrderId)) throw new ChannelApiError('rejected', `"${externalOrderId}" is not a WooCommerce order id`);
    return `/orders/${externalOrderId}`;
  };

  async function storeName(): Promise<string> {
    // The site title is on WordPress's public index; `_fields` keeps the answer small (no route list).
    try {
      const { body } = await http.request<{ name?: string }>('GET', '/wp-json/', { query: { _fields: 'name' }, noAuth: true });
      if (body?.name) return body.name;
    } catch {
      // The title is a nicety: the store's address names it as well.
    }
    return http.store.host + http.sitePath;
  }

  return {
    platform: 'woocommerce',
    maxStockBatch: BATCH_LIMIT,

    async connect(): Promise<ConnectResult> {
      await http.request('GET', '/system_status');
      const missingScopes: ConnectResult['missingScopes'] = [];
      try {
        await http.request('POST', '/products/batch', { body: {} });
      } catch (err) {
        if (!(err instanceof ChannelApiError) || err.kind !== 'scope') throw err;
        missingScopes.push({ scope: 'read_write', neededFor: 'send fulfilments and push stock' });
      }
      const shop = await storeName();
      return { shop, locations: [{ id: WOO_STORE_LOCATION_ID, name: shop }], missingScopes };
    },

    async pullOrders(since: string, page?: string | null): Promise<PulledPage> {
      const n = pageNumber(page);
      const sinceMs = Date.parse(since);
      if (Number.isNaN(sinceMs)) throw new ChannelApiError('rejected', `not a point in time: ${since}`);
      // modified_after is exclusive and to the second: one second earlier keeps an order changed in
      // the cursor's own second; reading it twice is harmless (intake is idempotent).
      const after = new Date(sinceMs - 1000).toISOString().slice(0, 19);
      const { body, headers } = await http.request<WooOrder[]>('GET', '/orders', {
        query: { modified_after: after, dates_are_gmt: true, orderby: 'modified', order: 'asc', per_page: PAGE_SIZE, page: n },
      });
      if (!Array.isArray(body)) throw new ChannelApiError('transient', 'the store answered the order list with something that is not a list');
      return {
        orders: body.map((order) => ({
          externalId: String(order.id),
          updatedAt: gmtIso(order.date_modified_gmt ?? order.date_created_gmt),
          topic: 'order.updated',
          body: order,
          cancelled: CANCELLED_STATUSES.has(order.status),
        })),
        nextPage: nextPageOf(headers, n, body.length),
      };
    },

    async listProducts(page?: string | null) {
      const n = pageNumber(page);
      const { body, headers } = await http.request<WooProduct[]>('GET', '/products', { query: { per_page: PAGE_SIZE, page: n, orderby: 'id', order: 'asc' } });
      const products: ChannelProduct[] = [];
      for (const p of body) {
        if (p.type !== 'variable') {
          products.push({ externalId: String(p.id), sku: p.sku || null, name: p.name });
          continue;
        }
        // Order lines of a variable product name the variation: those are what gets mapped.
        for (let vp = 1; ; vp++) {
          const v = await http.request<WooVariation[]>('GET', `/products/${p.id}/variations`, { query: { per_page: PAGE_SIZE, page: vp } });
          for (const variation of v.body) {
            const options = (variation.attributes ?? []).map((a) => a.option).join(', ');
            products.push({ externalId: `${p.id}:${variation.id}`, sku: variation.sku || null, name: variation.name || (options ? `${p.name} – ${options}` : p.name) });
          }
          if (!nextPageOf(v.headers, vp, v.body.length)) break;
        }
      }
      return { products, nextPage: nextPageOf(headers, n, body.length) };
    },

    async createFulfilment(push: FulfilmentPush): Promise<FulfilmentResult> {
      const path = orderPath(push.externalOrderId);
      const { body: order } = await http.request<WooOrder>('GET', path);
      const { entry, items } = trackingItems(order.meta_data);
      // A retry after a lost answer, or a parcel entered by hand in WooCommerce: never a second item.
      // (Without a tracking number — a label that is not postage — the item's id, derived from the shipment, recognises it.)
      const item = trackingItemFor(push, new Date());
      const existing = items.find((i) => (push.trackingNumber ? i.tracking_number === push.trackingNumber : i.tracking_id === item.tracking_id));
      if (existing) return { fulfilmentId: existing.tracking_id, alreadyExisted: true };
      // Read-modify-write of one meta array: the outbox sends one change per order at a time.
      const update: Record<string, unknown> = { meta_data: [{ ...(entry?.id ? { id: entry.id } : {}), key: TRACKING_META_KEY, value: [...items, item] }] };
      if (push.orderComplete && order.status !== 'completed') update.status = 'completed';
      await http.request('PUT', path, { body: update });
      await http.request('POST', `${path}/notes`, { body: { note: shippedNote(push), customer_note: push.notifyCustomer } });
      return { fulfilmentId: item.tracking_id, alreadyExisted: false };
    },

    async cancelFulfilment(externalOrderId: string, fulfilmentId: string): Promise<void> {
      const path = orderPath(externalOrderId);
      const { body: order } = await http.request<WooOrder>('GET', path);
      const { entry, items } = trackingItems(order.meta_data);
      const voided = items.find((i) => i.tracking_id === fulfilmentId);
      if (!voided) return; // already withdrawn
      const update: Record<string, unknown> = { meta_data: [{ ...(entry?.id ? { id: entry.id } : {}), key: TRACKING_META_KEY, value: items.filter((i) => i !== voided) }] };
      if (order.status === 'completed') update.status = 'processing';
      await http.request('PUT', path, { body: update });
      await http.request('POST', `${path}/notes`, { body: { note: `Shipment voided: tracking number ${voided.tracking_number} (${voided.custom_tracking_provider || voided.tracking_provider}) is withdrawn.`, customer_note: false } });
    },

    setStock: (items: StockSet[]): Promise<StockSetResult[]> => stock.setStock(items),
    readStock: (items: { sku: string; locationId: string | null }[]) => stock.readStock(items),
  };
}
