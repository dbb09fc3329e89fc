import { eachInOrder } from '../../../util/in-order';
import type { AddressDto } from '../../../../shared/api/orders';
import type { Core } from '../../../core';
import { renderZpl } from '../../../devices/labels';
import { renderLabelFor } from '../../../devices/print-documents';
import type { PrinterRow } from '../../../store/schema';
import { pickReserved, reservationsOf } from '../../inventory/reservations';
import type { OrderRating } from './rating';
import type { BoughtLabel } from './postage';
import type { shippingLabel } from './shipping-label';
import { numberForOwnLabel } from '../honest-labels';

type LabelLayout = Awaited<ReturnType<typeof shippingLabel>>;

/**
 * The number on a label made here (no postage bought): an own-fleet / local courier's own number,
 * or, for a postage carrier, an internal reference — never a made-up carrier tracking number
 * (see ../honest-labels.ts).
 */
export function trackingNumberFor(carrierCode: string, packageId: number): string {
  return numberForOwnLabel(carrierCode, packageId);
}

// The rows a shipment writes: the shipment, its packages (labels and tracking numbers) and the
// stock it takes off the shelf. Called by ShipmentService (shipments.ts) inside its transactions.

/** A shipment row about to be written (outbound or return). */
export interface NewShipment {
  orderId: number;
  direction: 'outbound' | 'return';
  option: OrderRating['options'][number];
  warehouseId: number | null;
  from: unknown;
  to: Pick<AddressDto, 'name' | 'company' | 'line1' | 'line2' | 'city' | 'regionCode' | 'postalCode' | 'countryCode'>;
  promisedDate: string | null;
  recommendedKey: string | null;
  reason: string;
  overrideReason: string | null;
  rulesFired: unknown;
  actor: string;
}

export async function insertShipment(core: Core, s: NewShipment): Promise<number> {
  const at = core.clock.now().toISOString();
  const o = s.option;
  return (await core.store.raw<{ id: number }>(
    `insert into shipment (order_id, direction, carrier_code, service_key, service_name, status, zone, warehouse_id, ship_from, ship_to, dest_postal_code, dest_country,
       promised_date, pickup_date, expected_delivery_date, on_time_probability, price_cents, currency, recommended_service_key, recommendation_reason,
       override_reason, rules_fired, actor, created_at, updated_at)
     values (?,?,?,?,?,'label_created',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) returning id`,
    s.orderId,
    s.direction,
    o.carrierCode,
    o.serviceKey,
    o.serviceName,
    o.zone,
    s.warehouseId,
    JSON.stringify(s.from),
    JSON.stringify(s.to),
    s.to.postalCode,
    s.to.countryCode,
    s.promisedDate,
    o.pickupDate,
    o.expectedDeliveryDate,
    o.onTimeProbability,
    o.totalCents,
    o.currency,
    s.recommendedKey,
    s.reason,
    s.overrideReason,
    JSON.stringify(s.rulesFired),
    s.actor,
    at,
    at,
  ))[0].id;
}


/** One package row per planned box, each with its carrier-format tracking number and label. */
export async function writePackages(
  core: Core,
  layoutOf: (packageId: number) => Promise<LabelLayout>,
  shipmentId: number,
  rating: OrderRating,
  option: OrderRating['options'][number],
  printer: PrinterRow | null,
  withLines: boolean,
  bought: BoughtLabel[] | null = null,
): Promise<void> {
  const { store } = core;
  await eachInOrder(rating.packages, async (p, i) => {
    const priced = rating.perPackage[i].get(option.serviceKey)!;
    const pkgId = (await store.raw<{ id: number }>(
      `insert into shipment_package (shipment_id, seq, box_code, weight_g, length_mm, width_mm, height_mm, billable_weight_g, price_cents, breakdown, label_format, status)
       values (?,?,?,?,?,?,?,?,?,?,'zpl','label_created') returning id`,
      shipmentId,
      i + 1,
      p.boxCode,
      p.weightG,
      p.lengthMm,
      p.widthMm,
      p.heightMm,
      priced.billableWeightG,
      priced.totalCents,
      JSON.stringify(priced.breakdown),
    ))[0].id;
    if (withLines) for (const l of p.lines) await store.raw('insert into shipment_line (shipment_id, package_id, order_line_id, quantity) values (?,?,?,?)', shipmentId, pkgId, l.lineId, l.quantity);
    const label = bought?.[i];
    if (label) {
      // Bought postage: the carrier's tracking number and label file, unchanged.
      await store.raw(
        'update shipment_package set tracking_number = ?, label_bytes = ?, label_format = ?, postage_ref = ? where id = ?',
        label.trackingNumber,
        label.labelBytes,
        label.labelFormat,
        JSON.stringify(label.ref),
        pkgId,
      );
      return;
    }
    const tracking = trackingNumberFor(option.carrierCode, pkgId);
    await store.raw('update shipment_package set tracking_number = ? where id = ?', tracking, pkgId);
    const layout = await layoutOf(pkgId);
    const bytes = printer ? renderLabelFor(printer, layout).payload : Buffer.from(renderZpl(layout, { dpi: 203 }), 'utf8');
    await store.raw('update shipment_package set label_bytes = ? where id = ?', bytes, pkgId);
  });
  // What the postage account charged is the shipment's cost (for the books), not the rate-card price.
  if (bought) await store.raw('update shipment set cost_cents = ? where id = ?', bought.reduce((sum, b) => sum + b.costCents, 0), shipmentId);
}


/**
 * WARNING — stock truth. The shipped units leave the ledger as `pick` movements that consume
 * the order line's reservations (on hand and reserved drop together, available does not move).
 * Only what is still reserved is picked: a relabel after a void ships units already picked.
 * Kit lines hold one reservation per component; each component is picked in proportion.
 */
export async function takeOffShelf(core: Core, shipmentId: number, actor: string, orderNumber: string): Promise<void> {
  const { store } = core;
  const lines = await store.raw<{ order_line_id: number; quantity: number; remaining: number }>(
    `select s.order_line_id, sum(s.quantity) as quantity, l.quantity - l.shipped_qty as remaining
     from shipment_line s join order_line l on l.id = s.order_line_id where s.shipment_id = ? group by s.order_line_id, l.quantity, l.shipped_qty`,
    shipmentId,
  );
  for (const line of lines) {
    const reservations = await reservationsOf(core, { type: 'order_line', id: line.order_line_id });
    const byProduct = new Map<number, typeof reservations>();
    for (const r of reservations) byProduct.set(r.product_id, [...(byProduct.get(r.product_id) ?? []), r]);
    for (const list of byProduct.values()) {
      const reserved = list.reduce((s, r) => s + r.quantity, 0);
      let toPick = line.quantity >= line.remaining ? reserved : Math.floor((reserved * line.quantity) / line.remaining);
      for (const r of list) {
        if (toPick === 0) break;
        const take = Math.min(r.quantity, toPick);
        await pickReserved(core, r.id, take, actor, `shipment ${shipmentId} (order ${orderNumber})`);
        toPick -= take;
      }
    }
    await store.raw('update order_line set shipped_qty = shipped_qty + ? where id = ?', line.quantity, line.order_line_id);
  }
}

