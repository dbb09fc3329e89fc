import { mapInOrder } from '../util/in-order';
import { verifyOrderAddress } from '../domain/shipping/service/address-verification';
import type { ChannelSyncMethod } from './channels-sync';
import { listOrderTransitions } from '../domain/orders/logic/index';
import { knownTags } from '../domain/orders/order-tags';
import type { OrderStatus } from '../../shared/api/orders';
import type { DomainHandlers } from './registry';
import type { Store } from '../store/store';
import { noCase } from '../store/no-case';

/** Hand-entered orders are numbered M-1001, M-1002, … per channel (deterministic, readable on a packing slip). */
async function nextManualNumber(store: Store, channelId: number): Promise<string> {
  const orders = await store.get(store.kysely.selectFrom('sales_order').select((eb) => eb.fn.countAll<number>().as('n')).where('channel_id', '=', channelId));
  let n = 1001 + (orders?.n ?? 0);
  const taken = async (externalId: string) =>
    (await store.get(store.kysely.selectFrom('sales_order').select('id').where('channel_id', '=', channelId).where('external_id', '=', externalId))) !== undefined;
  while (await taken(`M-${n}`)) n++;
  return `M-${n}`;
}

/** Store connections (channels.connect, ...) are in channels-sync.ts. */
export const channelHandlers: Omit<DomainHandlers<'channels.'>, ChannelSyncMethod> = {
  'channels.list': async (_i, { services }) => await services.orders.channels.list(),
  'channels.upsert': async (i, { services }) => await services.orders.channels.upsert(i),
};

export const orderHandlers: DomainHandlers<'orders.'> = {
  'orders.list': async (i, { services }) => await services.orders.queries.list(i),
  'orders.counts': async (i, { services }) => await services.orders.queries.counts(i),
  'orders.tags': async (_i, { services }) => await knownTags(services.core.store),
  'orders.get': async (i, { services }) => {
    await services.orders.service.row(i.id); // NOT_FOUND with a clear message
    return await services.orders.queries.get(i.id);
  },
  'orders.create': async (i, { services, actor }) => {
    const { orders } = services;
    const channel = i.channel ? await orders.channels.row(i.channel) : await orders.channels.manualChannel();
    const now = services.core.clock.now().toISOString();
    const { store } = services.core;
    // One write transaction around numbering and intake, so two stations never take the same number.
    const result = await store.tx(async () => {
      const externalId = i.externalId ?? await nextManualNumber(store, channel.id);
      return await orders.service.ingest(
        channel,
        {
          channel: 'csv',
          externalId,
          orderNumber: externalId,
          event: 'created',
          customer: i.customer,
          shipTo: i.shipTo,
          lines: await mapInOrder(i.lines, async (l, n) => {
            const product = await store.get(store.kysely.selectFrom('product').select(['price_cents', 'name']).where('sku', '=', noCase(l.sku)));
            return { externalLineId: `${externalId}:${n + 1}`, sku: l.sku, name: product?.name ?? l.sku, quantity: l.quantity, unitPriceCents: l.unitPriceCents ?? product?.price_cents ?? 0, discountCents: 0, taxCents: 0 };
          }),
          shippingChargedCents: i.shippingChargedCents,
          currency: i.currency,
          paymentStatus: 'paid',
          shippingMethod: i.shippingMethod,
          tags: i.tags,
          note: i.note,
          placedAt: now,
          rawIdentifiers: { entered_by: actor },
        },
        actor,
      );
    });
    return await orders.queries.get(result.orderId);
  },
  'orders.hold': async (i, { services, actor }) => {
    await services.orders.service.hold(i.id, i.reason, actor);
    return await services.orders.queries.get(i.id);
  },
  'orders.release': async (i, { services, actor }) => {
    await services.orders.service.release(i.id, actor);
    return await services.orders.queries.get(i.id);
  },
  'orders.cancel': async (i, { services, actor }) => {
    await services.orders.service.cancel(i.id, i.reason, actor);
    return await services.orders.queries.get(i.id);
  },
  'orders.transition': async (i, { services, actor }) => {
    await services.orders.service.move(i.id, i.to, i.reason, actor);
    return await services.orders.queries.get(i.id);
  },
  'orders.fixLine': async (i, { services, actor }) => {
    await services.orders.service.fixLine(i.id, i.lineId, i.sku, i.rememberAlias, actor);
    return await services.orders.queries.get(i.id);
  },
  'orders.updateAddress': async (i, { services, actor }) => {
    await services.orders.service.updateAddress(i.id, i.address, actor);
    return await services.orders.queries.get(i.id);
  },
  'orders.verifyAddress': (i, { services, actor }) => verifyOrderAddress(services.core, services.orders, services.shipping.postage, i.id, actor),
  'orders.allocate': async (i, { services, actor }) => {
    await services.orders.service.allocate(i.id, actor);
    return await services.orders.queries.get(i.id);
  },
  'orders.releaseBackorders': async (_i, { services, actor }) => await services.orders.service.releaseBackorders(actor),
  'orders.import': async (i, { services, actor }) => await services.orders.importText(i.channel, i.format, i.content, actor),
  'orders.stateMachine': () => listOrderTransitions() as { from: OrderStatus; to: OrderStatus }[],
};

export const stockFeedHandlers: DomainHandlers<'stockFeed.'> = {
  'stockFeed.list': async (i, { services }) => await services.orders.stockFeed(i.channel, i),
  'stockFeed.shopifyCsv': async (i, { services }) => await services.orders.stockFeedShopifyCsv(i.channel, i.location),
};
