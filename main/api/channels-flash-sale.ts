import { flashSaleOf, markDrop } from '../domain/channels/flash-sale';
import type { DomainHandlers } from './registry';

export const flashSaleHandlers: DomainHandlers<'flashSale.'> = {
  'flashSale.detail': (i, { services }) => flashSaleOf(services.core, i.productId),
  'flashSale.markDrop': (i, { services, actor }) => markDrop(services.core, i.sku, i.drop, actor),
};
