import { ChannelApiError, type ChannelCredentials } from '../connector';
import { signUrl } from './oauth';

/**
 * One WooCommerce REST v3 call: auth (HTTP Basic over HTTPS, one-legged OAuth 1.0a in the query
 * string over plain HTTP, as WooCommerce documents), a timeout, and every failure turned into a
 * ChannelApiError whose kind tells the outbox what to do. One attempt, never a retry.
 */

export interface WooHttpOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface WooResponse<T> {
  body: T;
  headers: Headers;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** The store's base URL as typed by the owner; a bare host name means HTTPS. */
export function storeBaseUrl(url: string): URL {
  const text = url.trim();
  const parsed = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  parsed.pathname = parsed.pathname.replace(/\/+$/, '');
  parsed.search = '';
  parsed.hash = '';
  return parsed;
}

export class WooHttp {
  private readonly apiBase: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  readonly store: URL;
  /** The WordPress site's path under its host ('' at the root; '/shop' for a site in a folder). */
  readonly sitePath: string;

  constructor(
    private readonly credentials: ChannelCredentials,
    opts: WooHttpOptions = {},
  ) {
    if (!credentials.key || !credentials.secret) throw new ChannelApiError('auth', 'WooCommerce needs a REST API consumer key and secret (WooCommerce → Settings → Advanced → REST API)');
    this.store = storeBaseUrl(credentials.url);
    this.sitePath = this.store.pathname.replace(/\/+$/, '');
    this.apiBase = `${this.store.origin}${this.sitePath}/wp-json/wc/v3`;
    this.fetchImpl = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: { query?: Record<string, string | number | boolean>; body?: unknown; noAuth?: boolean } = {}): Promise<WooResponse<T>> {
    let url = new URL(path.startsWith('/wp-json/') ? `${this.store.origin}${this.sitePath}${path}` : `${this.apiBase}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (!opts.noAuth) {
      // Basic auth sends the secret itself, so only over TLS; plain HTTP gets the signature instead.
      if (url.protocol === 'https:') headers.Authorization = `Basic ${Buffer.from(`${this.credentials.key}:${this.credentials.secret}`).toString('base64')}`;
      else url = signUrl(method, url, this.credentials.key!, this.credentials.secret!);
    }
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new ChannelApiError('transient', `the store did not answer within ${Math.round(this.timeoutMs / 1000)} s`);
      throw new ChannelApiError('transient', `could not reach the store at ${this.store.host}: ${(e.cause as Error | undefined)?.message ?? e.message}`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new ChannelApiError('transient', `the store's answer was cut off: ${(err as Error).message}`, { status: res.status });
    }
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    if (res.ok) {
      if (body === null && text !== '') throw new ChannelApiError('transient', `the store answered ${res.status} with something that is not JSON (a maintenance page or a proxy?)`, { status: res.status });
      return { body: body as T, headers: res.headers };
    }
    throw errorFor(res.status, res.headers, body);
  }
}

/** WooCommerce's error body: { code, message, data: { status } }. */
function wooMessage(body: unknown): { code: string | null; message: string | null } {
  if (body && typeof body === 'object') {
    const b = body as { code?: unknown; message?: unknown };
    return { code: typeof b.code === 'string' ? b.code : null, message: typeof b.message === 'string' ? b.message.replace(/<[^>]*>/g, '') : null };
  }
  return { code: null, message: null };
}

export function retryAfterMs(value: string | null): number {
  if (!value) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - Date.now());
}

function errorFor(status: number, headers: Headers, body: unknown): ChannelApiError {
  const { code, message } = wooMessage(body);
  const said = message ? `: ${message}` : '';
  if (status === 401 || status === 403) {
    // A read-only key is refused every write with this message (WC_REST_Authentication::check_permissions).
    if (message && /does not have write permissions/i.test(message)) {
      return new ChannelApiError('scope', 'the WooCommerce API key is read-only — give it Read/Write permission (WooCommerce → Settings → Advanced → REST API)', { status, scope: 'read_write' });
    }
    return new ChannelApiError('auth', `WooCommerce refused the API key${said} — check or re-create the key and reconnect`, { status });
  }
  if (status === 429) return new ChannelApiError('throttled', 'the store is limiting requests (429); waiting before the next one', { status, retryAfterMs: retryAfterMs(headers.get('retry-after')) });
  if (status >= 500) return new ChannelApiError('transient', `the store had an error (${status})${said}`, { status });
  if (status === 408) return new ChannelApiError('transient', 'the store timed out the request (408)', { status });
  return new ChannelApiError('rejected', `WooCommerce refused the request (${status}${code ? ` ${code}` : ''})${said}`, { status });
}
