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
  await store.run(store.kysely.updateTable('pick_task').set({ status: 'short' }).where('id', '=', t.id));
  const warehouseId = (await store.get(store.kysely.selectFrom('bin').select('warehouse_id').where('id', '=', t.bin_id)))!.warehouse_id;
  const slices = await (async () => {
    // Hold first: otherwise reserveStock would happily take the same phantom units again.
    const shortageId = await holdShortage(core, inventory, { task: t, warehouseId, missing, outcome: 'reallocated', actor });
    const got = await reserveStock(core, t.product_id, warehouseId, missing, { type: 'order_line', id: t.order_line_id }, (await shopCalendar(core)).today());
    if (!got) await store.run(store.kysely.updateTable('pick_shortage').set({ outcome: 'backordered' }).where('id', '=', shortageId));
    return got;
  })();
  const sku = (await store.get(store.kysely.selectFrom('product').select('sku').where('id', '=', t.product_id)))!.sku;
  if (slices) {
    // The short task itself is in the batch, so there is a last seq; stops may all be null.
    const last = (await store.get(
      store.kysely.selectFrom('pick_task').select((eb) => [eb.fn.max('seq').as('seq'), eb.fn.max('stop').as('stop')]).where('batch_id', '=', t.batch_id),
    ))!;
    let seq = last.seq;
    let stop = last.stop ?? 0;
    const at = core.clock.now().toISOString();
    const bins: string[] = [];
    for (const s of slices) {
      const reservationId = (await store.get(
        store.kysely
          .selectFrom('reservation')
          .select('id')
          .where('holder_type', '=', 'order_line')
          .where('holder_id', '=', t.order_line_id)
          .where('balance_id', '=', s.balanceId)
          .orderBy('id', 'desc')
          .limit(1),
      ))!.id;
      await store.run(
        store.kysely.insertInto('pick_task').values({
          batch_id: t.batch_id,
          seq: ++seq,
          stop: ++stop,
          order_id: t.order_id,
          order_line_id: t.order_line_id,
          reservation_id: reservationId,
          product_id: t.product_id,
          bin_id: s.binId,
          lot_id: s.lotId,
          tote: t.tote,
          qty: s.quantity,
          created_at: at,
        }),
      );
      bins.push((await store.get(store.kysely.selectFrom('bin').select('code').where('id', '=', s.binId)))!.code);
    }
    return `Short ${missing} × ${sku} in ${t.bin}: recorded for a count; the rest comes from ${bins.join(', ')} at the end of the route`;
  }
  const putBack = await backorderFromBatch(deps, t.batch_id, t.order_id, `short pick: ${missing} × ${sku} missing in ${t.bin}`, actor);
  return `Short ${missing} × ${sku} and no other stock: order ${orderNumber} is backordered. ${putBack}`;
}

/** Takes an order off the cart: open picks dropped, picked units back to their bins, order backordered. */
async function backorderFromBatch({ core, orders }: PickingDeps, batchId: number, orderId: number, reason: string, actor: string): Promise<string> {
  const { store } = core;
  await store.run(store.kysely.updateTable('pick_task').set({ status: 'cancelled' }).where('batch_id', '=', batchId).where('order_id', '=', orderId).where('status', '=', 'open'));
  const picked = await store.all(
    store.kysely
      .selectFrom('pick_task as t')
      .innerJoin('bin', 'bin.id', 't.bin_id')
      .innerJoin('product as p', 'p.id', 't.product_id')
      .select((eb) => ['t.product_id', 't.bin_id', 't.lot_id', eb.fn.sum<number>('t.picked_qty').as('qty'), 'bin.code as bin', 'p.sku', 't.tote'])
      .where('t.batch_id', '=', batchId)
      .where('t.order_id', '=', orderId)
      .where('t.picked_qty', '>', 0)
      .groupBy(['t.product_id', 't.bin_id', 't.lot_id', 'bin.code', 'p.sku', 't.tote'])
      .orderBy((eb) => eb.fn.min('t.seq')),
  );
  const order = await orders.service.row(orderId);
  for (const p of picked) {
    // The units are in the tote, not gone: the ledger takes them back where they came from.
    await applyMovement(core, { kind: 'pick', productId: p.product_id, binId: p.bin_id, lotId: p.lot_id, quantity: p.qty, reason: 'put back: order backordered after a short pick', reference: `pick batch ${batchId} / ${order.number}`, actor });
    core.events.publish('stock.changed', { productId: p.product_id });
  }
  await store.run(store.kysely.updateTable('pick_batch_order').set({ status: 'backordered' }).where('batch_id', '=', batchId).where('order_id', '=', orderId));
  await orders.service.move(orderId, 'backordered', reason, actor);
  if (picked.length === 0) return 'Nothing was in its tote yet.';
  return `Put tote ${picked[0].tote} back: ${picked.map((p) => `${p.qty} × ${p.sku} → ${p.bin}`).join(', ')}.`;
}
