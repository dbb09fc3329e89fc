import { sql } from 'kysely';
import type { Core } from '../../core';
import type { BinKind, BinRow } from '../../store/schema';

export type PutawayReason = 'home_bin' | 'last_stocked' | 'nearest_free' | 'default_bin';

export interface PutawayChoice {
  bin: BinRow;
  reason: PutawayReason;
}

/** Bins goods are shelved in (receiving, returns and quarantine bins are not homes). */
const STORAGE_KINDS: readonly BinKind[] = ['pick', 'bulk'];

/**
 * Where a received product goes in a warehouse:
 * 1. its home bin — the pick (else bulk) bin holding most of it now;
 * 2. else where it was last stocked or picked (its latest movement into or out of a pick/bulk bin);
 * 3. else the free pick bin nearest the depot (the slotting rule of fulfilment: the nearest free
 *    bin, since a new SKU's speed is unknown; fast movers are moved closer by the slotting report);
 * 4. else the warehouse's default bin.
 * `taken` holds bins already chosen in this receipt for other products, so two new SKUs are not
 * both sent to the same empty bin.
 */
export async function suggestPutawayBin(core: Core, warehouseId: number, productId: number, taken: ReadonlySet<number> = new Set()): Promise<PutawayChoice> {
  const { store } = core;
  const held = store.kysely
    .selectFrom('stock_balance')
    .select((eb) => ['bin_id', eb.fn.sum<number>('on_hand').as('units')])
    .where('product_id', '=', productId)
    .where('warehouse_id', '=', warehouseId)
    .where('on_hand', '>', 0)
    .groupBy('bin_id');
  const home = await store.get(
    store.kysely
      .selectFrom('bin as b')
      .innerJoin(held.as('held'), 'held.bin_id', 'b.id')
      .selectAll('b')
      .where('b.kind', 'in', STORAGE_KINDS)
      .orderBy((eb) => eb.case().when('b.kind', '=', 'pick').then(0).else(1).end())
      .orderBy('held.units', 'desc')
      .orderBy('b.pick_sequence')
      .limit(1),
  );
  if (home) return { bin: home, reason: 'home_bin' };
  const last = await store.get(
    store.kysely
      .selectFrom('stock_movement as m')
      .innerJoin('bin as b', 'b.id', 'm.bin_id')
      .selectAll('b')
      .where('m.product_id', '=', productId)
      .where('m.warehouse_id', '=', warehouseId)
      .where('b.kind', 'in', STORAGE_KINDS)
      .orderBy('m.id', 'desc')
      .limit(1),
  );
  if (last) return { bin: last, reason: 'last_stocked' };
  const warehouse = await store.get(store.kysely.selectFrom('warehouse').select(['depot_x_m', 'depot_y_m']).where('id', '=', warehouseId));
  const depotX = warehouse?.depot_x_m ?? 0;
  const depotY = warehouse?.depot_y_m ?? 0;
  const free = (await store.all(
    store.kysely
      .selectFrom('bin as b')
      .selectAll('b')
      .where('b.warehouse_id', '=', warehouseId)
      .where('b.kind', '=', 'pick')
      .where('b.is_default', '=', 0)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('stock_balance as sb').select('sb.bin_id').whereRef('sb.bin_id', '=', 'b.id').where('sb.on_hand', '>', 0))))
      // Squared distance from the depot (no sqrt needed to rank).
      .orderBy(sql`(b.x_m - ${depotX}) * (b.x_m - ${depotX}) + (b.y_m - ${depotY}) * (b.y_m - ${depotY})`)
      .orderBy('b.pick_sequence')
      .orderBy('b.id'),
  )).find((b) => !taken.has(b.id));
  if (free) return { bin: free, reason: 'nearest_free' };
  const bins = store.kysely.selectFrom('bin').selectAll().where('warehouse_id', '=', warehouseId);
  const fallback =
    (await store.get(bins.where('is_default', '=', 1).limit(1))) ??
    (await store.get(bins.where('kind', 'in', STORAGE_KINDS).orderBy('id').limit(1))) ??
    (await store.get(bins.orderBy('id').limit(1)));
  return { bin: fallback!, reason: 'default_bin' };
}

export const PUTAWAY_REASON_TEXT: Record<PutawayReason, string> = {
  home_bin: 'its home bin (holds its stock)',
  last_stocked: 'where it was last stocked',
  nearest_free: 'nearest free pick bin',
  default_bin: "the warehouse's default bin",
};
