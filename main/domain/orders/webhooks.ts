import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../../app';
import type { ChannelRow } from '../../store/schema';
import { HttpError, readBody, sendHttpError, sendJson } from '../../server/http-util';
import type { HttpRoute } from '../../server/routes';
import { isWooCommercePing, parseShopifyOrderWebhook, parseWooCommerceOrder, verifyWebhookSignature, wooCommerceSecretVariants } from './intake/index';

const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Channel webhooks: POST /webhooks/<shopify|woocommerce>/<channel key>. The signature is checked
 * over the raw bytes with a timing-safe compare BEFORE anything is parsed or stored; a bad
 * signature answers 401 and only the attempt is logged. Accepted orders go through the group
 * commit and are answered after they are durable.
 */
export const webhookRoute: HttpRoute = {
  method: 'POST',
  prefix: '/webhooks/',
  async handle(app: App, req: IncomingMessage, res: ServerResponse, url: URL) {
    const orders = app.services.orders;
    const [, , kind, key] = url.pathname.split('/');
    let channel = key ? orders.channels.byWebhookKey(key) : undefined;
    const topic = header(req, kind === 'shopify' ? 'x-shopify-topic' : 'x-wc-webhook-topic') ?? null;
    const remote = req.socket.remoteAddress ?? null;
    // Only Shopify and WooCommerce channels receive webhooks (a CSV or manual channel has no sender).
    // An unknown address is not logged at all: anyone can post to any path, and nothing they send
    // may grow the database.
    if (!channel || channel.kind !== kind || (kind !== 'shopify' && kind !== 'woocommerce')) {
      req.resume();
      return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'Unknown webhook address' } });
    }
    const known = channel;
    const log = (outcome: string, status: number, message: string) => orders.logWebhook(known.id, topic, outcome, status, message, remote);
    let raw: Buffer;
    try {
      raw = await readBody(req, WEBHOOK_BODY_LIMIT);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      log('malformed', err.status, err.message);
      return sendHttpError(res, err);
    }
    if (kind === 'woocommerce' && isWooCommercePing(raw, topic)) {
      log('ping', 200, 'WooCommerce ping');
      return sendJson(res, 200, { ok: true, ping: true });
    }
    const signature = header(req, kind === 'shopify' ? 'x-shopify-hmac-sha256' : 'x-wc-webhook-signature');
    const verifies = (c: ChannelRow) =>
      verifyWebhookSignature(raw, signature, orders.channels.activeSecrets(c).flatMap((s) => (kind === 'woocommerce' ? wooCommerceSecretVariants(s) : [s])));
    // The channel may be an in-memory copy up to a second old: before refusing, read it afresh, so
    // a secret rotated a moment ago by another process (the CLI) is honoured at once.
    let signed = verifies(channel);
    if (!signed) {
      const fresh = orders.channels.byWebhookKey(key!, { fresh: true });
      if (fresh && fresh.kind === kind) signed = verifies((channel = fresh));
    }
    if (!signed) {
      log('bad_signature', 401, signature ? 'signature does not match' : 'signature header missing');
      return sendJson(res, 401, { error: { code: 'UNAUTHORIZED', message: 'Webhook signature is missing or wrong' } });
    }
    const parsed = kind === 'shopify' ? parseShopifyOrderWebhook(raw, topic) : parseWooCommerceOrder(raw, topic);
    if (!parsed.ok) {
      const message = parsed.errors.map((e) => `${e.path ?? e.field}: ${e.message}`).join('; ');
      log('malformed', 400, message);
      return sendJson(res, 400, { error: { code: 'VALIDATION', message: `Malformed order: ${message}`, details: { issues: parsed.errors } } });
    }
    try {
      const result = await orders.ingestGrouped(channel, parsed.value, `webhook:${channel.name}`);
      return sendJson(res, 200, { ok: true, ...result });
    } catch (err) {
      log('error', 500, (err as Error).message);
      throw err;
    }
  },
};
