import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../../app';
import type { ChannelRow } from '../../store/schema';
import { HttpError, readBody, sendHttpError, sendJson } from '../../server/http-util';
import type { HttpRoute } from '../../server/routes';
import { isWooCommercePing, parseShopifyOrderWebhook, parseShopifyRefundWebhook, parseWooCommerceOrder, verifyWebhookSignature, wooCommerceDeletedOrderId, wooCommerceSecretVariants } from './intake/index';
import type { DeliveryAnswer } from './webhook-deliveries';

const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;
/** Longer delivery ids are not remembered (real ones are a number or a UUID). */
const MAX_DELIVERY_ID_CHARS = 100;

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
    // Only WooCommerce's real ping (the unsigned form body `webhook_id=<n>`) skips the signature.
    if (kind === 'woocommerce' && isWooCommercePing(raw)) {
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
    // A redelivery (same delivery id) gets the first delivery's answer and is not processed again.
    const deliveryId = header(req, kind === 'shopify' ? 'x-shopify-webhook-id' : 'x-wc-webhook-delivery-id')?.trim() || null;
    const remembered = deliveryId && deliveryId.length <= MAX_DELIVERY_ID_CHARS ? deliveryId : null;
    const earlier = remembered ? orders.recentDeliveries.earlier(channel.id, remembered) : undefined;
    if (earlier) {
      const answer = await earlier.catch(() => null);
      if (answer) return sendJson(res, 200, { ...answer, redelivery: true });
    }
    if (kind === 'woocommerce' && topic && !topic.startsWith('order.')) {
      // A product or customer webhook pointed here by mistake: not an error the sender should retry.
      log('ignored', 200, `topic ${topic} is not an order topic`);
      return sendJson(res, 200, { ok: true, ignored: true });
    }
    let deletedId: string | null = null;
    if (kind === 'woocommerce' && topic === 'order.deleted') {
      deletedId = wooCommerceDeletedOrderId(raw);
      if (deletedId === null) {
        log('malformed', 400, 'order.deleted body has no order id');
        return sendJson(res, 400, { error: { code: 'VALIDATION', message: 'Malformed order.deleted: the body has no order id', details: { issues: [{ path: 'id', field: 'id', message: 'missing' }] } } });
      }
    }
    if (kind === 'shopify' && topic === 'refunds/create') {
      // A refund on its own (the Refund resource, with order_id): applied once per refund id, like the
      // refunds an orders/updated body lists (channel-updates.ts).
      const refund = parseShopifyRefundWebhook(raw);
      if (!refund.ok) {
        const message = refund.errors.map((e) => `${e.path ?? e.field}: ${e.message}`).join('; ');
        log('malformed', 400, message);
        return sendJson(res, 400, { error: { code: 'VALIDATION', message: `Malformed refund: ${message}`, details: { issues: refund.errors } } });
      }
      const refundChannel = channel;
      const { orderExternalId, refund: value } = refund.value;
      const answer = orders.groupCommit
        .submit(() => orders.service.applyStoreRefund(refundChannel, orderExternalId, value, `webhook:${refundChannel.name}`), { atomic: true })
        .then((result): DeliveryAnswer => (result ? { ok: true, ...result } : { ok: true, outcome: 'unknown_order', externalId: orderExternalId }));
      if (remembered) orders.recentDeliveries.remember(refundChannel.id, remembered, answer);
      return sendJson(res, 200, await answer);
    }
    const parsed = deletedId !== null ? null : kind === 'shopify' ? parseShopifyOrderWebhook(raw, topic) : parseWooCommerceOrder(raw, topic);
    if (parsed && !parsed.ok) {
      const message = parsed.errors.map((e) => `${e.path ?? e.field}: ${e.message}`).join('; ');
      log('malformed', 400, message);
      return sendJson(res, 400, { error: { code: 'VALIDATION', message: `Malformed order: ${message}`, details: { issues: parsed.errors } } });
    }
    const verifiedChannel = channel;
    const actor = `webhook:${channel.name}`;
    let answer: Promise<DeliveryAnswer>;
    if (parsed) {
      // Recorded on the order it creates (shown with the order's channel identifiers).
      if (remembered) parsed.value.rawIdentifiers.webhook_delivery_id = remembered;
      answer = orders.ingestGrouped(verifiedChannel, parsed.value, actor).then((result) => ({ ok: true, ...result }));
    } else {
      // order.deleted (trashed or deleted in WooCommerce): cancel it, releasing its stock. An order we
      // never received has nothing to cancel; answered 200 so WooCommerce does not retry or disable the hook.
      answer = orders.groupCommit
        .submit(() => orders.service.cancelByExternalId(verifiedChannel, deletedId!, 'deleted in WooCommerce', actor), { atomic: true })
        .then((result) => (result ? { ok: true, ...result } : { ok: true, outcome: 'unknown_order', externalId: deletedId }));
    }
    if (remembered) orders.recentDeliveries.remember(verifiedChannel.id, remembered, answer);
    try {
      return sendJson(res, 200, await answer);
    } catch (err) {
      log('error', 500, (err as Error).message);
      throw err;
    }
  },
};
