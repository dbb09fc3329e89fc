import type { ChannelRow } from '../../store/schema';
import type { ChannelService } from './channel-service';
import type { GroupCommitQueue } from './group-commit';
import { isWooCommercePing, parseShopifyOrderWebhook, parseShopifyRefundWebhook, parseWooCommerceOrder, verifyWebhookSignature, wooCommerceDeletedOrderId, wooCommerceSecretVariants, type IncomingOrder } from './intake/index';
import type { IngestResult, OrderService } from './order-service';
import type { DeliveryAnswer, RecentWebhookDeliveries } from './webhook-deliveries';

/** Longer delivery ids are not remembered (real ones are a number or a UUID). */
const MAX_DELIVERY_ID_CHARS = 100;

/** Request headers as Node gives them: lower-case names, a value or a list of values. */
export type WebhookHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Who posted to which webhook address; the transport (main/server/webhook-routes.ts) fills it in. */
export interface WebhookRequest {
  /** 'shopify' or 'woocommerce' from the address; anything else names no channel. */
  kind: string | undefined;
  /** The channel's webhook key from the address. */
  key: string | undefined;
  headers: WebhookHeaders;
  remoteAddress: string | null;
}

/** What to answer the sender: a status and a JSON body. */
export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** The parts of the orders area a webhook delivery uses (createOrders provides them). */
export interface WebhookIntake {
  channels: Pick<ChannelService, 'byWebhookKey' | 'activeSecrets'>;
  service: Pick<OrderService, 'applyStoreRefund' | 'cancelByExternalId'>;
  groupCommit: GroupCommitQueue;
  recentDeliveries: RecentWebhookDeliveries;
  ingestGrouped(channel: ChannelRow, order: IncomingOrder, actor: string): Promise<IngestResult>;
  logWebhook(channelId: number, topic: string | null, outcome: string, httpStatus: number, message: string, remote: string | null): Promise<void>;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const validation = (status: number, message: string, issues: unknown): WebhookAnswer => ({ status, body: { error: { code: 'VALIDATION', message, details: { issues } } } });

/**
 * A delivery to a known channel's webhook address, before its body is read. Only Shopify and
 * WooCommerce channels receive webhooks (a CSV or manual channel has no sender). An unknown address
 * gives null and is not logged at all: anyone can post to any path, and nothing they send may grow
 * the database.
 */
export async function openWebhookDelivery(intake: WebhookIntake, request: WebhookRequest): Promise<WebhookDelivery | null> {
  const { kind, key } = request;
  if (!key || (kind !== 'shopify' && kind !== 'woocommerce')) return null;
  const channel = await intake.channels.byWebhookKey(key);
  if (!channel || channel.kind !== kind) return null;
  return new WebhookDelivery(intake, channel, kind, key, request);
}

/**
 * One channel webhook: the signature is checked over the raw bytes with a timing-safe compare
 * BEFORE anything is parsed or stored; a bad signature answers 401 and only the attempt is logged.
 * Accepted orders go through the group commit and are answered after they are durable.
 */
export class WebhookDelivery {
  readonly topic: string | null;

  constructor(
    private readonly intake: WebhookIntake,
    private channel: ChannelRow,
    private readonly kind: 'shopify' | 'woocommerce',
    private readonly key: string,
    private readonly request: WebhookRequest,
  ) {
    this.topic = this.header('x-shopify-topic', 'x-wc-webhook-topic') ?? null;
  }

  /** The body could not be read (too large, cut off): logged against the channel as malformed. */
  async bodyRefused(status: number, message: string): Promise<void> {
    await this.log('malformed', status, message);
  }

  /** Verifies, parses and processes the body; throws (after logging) only when processing fails. */
  async receive(raw: Buffer): Promise<WebhookAnswer> {
    const { intake, kind, topic } = this;
    // Only WooCommerce's real ping (the unsigned form body `webhook_id=<n>`) skips the signature.
    if (kind === 'woocommerce' && isWooCommercePing(raw)) {
      await this.log('ping', 200, 'WooCommerce ping');
      return { status: 200, body: { ok: true, ping: true } };
    }
    const signature = this.header('x-shopify-hmac-sha256', 'x-wc-webhook-signature');
    const verifies = (c: ChannelRow) =>
      verifyWebhookSignature(raw, signature, intake.channels.activeSecrets(c).flatMap((s) => (kind === 'woocommerce' ? wooCommerceSecretVariants(s) : [s])));
    // The channel may be an in-memory copy up to a second old: before refusing, read it afresh, so
    // a secret rotated a moment ago by another process (the CLI) is honoured at once.
    let signed = verifies(this.channel);
    if (!signed) {
      const fresh = await intake.channels.byWebhookKey(this.key, { fresh: true });
      if (fresh && fresh.kind === kind) signed = verifies((this.channel = fresh));
    }
    if (!signed) {
      await this.log('bad_signature', 401, signature ? 'signature does not match' : 'signature header missing');
      return { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'Webhook signature is missing or wrong' } } };
    }
    const channel = this.channel;
    // A redelivery (same delivery id) gets the first delivery's answer and is not processed again.
    const deliveryId = this.header('x-shopify-webhook-id', 'x-wc-webhook-delivery-id')?.trim() || null;
    const remembered = deliveryId && deliveryId.length <= MAX_DELIVERY_ID_CHARS ? deliveryId : null;
    const earlier = remembered ? intake.recentDeliveries.earlier(channel.id, remembered) : undefined;
    if (earlier) {
      const answer = await earlier.catch(() => null);
      if (answer) return { status: 200, body: { ...answer, redelivery: true } };
    }
    if (kind === 'woocommerce' && topic && !topic.startsWith('order.')) {
      // A product or customer webhook pointed here by mistake: not an error the sender should retry.
      await this.log('ignored', 200, `topic ${topic} is not an order topic`);
      return { status: 200, body: { ok: true, ignored: true } };
    }
    let deletedId: string | null = null;
    if (kind === 'woocommerce' && topic === 'order.deleted') {
      deletedId = wooCommerceDeletedOrderId(raw);
      if (deletedId === null) {
        await this.log('malformed', 400, 'order.deleted body has no order id');
        return validation(400, 'Malformed order.deleted: the body has no order id', [{ path: 'id', field: 'id', message: 'missing' }]);
      }
    }
    const actor = `webhook:${channel.name}`;
    let answer: Promise<DeliveryAnswer>;
    if (kind === 'shopify' && topic === 'refunds/create') {
      // A refund on its own (the Refund resource, with order_id): applied once per refund id, like the
      // refunds an orders/updated body lists (channel-updates.ts).
      const refund = parseShopifyRefundWebhook(raw);
      if (!refund.ok) {
        const message = refund.errors.map((e) => `${e.path ?? e.field}: ${e.message}`).join('; ');
        await this.log('malformed', 400, message);
        return validation(400, `Malformed refund: ${message}`, refund.errors);
      }
      const { orderExternalId, refund: value } = refund.value;
      answer = intake.groupCommit
        .submit(async () => await intake.service.applyStoreRefund(channel, orderExternalId, value, actor), { atomic: true })
        .then((result): DeliveryAnswer => (result ? { ok: true, ...result } : { ok: true, outcome: 'unknown_order', externalId: orderExternalId }));
      if (remembered) intake.recentDeliveries.remember(channel.id, remembered, answer);
      // As before the move: a failed refund is not logged here (the server answers 500).
      return { status: 200, body: await answer };
    }
    const parsed = deletedId !== null ? null : kind === 'shopify' ? parseShopifyOrderWebhook(raw, topic) : parseWooCommerceOrder(raw, topic);
    if (parsed && !parsed.ok) {
      const message = parsed.errors.map((e) => `${e.path ?? e.field}: ${e.message}`).join('; ');
      await this.log('malformed', 400, message);
      return validation(400, `Malformed order: ${message}`, parsed.errors);
    }
    if (parsed) {
      // Recorded on the order it creates (shown with the order's channel identifiers).
      if (remembered) parsed.value.rawIdentifiers.webhook_delivery_id = remembered;
      answer = intake.ingestGrouped(channel, parsed.value, actor).then((result) => ({ ok: true, ...result }));
    } else {
      // order.deleted (trashed or deleted in WooCommerce): cancel it, releasing its stock. An order we
      // never received has nothing to cancel; answered 200 so WooCommerce does not retry or disable the hook.
      const externalId = deletedId!;
      answer = intake.groupCommit
        .submit(async () => await intake.service.cancelByExternalId(channel, externalId, 'deleted in WooCommerce', actor), { atomic: true })
        .then((result) => (result ? { ok: true, ...result } : { ok: true, outcome: 'unknown_order', externalId }));
    }
    if (remembered) intake.recentDeliveries.remember(channel.id, remembered, answer);
    try {
      return { status: 200, body: await answer };
    } catch (err) {
      await this.log('error', 500, (err as Error).message);
      throw err;
    }
  }

  private header(shopify: string, wooCommerce: string): string | undefined {
    return header(this.request.headers, this.kind === 'shopify' ? shopify : wooCommerce);
  }

  /** Written before the answer goes out: the log row is there when the sender hears back. */
  private async log(outcome: string, status: number, message: string): Promise<void> {
    await this.intake.logWebhook(this.channel.id, this.topic, outcome, status, message, this.request.remoteAddress);
  }
}
