import { sql } from 'kysely';
import type { Core } from '../../../core';
import { shopCalendar } from '../../calendar/shop-calendar';
import { decidePackedLot, type LotDecision, type PickedLot } from '../pack-lot-rules';
import { noCase } from '../../../store/no-case';

/** One pack line as the lot rule needs it. */
export interface PackLineLots {
  orderLineId: number;
  productId: number;
  verifiedQty: number;
  /** The lot codes recorded so far, one per packed unit (pack_line.lots). */
  lots: string[];
}

/**
 * The lots that went into the tote for one pack line: the line's picks in its live pick batches
 * (a batch the order left after a short pick put its units back), plus what is still reserved for
 * it — the stock an order packed without a batch takes off the shelf when it ships. Each with how
 * many of its units are already packed. Earliest expiry first, as they were picked (FEFO).
 */
export async function pickedLotsForLine(core: Core, orderId: number, line: PackLineLots): Promise<(PickedLot & { lotId: number | null })[]> {
  const { store } = core;
  const db = store.kysely;
  const picked = await store.all(
    db
      .selectFrom('pick_task as t')
      .innerJoin('pick_batch_order as bo', (j) => j.onRef('bo.batch_id', '=', 't.batch_id').onRef('bo.order_id', '=', 't.order_id'))
      .select(['t.lot_id', (eb) => eb.fn.sum<number>('t.picked_qty').as('qty')])
      .where('t.order_id', '=', orderId)
      .where('t.order_line_id', '=', line.orderLineId)
      .where('t.product_id', '=', line.productId)
      .where('t.picked_qty', '>', 0)
      .where('bo.status', 'in', ['picking', 'picked'])
      .groupBy('t.lot_id'),
  );
  const reserved = await store.all(
    db
      .selectFrom('reservation as r')
      .innerJoin('stock_balance as b', 'b.id', 'r.balance_id')
      .select(['b.lot_id', (eb) => eb.fn.sum<number>('r.quantity').as('qty')])
      .where('r.holder_type', '=', 'order_line')
      .where('r.holder_id', '=', line.orderLineId)
      .where('r.product_id', '=', line.productId)
      .groupBy('b.lot_id'),
  );
  const qtyByLot = new Map<number | null, number>();
  for (const r of [...picked, ...reserved]) qtyByLot.set(r.lot_id, (qtyByLot.get(r.lot_id) ?? 0) + Number(r.qty));
  const ids = [...qtyByLot.keys()].filter((id): id is number => id !== null);
  const lots = ids.length ? await store.all(db.selectFrom('lot').select(['id', 'code', 'expires_on']).where('id', 'in', ids)) : [];
  const packedByCode = new Map<string, number>();
  for (const code of line.lots) packedByCode.set(code, (packedByCode.get(code) ?? 0) + 1);
  const result = [...qtyByLot.entries()].map(([lotId, qty]) => {
    const lot = lots.find((l) => l.id === lotId);
    const code = lot?.code ?? null;
    // Units packed without a lot code are the units of stock picked without a lot.
    const packedQty = code === null ? line.verifiedQty - line.lots.length : (packedByCode.get(code) ?? 0);
    return { lotId, code, expiresOn: lot?.expires_on ?? null, pickedQty: qty, packedQty };
  });
  return result.sort((a, b) => (a.expiresOn ?? '9999-12-31').localeCompare(b.expiresOn ?? '9999-12-31') || (a.code ?? '').localeCompare(b.code ?? ''));
}

/** The lot of a product that a scanned code names (exact code first, then ignoring case). */
async function lotByCode(core: Core, productId: number, code: string): Promise<{ code: string; expiresOn: string | null } | null> {
  const { store } = core;
  const row = await store.get(
    store.kysely
      .selectFrom('lot')
      .select(['code', 'expires_on'])
      .where('product_id', '=', productId)
      .where('code', '=', noCase(code))
      .orderBy(sql`case when code = ${code} then 0 else 1 end`)
      .orderBy('id')
      .limit(1),
  );
  return row ? { code: row.code, expiresOn: row.expires_on } : null;
}

/** Applies the pack station's lot rule (pack-lot-rules.ts) to one scanned unit of a lot-tracked line. */
export async function decideLotForScan(core: Core, input: { orderId: number; orderNumber: string; sku: string; productId: number; line: PackLineLots; scanned: string | null }): Promise<LotDecision> {
  return decidePackedLot({
    sku: input.sku,
    orderNumber: input.orderNumber,
    scanned: input.scanned,
    scannedLot: input.scanned === null ? null : await lotByCode(core, input.productId, input.scanned),
    picked: await pickedLotsForLine(core, input.orderId, input.line),
    today: (await shopCalendar(core)).today(),
  });
}
