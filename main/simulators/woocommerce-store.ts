import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyOauthSignature } from '../domain/channels/woocommerce/oauth';
import { readBody, sendJson } from './sim-http';
import type { SimulatedFailure, SimulatedFulfilment, SimulatedStore } from './simulated-store';
import { orderJson, productJson, wooError, type SimOrder, type SimProduct } from './woocommerce-data';

/**
 * A simulated WooCommerce store on loopback, for tests and the demo only (`serve
 * --simulate-channels`): the REST API v3 routes Shipshape's connector uses, with WooCommerce's
 * one-legged OAuth 1.0a checked as WooCommerce checks it (plain HTTP: signature, timestamp within 15
 * minutes, nonce never reused), key permissions (read / write / read_write) refused the way
 * WooCommerce refuses them, a host-style rate limit (429 + Retry-After beyond `rateLimitPerSecond`
 * requests a second per key), its own stock counts that refuse sales at zero, signed order webhooks,
 * and failures on command.
 */
export interface WooCommerceStoreOptions {
  name?: string;
  /** Requests a second per key before 429 (default 25). */
  rateLimitPerSecond?: number;
  /**
   * Accept HTTP Basic auth although the server speaks plain HTTP — as a store behind a TLS-terminating
   * proxy does — so tests can drive the connector's HTTPS path through a URL-rewriting fetch.
   */
  acceptBasicAuth?: boolean;
}

export interface SimulatedWooCommerceStore extends SimulatedStore {
  /** As SimulatedStore.sell; a line may also name a product without SKU by its externalId (`93` or `22:23`). */
  sell(lines: Line[], opts?: { awaitWebhook?: boolean; skipWebhook?: boolean }): Promise<{ externalId: string } | null>;
  addVariableProduct(p: { name: string; variations: { sku: string | null; name: string; stock: number }[] }): { externalId: string; variations: string[] };
  /** The order as the REST API shows it. */
  order(externalOrderId: string): ReturnType<typeof orderJson>;
  notesOf(externalOrderId: string): { note: string; customer_note: boolean }[];
  /** The stock of a product or variation by its externalId (`93` or `22:23`), for products without a SKU; null when not managed. */
  productStock(externalId: string): number | null;
  /**
   * The owner creates a new REST API key (after revoking the old one, `fail({ kind: 'revokeToken' })`):
   * the new key and secret work, the revoked ones stay refused. `credentials` is updated too.
   */
  issueToken(): { url: string; key: string; secret: string };
  /** Orders count toward modified dates: changes an order's status as the shop owner would in WP admin (no webhook). */
  setOrderStatus(externalOrderId: string, status: string): void;
  /**
   * A refund from WP admin: an order refund of `amount` (the order lists it in `refunds` with a
   * negative total); refunding what is left of the order total makes the status `refunded`. Sends order.updated.
   */
  refundOrder(externalOrderId: string, refund: { amount: string; reason?: string }, opts?: { skipWebhook?: boolean }): Promise<{ refundId: string }>;
}

type Line = { sku?: string; externalId?: string; quantity: number };
const API = '/wp-json/wc/v3';
const NONCE_WINDOW_MS = 15 * 60_000;

export async function startWooCommerceStore(opts: WooCommerceStoreOptions = {}): Promise<SimulatedWooCommerceStore> {
  const name = opts.name ?? 'Simulated WooCommerce store';
  let key = `ck_${randomBytes(20).toString('hex')}`;
  let secret = `cs_${randomBytes(20).toString('hex')}`;
  const limit = opts.rateLimitPerSecond ?? 25;
  const products = new Map<number, SimProduct>();
  const orders = new Map<number, SimOrder>();
  const nonces = new Map<string, number>();
  const recent: number[] = [];
  let nextId = 100;
  let permissions: 'read' | 'write' | 'read_write' = 'read_write';
  let revoked = false;
  let failure: SimulatedFailure | null = null;
  let webhook: { url: string; secret: string } | null = null;
  let deliveries = 0;
  let lastModified = 0;
  const requests: SimulatedStore['requests'] = [];
  let url = '';

  const now = () => Date.now();
  /** Modified dates strictly increase, so a pull cursor never skips an order changed in the same millisecond. */
  const touch = (o: SimOrder) => (o.modifiedMs = lastModified = Math.max(now(), lastModified + 1));
  const bySku = (sku: string) => [...products.values()].find((p) => p.type !== 'variable' && p.sku !== '' && p.sku === sku);
  const orderOf = (externalId: string) => {
    const o = orders.get(Number(externalId));
    if (!o) throw new Error(`simulated store has no order ${externalId}`);
    return o;
  };

  // WordPress spells the charset in capitals.
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    sendJson(res, status, body, { 'Content-Type': 'application/json; charset=UTF-8', ...headers });

  async function readJson(req: IncomingMessage): Promise<{ ok: true; value: any } | { ok: false }> {
    const text = (await readBody(req)).toString('utf8');
    if (text.trim() === '') return { ok: true, value: {} };
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false };
    }
  }

  /** WC_REST_Authentication: Basic over HTTPS, else OAuth 1.0a in the query string; then the key's permissions. */
  function authenticate(req: IncomingMessage, target: URL): { error: ReturnType<typeof wooError> } | null {
    const auth = req.headers.authorization;
    const refuse = (message: string) => ({ error: wooError('woocommerce_rest_authentication_error', message, 401) });
    if (auth?.startsWith('Basic ') && opts.acceptBasicAuth) {
      const [k, s] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
      if (k !== key || revoked) return refuse('Consumer key is invalid.');
      if (s !== secret) return refuse('Consumer secret is invalid.');
    } else {
      const q = target.searchParams;
      const missing = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'].filter((p) => !q.get(p));
      if (missing.length) return refuse(`Missing OAuth parameter ${missing.join(', ')}`);
      if (q.get('oauth_consumer_key') !== key || revoked) return refuse('Consumer key is invalid.');
      if (!verifyOauthSignature(req.method!, target, secret)) return refuse('Invalid signature - provided signature does not match.');
      const ts = Number(q.get('oauth_timestamp')) * 1000;
      if (!Number.isFinite(ts) || Math.abs(now() - ts) > NONCE_WINDOW_MS) return refuse('Invalid timestamp.');
      const nonce = q.get('oauth_nonce')!;
      for (const [n, at] of nonces) if (now() - at > NONCE_WINDOW_MS) nonces.delete(n);
      if (nonces.has(nonce)) return refuse('Invalid nonce - nonce has already been used.');
      nonces.set(nonce, now());
    }
    const writing = req.method !== 'GET' && req.method !== 'HEAD';
    if (writing && permissions === 'read') return refuse('The API key provided does not have write permissions.');
    if (!writing && permissions === 'write') return refuse('The API key provided does not have read permissions.');
    return null;
  }

  /** The host's limit: a sliding second per key. */
  function throttled(): boolean {
    const t = now();
    while (recent.length && t - recent[0] >= 1000) recent.shift();
    if (recent.length >= limit) return true;
    recent.push(t);
    return false;
  }

  function paged<T>(res: ServerResponse, list: T[], q: URLSearchParams, render: (t: T) => unknown) {
    const perPage = Math.min(100, Math.max(1, Number(q.get('per_page') ?? 10)));
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const totalPages = Math.max(1, Math.ceil(list.length / perPage));
    send(res, 200, list.slice((page - 1) * perPage, page * perPage).map(render), { 'X-WP-Total': String(list.length), 'X-WP-TotalPages': String(totalPages) });
  }

  function batchUpdate(res: ServerResponse, body: any, candidates: (id: number) => SimProduct | undefined) {
    const count = ['create', 'update', 'delete'].reduce((n, k) => n + (Array.isArray(body?.[k]) ? body[k].length : 0), 0);
    if (count > 100) return send(res, 413, wooError('woocommerce_rest_request_entity_too_large', 'Unable to accept more than 100 items for this request.', 413));
    if (!Array.isArray(body?.update)) return send(res, 200, {});
    const update = body.update.map((item: any) => {
      const p = candidates(Number(item?.id));
      if (!p) return { id: Number(item?.id) || 0, error: wooError('woocommerce_rest_product_invalid_id', 'Invalid ID.', 400) };
      if (item.manage_stock !== undefined) p.manageStock = item.manage_stock === true;
      if (item.stock_quantity !== undefined) p.stock = Math.trunc(Number(item.stock_quantity));
      return productJson(p);
    });
    send(res, 200, { update });
  }

  async function route(req: IncomingMessage, res: ServerResponse, target: URL): Promise<void> {
    const path = target.pathname.replace(/\/+$/, '');
    const q = target.searchParams;
    const m = req.method ?? 'GET';
    if (path === '/wp-json' && m === 'GET') return send(res, 200, { name, description: 'A simulated store', url, home: url });
    if (!path.startsWith(API)) return send(res, 404, wooError('rest_no_route', 'No route was found matching the URL and request method.', 404));
    if (throttled()) return send(res, 429, wooError('too_many_requests', 'Too many requests; slow down.', 429), { 'Retry-After': '1' });
    const refused = authenticate(req, target);
    if (refused) return send(res, 401, refused.error);
    const rest = path.slice(API.length);
    const body = m === 'POST' || m === 'PUT' ? await readJson(req) : { ok: true as const, value: {} };
    if (!body.ok) return send(res, 400, wooError('rest_invalid_json', 'Invalid JSON body passed.', 400));
    let match: RegExpMatchArray | null;

    if (rest === '/system_status' && m === 'GET') return send(res, 200, { environment: { home_url: url, site_url: url, version: '9.4.0', wp_version: '6.7' }, settings: { currency: 'USD' } });
    if (rest === '/orders' && m === 'GET') {
      const afterSec = q.get('modified_after') ? Math.floor(Date.parse(`${q.get('modified_after')!.replace(/Z$/, '')}Z`) / 1000) : null;
      const status = q.get('status');
      let list = [...orders.values()].filter((o) => (status ? status.split(',').includes(o.status) || status === 'any' : o.status !== 'trash'));
      if (afterSec !== null) list = list.filter((o) => Math.floor(o.modifiedMs / 1000) > afterSec);
      const key = q.get('orderby') === 'modified' ? (o: SimOrder) => o.modifiedMs : q.get('orderby') === 'id' ? (o: SimOrder) => o.id : (o: SimOrder) => o.createdMs;
      list.sort((a, b) => key(a) - key(b) || a.id - b.id);
      if (q.get('order') !== 'asc') list.reverse();
      return paged(res, list, q, (o) => orderJson(o, url));
    }
    if ((match = rest.match(/^\/orders\/(\d+)(\/notes)?$/))) {
      const o = orders.get(Number(match[1]));
      if (!o) return send(res, 404, wooError('woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', 404));
      if (!match[2] && m === 'GET') return send(res, 200, orderJson(o, url));
      if (!match[2] && m === 'PUT') {
        const b = body.value;
        if (typeof b.status === 'string') o.status = b.status;
        for (const meta of Array.isArray(b.meta_data) ? b.meta_data : []) {
          const existing = o.meta.find((x) => (meta.id ? x.id === meta.id : x.key === meta.key));
          if (existing?.key === '_wc_shipment_tracking_items') {
            const kept = new Set((Array.isArray(meta.value) ? meta.value : []).map((i: any) => i.tracking_id));
            for (const item of (existing.value as any[]) ?? []) if (!kept.has(item.tracking_id)) o.withdrawnTracking.push(item);
          }
          if (existing) existing.value = meta.value;
          else o.meta.push({ id: nextId++, key: meta.key, value: meta.value });
        }
        touch(o);
        return send(res, 200, orderJson(o, url));
      }
      if (match[2] && m === 'POST') {
        if (typeof body.value.note !== 'string' || body.value.note === '') return send(res, 400, wooError('rest_missing_callback_param', 'Missing parameter(s): note', 400));
        const note = { id: nextId++, note: body.value.note, customer_note: body.value.customer_note === true, date_created_gmt: new Date(now()).toISOString().slice(0, 19) };
        o.notes.push(note);
        return send(res, 201, note);
      }
      if (match[2] && m === 'GET') return send(res, 200, o.notes);
    }
    if (rest === '/products' && m === 'GET') {
      const skus = q.get('sku')?.split(',');
      // With `sku`, WooCommerce searches variations too; otherwise only top-level products.
      const list = [...products.values()].filter((p) => (skus ? p.sku !== '' && skus.some((s) => s.toLowerCase() === p.sku.toLowerCase()) : p.type !== 'variation'));
      return paged(res, list, q, productJson);
    }
    if ((match = rest.match(/^\/products\/(\d+)$/)) && m === 'GET') {
      const p = products.get(Number(match[1]));
      // A variation is not a product of this route (WooCommerce answers it under its parent).
      if (!p || p.type === 'variation') return send(res, 404, wooError('woocommerce_rest_product_invalid_id', 'Invalid ID.', 404));
      return send(res, 200, productJson(p));
    }
    if ((match = rest.match(/^\/products\/(\d+)\/variations\/(\d+)$/)) && m === 'GET') {
      const parent = products.get(Number(match[1]));
      const v = parent?.variations.includes(Number(match[2])) ? products.get(Number(match[2])) : undefined;
      if (!v) return send(res, 404, wooError('woocommerce_rest_product_variation_invalid_id', 'Invalid ID.', 404));
      return send(res, 200, productJson(v));
    }
    if (rest === '/products/batch' && m === 'POST') return batchUpdate(res, body.value, (id) => (products.get(id)?.type === 'variation' ? undefined : products.get(id)));
    if ((match = rest.match(/^\/products\/(\d+)\/variations(\/batch)?$/))) {
      const parent = products.get(Number(match[1]));
      if (!parent || parent.type !== 'variable') return send(res, 404, wooError('woocommerce_rest_product_invalid_id', 'Invalid ID.', 404));
      const own = (id: number) => (parent.variations.includes(id) ? products.get(id) : undefined);
      if (match[2] && m === 'POST') return batchUpdate(res, body.value, own);
      if (!match[2] && m === 'GET') return paged(res, parent.variations.map((id) => products.get(id)!), q, productJson);
    }
    send(res, 404, wooError('rest_no_route', 'No route was found matching the URL and request method.', 404));
  }

  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', url);
    requests.push({ method: req.method ?? 'GET', path: target.pathname, at: now() });
    void (async () => {
      const f = failure;
      if (f?.kind === 'outage') return void req.socket.destroy();
      if (f?.kind === 'slow') await new Promise((r) => setTimeout(r, f.ms));
      if (f?.kind === 'http' || f?.kind === 'throttle') {
        if (f.times !== undefined && --f.times <= 0) failure = null;
        if (f.kind === 'throttle') return send(res, 429, wooError('too_many_requests', 'Too many requests; slow down.', 429), { 'Retry-After': '2' });
        return send(res, f.status, wooError('simulated_failure', `Simulated failure (${f.status})`, f.status));
      }
      await route(req, res, target);
    })().catch((err) => {
      if (!res.headersSent) send(res, 500, wooError('internal_server_error', (err as Error).message, 500));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function deliver(o: SimOrder, topic: 'order.created' | 'order.updated', awaitIt: boolean) {
    if (!webhook) return;
    const target = webhook;
    const raw = JSON.stringify(orderJson(o, url));
    const sent = fetch(target.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'WooCommerce/9.4.0 Hookshot (WordPress/6.7)',
        'X-WC-Webhook-Source': `${url}/`,
        'X-WC-Webhook-Topic': topic,
        'X-WC-Webhook-Resource': 'order',
        'X-WC-Webhook-Event': topic.split('.')[1],
        'X-WC-Webhook-Signature': createHmac('sha256', target.secret).update(raw).digest('base64'),
        'X-WC-Webhook-ID': '1',
        'X-WC-Webhook-Delivery-ID': String(++deliveries),
      },
      body: raw,
    }).then((r) => r.arrayBuffer().then(() => undefined));
    if (awaitIt) await sent;
    else sent.catch(() => undefined);
  }

  function addProduct(p: { sku: string | null; name: string; stock: number; price?: string }, type: SimProduct['type'] = 'simple', parentId = 0): SimProduct {
    const product: SimProduct = { id: nextId++, name: p.name, sku: p.sku ?? '', type, parentId, price: p.price ?? '10.00', manageStock: type !== 'variable', stock: type === 'variable' ? null : p.stock, variations: [] };
    products.set(product.id, product);
    return product;
  }

  const credentials = { url, key, secret };
  return {
    get url() {
      return url;
    },
    credentials,
    issueToken() {
      key = `ck_${randomBytes(20).toString('hex')}`;
      secret = `cs_${randomBytes(20).toString('hex')}`;
      revoked = false;
      Object.assign(credentials, { key, secret });
      return { url, key, secret };
    },
    productStock(externalId) {
      const p = products.get(Number(externalId.split(':').pop()));
      return p && p.manageStock ? p.stock : null;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    addProduct: (p) => ({ externalId: String(addProduct(p).id) }),
    addVariableProduct(p) {
      const parent = addProduct({ sku: null, name: p.name, stock: 0 }, 'variable');
      const variations = p.variations.map((v) => addProduct(v, 'variation', parent.id));
      parent.variations = variations.map((v) => v.id);
      return { externalId: String(parent.id), variations: variations.map((v) => `${parent.id}:${v.id}`) };
    },
    stockOf: (sku) => {
      const p = bySku(sku);
      return p && p.manageStock ? p.stock : null;
    },
    locations: () => [{ id: 'store', name }],
    async sell(lines: Line[], o = {}) {
      const resolved = lines.map((l) => {
        const id = l.externalId ? Number(l.externalId.split(':').pop()) : undefined;
        const product = id !== undefined ? products.get(id) : bySku(l.sku ?? '');
        if (!product) throw new Error(`simulated store has no product ${l.sku ?? l.externalId}`);
        return { product, quantity: l.quantity };
      });
      // The storefront refuses a sale its own count cannot cover (WooCommerce: "out of stock").
      if (resolved.some((l) => l.product.manageStock && (l.product.stock ?? 0) < l.quantity)) return null;
      for (const l of resolved) if (l.product.manageStock) l.product.stock = (l.product.stock ?? 0) - l.quantity;
      const order: SimOrder = { id: nextId++, status: 'processing', createdMs: now(), modifiedMs: 0, lines: [], meta: [], notes: [], withdrawnTracking: [] };
      order.lines = resolved.map((l) => ({ id: nextId++, ...l }));
      touch(order);
      orders.set(order.id, order);
      if (!o.skipWebhook) await deliver(order, 'order.created', o.awaitWebhook !== false);
      return { externalId: String(order.id) };
    },
    setWebhookTarget(target, webhookSecret) {
      webhook = target ? { url: target, secret: webhookSecret } : null;
    },
    async cancelOrder(externalId, o = {}) {
      const order = orderOf(externalId);
      if (order.status === 'cancelled') return;
      // WooCommerce puts the stock back when an order is cancelled.
      for (const l of order.lines) if (l.product.manageStock) l.product.stock = (l.product.stock ?? 0) + l.quantity;
      order.status = 'cancelled';
      touch(order);
      if (!o.skipWebhook) await deliver(order, 'order.updated', true);
    },
    fulfilmentsOf(externalOrderId): SimulatedFulfilment[] {
      const order = orderOf(externalOrderId);
      const current = (order.meta.find((x) => x.key === '_wc_shipment_tracking_items')?.value as any[]) ?? [];
      const render = (i: any, status: SimulatedFulfilment['status']): SimulatedFulfilment => ({
        id: i.tracking_id,
        status,
        trackingNumber: i.tracking_number || null,
        trackingUrl: i.custom_tracking_link || null,
        carrier: i.custom_tracking_provider || i.tracking_provider || null,
        // The Shipment Tracking items carry no lines: WooCommerce has no per-line fulfilment.
        lines: [],
      });
      return [...order.withdrawnTracking.map((i) => render(i, 'cancelled')), ...current.map((i) => render(i, 'success'))];
    },
    orderStatus: (externalOrderId) => orderOf(externalOrderId).status,
    order: (externalOrderId) => orderJson(orderOf(externalOrderId), url),
    notesOf: (externalOrderId) => orderOf(externalOrderId).notes.map(({ note, customer_note }) => ({ note, customer_note })),
    async refundOrder(externalOrderId, refund, o = {}) {
      const order = orderOf(externalOrderId);
      const cents = (text: string) => Math.round(Number(text) * 100);
      const id = nextId++;
      order.refunds = [...(order.refunds ?? []), { id, reason: refund.reason ?? '', total: (-cents(refund.amount) / 100).toFixed(2) }];
      const refunded = order.refunds.reduce((s, r) => s - cents(r.total), 0);
      if (refunded >= cents(orderJson(order, url).total)) order.status = 'refunded';
      touch(order);
      if (!o.skipWebhook) await deliver(order, 'order.updated', true);
      return { refundId: String(id) };
    },
    setOrderStatus(externalOrderId, status) {
      const order = orderOf(externalOrderId);
      order.status = status;
      touch(order);
    },
    fail(mode) {
      failure = mode ? { ...mode } : null;
      if (mode === null) {
        revoked = false;
        permissions = 'read_write';
      } else if (mode.kind === 'revokeToken') {
        revoked = true;
        failure = null;
      } else if (mode.kind === 'dropScopes') {
        // WooCommerce keys have one permission level: losing write leaves `read`, losing read leaves `write`.
        if (mode.scopes.some((s) => s === 'read_write' || s === 'write')) permissions = 'read';
        else if (mode.scopes.includes('read')) permissions = 'write';
        failure = null;
      }
    },
  };
}
