import { binToDto } from '../domain/inventory/locations';
import { purchaseOrderCsv, purchaseOrderPdf } from '../domain/purchasing/po-document';
import { readShopLocale } from '../domain/system/shop-format';
import type { BinRow } from '../store/schema';
import type { DomainHandlers } from './registry';

/** Suppliers and what they sell us. */
export const supplierHandlers: DomainHandlers<'suppliers.'> = {
  'suppliers.list': (i, { services }) => services.purchasing.suppliers.list(i),
  'suppliers.get': (i, { services }) => services.purchasing.suppliers.get(i.id),
  'suppliers.create': (i, { services }) => services.purchasing.suppliers.create(i),
  'suppliers.update': (i, { services }) => {
    const { id, ...changes } = i;
    services.purchasing.suppliers.update(id, changes);
    return services.purchasing.suppliers.get(id);
  },
  'suppliers.listItems': (i, { services }) => services.purchasing.suppliers.items(i),
  'suppliers.upsertItem': (i, { services }) => services.purchasing.suppliers.upsertItem(i),
  'suppliers.removeItem': (i, { services }) => {
    services.purchasing.suppliers.removeItem(i.id);
    return { removed: true as const };
  },
  'suppliers.setPreferred': (i, { services }) => {
    services.purchasing.suppliers.setPreferred(i.productId, i.supplierId);
    return { ok: true as const };
  },
};

/** Purchase orders, receiving and putaway. */
export const purchaseOrderHandlers: DomainHandlers<'po.'> = {
  'po.list': (i, { services }) => services.purchasing.queries.list(i),
  'po.get': (i, { services }) => services.purchasing.queries.detail(i.po),
  'po.create': (i, { services, actor }) => services.purchasing.createPurchaseOrder({ ...i, expectedOn: i.expectedOn ?? undefined, createdBy: actor }),
  'po.updateHeader': (i, { services, actor }) => {
    const { po, ...changes } = i;
    services.purchasing.updateHeader(po, changes, actor);
    return services.purchasing.queries.detail(po);
  },
  'po.updateLine': (i, { services, actor }) => {
    const { po, lineNo, ...changes } = i;
    services.purchasing.updateDraftLine(po, lineNo, changes, actor);
    return services.purchasing.queries.detail(po);
  },
  'po.addLine': (i, { services, actor }) => {
    services.purchasing.addLine(i.po, i.line, actor);
    return services.purchasing.queries.detail(i.po);
  },
  'po.removeLine': (i, { services, actor }) => {
    services.purchasing.removeLine(i.po, i.lineNo, actor);
    return services.purchasing.queries.detail(i.po);
  },
  'po.send': (i, { services, actor }) => services.purchasing.sendPurchaseOrder(i.po, actor),
  'po.cancel': (i, { services, actor }) => {
    services.purchasing.cancelPurchaseOrder(i.po, actor, i.reason);
    return { ok: true as const };
  },
  'po.close': (i, { services, actor }) => {
    services.purchasing.closePurchaseOrder(i.po, actor);
    return { ok: true as const };
  },
  'po.exportDocument': async (i, { services }) => {
    const po = services.purchasing.queries.detail(i.po);
    if (i.format === 'csv') return { filename: `${po.number}.csv`, mime: 'text/csv', base64: Buffer.from(purchaseOrderCsv(po), 'utf8').toString('base64') };
    const warehouse = services.inventory.locations.warehouse(po.warehouse);
    const pdf = await purchaseOrderPdf(po, warehouse.name, readShopLocale(services.core.store));
    return { filename: `${po.number}.pdf`, mime: 'application/pdf', base64: pdf.toString('base64') };
  },
  'po.lookup': (i, { services }) => services.purchasing.receiving.matchScan(i.po, i.code),
  'po.receive': (i, { services, actor }) => services.purchasing.receiving.receive(i, actor),
  'po.listPutaway': (i, { services }) => services.purchasing.queries.putaway(i.receiptId),
  'po.printPutawayLabels': (i, { services, actor }) => {
    const { store } = services.core;
    const seen = new Set<number>();
    const bins = services.purchasing.queries
      .putaway(i.receiptId)
      .filter((p) => !seen.has(p.binId) && seen.add(p.binId))
      .map((p) => {
        const row = store.raw<BinRow & { warehouse_code: string }>('select b.*, w.code as warehouse_code from bin b join warehouse w on w.id = b.warehouse_id where b.id = ?', p.binId)[0];
        return binToDto(row, row.warehouse_code);
      });
    return services.devices.printing.binLabels(bins, i.printer, actor);
  },
};
