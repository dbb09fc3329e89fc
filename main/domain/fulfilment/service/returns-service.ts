import { sql, type Updateable } from 'kysely';
import { mapInOrder } from '../../../util/in-order';
import type { ReturnDisposition, ReturnGrade, ReturnReasonRowDto, RmaDto } from '../../../../shared/api/fulfilment';
import { conflict, invalid, notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { RmaRow, RmaTable } from '../../../store/schema';
import type { Shipping } from '../../shipping/service/index';
import { applyMovement } from '../../inventory/ledger';
import { classifyReturnReason, returnReasonText, type ReturnReasonCode } from '../../../../shared/return-reasons';
import { binOfKind, restockBin, returnWarehouse, shippedLot } from './returns-bins';
import { refundList, returnReasons, rmaByNumber, rmaDto, rmaIds, rmaRow, type RmaStatus } from './returns-views';
import { noCase } from '../../../store/no-case';

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
    return await rmaRow(this.core, id);
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
    const setRma = async (values: Updateable<RmaTable>, rmaId: number) => await store.run(store.kysely.updateTable('rma').set(values).where('id', '=', rmaId));
    const why = reasonOf(input.reasonCode, input.reason);
    const id = await store.tx(async () => {
      const order = await store.get(store.kysely.selectFrom('sales_order').select(['id', 'number', 'status', 'currency']).where('id', '=', input.orderId));
      if (!order) throw notFound(`Order ${input.orderId}`);
      if (!RETURNABLE.includes(order.status)) throw conflict(`Order ${order.number} is ${order.status}: only shipped or delivered orders can be returned`);
      let refund = 0;
      const at = this.now();
      const rmaId = (await store.get(
        store.kysely
          .insertInto('rma')
          .values({
            number: `RMA-TMP-${at}-${Math.random()}`,
            order_id: order.id,
            status: 'open',
            reason: why.text,
            reason_code: why.code,
            reason_note: why.note,
            refund_cents: 0,
            currency: order.currency,
            note: input.note ?? null,
            created_by: actor,
            created_at: at,
          })
          .returning('id'),
      ))!.id;
      await setRma({ number: `RMA-${String(rmaId).padStart(5, '0')}` }, rmaId);
      for (const l of input.lines) {
        const line = await store.get(
          store.kysely
            .selectFrom('order_line')
            .select(['id', 'sku', 'product_id', 'shipped_qty', 'unit_price_cents', 'discount_cents', 'quantity'])
            .where('id', '=', l.orderLineId)
            .where('order_id', '=', order.id),
        );
        if (!line) throw invalid(`Line ${l.orderLineId} is not on order ${order.number}`, { field: 'lines' });
        if (line.product_id === null) throw conflict(`Line ${line.sku} has an unknown product`);
        const already = (await store.get(
          store.kysely
            .selectFrom('rma_line as rl')
            .innerJoin('rma as r', 'r.id', 'rl.rma_id')
            .select(sql<number>`coalesce(sum(rl.qty), 0)`.as('n'))
            .where('rl.order_line_id', '=', line.id)
            .where('r.status', '<>', 'cancelled')
            .where('rl.rma_id', '<>', rmaId),
        ))!.n;
        if (l.qty + already > line.shipped_qty) throw conflict(`Only ${line.shipped_qty - already} × ${line.sku} can still be returned on ${order.number}`, { field: 'lines' });
        // Money: the line's paid price per unit (after its discount), in whole cents, rounded down.
        refund += Math.floor(((line.unit_price_cents * line.quantity - line.discount_cents) * l.qty) / line.quantity);
        const components = await store.all(store.kysely.selectFrom('kit_component').select(['component_id', 'quantity']).where('kit_id', '=', line.product_id));
        const parts = components.length ? components.map((c) => ({ productId: c.component_id, qty: c.quantity * l.qty })) : [{ productId: line.product_id, qty: l.qty }];
        const lineWhy = l.reasonCode || l.reason ? reasonOf(l.reasonCode, l.reason) : why;
        for (const p of parts) {
          await store.run(
            store.kysely
              .insertInto('rma_line')
              .values({ rma_id: rmaId, order_line_id: line.id, product_id: p.productId, qty: p.qty, reason: lineWhy.text, reason_code: lineWhy.code, reason_note: lineWhy.note }),
          );
        }
      }
      await setRma({ refund_cents: input.refundCents ?? refund }, rmaId);
      if (input.returnLabel) {
        // Same transaction: an RMA promised with a label never exists without one.
        const label = await this.shipping.shipments.createReturnLabel(order.id, input.lines, actor);
        await setRma({ return_shipment_id: label.id, return_tracking: label.packages[0]?.trackingNumber ?? null }, rmaId);
      }
      return rmaId;
    });
    this.core.events.publish('returns.changed', { id });
    return await this.get({ id });
  }

  async get(ref: { id?: number; number?: string }): Promise<RmaDto> {
    return await rmaDto(this.core, this.shipping, ref);
  }

  async list(filter: { status?: RmaStatus; orderId?: number; limit: number }): Promise<RmaDto[]> {
    return await mapInOrder(await rmaIds(this.core, filter), async (id) => await this.get({ id }));
  }

  /** Scan at a station: the RMA number, or the number of an order with one open RMA. Records the refund. */
  async receive(code: string, stationName: string | undefined, actor: string): Promise<RmaDto> {
    const { store } = this.core;
    const c = code.trim();
    const id = await store.tx(async () => {
      let rma = await rmaByNumber(this.core, c);
      if (!rma) {
        const bare = c.replace(/^#/, '');
        const open = await store.all(
          store.kysely
            .selectFrom('rma as r')
            .innerJoin('sales_order as o', 'o.id', 'r.order_id')
            .selectAll('r')
            .where((eb) => eb.or([eb('o.number', '=', noCase(c)), eb('o.number', '=', noCase(`#${bare}`))]))
            .where('r.status', '=', 'open')
            .orderBy('r.id'),
        );
        if (open.length > 1) throw conflict(`Order ${c} has ${open.length} open RMAs: scan the RMA number`);
        rma = open[0];
      }
      if (!rma) throw notFound(`RMA for "${c}"`);
      if (rma.status !== 'open') throw conflict(`${rma.number} is already ${rma.status}`);
      const stationId = stationName ? ((await store.get(store.kysely.selectFrom('packing_station').select('id').where('name', '=', noCase(stationName))))?.id ?? null) : null;
      const at = this.now();
      // Conditional: a second station receiving the same parcel at once gets no second refund or restock.
      const { changes } = await store.run(
        store.kysely.updateTable('rma').set({ status: 'received', received_at: at, received_station_id: stationId }).where('id', '=', rma.id).where('status', '=', 'open'),
      );
      if (changes === 0) throw conflict(`${rma.number} was just received at another station`);
      if (rma.refund_cents > 0) {
        await store.run(
          store.kysely
            .insertInto('refund')
            .values({ rma_id: rma.id, order_id: rma.order_id, amount_cents: rma.refund_cents, currency: rma.currency, reason: `${rma.number}: ${rma.reason}`, actor, recorded_at: at }),
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
      const cancelled = `cancelled by ${actor}: ${reason}`;
      await store.run(
        store.kysely
          .updateTable('rma')
          .set({ status: 'cancelled', closed_at: this.now(), note: sql<string>`coalesce(note || ${'\n'}, '') || ${cancelled}` })
          .where('id', '=', id),
      );
    });
    return await this.get({ id });
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
      const line = await store.get(
        store.kysely
          .selectFrom('rma_line as rl')
          .innerJoin('product as p', 'p.id', 'rl.product_id')
          .select(['rl.id', 'rl.order_line_id', 'rl.product_id', 'rl.qty', 'rl.graded_qty', 'p.lot_tracked', 'p.sku'])
          .where('rl.id', '=', input.lineId)
          .where('rl.rma_id', '=', rma.id),
      );
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
      const warehouseId = await returnWarehouse(this.core, rma.order_id, line.order_line_id);
      let binId: number;
      if (input.bin) {
        const bin = await store.get(store.kysely.selectFrom('bin').select(['id', 'kind']).where('warehouse_id', '=', warehouseId).where('code', '=', noCase(input.bin)));
        if (!bin) throw notFound(`Bin ${input.bin}`);
        binId = bin.id;
      } else if (disposition === 'restock') binId = await restockBin(this.core, warehouseId, line.product_id);
      else if (disposition === 'quarantine') binId = await binOfKind(this.core, warehouseId, ['quarantine'], 'quarantine');
      else binId = await binOfKind(this.core, warehouseId, ['returns', 'quarantine'], 'returns');

      let lotId: number | null = null;
      if (line.lot_tracked === 1) {
        const code = input.lot ?? await shippedLot(this.core, line.order_line_id, line.product_id);
        if (!code) throw invalid(`${line.sku} is lot-tracked: give the lot printed on the unit`, { field: 'lot' });
        const lot = await store.get(store.kysely.selectFrom('lot').select('id').where('product_id', '=', line.product_id).where('code', '=', code));
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
      await store.run(
        store.kysely.insertInto('rma_unit').values({
          rma_line_id: line.id,
          grade: input.grade,
          disposition,
          bin_id: binId,
          lot_id: lotId,
          movement_ids: JSON.stringify(movements),
          note: input.note ?? null,
          actor,
          graded_at: this.now(),
        }),
      );
      await store.run(store.kysely.updateTable('rma_line').set({ graded_qty: sql`graded_qty + 1` }).where('id', '=', line.id));
      const left = (await store.get(store.kysely.selectFrom('rma_line').select(sql<number>`coalesce(sum(qty - graded_qty), 0)`.as('n')).where('rma_id', '=', rma.id)))!.n;
      if (left === 0) await store.run(store.kysely.updateTable('rma').set({ status: 'closed', closed_at: this.now() }).where('id', '=', rma.id));
      this.core.events.publish('stock.changed', { productId: line.product_id });
    });
    return await this.get({ id: input.rmaId });
  }

  /** Return reasons per product over the last `days` (grouped by the listed reason), with the return rate against units shipped. */
  async reasons(days: number): Promise<ReturnReasonRowDto[]> {
    return await returnReasons(this.core, days);
  }

  async refunds(from?: string, to?: string) {
    return await refundList(this.core, from, to);
  }
}

/** A listed reason with its note; a bare free text is classified (a listed reason's words → its code, else Other). */
function reasonOf(code: ReturnReasonCode | undefined, text: string | undefined): { code: ReturnReasonCode; note: string | null; text: string } {
  const note = text?.trim() || null;
  const picked = code ? { code, note } : note ? classifyReturnReason(note) : null;
  if (!picked) throw invalid('Pick a return reason from the list (or type one)', { field: 'reasonCode' });
  return { ...picked, text: returnReasonText(picked.code, picked.note) };
}
