/**
 * Recently answered webhook deliveries, by the sender's delivery id (WooCommerce
 * X-WC-Webhook-Delivery-ID, Shopify X-Shopify-Webhook-Id), so a redelivery — the sender retries
 * when our answer was lost or slow — is answered with the first answer and not processed again.
 *
 * In memory on purpose: the webhook path is the flash-sale hot path and a table would add a write
 * per order. What this cannot remember (a redelivery after a restart, or beyond the capacity) still
 * meets the durable idempotency by (channel, external order id): a created order is a duplicate,
 * and an update applies the same channel facts again.
 *
 * A delivery still being processed is remembered too (its pending answer), so two copies arriving
 * together make one order attempt; a failed attempt is forgotten so the sender's retry is processed.
 */
export type DeliveryAnswer = Record<string, unknown>;

export class RecentWebhookDeliveries {
  private readonly answers = new Map<string, Promise<DeliveryAnswer>>();

  constructor(private readonly capacity = 20_000) {}

  /** The answer given to an earlier delivery with this id on this channel, or undefined. */
  earlier(channelId: number, deliveryId: string): Promise<DeliveryAnswer> | undefined {
    return this.answers.get(`${channelId}\n${deliveryId}`);
  }

  /** Remembers the (pending) answer of a delivery; forgets it again if it fails. */
  remember(channelId: number, deliveryId: string, answer: Promise<DeliveryAnswer>): void {
    const key = `${channelId}\n${deliveryId}`;
    this.answers.set(key, answer);
    // Map keeps insertion order: the first key is the oldest.
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value!);
    answer.catch(() => {
      if (this.answers.get(key) === answer) this.answers.delete(key);
    });
  }
}
