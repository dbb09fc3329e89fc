import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphqlFault, OPERATIONS } from './shopify-store-graphql';
import { orderWebhookBody, refundJson } from './shopify-store-json';
import { readBody, sendJson } from './sim-http';
import { ShopifyStoreState, type SimAddress, type SimLine, type SimOrder } from './shopify-store-state';
import type { SimulatedFailure, SimulatedFulfilment, SimulatedStore } from './simulated-store';

/**
 * A simulated Shopify store on loopback, for tests and `serve --simulate-channels` only: it answers
 * POST /admin/api/<version>/graphql.json the way the GraphQL Admin API does (X-Shopify-Access-Token,
 * 401 for a bad token, ACCESS_DENIED for a missing scope, the cost-based leaky bucket with
 * THROTTLED, userErrors), keeps its own stock, orders and fulfilments, and sends signed
 * `orders/create` / `orders/cancelled` / `orders/updated` webhooks like a real shop.
 */

export const SIMULATED_SHOPIFY_API_VERSION = '2025-10';
/** Every scope the sync asks for. */
export const ALL_SHOPIFY_SCOPES = ['read_orders', 'write_merchant_managed_fulfillment_orders', 'read_locations', 'write_inventory', 'read_products'];

/** Shopify's standard bucket as the brief sets it: 1,000 points, restoring 50 a second. */
const BUCKET_SIZE = 1000;
const RESTORE_RATE = 50;
const MAX_QUERY_COST = 1000;

export interface ShopifyStoreOptions {
  shopName?: string;
  locations?: string[];
  scopes?: string[];
  apiVersion?: string;
}

export interface OrderEdit {
  note?: string | null;
  tags?: string[];
  /** New current quantity per SKU (0 removes the line). */
  setQuantity?: { sku: string; quantity: number }[];
  addLines?: { sku: string; quantity: number }[];
  shippingAddress?: Partial<SimAddress>;
}

export interface SimulatedShopifyStore extends SimulatedStore {
  /** The shop's domain as it signs webhooks (X-Shopify-Shop-Domain). */
  readonly shopDomain: string;
  /** Every webhook sent, with the receiver's answer (or the error reaching it). */
  webhooks: { topic: string; webhookId: string; orderId: string; status: number | null; error?: string }[];
  /**
   * A channel-side edit of an order (sends orders/updated). As Shopify's order editing: a line set to
   * a new quantity keeps `quantity` and shows the rest in current_quantity (0 = removed, restocked),
   * an added line is a new line item (taking stock), and the shipping address may be replaced.
   */
  editOrder(externalId: string, changes: OrderEdit, opts?: { skipWebhook?: boolean }): Promise<void>;
  /**
   * A refund from the admin: of units of lines (their price; unshipped units are restocked, as
   * restock_type `cancel`) and/or an amount. Sends refunds/create (the Refund resource) and then
   * orders/updated (the order with its `refunds`, current_quantity and financial_status).
   */
  refundOrder(externalId: string, refund: { lines?: { sku: string; quantity: number }[]; amount?: string; note?: string }, opts?: { skipWebhook?: boolean }): Promise<{ refundId: string }>;
  /**
   * The owner installs the custom app's access token anew (after a revocation,
   * `fail({ kind: 'revokeToken' })`): the new token works, the old one stays refused. `credentials` is updated too.
   */
  issueToken(): { url: string; token: string };
  /** The store's order as its webhook would carry it (REST JSON), or null. */
  orderJson(externalId: string): Record<string, unknown> | null;
}

export async function startShopifyStore(opts: ShopifyStoreOptions = {}): Promise<SimulatedShopifyStore> {
  const shopName = opts.shopName ?? 'Simulated Shopify Store';
  const shopDomain = `${shopName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'simulated'}.myshopify.com`;
  const apiVersion = opts.apiVersion ?? SIMULATED_SHOPIFY_API_VERSION;
  const state = new ShopifyStoreState(opts.locations ?? ['Main warehouse']);
  let grantedScopes = [...(opts.scopes ?? ALL_SHOPIFY_SCOPES)];
  let validToken: string | null = `shpat_${randomBytes(16).toString('hex')}`;
  const credentials = { url: '', token: validToken };
  let failure: SimulatedFailure | null = null;
  let failuresLeft = Infinity;
  let webhookTarget: { url: string; secret: string } | null = null;
  const bucket = { available: BUCKET_SIZE, at: Date.now() };
  const requests: SimulatedStore['requests'] = [];
  const webhooks: SimulatedShopifyStore['webhooks'] = [];

  const throttleStatus = () => ({ maximumAvailable: BUCKET_SIZE, currentlyAvailable: Math.floor(bucket.available), restoreRate: RESTORE_RATE });
  const refill = () => {
    const now = Date.now();
    bucket.available = Math.min(BUCKET_SIZE, bucket.available + ((now - bucket.at) / 1000) * RESTORE_RATE);
    bucket.at = now;
  };
  const useFailure = () => {
    failuresLeft -= 1;
    if (failuresLeft <= 0) failure = null;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: [{ message: `simulated store fault: ${e instanceof Error ? e.message : String(e)}` }] });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    // SIMULATOR ONLY (no such endpoint on a real shop): a buyer checking out on the storefront, for
    // a test or demo in another process than `serve --simulate-channels`. Same as `sell()`.
    if (req.method === 'POST' && (req.url ?? '').split('?')[0] === '/simulator/storefront/orders') {
      const lines = (JSON.parse(raw.toString('utf8') || '{}') as { lines?: { sku: string; quantity: number }[] }).lines ?? [];
      const order = lines.length > 0 ? state.sell(lines) : null;
      if (!order) return send(res, 409, { errors: 'sold out: the store cannot cover every line' });
      await notify('orders/create', order);
      return send(res, 201, { order: { id: `gid://shopify/Order/${order.id}`, legacyResourceId: String(order.id), name: order.name } });
    }
    const entry: SimulatedStore['requests'][number] = { method: req.method ?? '', path: req.url ?? '', at: Date.now() };
    let body: { query?: string; variables?: Record<string, unknown>; operationName?: string } = {};
    try {
      body = JSON.parse(raw.toString('utf8') || '{}') as typeof body;
    } catch {
      /* answered below */
    }
    const operationName = body.operationName ?? /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query ?? '')?.[1];
    if (operationName) entry.operation = operationName;
    requests.push(entry);

    if (failure?.kind === 'outage') {
      req.socket.destroy();
      return;
    }
    if (failure?.kind === 'slow') await new Promise((r) => setTimeout(r, (failure as { ms: number }).ms));
    if (failure?.kind === 'http') {
      const status = failure.status;
      useFailure();
      send(res, status, status === 401 ? { errors: INVALID_TOKEN } : { errors: `${status} simulated failure` });
      return;
    }
    const path = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec((req.url ?? '').split('?')[0]);
    if (req.method !== 'POST' || !path || path[1] !== apiVersion) {
      send(res, 404, { errors: 'Not Found' });
      return;
    }
    if (!validToken || req.headers['x-shopify-access-token'] !== validToken) {
      send(res, 401, { errors: INVALID_TOKEN });
      return;
    }
    if (!operationName || typeof body.query !== 'string') {
      send(res, 400, { errors: { query: 'Required parameter missing or invalid' } });
      return;
    }
    const operation = OPERATIONS[operationName];
    if (!operation) {
      send(res, 200, { errors: [{ message: `The simulated store does not know the operation ${operationName}`, extensions: { code: 'undefinedField' } }] });
      return;
    }
    const variables = body.variables ?? {};
    let requestedCost: number;
    try {
      requestedCost = operation.requestedCost(variables);
    } catch (e) {
      send(res, 200, { errors: [{ message: (e as Error).message }] });
      return;
    }
    refill();
    if (failure?.kind === 'throttle') {
      useFailure();
      bucket.available = 0; // a burst from elsewhere (another app or job) emptied the bucket
    }
    if (requestedCost > MAX_QUERY_COST) {
      send(res, 200, {
        errors: [{ message: `Query cost is ${requestedCost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost: requestedCost, maxCost: MAX_QUERY_COST } }],
        extensions: { cost: { requestedQueryCost: requestedCost, actualQueryCost: null, throttleStatus: throttleStatus() } },
      });
      return;
    }
    if (bucket.available < requestedCost) {
      send(res, 200, {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: { cost: { requestedQueryCost: requestedCost, actualQueryCost: null, throttleStatus: throttleStatus() } },
      });
      return;
    }
    const missing = operation.scopes.length > 0 && !operation.scopes.some((s) => hasScope(grantedScopes, s));
    if (missing) {
      const scope = operation.scopes[0];
      bucket.available -= 1;
      send(res, 200, {
        data: null,
        errors: [{ message: `Access denied. Required access: \`${scope}\` access scope.`, extensions: { code: 'ACCESS_DENIED', documentation: 'https://shopify.dev/api/usage/access-scopes', requiredAccess: `\`${scope}\` access scope.` } }],
        extensions: { cost: { requestedQueryCost: requestedCost, actualQueryCost: 1, throttleStatus: throttleStatus() } },
      });
      return;
    }
    try {
      const before = new Map(state.orders.map((o) => [o.id, o.updatedAt]));
      const { data, actualCost } = operation.run({ state, shopName, grantedScopes }, variables);
      bucket.available -= actualCost;
      send(res, 200, { data, extensions: { cost: { requestedQueryCost: requestedCost, actualQueryCost: actualCost, throttleStatus: throttleStatus() } } });
      // A fulfilment changes the order: Shopify sends orders/updated (and fulfillments/*; not simulated).
      for (const order of state.orders) if (before.has(order.id) && before.get(order.id) !== order.updatedAt) void deliver('orders/updated', order).catch(() => {});
    } catch (e) {
      if (!(e instanceof GraphqlFault)) throw e;
      send(res, 200, { errors: [{ message: e.message }], extensions: { cost: { requestedQueryCost: requestedCost, actualQueryCost: 1, throttleStatus: throttleStatus() } } });
    }
  }

  function send(res: ServerResponse, status: number, payload: unknown): void {
    sendJson(res, status, payload, { 'X-Shopify-API-Version': apiVersion });
  }

  /** POSTs a webhook signed the way Shopify signs them: base64 HMAC-SHA256 of the raw body. */
  async function deliver(topic: string, order: SimOrder): Promise<void> {
    await deliverJson(topic, String(order.id), orderWebhookBody(order, shopDomain));
  }

  async function deliverJson(topic: string, orderId: string, body: Record<string, unknown>): Promise<void> {
    if (!webhookTarget) return;
    const { url, secret } = webhookTarget;
    const raw = Buffer.from(JSON.stringify(body));
    const webhookId = randomUUID();
    const record: SimulatedShopifyStore['webhooks'][number] = { topic, webhookId, orderId, status: null };
    webhooks.push(record);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Shopify-Topic': topic,
          'X-Shopify-Hmac-Sha256': createHmac('sha256', secret).update(raw).digest('base64'),
          'X-Shopify-Shop-Domain': shopDomain,
          'X-Shopify-Webhook-Id': webhookId,
          'X-Shopify-Event-Id': randomUUID(),
          'X-Shopify-Triggered-At': new Date().toISOString(),
          'X-Shopify-API-Version': apiVersion,
        },
        body: raw,
        signal: AbortSignal.timeout(10_000),
      });
      record.status = response.status;
      await response.arrayBuffer();
    } catch (e) {
      record.error = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    }
  }

  function lineOf(order: SimOrder, sku: string): SimLine {
    const line = order.lines.find((l) => l.variant.sku === sku);
    if (!line) throw new Error(`order ${order.id} has no line ${sku}`);
    return line;
  }

  async function notify(topic: string, order: SimOrder, opts: { awaitWebhook?: boolean; skipWebhook?: boolean } = {}): Promise<void> {
    if (opts.skipWebhook) return;
    const sending = deliver(topic, order);
    if (opts.awaitWebhook !== false) await sending;
  }

  function orderOrThrow(externalId: string): SimOrder {
    const order = state.order(externalId);
    if (!order) throw new Error(`simulated Shopify store has no order ${externalId}`);
    return order;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  credentials.url = url;

  return {
    url,
    credentials,
    shopDomain,
    requests,
    webhooks,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    addProduct: (p) => ({ externalId: `gid://shopify/ProductVariant/${state.addVariant(p).variantId}` }),
    stockOf(sku, locationId) {
      const variant = state.variantBySku(sku);
      if (!variant) return null;
      if (locationId === undefined) return [...variant.available.values()].reduce((s, q) => s + q, 0);
      const id = Number(/(\d+)$/.exec(locationId)?.[1]);
      return variant.available.has(id) ? variant.available.get(id)! : null;
    },
    locations: () => state.locations.map((l) => ({ id: `gid://shopify/Location/${l.id}`, name: l.name })),
    async sell(lines, opts) {
      const order = state.sell(lines);
      if (!order) return null;
      await notify('orders/create', order, opts);
      return { externalId: String(order.id) };
    },
    setWebhookTarget(target, secret) {
      webhookTarget = target ? { url: target, secret } : null;
    },
    async cancelOrder(externalId, opts) {
      const order = orderOrThrow(externalId);
      state.cancel(order);
      await notify('orders/cancelled', order, opts);
    },
    async editOrder(externalId, changes, opts) {
      const order = orderOrThrow(externalId);
      if (changes.note !== undefined) order.note = changes.note;
      if (changes.tags !== undefined) order.tags = [...changes.tags];
      if (changes.shippingAddress) order.shippingAddress = { ...order.shippingAddress, ...changes.shippingAddress };
      for (const { sku, quantity } of changes.setQuantity ?? []) state.setLineQuantity(order, lineOf(order, sku), quantity);
      for (const { sku, quantity } of changes.addLines ?? []) {
        if (!state.addLine(order, sku, quantity)) throw new Error(`simulated Shopify store has no stock for ${quantity} × ${sku}`);
      }
      order.updatedAt = state.now();
      await notify('orders/updated', order, opts);
    },
    async refundOrder(externalId, what, opts) {
      const order = orderOrThrow(externalId);
      const refund = state.refund(order, (what.lines ?? []).map((l) => ({ line: lineOf(order, l.sku), quantity: l.quantity })), what.amount ?? null, what.note ?? null);
      if (!opts?.skipWebhook) {
        await deliverJson('refunds/create', String(order.id), refundJson(order, refund));
        await notify('orders/updated', order);
      }
      return { refundId: String(refund.id) };
    },
    issueToken() {
      validToken = `shpat_${randomBytes(16).toString('hex')}`;
      credentials.token = validToken;
      return { url, token: validToken };
    },
    orderJson: (externalId) => {
      const order = state.order(externalId);
      return order ? orderWebhookBody(order, shopDomain) : null;
    },
    fulfilmentsOf(externalOrderId): SimulatedFulfilment[] {
      const order = orderOrThrow(externalOrderId);
      return order.fulfillments.map((f) => ({
        id: `gid://shopify/Fulfillment/${f.id}`,
        status: f.status === 'SUCCESS' ? 'success' : 'cancelled',
        trackingNumber: f.tracking?.number ?? null,
        trackingUrl: f.tracking?.url ?? null,
        carrier: f.tracking?.company ?? null,
        notifyCustomer: f.notifyCustomer,
        lines: f.lines.map((l) => {
          const foLine = order.fulfillmentOrders.flatMap((fo) => fo.lines).find((x) => x.id === l.fulfillmentOrderLineId)!;
          return { sku: order.lines.find((line) => line.id === foLine.lineId)!.variant.sku, quantity: l.quantity };
        }),
      }));
    },
    orderStatus: (externalOrderId) => state.displayFulfillmentStatus(orderOrThrow(externalOrderId)),
    fail(mode) {
      if (mode?.kind === 'revokeToken') {
        validToken = null;
        return;
      }
      if (mode?.kind === 'dropScopes') {
        grantedScopes = grantedScopes.filter((s) => !mode.scopes.includes(s));
        return;
      }
      failure = mode;
      failuresLeft = mode && (mode.kind === 'http' || mode.kind === 'throttle') ? (mode.times ?? (mode.kind === 'throttle' ? 1 : Infinity)) : Infinity;
    },
  };
}

const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';

/** A write scope grants its read scope too. */
function hasScope(granted: string[], scope: string): boolean {
  return granted.includes(scope) || (scope.startsWith('read_') && granted.includes(`write_${scope.slice(5)}`));
}

