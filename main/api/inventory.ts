import type { DomainHandlers } from './registry';

export const catalogHandlers: DomainHandlers<'catalog.'> = {
  'catalog.search': async (i, { services }) => await services.inventory.catalog.search(i.query, i.limit),
  'catalog.get': async (i, { services }) => await services.inventory.catalog.get(i),
  'catalog.lookup': async (i, { services }) => await services.inventory.catalog.lookup(i.code),
  'catalog.upsert': async (i, { services }) => {
    const product = await services.inventory.catalog.upsert(i);
    services.core.events.publish('catalog.changed', { productId: product.id });
    return product;
  },
  'catalog.import': (i, { services }) =>
    services.inventory.productImport.importText(i.format, i.content, { skipBadRows: i.skipBadRows, openingStock: i.openingStockBin ? { bin: i.openingStockBin, warehouse: i.openingStockWarehouse } : undefined }),
};

export const stockHandlers: DomainHandlers<'stock.'> = {
  'stock.list': async (i, { services }) => await services.inventory.stock.list(i),
  'stock.detail': async (i, { services }) => await services.inventory.stock.detail(i.productId),
  'stock.adjust': async (i, { services, actor }) => await services.inventory.stock.adjust(i, actor),
  'stock.receive': async (i, { services, actor }) => await services.inventory.stock.receive(i, actor),
  'stock.move': async (i, { services, actor }) => await services.inventory.stock.move(i, actor),
  'stock.transfer': async (i, { services, actor }) => await services.inventory.transfers.create(i, actor),
  'stock.receiveTransfer': async (i, { services, actor }) => await services.inventory.transfers.receive(i.id, i.bin, actor),
  'stock.transfers': async (i, { services }) => await services.inventory.transfers.list(i.status),
  'stock.aging': async (i, { services }) => (await services.inventory.aging(i.warehouse)).filter((r) => r.ageDays >= i.minDays),
  'stock.valuation': async (i, { services }) => await services.inventory.valuation(i.warehouse),
  'stock.exportCsv': (i, { services }) => services.inventory.stock.exportCsv(i.warehouse),
};

export const countHandlers: DomainHandlers<'counts.'> = {
  'counts.create': async (i, { services, actor }) => await services.inventory.counts.create(i, actor),
  'counts.list': async (_i, { services }) => await services.inventory.counts.list(),
  'counts.get': async (i, { services }) => await services.inventory.counts.get(i.id),
  'counts.record': async (i, { services }) => await services.inventory.counts.record(i.id, i.lines),
  'counts.submit': async (i, { services }) => await services.inventory.counts.submit(i.id),
  'counts.post': async (i, { services, actor }) => await services.inventory.counts.post(i.id, i.decisions, actor),
};

export const warehouseHandlers: DomainHandlers<'warehouses.' | 'bins.'> = {
  'warehouses.list': async (_i, { services }) => await services.inventory.warehouses.list(),
  'warehouses.upsert': async (i, { services }) => await services.inventory.warehouses.upsert(i),
  'bins.list': async (i, { services }) => await services.inventory.warehouses.bins(i.warehouse, i.zone),
  'bins.upsert': async (i, { services }) => await services.inventory.warehouses.upsertBin(i),
};
