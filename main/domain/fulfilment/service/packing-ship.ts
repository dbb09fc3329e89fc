import type { PackShipResultDto } from '../../../../shared/api/fulfilment';
import type { RatesDto } from '../../../../shared/api/shipping';
import { AppError, conflict } from '../../../../shared/errors';
import { renderReceiptFor } from '../../../devices/print-documents';
import type { PackingStationRow, PackSessionRow } from '../../../store/schema';
import { renderPackingSlipPdf } from '../../documents/packing-slip-pdf';
import { loadOrderFacts, rateOrder, ratesDto } from '../../shipping/service/rating';
import { packingSettings } from './packing-settings';
import { activeSession, claimShipping, lockReason, releaseShipping, nowIso, packEvent, packLines, sessionRow, type PackingDeps } from './packing-store';
import { packSessionDto } from './packing-view';
import { packingSlip } from './print-documents';

function parcelPlan(s: PackSessionRow) {
  return [{ ...(s.box_code ? { boxCode: s.box_code } : {}), ...(s.measured_weight_g ? { weightG: s.measured_weight_g } : {}) }];
}

/** Rate shopping for the session's parcel (box + measured weight). */
export async function parcelRates({ core, shipping }: PackingDeps, sessionId: number): Promise<RatesDto> {
  const s = await sessionRow(core, sessionId);
  return ratesDto(await rateOrder(core, shipping.config, await loadOrderFacts(core, shipping.config, s.order_id), parcelPlan(s)));
}

/**
 * Ship & print: one action creates the shipment (recommended service unless told otherwise),
 * prints the label on the station's shipping-label printer and the packing slip when configured,
 * and the order is shipped. Refused while the label is locked, saying why.
 */
export async function shipParcel(deps: PackingDeps, sessionId: number, input: { service?: string; overrideReason?: string }, actor: string): Promise<PackShipResultDto> {
  const { core } = deps;
  const { store } = core;
  const s = await activeSession(core, sessionId);
  const lock = await lockReason(core, s);
  if (lock) throw conflict(`Label locked: ${lock}`);
  const station = (await store.get(
    store.kysely
      .selectFrom('packing_station as s')
      .leftJoin('printer as p1', 'p1.id', 's.shipping_label_printer_id')
      .leftJoin('printer as p2', 'p2.id', 's.packing_slip_printer_id')
      .selectAll('s')
      .select(['p1.name as label_printer', 'p2.name as slip_printer'])
      .where('s.id', '=', s.station_id),
  ))!;
  if (!station.label_printer) throw conflict(`${station.name} has no shipping-label printer: assign one in Settings → Devices`);
  // From here until the session is shipped, a second press is refused: one label, never two.
  const claim = await claimShipping(core, sessionId);
  try {
    return await buyAndRecord(deps, s, { ...station, label_printer: station.label_printer }, input, actor);
  } catch (err) {
    // No-op once the session is shipped (the claim only holds a session still packing).
    await releaseShipping(core, sessionId, claim);
    throw err;
  }
}

type StationWithPrinters = PackingStationRow & { label_printer: string | null; slip_printer: string | null };

/** The purchase and its records, once the session is claimed (see claimShipping). */
async function buyAndRecord(deps: PackingDeps, s: PackSessionRow, station: StationWithPrinters & { label_printer: string }, input: { service?: string; overrideReason?: string }, actor: string): Promise<PackShipResultDto> {
  const { core, orders, devices, shipping } = deps;
  const { store } = core;
  const sessionId = s.id;
  const order = await orders.service.row(s.order_id);
  if (order.status === 'picking') await orders.service.transition(order.id, 'packed', actor, `packed at ${station.name}`);
  let shipment;
  try {
    shipment = await shipping.shipments.ship(
      { orderId: s.order_id, service: input.service, overrideReason: input.overrideReason, packages: parcelPlan(s), printer: station.label_printer },
      actor,
    );
  } catch (err) {
    if (err instanceof AppError) await packEvent(core, sessionId, 'rate', { error: err.message }, actor);
    throw err;
  }
  const trackingNumbers = shipment.packages.map((p) => p.trackingNumber).filter((t): t is string => Boolean(t));
  const labelJobIds = shipment.packages.map((p) => p.printJobId).filter((j): j is number => j !== null);
  let slipJobId: number | null = null;
  if ((await packingSettings(core)).printPackingSlip && station.slip_printer) {
    const printer = await devices.registry.printer(station.slip_printer);
    if (printer.language === 'escpos') {
      const receipt = packingSlip({
        orderNumber: order.number,
        customer: order.customer_name,
        date: nowIso(core).slice(0, 10),
        lines: (await packLines(core, sessionId)).map((l) => ({ sku: l.sku, name: l.name, qty: l.expected_qty })),
        // Honest labels: the customer reads the slip; an internal reference is not tracking.
        trackingNumber: shipment.labelKind === 'reference' ? null : (trackingNumbers[0] ?? null),
        service: shipment.serviceName,
      });
      slipJobId = (await devices.queue.enqueue(printer, renderReceiptFor(printer, receipt), { kind: 'packing_slip', reference: order.number, actor })).id;
    } else if (printer.language === 'pdf') {
      // An office (system) printer gets the full A4/Letter slip: logo, prices as set, returns barcode.
      const pdf = await renderPackingSlipPdf(core, order.id);
      slipJobId = (await devices.printing.enqueuePdf(printer, pdf, { kind: 'packing_slip', reference: order.number, actor, title: `Packing slip ${order.number}` })).id;
    }
  }
  await store.tx(async () => {
    await packEvent(core, sessionId, 'rate', { service: shipment.serviceKey, priceCents: shipment.priceCents, recommended: shipment.recommendedServiceKey }, actor);
    await packEvent(core, sessionId, 'label', { jobIds: labelJobIds, tracking: trackingNumbers, shipmentId: shipment.id }, actor);
    if (slipJobId !== null) await packEvent(core, sessionId, 'slip', { jobId: slipJobId }, actor);
    await store.run(
      store.kysely
        .updateTable('pack_session')
        .set({ status: 'shipped', service: shipment.serviceKey, rate_cents: shipment.priceCents, shipment_id: shipment.id, tracking_number: trackingNumbers[0] ?? null, finished_at: nowIso(core) })
        .where('id', '=', sessionId),
    );
    await packEvent(core, sessionId, 'shipped', { order: order.number, status: (await orders.service.row(order.id)).status }, actor);
  });
  core.events.publish('packing.changed', { station: station.name, orderId: order.id });
  return {
    session: await packSessionDto(deps, sessionId),
    shipmentId: shipment.id,
    trackingNumbers,
    service: shipment.serviceName,
    priceCents: shipment.priceCents,
    currency: shipment.currency,
    labelJobIds,
    slipJobId,
  };
}
