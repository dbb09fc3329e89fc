import { mapInOrder } from '../../../util/in-order';
import type { ReturnReasonRowDto, RmaDto } from '../../../../shared/api/fulfilment';
import { invalid, notFound } from '../../../../shared/errors';
import { returnReasonLabel } from '../../../../shared/return-reasons';
import type { Core } from '../../../core';
import type { RmaRow } from '../../../store/schema';
import { shopCalendar } from '../../calendar/shop-calendar';
import type { Shipping } from '../../shipping/service/index';
import { noCase } from '../../../store/no-case';

/** RMAs, return reasons and refunds as the screens and reports show them (ReturnsService's read side). */

export type RmaStatus = RmaRow['status'];

export async function rmaRow(core: Core, id: number): Promise<RmaRow> {
  const { store } = core;
  const r = await store.get(store.kysely.selectFrom('rma').selectAll().where('id', '=', id));
  if (!r) throw notFound(`RMA ${id}`);
  return r;
}

export async function rmaByNumber(core: Core, number: string): Promise<RmaRow | undefined> {
  const { store } = core;
  return await store.get(store.kysely.selectFrom('rma').selectAll().where('number', '=', noCase(number)));
}

async function returnLabelOf(shipping: Shipping, shipmentId: number): Promise<RmaDto['returnLabel']> {
  const s = await shipping.shipments.dto(shipmentId);
  const pkg = s.packages[0];
  return { shipmentId: s.id, packageId: pkg?.id ?? null, carrier: s.carrier, service: s.serviceName, trackingNumber: pkg?.trackingNumber ?? null, priceCents: s.priceCents, status: s.status };
}

export async function rmaDto(core: Core, shipping: Shipping, ref: { id?: number; number?: string }): Promise<RmaDto> {
  const { store } = core;
  const r = ref.id ? await rmaRow(core, ref.id) : await rmaByNumber(core, ref.number!.trim());
  if (!r) throw notFound(`RMA ${ref.number}`);
  const orderNumber = (await store.get(store.kysely.selectFrom('sales_order').select('number').where('id', '=', r.order_id)))!.number;
  const lines = await store.all(
    store.kysely
      .selectFrom('rma_line as rl')
      .innerJoin('product as p', 'p.id', 'rl.product_id')
      .select(['rl.id', 'rl.order_line_id', 'rl.product_id', 'p.sku', 'p.name', 'rl.qty', 'rl.graded_qty', 'rl.reason', 'rl.reason_code'])
      .where('rl.rma_id', '=', r.id)
      .orderBy('rl.id'),
  );
  return {
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    orderNumber,
    status: r.status,
    reason: r.reason,
    reasonCode: r.reason_code,
    reasonNote: r.reason_note,
    refundCents: r.refund_cents,
    currency: r.currency,
    returnTracking: r.return_tracking,
    returnLabel: r.return_shipment_id ? await returnLabelOf(shipping, r.return_shipment_id) : null,
    note: r.note,
    createdAt: r.created_at,
    receivedAt: r.received_at,
    closedAt: r.closed_at,
    lines: await mapInOrder(lines, async (l) => ({
      id: l.id,
      orderLineId: l.order_line_id,
      sku: l.sku,
      name: l.name,
      barcodes: [l.sku, ...(await store.all(store.kysely.selectFrom('barcode').select('code').where('product_id', '=', l.product_id))).map((b) => b.code)],
      qty: l.qty,
      gradedQty: l.graded_qty,
      reason: l.reason,
      reasonCode: l.reason_code,
      units: (
        await store.all(
          store.kysely
            .selectFrom('rma_unit as u')
            .innerJoin('bin', 'bin.id', 'u.bin_id')
            .leftJoin('lot', 'lot.id', 'u.lot_id')
            .select(['u.id', 'u.grade', 'u.disposition', 'bin.code as bin', 'lot.code as lot', 'u.graded_at', 'u.actor'])
            .where('u.rma_line_id', '=', l.id)
            .orderBy('u.id'),
        )
      ).map((u) => ({ id: u.id, grade: u.grade, disposition: u.disposition, bin: u.bin, lot: u.lot, gradedAt: u.graded_at, actor: u.actor })),
    })),
  };
}

export async function rmaIds(core: Core, filter: { status?: RmaStatus; orderId?: number; limit: number }): Promise<number[]> {
  const { store } = core;
  const rows = await store.all(
    store.kysely
      .selectFrom('rma')
      .select('id')
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .$if(filter.orderId !== undefined, (q) => q.where('order_id', '=', filter.orderId!))
      .orderBy('id', 'desc')
      .limit(filter.limit),
  );
  return rows.map((r) => r.id);
}

/** Return reasons per product over the last `days` (grouped by the listed reason), with the return rate against units shipped. */
export async function returnReasons(core: Core, days: number): Promise<ReturnReasonRowDto[]> {
  const { store } = core;
  // The last `days` shop days (from the shop's midnight), not days × 24 h back from this minute.
  const from = (await shopCalendar(core)).startOfDaysAgo(days).toISOString();
  const rows = await store.all(
    store.kysely
      .selectFrom('rma_line as rl')
      .innerJoin('rma as r', 'r.id', 'rl.rma_id')
      .innerJoin('product as p', 'p.id', 'rl.product_id')
      .select((eb) => ['rl.product_id', 'p.sku', 'p.name', 'rl.reason_code', eb.fn.sum<number>('rl.qty').as('units'), eb.fn.count<number>('rl.rma_id').distinct().as('rmas')])
      .where('r.created_at', '>=', from)
      .where('r.status', '<>', 'cancelled')
      .groupBy(['rl.product_id', 'p.sku', 'p.name', 'rl.reason_code'])
      .orderBy('units', 'desc')
      .orderBy('p.sku')
      .orderBy('rl.reason_code'),
  );
  const shipped = new Map(
    (
      await store.all(
        store.kysely
          .selectFrom('shipment_line as sl')
          .innerJoin('shipment as s', 's.id', 'sl.shipment_id')
          .innerJoin('order_line as l', 'l.id', 'sl.order_line_id')
          .select((eb) => ['l.product_id', eb.fn.sum<number>('sl.quantity').as('n')])
          .where('s.created_at', '>=', from)
          .where('s.status', '<>', 'voided')
          .groupBy('l.product_id'),
      )
    ).map((r) => [r.product_id, r.n]),
  );
  return rows.map((r) => {
    const n = shipped.get(r.product_id) ?? 0;
    return { sku: r.sku, name: r.name, reasonCode: r.reason_code, reason: returnReasonLabel(r.reason_code), units: r.units, rmas: r.rmas, returnRate: n > 0 ? r.units / n : null };
  });
}

export async function refundList(core: Core, from?: string, to?: string) {
  const { store } = core;
  return (
    await store.all(
      store.kysely
        .selectFrom('refund as f')
        .leftJoin('rma as r', 'r.id', 'f.rma_id')
        .innerJoin('sales_order as o', 'o.id', 'f.order_id')
        .select(['f.id', 'r.number as rma', 'o.number', 'f.amount_cents', 'f.currency', 'f.reason', 'f.recorded_at'])
        .$if(from !== undefined, (q) => q.where('f.recorded_at', '>=', from!))
        .$if(to !== undefined, (q) => q.where('f.recorded_at', '<', dayAfter(to!)))
        .orderBy('f.id'),
    )
  ).map((r) => ({ id: r.id, rmaNumber: r.rma, orderNumber: r.number, amountCents: r.amount_cents, currency: r.currency, reason: r.reason, recordedAt: r.recorded_at }));
}

/** The day after `to` (its date part, YYYY-MM-DD): `to` is inclusive. In JS, as date arithmetic differs per engine. */
function dayAfter(to: string): string {
  const day = new Date(`${to.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) throw invalid(`Not a date: ${to}`, { field: 'to' });
  return new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
}
