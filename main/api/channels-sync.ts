import type { DomainHandlers } from './registry';

type ChannelSyncMethod =
  | 'channels.connect'
  | 'channels.disconnect'
  | 'channels.mapLocations'
  | 'channels.updateSync'
  | 'channels.mapProduct'
  | 'channels.unmapProduct'
  | 'channels.unmappedProducts'
  | 'channels.mappedProducts';

/** The store-connection methods of the `channels.` domain (the rest are in orders.ts). */
export const channelConnectionHandlers: Pick<DomainHandlers<'channels.'>, ChannelSyncMethod> = {
  'channels.connect': async (i, { services }) => {
    const result = await services.channelSync.connections.connect(i);
    services.channelSync.afterConnect(result.channelId);
    return result;
  },
  'channels.disconnect': async (i, { services }) => {
    await services.channelSync.connections.disconnect(i.channel);
    return { disconnected: true as const };
  },
  'channels.updateSync': async (i, { services }) => await services.channelSync.connections.updateSync(i.channelId, i.notifyCustomer),
  'channels.mapLocations': async (i, { services }) => await services.channelSync.connections.mapLocations(i.channel, i.locations),
  'channels.mapProduct': async (i, { services, actor }) => {
    const result = await services.channelSync.connections.products.map(i.channel, i.externalId, i.sku, actor);
    services.channelSync.kick();
    return result;
  },
  'channels.unmapProduct': async (i, { services }) => {
    const result = await services.channelSync.connections.products.unmap(i.channel, i.externalId);
    services.channelSync.kick();
    return result;
  },
  'channels.unmappedProducts': (i, { services }) => services.channelSync.connections.products.unmapped(i.channel),
  'channels.mappedProducts': async (i, { services }) => await services.channelSync.connections.products.mapped(i.channel),
};

export const syncHandlers: DomainHandlers<'sync.'> = {
  'sync.status': async (_i, { services }) => await services.channelSync.runner.status(),
  'sync.run': (i, { services }) => services.channelSync.runner.run(i.channel),
  'sync.retry': async (i, { services }) => {
    const retried = await services.channelSync.connections.retry(i.channel);
    services.channelSync.kick();
    return { retried };
  },
  'sync.fulfilments': async (i, { services }) => await services.channelSync.connections.fulfilmentsOf(i.orderId),
};

export type { ChannelSyncMethod };
