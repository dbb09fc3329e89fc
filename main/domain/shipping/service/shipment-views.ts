import type { ShipmentDto, ShipmentStatusDto } from '../../../../shared/api/shipping';
import { notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { ShipmentPackageRow, ShipmentRow } from '../../../store/schema';
import { labelKindOf, type LabelKind } from '../honest-labels';
import type { ShipFrom } from './rating';
import { shippingLabel, type LabelAddress } from './shipping-label';

// How a stored shipment reads back: its label layout per package and its DTO.

export async function shipmentLabelLayout(core: Core, s: ShipmentRow, packageId: number, size?: { widthMm: number; heightMm: number }) {
  const { store } = core;
  const shipmentId = s.id;
  const pkg = await store.get(store.kysely.selectFrom('shipment_package').selectAll().where('id', '=', packageId).where('shipment_id', '=', shipmentId));
  if (!pkg) throw notFound(`Package ${packageId}`);
  const count = (await store.get(store.kysely.selectFrom('shipment_package').select((eb) => eb.fn.countAll<number>().as('n')).where('shipment_id', '=', shipmentId)))!.n;
  const from = JSON.parse(s.ship_from) as ShipFrom;
  const to = JSON.parse(s.ship_to) as { name: string; company: string | null; line1: string; line2: string | null; city: string; regionCode: string | null; postalCode: string; countryCode: string };
  const orderNumber = s.order_id ? ((await orderNumberOf(core, s.order_id)) ?? String(s.order_id)) : `S${s.id}`;
  const carrierName = (await store.get(store.kysely.selectFrom('shipping_carrier').select('name').where('code', '=', s.carrier_code)))?.name ?? s.carrier_code.toUpperCase();
  const fromAddress: LabelAddress = { name: from.name, line1: from.address, city: from.city, region: from.region, postalCode: from.postalCode, country: from.country };
  const toAddress: LabelAddress = { name: to.name, company: to.company, line1: to.line1, line2: to.line2, city: to.city, region: to.regionCode, postalCode: to.postalCode, country: to.countryCode };
  return shippingLabel(
    {
      from: fromAddress,
      to: toAddress,
      carrierName,
      serviceName: s.service_name,
      weightG: pkg.weight_g,
      packageSeq: pkg.seq,
      packageCount: count,
      trackingNumber: pkg.tracking_number ?? '',
      orderReference: orderNumber,
      shipDate: s.created_at.slice(0, 10),
      notPostage: labelKindOf(s.carrier_code, pkg.postage_ref !== null) === 'reference',
    },
    size,
  );
}


export async function shipmentDto(core: Core, s: ShipmentRow): Promise<ShipmentDto> {
  const { store } = core;
  const id = s.id;
  const to = JSON.parse(s.ship_to) as { name: string; city: string; postalCode: string; countryCode: string };
  const packages = await store.all(
    store.kysely
      .selectFrom('shipment_package')
      .select((eb) => [
        'id',
        'seq',
        'box_code',
        'weight_g',
        'length_mm',
        'width_mm',
        'height_mm',
        'billable_weight_g',
        'price_cents',
        'tracking_number',
        'label_format',
        'print_job_id',
        'status',
        'postage_ref',
        // The label's size, not its bytes: a list of shipments stays small.
        eb.fn<number | null>('length', ['label_bytes']).as('bytes'),
      ])
      .where('shipment_id', '=', id)
      .orderBy('seq'),
  );
  return {
    id: s.id,
    direction: s.direction,
    orderId: s.order_id,
    orderNumber: s.order_id ? await orderNumberOf(core, s.order_id) : null,
    carrier: s.carrier_code,
    serviceKey: s.service_key,
    serviceName: s.service_name,
    status: s.status,
    zone: s.zone,
    shipTo: { name: to.name, city: to.city, postalCode: to.postalCode, country: to.countryCode },
    promisedDate: s.promised_date,
    pickupDate: s.pickup_date,
    expectedDeliveryDate: s.expected_delivery_date,
    deliveredDate: s.delivered_date,
    onTimeProbability: s.on_time_probability,
    priceCents: s.price_cents,
    costCents: s.cost_cents,
    refundCents: s.refund_cents,
    currency: s.currency,
    recommendedServiceKey: s.recommended_service_key,
    overrideReason: s.override_reason,
    manifestId: s.manifest_id,
    voidReason: s.void_reason,
    createdAt: s.created_at,
    labelKind: shipmentLabelKind(s.carrier_code, packages),
    packages: packages.map((p) => ({
      id: p.id,
      seq: p.seq,
      boxCode: p.box_code,
      weightG: p.weight_g,
      lengthMm: p.length_mm,
      widthMm: p.width_mm,
      heightMm: p.height_mm,
      billableWeightG: p.billable_weight_g,
      priceCents: p.price_cents,
      trackingNumber: p.tracking_number,
      labelFormat: p.label_format,
      labelBytes: p.bytes ?? 0,
      printJobId: p.print_job_id,
      status: p.status,
    })),
    events: (await store.all(
      store.kysely.selectFrom('tracking_event').select(['at', 'status', 'message', 'location', 'tracking_number']).where('shipment_id', '=', id).orderBy('at', 'desc').orderBy('id', 'desc'),
    ))
      .map((e) => ({ at: e.at, status: e.status, message: e.message, location: e.location, trackingNumber: e.tracking_number })),
  };
}

/** A shipment's labels are postage only when every live package's postage was bought. */
function shipmentLabelKind(carrierCode: string, packages: Pick<ShipmentPackageRow, 'postage_ref' | 'status'>[]): LabelKind {
  const live = packages.filter((p) => p.status !== 'voided');
  return labelKindOf(carrierCode, (live.length ? live : packages).every((p) => p.postage_ref !== null) && packages.length > 0);
}

/** Shipments newest first, optionally of one status or one order. */
export async function listShipmentIds(core: Core, filter: { status?: ShipmentStatusDto; orderId?: number; limit: number }): Promise<number[]> {
  const { store } = core;
  let ids = store.kysely.selectFrom('shipment').select('id').orderBy('id', 'desc').limit(filter.limit);
  if (filter.status != null) ids = ids.where('status', '=', filter.status);
  if (filter.orderId != null) ids = ids.where('order_id', '=', filter.orderId);
  return (await store.all(ids)).map((r) => r.id);
}

async function orderNumberOf(core: Core, orderId: number): Promise<string | null> {
  const { store } = core;
  return (await store.get(store.kysely.selectFrom('sales_order').select('number').where('id', '=', orderId)))?.number ?? null;
}
