import type { DomainHandlers } from './registry';

export const catalogHandlers: DomainHandlers<'catalog.'> = {
  'catalog.search': (i, { services }) => services.inventory.catalog.search(i.query, i.limit),
  'catalog.get': (i, { services }) => services.inventory.catalog.get(i),
  'catalog.lookup': (i, { services }) => services.inventory.catalog.lookup(i.code),
  'catalog.upsert': (i, { services }) => {
    const product = services.inventory.catalog.upsert(i);
    services.core.events.publish('catalog.changed', { productId: product.id });
    return product;
  },
  'catalog.import': (i, { services }) =>
    services.inventory.productImport.importText(i.format, i.content, { skipBadRows: i.skipBadRows, openingStock: i.openingStockBin ? { bin: i.openingStockBin, warehouse: i.openingStockWarehouse } : undefined }),
};

export const stockHandlers: DomainHandlers<'stock.'> = {
  'stock.list': (i, { services }) => services.inventory.stock.list(i),
  'stock.detail': (i, { services }) => services.inventory.stock.detail(i.productId),
  'stock.adjust': (i, { services, actor }) => services.inventory.stock.adjust(i, actor),
  'stock.receive': (i, { services, actor }) => services.inventory.stock.receive(i, actor),
  'stock.move': (i, { services, actor }) => services.inventory.stock.move(i, actor),
  'stock.transfer': (i, { services, actor }) => services.inventory.transfers.create(i, actor),
  'stock.receiveTransfer': (i, { services, actor }) => services.inventory.transfers.receive(i.id, i.bin, actor),
  'stock.transfers': (i, { services }) => services.inventory.transfers.list(i.status),
  'stock.aging': (i, { services }) => services.inventory.aging(i.warehouse).filter((r) => r.ageDays >= i.minDays),
  'stock.valuation': (i, { services }) => services.inventory.valuation(i.warehouse),
  'stock.exportCsv': (i, { services }) => services.inventory.stock.exportCsv(i.warehouse),
};

export const countHandlers: DomainHandlers<'counts.'> = {
  'counts.create': (i, { services, actor }) => services.inventory.counts.create(i, actor),
  'counts.list': (_i, { services }) => services.inventory.counts.list(),
  'counts.get': (i, { services }) => services.inventory.counts.get(i.id),
  'counts.record': (i, { services }) => services.inventory.counts.record(i.id, i.lines),
  'counts.submit': (i, { services }) => services.inventory.counts.submit(i.id),
  'counts.post': (i, { services, actor }) => services.inventory.counts.post(i.id, i.decisions, actor),
};

export const warehouseHandlers: DomainHandlers<'warehouses.' | 'bins.'> = {
  'warehouses.list': (_i, { services }) => services.inventory.warehouses.list(),
  'warehouses.upsert': (i, { services }) => services.inventory.warehouses.upsert(i),
  'bins.list': (i, { services }) => services.inventory.warehouses.bins(i.warehouse, i.zone),
  'bins.upsert': (i, { services }) => services.inventory.warehouses.upsertBin(i),
};
