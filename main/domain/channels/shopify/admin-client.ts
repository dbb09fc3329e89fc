import { ChannelApiError, type ChannelCredentials } from '../connector';

/**
 * One POST to Shopify's GraphQL Admin API, and the translation of everything that can go wrong
 * into a ChannelApiError the outbox can act on. No retries here: the connector makes one attempt
 * per call (connector.ts) and the outbox decides when to try again.
 */

/**
 * The pinned API version. 2025-10 is the newest version in which `compareQuantity` is the
 * compare-and-set field of inventorySetQuantities (2026-01 deprecates it for `changeFromQuantity`,
 * and 2026-04 makes the new field mandatory); `fulfillmentCreate` (not the older
 * `fulfillmentCreateV2`) exists since 2025-01. Moving the pin means re-reading both.
 */
export const SHOPIFY_API_VERSION = '2025-10';

const DEFAULT_TIMEOUT_MS = 30_000;

/** Shopify's leaky-bucket state, as every GraphQL answer reports it in extensions.cost. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface ShopifyClientOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  apiVersion?: string;
}

interface GraphqlError {
  message?: string;
  extensions?: { code?: string; requiredAccess?: string };
}

interface GraphqlBody {
  data?: unknown;
  errors?: GraphqlError[] | string;
  extensions?: { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus } };
}

const BAD_TOKEN = 'Shopify refused the access token — check it or create a new one in the custom app';

export class ShopifyAdminClient {
  /** The bucket as of the last answer (null before the first), so a caller can slow down before THROTTLED. */
  throttle: (ThrottleStatus & { at: number }) | null = null;
  readonly endpoint: string;
  private readonly token: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(credentials: ChannelCredentials, options: ShopifyClientOptions = {}) {
    if (!credentials.token || credentials.token.trim() === '') {
      throw new ChannelApiError('auth', 'No Shopify Admin API access token was given — copy it from the custom app in the Shopify admin');
    }
    this.token = credentials.token.trim();
    this.endpoint = `${shopOrigin(credentials.url)}/admin/api/${options.apiVersion ?? SHOPIFY_API_VERSION}/graphql.json`;
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Runs one named operation; returns `data`, or throws ChannelApiError. userErrors are the caller's to read. */
  async request<T>(operationName: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Shopify-Access-Token': this.token },
        body: JSON.stringify({ query, variables, operationName }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw networkError(e, this.timeoutMs);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      throw networkError(e, this.timeoutMs);
    }
    const body = parseBody(text);
    const requestedCost = this.noteCost(body);
    if (!response.ok) throw this.httpError(response, body, requestedCost);
    if (!body) throw new ChannelApiError('transient', `Shopify answered ${operationName} with something that is not JSON`, { status: response.status });
    if (body.errors) throw this.graphqlError(body.errors, requestedCost);
    if (body.data == null) throw new ChannelApiError('transient', `Shopify answered ${operationName} without data`, { status: response.status });
    return body.data as T;
  }

  private noteCost(body: GraphqlBody | null): number | null {
    const cost = body?.extensions?.cost;
    const status = cost?.throttleStatus;
    if (status && typeof status.currentlyAvailable === 'number' && typeof status.restoreRate === 'number') {
      this.throttle = {
        maximumAvailable: Number(status.maximumAvailable),
        currentlyAvailable: Number(status.currentlyAvailable),
        restoreRate: Number(status.restoreRate),
        at: Date.now(),
      };
    }
    return typeof cost?.requestedQueryCost === 'number' ? cost.requestedQueryCost : null;
  }

  /** How long until the bucket holds `cost` points again (at least 1 ms; a second when nothing is known). */
  private retryAfterFor(cost: number | null): number {
    const t = this.throttle;
    if (!t || cost === null || t.restoreRate <= 0) return 1000;
    return Math.max(1, Math.ceil(((cost - t.currentlyAvailable) / t.restoreRate) * 1000));
  }

  private httpError(response: Response, body: GraphqlBody | null, requestedCost: number | null): ChannelApiError {
    const status = response.status;
    if (status === 401) return new ChannelApiError('auth', BAD_TOKEN, { status });
    if (status === 403) {
      return new ChannelApiError('scope', 'Shopify refused the request (403) — the custom app lacks an access scope it needs; check its Admin API scopes', { status });
    }
    if (status === 402) return new ChannelApiError('auth', 'Shopify says the shop is frozen (402 Payment Required) — settle the shop’s bill, then reconnect', { status });
    if (status === 404) return new ChannelApiError('auth', `No Shopify store answers at ${new URL(this.endpoint).host} (404) — check the shop domain`, { status });
    if (status === 423) return new ChannelApiError('auth', 'Shopify says the shop is locked (423) — reconnect once it is unlocked', { status });
    if (status === 429) {
      const header = Number(response.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(header) && header > 0 ? Math.ceil(header * 1000) : this.retryAfterFor(requestedCost);
      return new ChannelApiError('throttled', 'Shopify is rate-limiting requests (429)', { status, retryAfterMs });
    }
    if (status >= 500) return new ChannelApiError('transient', `Shopify answered ${status} (a fault on Shopify’s side) — will retry`, { status });
    const detail = body && typeof body.errors === 'string' ? `: ${body.errors}` : '';
    return new ChannelApiError('rejected', `Shopify refused the request (${status})${detail}`, { status });
  }

  private graphqlError(errors: GraphqlError[] | string, requestedCost: number | null): ChannelApiError {
    if (typeof errors === 'string') return new ChannelApiError('rejected', `Shopify refused the request: ${errors}`);
    const codes = errors.map((e) => e.extensions?.code);
    if (codes.includes('THROTTLED')) {
      return new ChannelApiError('throttled', 'Shopify’s API budget for this app is used up for the moment (THROTTLED)', {
        retryAfterMs: this.retryAfterFor(requestedCost),
      });
    }
    const denied = errors.find((e) => e.extensions?.code === 'ACCESS_DENIED');
    if (denied) {
      const scope = /\b((?:read|write)_[a-z_]+)/.exec(`${denied.extensions?.requiredAccess ?? ''} ${denied.message ?? ''}`)?.[1];
      return new ChannelApiError(
        'scope',
        scope
          ? `missing scope ${scope} — add it to the custom app’s Admin API scopes in Shopify and reinstall the app`
          : `Shopify denied access: ${denied.message ?? 'a scope is missing'}`,
        scope ? { scope } : {},
      );
    }
    if (codes.includes('INTERNAL_SERVER_ERROR') || codes.includes('SERVICE_UNAVAILABLE')) {
      return new ChannelApiError('transient', `Shopify had an internal error: ${errors[0]?.message ?? ''}`.trim());
    }
    return new ChannelApiError('rejected', `Shopify refused the request: ${errors.map((e) => e.message ?? e.extensions?.code ?? 'error').join('; ')}`);
  }
}

function parseBody(text: string): GraphqlBody | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as GraphqlBody) : null;
  } catch {
    return null;
  }
}

function networkError(e: unknown, timeoutMs: number): ChannelApiError {
  const name = e instanceof Error ? e.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ChannelApiError('transient', `Shopify did not answer within ${Math.round(timeoutMs / 1000)} s — will retry`);
  }
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
  return new ChannelApiError('transient', `Could not reach Shopify (${cause}) — will retry`);
}

/**
 * The shop's origin from what the owner typed: a bare domain (`my-shop.myshopify.com`), or a URL
 * (`https://my-shop.myshopify.com/admin`, whose path is dropped). The token goes only over HTTPS,
 * except to a loopback http:// address — the simulated store, never a real shop.
 */
export function shopOrigin(url: string): string {
  const trimmed = url.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new ChannelApiError('rejected', `"${url}" is not a shop domain (e.g. my-shop.myshopify.com)`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) return parsed.origin;
  throw new ChannelApiError('rejected', `The shop address must use https:// (got ${parsed.protocol}//${parsed.host}): the access token is never sent unencrypted`);
}
