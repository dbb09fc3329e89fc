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
  const { store } = core;
  const row = await store.get(
    store.kysely
      .insertInto('shipment')
      .values({
        order_id: s.orderId,
        direction: s.direction,
        carrier_code: o.carrierCode,
        service_key: o.serviceKey,
        service_name: o.serviceName,
        status: 'label_created',
        zone: o.zone,
        warehouse_id: s.warehouseId,
        ship_from: JSON.stringify(s.from),
        ship_to: JSON.stringify(s.to),
        dest_postal_code: s.to.postalCode,
        dest_country: s.to.countryCode,
        promised_date: s.promisedDate,
        pickup_date: o.pickupDate,
        expected_delivery_date: o.expectedDeliveryDate,
        on_time_probability: o.onTimeProbability,
        price_cents: o.totalCents,
        currency: o.currency,
        recommended_service_key: s.recommendedKey,
        recommendation_reason: s.reason,
        override_reason: s.overrideReason,
        rules_fired: JSON.stringify(s.rulesFired),
        actor: s.actor,
        created_at: at,
        updated_at: at,
      })
      .returning('id'),
  );
  return row!.id;
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
    const pkgId = (await store.get(
      store.kysely
        .insertInto('shipment_package')
        .values({
          shipment_id: shipmentId,
          seq: i + 1,
          box_code: p.boxCode,
          weight_g: p.weightG,
          length_mm: p.lengthMm,
          width_mm: p.widthMm,
          height_mm: p.heightMm,
          billable_weight_g: priced.billableWeightG,
          price_cents: priced.totalCents,
          breakdown: JSON.stringify(priced.breakdown),
          label_format: 'zpl',
          status: 'label_created',
        })
        .returning('id'),
    ))!.id;
    if (withLines) {
      for (const l of p.lines) {
        await store.run(store.kysely.insertInto('shipment_line').values({ shipment_id: shipmentId, package_id: pkgId, order_line_id: l.lineId, quantity: l.quantity }));
      }
    }
    const label = bought?.[i];
    if (label) {
      // Bought postage: the carrier's tracking number and label file, unchanged.
      await store.run(
        store.kysely
          .updateTable('shipment_package')
          .set({ tracking_number: label.trackingNumber, label_bytes: label.labelBytes, label_format: label.labelFormat, postage_ref: JSON.stringify(label.ref) })
          .where('id', '=', pkgId),
      );
      return;
    }
    const tracking = trackingNumberFor(option.carrierCode, pkgId);
    await store.run(store.kysely.updateTable('shipment_package').set({ tracking_number: tracking }).where('id', '=', pkgId));
    const layout = await layoutOf(pkgId);
    const bytes = printer ? renderLabelFor(printer, layout).payload : Buffer.from(renderZpl(layout, { dpi: 203 }), 'utf8');
    await store.run(store.kysely.updateTable('shipment_package').set({ label_bytes: bytes }).where('id', '=', pkgId));
  });
  // What the postage account charged is the shipment's cost (for the books), not the rate-card price.
  if (bought) await store.run(store.kysely.updateTable('shipment').set({ cost_cents: bought.reduce((sum, b) => sum + b.costCents, 0) }).where('id', '=', shipmentId));
}


/**
 * WARNING — stock truth. The shipped units leave the ledger as `pick` movements that consume
 * the order line's reservations (on hand and reserved drop together, available does not move).
 * Only what is still reserved is picked: a relabel after a void ships units already picked.
 * Kit lines hold one reservation per component; each component is picked in proportion.
 */
export async function takeOffShelf(core: Core, shipmentId: number, actor: string, orderNumber: string): Promise<void> {
  const { store } = core;
  const lines = await store.all(
    store.kysely
      .selectFrom('shipment_line as s')
      .innerJoin('order_line as l', 'l.id', 's.order_line_id')
      .select((eb) => ['s.order_line_id', eb.fn.sum<number>('s.quantity').as('quantity'), eb('l.quantity', '-', eb.ref('l.shipped_qty')).as('remaining')])
      .where('s.shipment_id', '=', shipmentId)
      .groupBy(['s.order_line_id', 'l.quantity', 'l.shipped_qty']),
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
    await store.run(store.kysely.updateTable('order_line').set((eb) => ({ shipped_qty: eb('shipped_qty', '+', line.quantity) })).where('id', '=', line.order_line_id));
  }
}

/**
 * Marks a shipment voided (its refund is what the postage cost, else its price); false when it was
 * no longer voidable. Conditional: of two stations voiding at once (one PostgreSQL), the second waits
 * for the first's row lock, finds the shipment voided and changes nothing.
 */
export async function markVoided(core: Core, shipmentId: number, reason: string, at: string): Promise<boolean> {
  const { store } = core;
  const { changes } = await store.run(
    store.kysely
      .updateTable('shipment')
      .set((eb) => ({ status: 'voided', void_reason: reason, voided_at: at, refund_cents: eb.fn.coalesce('cost_cents', 'price_cents'), updated_at: at }))
      .where('id', '=', shipmentId)
      .where('status', 'in', ['label_created', 'manifested']),
  );
  return changes > 0;
}

/** A voided shipment's packages are voided and its units go back to "not shipped" on the order lines (never below zero). */
export async function unshipVoided(core: Core, shipmentId: number): Promise<void> {
  const { store } = core;
  await store.run(store.kysely.updateTable('shipment_package').set({ status: 'voided' }).where('shipment_id', '=', shipmentId));
  const shipped = await store.all(
    store.kysely
      .selectFrom('shipment_line')
      .select((eb) => ['order_line_id', eb.fn.sum<number>('quantity').as('quantity')])
      .where('shipment_id', '=', shipmentId)
      .groupBy('order_line_id'),
  );
  for (const l of shipped) {
    await store.run(
      store.kysely
        .updateTable('order_line')
        .set((eb) => ({ shipped_qty: eb.case().when('shipped_qty', '>', l.quantity).then(eb('shipped_qty', '-', l.quantity)).else(eb.lit(0)).end() }))
        .where('id', '=', l.order_line_id),
    );
  }
}
