import { mapInOrder } from '../util/in-order';
import { binToDto } from '../domain/inventory/locations';
import { purchaseOrderCsv, purchaseOrderPdf } from '../domain/purchasing/po-document';
import { readShopLocale } from '../domain/system/shop-format';
import type { DomainHandlers } from './registry';

/** Suppliers and what they sell us. */
export const supplierHandlers: DomainHandlers<'suppliers.'> = {
  'suppliers.list': async (i, { services }) => await services.purchasing.suppliers.list(i),
  'suppliers.get': async (i, { services }) => await services.purchasing.suppliers.get(i.id),
  'suppliers.create': async (i, { services }) => await services.purchasing.suppliers.create(i),
  'suppliers.update': async (i, { services }) => {
    const { id, ...changes } = i;
    await services.purchasing.suppliers.update(id, changes);
    return await services.purchasing.suppliers.get(id);
  },
  'suppliers.listItems': async (i, { services }) => await services.purchasing.suppliers.items(i),
  'suppliers.upsertItem': async (i, { services }) => await services.purchasing.suppliers.upsertItem(i),
  'suppliers.removeItem': async (i, { services }) => {
    await services.purchasing.suppliers.removeItem(i.id);
    return { removed: true as const };
  },
  'suppliers.setPreferred': async (i, { services }) => {
    await services.purchasing.suppliers.setPreferred(i.productId, i.supplierId);
    return { ok: true as const };
  },
};

/** Purchase orders, receiving and putaway. */
export const purchaseOrderHandlers: DomainHandlers<'po.'> = {
  'po.list': async (i, { services }) => await services.purchasing.queries.list(i),
  'po.get': async (i, { services }) => await services.purchasing.queries.detail(i.po),
  'po.create': async (i, { services, actor }) => await services.purchasing.createPurchaseOrder({ ...i, expectedOn: i.expectedOn ?? undefined, createdBy: actor }),
  'po.updateHeader': async (i, { services, actor }) => {
    const { po, ...changes } = i;
    await services.purchasing.updateHeader(po, changes, actor);
    return await services.purchasing.queries.detail(po);
  },
  'po.updateLine': async (i, { services, actor }) => {
    const { po, lineNo, ...changes } = i;
    await services.purchasing.updateDraftLine(po, lineNo, changes, actor);
    return await services.purchasing.queries.detail(po);
  },
  'po.addLine': async (i, { services, actor }) => {
    await services.purchasing.addLine(i.po, i.line, actor);
    return await services.purchasing.queries.detail(i.po);
  },
  'po.removeLine': async (i, { services, actor }) => {
    await services.purchasing.removeLine(i.po, i.lineNo, actor);
    return await services.purchasing.queries.detail(i.po);
  },
  'po.send': async (i, { services, actor }) => await services.purchasing.sendPurchaseOrder(i.po, actor),
  'po.cancel': async (i, { services, actor }) => {
    await services.purchasing.cancelPurchaseOrder(i.po, actor, i.reason);
    return { ok: true as const };
  },
  'po.close': async (i, { services, actor }) => {
    await services.purchasing.closePurchaseOrder(i.po, actor);
    return { ok: true as const };
  },
  'po.exportDocument': async (i, { services }) => {
    const po = await services.purchasing.queries.detail(i.po);
    if (i.format === 'csv') return { filename: `${po.number}.csv`, mime: 'text/csv', base64: Buffer.from(purchaseOrderCsv(po), 'utf8').toString('base64') };
    const warehouse = await services.inventory.locations.warehouse(po.warehouse);
    const pdf = await purchaseOrderPdf(po, warehouse.name, await readShopLocale(services.core.store));
    return { filename: `${po.number}.pdf`, mime: 'application/pdf', base64: pdf.toString('base64') };
  },
  'po.lookup': async (i, { services }) => await services.purchasing.receiving.matchScan(i.po, i.code),
  'po.receive': async (i, { services, actor }) => await services.purchasing.receiving.receive(i, actor),
  'po.listPutaway': async (i, { services }) => await services.purchasing.queries.putaway(i.receiptId),
  'po.printPutawayLabels': async (i, { services, actor }) => {
    const { store } = services.core;
    const seen = new Set<number>();
    const bins = await mapInOrder((await services.purchasing.queries
      .putaway(i.receiptId))
      .filter((p) => !seen.has(p.binId) && seen.add(p.binId)), async (p) => {
        const row = (await store.get(
          store.kysely.selectFrom('bin as b').innerJoin('warehouse as w', 'w.id', 'b.warehouse_id').selectAll('b').select('w.code as warehouse_code').where('b.id', '=', p.binId),
        ))!;
        return binToDto(row, row.warehouse_code);
      });
    return await services.devices.printing.binLabels(bins, i.printer, actor);
  },
};
