import { flashSaleOf, markDrop } from '../domain/channels/flash-sale';
import type { DomainHandlers } from './registry';

export const flashSaleHandlers: DomainHandlers<'flashSale.'> = {
  'flashSale.detail': async (i, { services }) => await flashSaleOf(services.core, i.productId),
  'flashSale.markDrop': async (i, { services, actor }) => await markDrop(services.core, i.sku, i.drop, actor),
};
