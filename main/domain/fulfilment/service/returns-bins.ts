import { sql } from 'kysely';
import { conflict } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { BinKind } from '../../../store/schema';

/** Where a returned unit goes: the warehouse it shipped from and the bin its grade sends it to. */

export async function returnWarehouse(core: Core, orderId: number, orderLineId: number): Promise<number> {
  const { store } = core;
  return (
    (await store.get(store.kysely.selectFrom('order_line').select('warehouse_id as w').where('id', '=', orderLineId)))?.w ??
    (await store.get(store.kysely.selectFrom('sales_order').select('warehouse_id as w').where('id', '=', orderId)))?.w ??
    (await store.get(store.kysely.selectFrom('warehouse').select('id').where('active', '=', 1).orderBy('id').limit(1)))!.id
  );
}

/** The first bin of the first of `kinds` the warehouse has (its default bin first, then pick order). */
export async function binOfKind(core: Core, warehouseId: number, kinds: BinKind[], what: string): Promise<number> {
  const { store } = core;
  const rank = sql<number>`case ${sql.join(kinds.map((k, i) => sql`when kind = ${k} then ${sql.lit(i)}`), sql` `)} end`;
  const row = await store.get(
    store.kysely
      .selectFrom('bin')
      .select('id')
      .where('warehouse_id', '=', warehouseId)
      .where('kind', 'in', kinds)
      .orderBy(rank)
      .orderBy('is_default', 'desc')
      .orderBy('pick_sequence')
      .orderBy('id')
      .limit(1),
  );
  if (!row) throw conflict(`The warehouse has no ${what} bin: add one (Stock → bins) first`);
  return row.id;
}

/** Where a resellable unit goes: the product's fullest pick bin, else the warehouse's default bin. */
export async function restockBin(core: Core, warehouseId: number, productId: number): Promise<number> {
  const { store } = core;
  const fullest = await store.get(
    store.kysely
      .selectFrom('stock_balance as b')
      .innerJoin('bin', 'bin.id', 'b.bin_id')
      .select('b.bin_id')
      .where('b.product_id', '=', productId)
      .where('b.warehouse_id', '=', warehouseId)
      .where('bin.kind', '=', 'pick')
      .orderBy('b.on_hand', 'desc')
      .orderBy('bin.pick_sequence')
      .limit(1),
  );
  return fullest?.bin_id ?? (await binOfKind(core, warehouseId, ['pick', 'bulk', 'receiving'], 'sellable'));
}

/** The lot the line shipped from, when its picks took exactly one. */
export async function shippedLot(core: Core, orderLineId: number, productId: number): Promise<string | null> {
  const { store } = core;
  const lots = await store.all(
    store.kysely
      .selectFrom('stock_movement as m')
      .innerJoin('lot', 'lot.id', 'm.lot_id')
      .innerJoin('pick_task as t', (j) => j.on('t.order_line_id', '=', orderLineId).onRef('t.product_id', '=', 'm.product_id').onRef('t.lot_id', '=', 'm.lot_id'))
      .select('lot.code')
      .distinct()
      .where('m.product_id', '=', productId)
      .where('m.kind', '=', 'pick')
      .where('m.quantity', '<', 0),
  );
  return lots.length === 1 ? lots[0].code : null;
}
