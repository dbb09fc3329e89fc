import { mapInOrder } from '../../../util/in-order';
import type { ReturnDisposition, ReturnGrade, ReturnReasonRowDto, RmaDto } from '../../../../shared/api/fulfilment';
import { conflict, invalid, notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { RmaRow } from '../../../store/schema';
import type { Shipping } from '../../shipping/service/index';
import { applyMovement } from '../../inventory/ledger';
import { shopCalendar } from '../../calendar/shop-calendar';
import { classifyReturnReason, returnReasonLabel, returnReasonText, type ReturnReasonCode } from '../../../../shared/return-reasons';

const RETURNABLE = ['shipped', 'partially_shipped', 'delivered'];

/** What each grade may become, first = default. Only resellable units go back on a shelf. */
export const DISPOSITIONS: Record<ReturnGrade, readonly ReturnDisposition[]> = {
  resellable: ['restock'],
  damaged: ['scrap', 'quarantine'],
  defective: ['quarantine', 'scrap'],
};

/**
 * Returns: an RMA from a shipped order, received at a station by scan, graded per unit. Every
 * unit's fate is a ledger movement: resellable → `return` into a sellable bin; quarantine →
 * `return` into the quarantine bin (not sellable, waits for a supplier claim); scrap → `return`
 * into the returns bin then `scrap` out of it, so the ledger shows both the arrival and the loss.
 * The refund is recorded for accounting when the parcel is received.
 */
export class ReturnsService {
  constructor(
    private readonly core: Core,
    private readonly shipping: Shipping,
  ) {}

  private now(): string {
    return this.core.clock.now().toISOString();
  }

  private async row(id: number): Promise<RmaRow> {
    const r = (await this.core.store.raw<RmaRow>('select * from rma where id = ?', id))[0];
    if (!r) throw notFound(`RMA ${id}`);
    return r;
  }

  async create(
    input: {
      orderId: number;
      reasonCode?: ReturnReasonCode;
      reason?: string;
      lines: { orderLineId: number; qty: number; reasonCode?: ReturnReasonCode; reason?: string }[];
      refundCents?: number;
      note?: string;
      returnLabel: boolean;
    },
    actor: string,
  ): Promise<RmaDto> {
    const { store } = this.core;
    const why = reasonOf(input.reasonCode, input.reason);
    const id = await store.tx(async () => {
      const order = (await store.raw<{ id: number; number: string; status: string; currency: string }>('select id, number, status, currency from sales_order where id = ?', input.orderId))[0];
      if (!order) throw notFound(`Order ${input.orderId}`);
      if (!RETURNABLE.includes(order.status)) throw conflict(`Order ${order.number} is ${order.status}: only shipped or delivered orders can be returned`);
      let refund = 0;
      const at = this.now();
      const rmaId = (await store.raw<{ id: number }>(
        "insert into rma (number, order_id, status, reason, reason_code, reason_note, refund_cents, currency, note, created_by, created_at) values (?,?,'open',?,?,?,0,?,?,?,?) returning id",
        `RMA-TMP-${at}-${Math.random()}`,
        order.id,
        why.text,
        why.code,
        why.note,
        order.currency,
        input.note ?? null,
        actor,
        at,
      ))[0].id;
      await store.raw('update rma set number = ? where id = ?', `RMA-${String(rmaId).padStart(5, '0')}`, rmaId);
      for (const l of input.lines) {
        const line = (await store.raw<{ id: number; sku: string; product_id: number | null; shipped_qty: number; unit_price_cents: number; discount_cents: number; quantity: number }>(
          'select id, sku, product_id, shipped_qty, unit_price_cents, discount_cents, quantity from order_line where id = ? and order_id = ?',
          l.orderLineId,
          order.id,
        ))[0];
        if (!line) throw invalid(`Line ${l.orderLineId} is not on order ${order.number}`, { field: 'lines' });
        if (line.product_id === null) throw conflict(`Line ${line.sku} has an unknown product`);
        const already = (await store.raw<{ n: number }>(
          "select coalesce(sum(rl.qty), 0) as n from rma_line rl join rma r on r.id = rl.rma_id where rl.order_line_id = ? and r.status <> 'cancelled' and rl.rma_id <> ?",
          line.id,
          rmaId,
        ))[0].n;
        if (l.qty + already > line.shipped_qty) throw conflict(`Only ${line.shipped_qty - already} × ${line.sku} can still be returned on ${order.number}`, { field: 'lines' });
        // Money: the line's paid price per unit (after its discount), in whole cents, rounded down.
        refund += Math.floor(((line.unit_price_cents * line.quantity - line.discount_cents) * l.qty) / line.quantity);
        const components = await store.raw<{ component_id: number; quantity: number }>('select component_id, quantity from kit_component where kit_id = ?', line.product_id);
        const parts = components.length ? components.map((c) => ({ productId: c.component_id, qty: c.quantity * l.qty })) : [{ productId: line.product_id, qty: l.qty }];
        const lineWhy = l.reasonCode || l.reason ? reasonOf(l.reasonCode, l.reason) : why;
        for (const p of parts) {
          await store.raw(
            'insert into rma_line (rma_id, order_line_id, product_id, qty, reason, reason_code, reason_note) values (?,?,?,?,?,?,?)',
            rmaId,
            line.id,
            p.productId,
            p.qty,
            lineWhy.text,
            lineWhy.code,
            lineWhy.note,
          );
        }
      }
      await store.raw('update rma set refund_cents = ? where id = ?', input.refundCents ?? refund, rmaId);
      if (input.returnLabel) {
        // Same transaction: an RMA promised with a label never exists without one.
        const label = await this.shipping.shipments.createReturnLabel(order.id, input.lines, actor);
        await store.raw('update rma set return_shipment_id = ?, return_tracking = ? where id = ?', label.id, label.packages[0]?.trackingNumber ?? null, rmaId);
      }
      return rmaId;
    });
    this.core.events.publish('returns.changed', { id });
    return await this.get({ id });
  }

  private async returnLabelOf(shipmentId: number): Promise<RmaDto['returnLabel']> {
    const s = await this.shipping.shipments.dto(shipmentId);
    const pkg = s.packages[0];
    return { shipmentId: s.id, packageId: pkg?.id ?? null, carrier: s.carrier, service: s.serviceName, trackingNumber: pkg?.trackingNumber ?? null, priceCents: s.priceCents, status: s.status };
  }

  async get(ref: { id?: number; number?: string }): Promise<RmaDto> {
    const { store } = this.core;
    const r = ref.id ? await this.row(ref.id) : (await store.raw<RmaRow>('select * from rma where number = ? collate nocase', ref.number!.trim()))[0];
    if (!r) throw notFound(`RMA ${ref.number}`);
    const orderNumber = (await store.raw<{ number: string }>('select number from sales_order where id = ?', r.order_id))[0].number;
    const lines = await store.raw<{ id: number; order_line_id: number; product_id: number; sku: string; name: string; qty: number; graded_qty: number; reason: string; reason_code: ReturnReasonCode }>(
      'select rl.id, rl.order_line_id, rl.product_id, p.sku, p.name, rl.qty, rl.graded_qty, rl.reason, rl.reason_code from rma_line rl join product p on p.id = rl.product_id where rl.rma_id = ? order by rl.id',
      r.id,
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
      returnLabel: r.return_shipment_id ? await this.returnLabelOf(r.return_shipment_id) : null,
      note: r.note,
      createdAt: r.created_at,
      receivedAt: r.received_at,
      closedAt: r.closed_at,
      lines: await mapInOrder(lines, async (l) => ({
        id: l.id,
        orderLineId: l.order_line_id,
        sku: l.sku,
        name: l.name,
        barcodes: [l.sku, ...(await store.raw<{ code: string }>('select code from barcode where product_id = ?', l.product_id)).map((b) => b.code)],
        qty: l.qty,
        gradedQty: l.graded_qty,
        reason: l.reason,
        reasonCode: l.reason_code,
        units: (await store
          .raw<{ id: number; grade: ReturnGrade; disposition: ReturnDisposition; bin: string; lot: string | null; graded_at: string; actor: string }>(
            'select u.id, u.grade, u.disposition, bin.code as bin, lot.code as lot, u.graded_at, u.actor from rma_unit u join bin on bin.id = u.bin_id left join lot on lot.id = u.lot_id where u.rma_line_id = ? order by u.id',
            l.id,
          ))
          .map((u) => ({ id: u.id, grade: u.grade, disposition: u.disposition, bin: u.bin, lot: u.lot, gradedAt: u.graded_at, actor: u.actor })),
      })),
    };
  }

  async list(filter: { status?: string; orderId?: number; limit: number }): Promise<RmaDto[]> {
    return await mapInOrder((await this.core.store
      .raw<{ id: number }>('select id from rma where (cast(? as text) is null or status = ?) and (cast(? as bigint) is null or order_id = ?) order by id desc limit ?', filter.status ?? null, filter.status ?? null, filter.orderId ?? null, filter.orderId ?? null, filter.limit)), async (r) => await this.get({ id: r.id }));
  }

  /** Scan at a station: the RMA number, or the number of an order with one open RMA. Records the refund. */
  async receive(code: string, stationName: string | undefined, actor: string): Promise<RmaDto> {
    const { store } = this.core;
    const c = code.trim();
    const id = await store.tx(async () => {
      let rma = (await store.raw<RmaRow>('select * from rma where number = ? collate nocase', c))[0];
      if (!rma) {
        const bare = c.replace(/^#/, '');
        const open = await store.raw<RmaRow>(
          "select r.* from rma r join sales_order o on o.id = r.order_id where (o.number = ? collate nocase or o.number = ? collate nocase) and r.status = 'open' order by r.id",
          c,
          `#${bare}`,
        );
        if (open.length > 1) throw conflict(`Order ${c} has ${open.length} open RMAs: scan the RMA number`);
        rma = open[0];
      }
      if (!rma) throw notFound(`RMA for "${c}"`);
      if (rma.status !== 'open') throw conflict(`${rma.number} is already ${rma.status}`);
      const stationId = stationName ? (await store.raw<{ id: number }>('select id from packing_station where name = ? collate nocase', stationName))[0]?.id ?? null : null;
      const at = this.now();
      // Conditional: a second station receiving the same parcel at once gets no second refund or restock.
      const changed = await store.update("update rma set status = 'received', received_at = ?, received_station_id = ? where id = ? and status = 'open'", at, stationId, rma.id);
      if (changed === 0) throw conflict(`${rma.number} was just received at another station`);
      if (rma.refund_cents > 0) {
        await store.raw(
          'insert into refund (rma_id, order_id, amount_cents, currency, reason, actor, recorded_at) values (?,?,?,?,?,?,?)',
          rma.id,
          rma.order_id,
          rma.refund_cents,
          rma.currency,
          `${rma.number}: ${rma.reason}`,
          actor,
          at,
        );
      }
      return rma.id;
    });
    this.core.events.publish('returns.changed', { id });
    return await this.get({ id });
  }

  async cancel(id: number, reason: string, actor: string): Promise<RmaDto> {
    const { store } = this.core;
    await store.tx(async () => {
      const r = await this.row(id);
      if (r.status !== 'open') throw conflict(`${r.number} is ${r.status}; only open RMAs can be cancelled`);
      await store.raw("update rma set status = 'cancelled', closed_at = ?, note = coalesce(note || ?, '') || ? where id = ?", this.now(), '\n', `cancelled by ${actor}: ${reason}`, id);
    });
    return await this.get({ id });
  }

  private async warehouseOf(orderId: number, orderLineId: number): Promise<number> {
    const { store } = this.core;
    return (
      (await store.raw<{ w: number | null }>('select warehouse_id as w from order_line where id = ?', orderLineId))[0]?.w ??
      (await store.raw<{ w: number | null }>('select warehouse_id as w from sales_order where id = ?', orderId))[0]?.w ??
      (await store.raw<{ id: number }>('select id from warehouse where active = 1 order by id limit 1'))[0].id
    );
  }

  private async binOfKind(warehouseId: number, kinds: string[], what: string): Promise<number> {
    const row = (await this.core.store.raw<{ id: number }>(
      `select id from bin where warehouse_id = ? and kind in (${kinds.map(() => '?').join(',')}) order by case kind ${kinds.map((k, i) => `when '${k}' then ${i}`).join(' ')} end, is_default desc, pick_sequence, id limit 1`,
      warehouseId,
      ...kinds,
    ))[0];
    if (!row) throw conflict(`The warehouse has no ${what} bin: add one (Stock → bins) first`);
    return row.id;
  }

  /** Where a resellable unit goes: the product's fullest pick bin, else the warehouse's default bin. */
  private async restockBin(warehouseId: number, productId: number): Promise<number> {
    const { store } = this.core;
    return (
      (await store.raw<{ bin_id: number }>(
        "select b.bin_id from stock_balance b join bin on bin.id = b.bin_id where b.product_id = ? and b.warehouse_id = ? and bin.kind = 'pick' order by b.on_hand desc, bin.pick_sequence limit 1",
        productId,
        warehouseId,
      ))[0]?.bin_id ?? await this.binOfKind(warehouseId, ['pick', 'bulk', 'receiving'], 'sellable')
    );
  }

  /** Grades one unit and moves it (ledger) to where its grade sends it. */
  async grade(
    input: { rmaId: number; lineId: number; grade: ReturnGrade; disposition?: ReturnDisposition; bin?: string; lot?: string; note?: string },
    actor: string,
  ): Promise<RmaDto> {
    const { store } = this.core;
    await store.tx(async () => {
      const rma = await this.row(input.rmaId);
      if (rma.status === 'open') throw conflict(`${rma.number} has not been received yet: scan it in first`);
      if (rma.status !== 'received') throw conflict(`${rma.number} is ${rma.status}`);
      const line = (await store.raw<{ id: number; order_line_id: number; product_id: number; qty: number; graded_qty: number; lot_tracked: number; sku: string }>(
        'select rl.id, rl.order_line_id, rl.product_id, rl.qty, rl.graded_qty, p.lot_tracked, p.sku from rma_line rl join product p on p.id = rl.product_id where rl.id = ? and rl.rma_id = ?',
        input.lineId,
        rma.id,
      ))[0];
      if (!line) throw invalid(`Line ${input.lineId} is not on ${rma.number}`, { field: 'lineId' });
      if (line.graded_qty >= line.qty) throw conflict(`Every returned ${line.sku} on ${rma.number} is graded already`);
      const allowed = DISPOSITIONS[input.grade];
      const disposition = input.disposition ?? allowed[0];
      if (!allowed.includes(disposition)) {
        throw invalid(
          input.grade === 'resellable' ? 'A resellable unit goes back on a shelf (restock)' : `A ${input.grade} unit cannot be restocked: quarantine or scrap it`,
          { field: 'disposition' },
        );
      }
      const warehouseId = await this.warehouseOf(rma.order_id, line.order_line_id);
      let binId: number;
      if (input.bin) {
        const bin = (await store.raw<{ id: number; kind: string }>('select id, kind from bin where warehouse_id = ? and code = ? collate nocase', warehouseId, input.bin))[0];
        if (!bin) throw notFound(`Bin ${input.bin}`);
        binId = bin.id;
      } else if (disposition === 'restock') binId = await this.restockBin(warehouseId, line.product_id);
      else if (disposition === 'quarantine') binId = await this.binOfKind(warehouseId, ['quarantine'], 'quarantine');
      else binId = await this.binOfKind(warehouseId, ['returns', 'quarantine'], 'returns');

      let lotId: number | null = null;
      if (line.lot_tracked === 1) {
        const code = input.lot ?? await this.shippedLot(line.order_line_id, line.product_id);
        if (!code) throw invalid(`${line.sku} is lot-tracked: give the lot printed on the unit`, { field: 'lot' });
        const lot = (await store.raw<{ id: number }>('select id from lot where product_id = ? and code = ?', line.product_id, code))[0];
        if (!lot) throw notFound(`Lot ${code} of ${line.sku}`);
        lotId = lot.id;
      }
      const reference = `${rma.number}`;
      const movements: number[] = [];
      const reason = `return ${input.grade}${input.note ? `: ${input.note}` : ''}`;
      movements.push((await applyMovement(this.core, { kind: 'return', productId: line.product_id, binId, lotId, quantity: 1, reason, reference, actor })).movementId);
      if (disposition === 'scrap') {
        movements.push((await applyMovement(this.core, { kind: 'scrap', productId: line.product_id, binId, lotId, quantity: -1, reason: `scrapped: ${input.grade} return`, reference, actor })).movementId);
      }
      await store.raw(
        'insert into rma_unit (rma_line_id, grade, disposition, bin_id, lot_id, movement_ids, note, actor, graded_at) values (?,?,?,?,?,?,?,?,?)',
        line.id,
        input.grade,
        disposition,
        binId,
        lotId,
        JSON.stringify(movements),
        input.note ?? null,
        actor,
        this.now(),
      );
      await store.raw('update rma_line set graded_qty = graded_qty + 1 where id = ?', line.id);
      const left = (await store.raw<{ n: number }>('select coalesce(sum(qty - graded_qty), 0) as n from rma_line where rma_id = ?', rma.id))[0].n;
      if (left === 0) await store.raw("update rma set status = 'closed', closed_at = ? where id = ?", this.now(), rma.id);
      this.core.events.publish('stock.changed', { productId: line.product_id });
    });
    return await this.get({ id: input.rmaId });
  }

  private async shippedLot(orderLineId: number, productId: number): Promise<string | null> {
    const lots = await this.core.store.raw<{ code: string }>(
      `select distinct lot.code from stock_movement m join lot on lot.id = m.lot_id join pick_task t on t.order_line_id = ? and t.product_id = m.product_id and t.lot_id = m.lot_id
       where m.product_id = ? and m.kind = 'pick' and m.quantity < 0`,
      orderLineId,
      productId,
    );
    return lots.length === 1 ? lots[0].code : null;
  }

  /** Return reasons per product over the last `days` (grouped by the listed reason), with the return rate against units shipped. */
  async reasons(days: number): Promise<ReturnReasonRowDto[]> {
    // The last `days` shop days (from the shop's midnight), not days × 24 h back from this minute.
    const from = ((await shopCalendar(this.core)).startOfDaysAgo(days)).toISOString();
    const rows = await this.core.store.raw<{ product_id: number; sku: string; name: string; reason_code: ReturnReasonCode; units: number; rmas: number }>(
      `select rl.product_id, p.sku, p.name, rl.reason_code, sum(rl.qty) as units, count(distinct rl.rma_id) as rmas
       from rma_line rl join rma r on r.id = rl.rma_id join product p on p.id = rl.product_id
       where r.created_at >= ? and r.status <> 'cancelled' group by rl.product_id, p.sku, p.name, rl.reason_code order by units desc, p.sku, rl.reason_code`,
      from,
    );
    const shipped = new Map(
      (await this.core.store
        .raw<{ product_id: number; n: number }>(
          `select l.product_id, sum(sl.quantity) as n from shipment_line sl join shipment s on s.id = sl.shipment_id join order_line l on l.id = sl.order_line_id
           where s.created_at >= ? and s.status <> 'voided' group by l.product_id`,
          from,
        ))
        .map((r) => [r.product_id, r.n]),
    );
    return rows.map((r) => {
      const n = shipped.get(r.product_id) ?? 0;
      return { sku: r.sku, name: r.name, reasonCode: r.reason_code, reason: returnReasonLabel(r.reason_code), units: r.units, rmas: r.rmas, returnRate: n > 0 ? r.units / n : null };
    });
  }

  async refunds(from?: string, to?: string) {
    return (await this.core.store
      .raw<{ id: number; rma: string | null; number: string; amount_cents: number; currency: string; reason: string; recorded_at: string }>(
        `select f.id, r.number as rma, o.number, f.amount_cents, f.currency, f.reason, f.recorded_at from refund f
         left join rma r on r.id = f.rma_id join sales_order o on o.id = f.order_id
         where (cast(? as text) is null or f.recorded_at >= ?) and (cast(? as text) is null or f.recorded_at < ?) order by f.id`,
        from ?? null,
        from ?? null,
        to ?? null,
        to ? dayAfter(to) : null,
      ))
      .map((r) => ({ id: r.id, rmaNumber: r.rma, orderNumber: r.number, amountCents: r.amount_cents, currency: r.currency, reason: r.reason, recordedAt: r.recorded_at }));
  }
}

/** A listed reason with its note; a bare free text is classified (a listed reason's words → its code, else Other). */
function reasonOf(code: ReturnReasonCode | undefined, text: string | undefined): { code: ReturnReasonCode; note: string | null; text: string } {
  const note = text?.trim() || null;
  const picked = code ? { code, note } : note ? classifyReturnReason(note) : null;
  if (!picked) throw invalid('Pick a return reason from the list (or type one)', { field: 'reasonCode' });
  return { ...picked, text: returnReasonText(picked.code, picked.note) };
}

/** The day after `to` (its date part, YYYY-MM-DD): `to` is inclusive. In JS, as date arithmetic differs per engine. */
function dayAfter(to: string): string {
  const day = new Date(`${to.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) throw invalid(`Not a date: ${to}`, { field: 'to' });
  return new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
}
