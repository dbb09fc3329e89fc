import type { Core } from '../../../core';
import type { PickTaskRow } from '../../../store/schema';
import { shopCalendar } from '../../calendar/shop-calendar';
import type { Inventory } from '../../inventory/index';
import { applyMovement } from '../../inventory/ledger';
import { reserveStock } from '../../inventory/reservations';
import type { Orders } from '../../orders/index';
import { holdShortage } from './shortages';

/** What the picking parts are built from. */
export interface PickingDeps {
  core: Core;
  inventory: Inventory;
  orders: Orders;
}

/**
 * A short pick: the missing units are held against the shortage (so nobody else is allocated
 * stock the picker could not find) and a cycle count of the bin is started. The remainder is
 * re-allocated from another bin or lot (a new pick at the end of the route) if the warehouse
 * has it; otherwise the order goes to backorder and what was already picked for it goes back
 * to its bins.
 */
export async function shortPick(deps: PickingDeps, t: PickTaskRow & { bin: string }, orderNumber: string, actor: string): Promise<string> {
  const { core, inventory } = deps;
  const { store } = core;
  const missing = t.qty - t.picked_qty;
  await store.raw("update pick_task set status = 'short' where id = ?", t.id);
  const warehouseId = (await store.raw<{ warehouse_id: number }>('select warehouse_id from bin where id = ?', t.bin_id))[0].warehouse_id;
  const slices = await (async () => {
    // Hold first: otherwise reserveStock would happily take the same phantom units again.
    const shortageId = await holdShortage(core, inventory, { task: t, warehouseId, missing, outcome: 'reallocated', actor });
    const got = await reserveStock(core, t.product_id, warehouseId, missing, { type: 'order_line', id: t.order_line_id }, (await shopCalendar(core)).today());
    if (!got) await store.raw("update pick_shortage set outcome = 'backordered' where id = ?", shortageId);
    return got;
  })();
  const sku = (await store.raw<{ sku: string }>('select sku from product where id = ?', t.product_id))[0].sku;
  if (slices) {
    let seq = (await store.raw<{ n: number }>('select max(seq) as n from pick_task where batch_id = ?', t.batch_id))[0].n;
    let stop = (await store.raw<{ n: number | null }>('select max(stop) as n from pick_task where batch_id = ?', t.batch_id))[0].n ?? 0;
    const at = core.clock.now().toISOString();
    const bins: string[] = [];
    for (const s of slices) {
      const reservationId = (await store.raw<{ id: number }>(
        "select id from reservation where holder_type = 'order_line' and holder_id = ? and balance_id = ? order by id desc limit 1",
        t.order_line_id,
        s.balanceId,
      ))[0].id;
      await store.raw(
        `insert into pick_task (batch_id, seq, stop, order_id, order_line_id, reservation_id, product_id, bin_id, lot_id, tote, qty, created_at)
         values (?,?,?,?,?,?,?,?,?,?,?,?)`,
        t.batch_id,
        ++seq,
        ++stop,
        t.order_id,
        t.order_line_id,
        reservationId,
        t.product_id,
        s.binId,
        s.lotId,
        t.tote,
        s.quantity,
        at,
      );
      bins.push((await store.raw<{ code: string }>('select code from bin where id = ?', s.binId))[0].code);
    }
    return `Short ${missing} × ${sku} in ${t.bin}: recorded for a count; the rest comes from ${bins.join(', ')} at the end of the route`;
  }
  const putBack = await backorderFromBatch(deps, t.batch_id, t.order_id, `short pick: ${missing} × ${sku} missing in ${t.bin}`, actor);
  return `Short ${missing} × ${sku} and no other stock: order ${orderNumber} is backordered. ${putBack}`;
}

/** Takes an order off the cart: open picks dropped, picked units back to their bins, order backordered. */
async function backorderFromBatch({ core, orders }: PickingDeps, batchId: number, orderId: number, reason: string, actor: string): Promise<string> {
  const { store } = core;
  await store.raw("update pick_task set status = 'cancelled' where batch_id = ? and order_id = ? and status = 'open'", batchId, orderId);
  const picked = await store.raw<{ product_id: number; bin_id: number; lot_id: number | null; qty: number; bin: string; sku: string; tote: number }>(
    `select t.product_id, t.bin_id, t.lot_id, sum(t.picked_qty) as qty, bin.code as bin, p.sku, t.tote from pick_task t
     join bin on bin.id = t.bin_id join product p on p.id = t.product_id
     where t.batch_id = ? and t.order_id = ? and t.picked_qty > 0 group by t.product_id, t.bin_id, t.lot_id, bin.code, p.sku, t.tote order by min(t.seq)`,
    batchId,
    orderId,
  );
  const order = await orders.service.row(orderId);
  for (const p of picked) {
    // The units are in the tote, not gone: the ledger takes them back where they came from.
    await applyMovement(core, { kind: 'pick', productId: p.product_id, binId: p.bin_id, lotId: p.lot_id, quantity: p.qty, reason: 'put back: order backordered after a short pick', reference: `pick batch ${batchId} / ${order.number}`, actor });
    core.events.publish('stock.changed', { productId: p.product_id });
  }
  await store.raw("update pick_batch_order set status = 'backordered' where batch_id = ? and order_id = ?", batchId, orderId);
  await orders.service.move(orderId, 'backordered', reason, actor);
  if (picked.length === 0) return 'Nothing was in its tote yet.';
  return `Put tote ${picked[0].tote} back: ${picked.map((p) => `${p.qty} × ${p.sku} → ${p.bin}`).join(', ')}.`;
}
