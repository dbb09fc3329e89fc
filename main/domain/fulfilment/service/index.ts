import type { SlottingReportDto } from '../../../../shared/api/fulfilment';
import { conflict, invalid } from '../../../../shared/errors';
import type { Devices } from '../../../devices/device-service';
import { renderReceiptFor } from '../../../devices/print-documents';
import type { Core } from '../../../core';
import type { Inventory } from '../../inventory/index';
import type { Orders } from '../../orders/index';
import type { Shipping } from '../../shipping/service/index';
import { buildSlottingReport, type PickEvent } from '../slotting';
import { PackingService } from './packing-service';
import { PickingService } from './picking-service';
import { pickListReceipt } from './print-documents';
import { documentSettings } from '../../documents/document-settings';
import { renderPickListPdf } from '../../documents/pick-list-pdf';
import { ReturnsService } from './returns-service';
import { checkShortage, listShortages } from './shortages';
import { noCase } from '../../../store/no-case';
import { loadWarehouseLayout } from './warehouse-layout';
import { shopCalendar } from '../../calendar/shop-calendar';

export { toteCode, parseToteCode } from './picking-service';
export { checkParcelWeight } from './weight-check';

const round1 = (m: number) => Math.round(m * 10) / 10;

/** The fulfilment area: pick batches and scan-to-pick, shortages, slotting, packing stations, returns. */
export function createFulfilment(core: Core, deps: { inventory: Inventory; orders: Orders; devices: Devices; shipping: Shipping }) {
  const picking = new PickingService(core, deps.inventory, deps.orders);
  const packing = new PackingService(core, deps.orders, deps.devices, deps.shipping);
  const returns = new ReturnsService(core, deps.shipping);
  return {
    picking,
    packing,
    returns,
    shortages: async (filter: { warehouse?: string; status?: 'open' | 'checked'; limit: number }) =>
      await listShortages(core, { ...filter, warehouseId: filter.warehouse ? (await deps.inventory.locations.warehouse(filter.warehouse)).id : null }),
    async checkShortage(id: number) {
      await checkShortage(core, id);
      return (await listShortages(core, { warehouseId: null, limit: 100_000 })).find((s) => s.id === id)!;
    },

    /**
     * The pick list on a named printer, or the station's pick-list printer, or the only receipt
     * printer: ESC/POS on a receipt printer, the A4/Letter PDF on a system (office) printer.
     */
    async printPickList(batchId: number, target: { printer?: string; station?: string }, actor: string): Promise<{ jobId: number; printer: string }> {
      const { store } = core;
      let name = target.printer;
      if (!name && target.station) {
        name = (
          await store.get(
            store.kysely
              .selectFrom('packing_station as s')
              .innerJoin('printer as p', 'p.id', 's.pick_list_printer_id')
              .select('p.name')
              .where('s.name', '=', noCase(target.station)),
          )
        )?.name;
        if (!name) throw conflict(`Station ${target.station} has no pick-list printer`);
      }
      if (!name) {
        const receipt = await store.all(store.kysely.selectFrom('printer').select('name').where('language', '=', 'escpos').where('enabled', '=', 1).orderBy('id'));
        if (receipt.length !== 1) throw invalid(receipt.length ? 'Choose a printer for the pick list' : 'No receipt printer is set up for pick lists', { field: 'printer' });
        name = receipt[0].name;
      }
      const printer = await deps.devices.registry.printer(name);
      if (printer.language === 'pdf') {
        const batch = await picking.batch(batchId);
        const pdf = await renderPickListPdf(batch, { paper: (await documentSettings(core)).paper, printedAt: core.clock.now().toISOString() });
        const job = await deps.devices.printing.enqueuePdf(printer, pdf, { kind: 'pick_list', reference: `batch ${batchId}`, actor, title: `Pick list batch ${batchId}` });
        return { jobId: job.id, printer: printer.name };
      }
      if (printer.language !== 'escpos') throw invalid(`${printer.name} is a label printer; pick lists print on a receipt (ESC/POS) or system (office) printer`, { field: 'printer' });
      const batch = await picking.batch(batchId);
      const job = await deps.devices.queue.enqueue(printer, renderReceiptFor(printer, pickListReceipt(batch, core.clock.now().toISOString())), { kind: 'pick_list', reference: `batch ${batchId}`, actor });
      return { jobId: job.id, printer: printer.name };
    },

    /** ABC classes, far fast movers and suggested moves from the last `days` of picks in a warehouse. */
    async slotting(warehouseCode: string, days: number, maxMoves: number): Promise<SlottingReportDto> {
      const warehouse = await deps.inventory.locations.warehouse(warehouseCode);
      const to = core.clock.now();
      // The last `days` shop days (from the shop's midnight), not days × 24 h back from this minute.
      const from = (await shopCalendar(core)).startOfDaysAgo(days);
      const { layout } = await loadWarehouseLayout(core, warehouse.id);
      // Every pick in the ledger counts (scan-to-pick, a label bought for an unbatched order, imports):
      // a batch's picks are one tour; other picks are grouped into tours by time (see slotting.ts).
      const { store } = core;
      const rows = await store.all(
        store.kysely
          .selectFrom('stock_movement as m')
          .innerJoin('product as p', 'p.id', 'm.product_id')
          .innerJoin('bin', 'bin.id', 'm.bin_id')
          .select(['p.sku', 'p.name', 'bin.code as bin', 'm.at', 'm.reference'])
          .where('m.warehouse_id', '=', warehouse.id)
          .where('m.kind', '=', 'pick')
          .where('m.quantity', '<', 0)
          .where('m.at', '>=', from.toISOString())
          .where('m.at', '<=', to.toISOString())
          .orderBy('m.at')
          .orderBy('m.id'),
      );
      const names = new Map(rows.map((r) => [r.sku, r.name]));
      const empty = { warehouse: warehouse.code, from: from.toISOString(), to: to.toISOString(), totalPicks: 0, classCounts: { A: 0, B: 0, C: 0 }, goldenZoneDistanceM: 0, skus: [], farFastMovers: [], moves: [], simulation: { tours: 0, walkedBeforeM: 0, walkedAfterM: 0, savedM: 0, savedPercent: 0 } };
      if (!layout || rows.length === 0) return empty;
      const events: PickEvent[] = rows.map((r) => {
        const batch = r.reference?.match(/^pick batch (\d+)/);
        return batch ? { sku: r.sku, bin: r.bin, at: r.at, tour: `batch ${batch[1]}` } : { sku: r.sku, bin: r.bin, at: r.at };
      });
      // Bins with nothing on hand are free to move a fast mover into.
      const freeBins = (
        await store.all(
          store.kysely
            .selectFrom('bin')
            .select('bin.code')
            .where('bin.warehouse_id', '=', warehouse.id)
            .where('bin.kind', '=', 'pick')
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom('stock_balance as b').select('b.id').whereRef('b.bin_id', '=', 'bin.id').where('b.on_hand', '>', 0)))),
        )
      ).map((r) => r.code);
      const report = buildSlottingReport(events, { layout, freeBins, maxMoves });
      const dist = (m: number | null) => (m === null ? null : round1(m));
      return {
        warehouse: warehouse.code,
        from: from.toISOString(),
        to: to.toISOString(),
        totalPicks: report.totalPicks,
        classCounts: report.classCounts,
        goldenZoneDistanceM: round1(report.goldenZoneDistanceM),
        skus: report.skus.map((s) => ({ sku: s.sku, name: names.get(s.sku) ?? s.sku, picks: s.picks, share: s.share, class: s.class, bin: s.bin, distanceM: dist(s.distanceM) })),
        farFastMovers: report.farFastMovers.map((s) => ({ sku: s.sku, name: names.get(s.sku) ?? s.sku, picks: s.picks, bin: s.bin, distanceM: dist(s.distanceM) })),
        moves: report.moves.map((m) => ({ ...m, fromDistanceM: round1(m.fromDistanceM), toDistanceM: round1(m.toDistanceM) })),
        simulation: {
          tours: report.simulation.tours,
          walkedBeforeM: round1(report.simulation.walkedBeforeM),
          walkedAfterM: round1(report.simulation.walkedAfterM),
          savedM: round1(report.simulation.savedM),
          savedPercent: round1(report.simulation.savedPercent),
        },
      };
    },
  };
}
export type Fulfilment = ReturnType<typeof createFulfilment>;
