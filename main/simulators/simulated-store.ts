import type { ChannelCredentials } from '../domain/channels/connector';

/**
 * What every simulated storefront offers (docs: /work/notes/sync-brief.md, "Simulator contract"),
 * so the sync core, its tests and `serve --simulate-channels` drive a simulated Shopify and a
 * simulated WooCommerce the same way. Simulated stores are for tests and the demo only, behind
 * explicit flags; nothing they hold is ever shown as real.
 */
export type SimulatedFailure =
  /** Connections are cut without an answer (a network outage), until cleared. */
  | { kind: 'outage' }
  /** Every request answers this HTTP status, `times` times (until cleared when absent). */
  | { kind: 'http'; status: number; times?: number }
  /** Every answer is held back `ms` milliseconds, until cleared. */
  | { kind: 'slow'; ms: number }
  /** The store's credentials stop working (the owner revoked them). */
  | { kind: 'revokeToken' }
  /** The credentials lose these access scopes. */
  | { kind: 'dropScopes'; scopes: string[] }
  /** The next `times` requests (1 when absent) are rate-limited the platform's way. */
  | { kind: 'throttle'; times?: number };

export interface SimulatedFulfilment {
  id: string;
  status: 'success' | 'cancelled';
  trackingNumber: string | null;
  trackingUrl: string | null;
  carrier: string | null;
  lines: { sku: string | null; quantity: number }[];
  /** Shopify: whether the fulfilment asked Shopify to e-mail the customer (WooCommerce: see the order's notes). */
  notifyCustomer?: boolean;
}

export interface SimulatedStore {
  /** Base URL on 127.0.0.1, ephemeral port. */
  url: string;
  /** Valid credentials for this store, with every scope. */
  credentials: ChannelCredentials;
  close(): Promise<void>;
  addProduct(p: { sku: string | null; name: string; stock: number; locationStock?: Record<string, number> }): { externalId: string };
  stockOf(sku: string, locationId?: string): number | null;
  locations(): { id: string; name: string }[];
  /**
   * A buyer on the storefront: null when the store's own count cannot cover a line; otherwise the
   * stock goes down and, with a webhook target set, the signed order-created webhook is sent (and
   * awaited unless `awaitWebhook: false`).
   */
  sell(lines: { sku: string; quantity: number }[], opts?: { awaitWebhook?: boolean; skipWebhook?: boolean }): Promise<{ externalId: string } | null>;
  setWebhookTarget(url: string | null, secret: string): void;
  cancelOrder(externalId: string, opts?: { skipWebhook?: boolean }): Promise<void>;
  fulfilmentsOf(externalOrderId: string): SimulatedFulfilment[];
  /** Shopify: displayFulfillmentStatus (UNFULFILLED / PARTIALLY_FULFILLED / FULFILLED); WooCommerce: status. */
  orderStatus(externalOrderId: string): string;
  fail(mode: SimulatedFailure | null): void;
  /** New valid credentials, as the owner makes after a revocation; the revoked ones stay refused. */
  issueToken(): ChannelCredentials;
  /** Every request received, for tests. */
  requests: { method: string; path: string; operation?: string; at: number }[];
}
