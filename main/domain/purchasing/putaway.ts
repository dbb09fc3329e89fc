import type { Core } from '../../core';
import type { BinRow } from '../../store/schema';

export type PutawayReason = 'home_bin' | 'last_stocked' | 'nearest_free' | 'default_bin';

export interface PutawayChoice {
  bin: BinRow;
  reason: PutawayReason;
}

/** Bins goods are shelved in (receiving, returns and quarantine bins are not homes). */
const STORAGE_KINDS = ['pick', 'bulk'];

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
  const home = (await store.raw<BinRow>(
    `select b.* from bin b
     join (select bin_id, sum(on_hand) as units from stock_balance where product_id = ? and warehouse_id = ? and on_hand > 0 group by bin_id) held on held.bin_id = b.id
     where b.kind in ('pick','bulk')
     order by case b.kind when 'pick' then 0 else 1 end, held.units desc, b.pick_sequence limit 1`,
    productId,
    warehouseId,
  ))[0];
  if (home) return { bin: home, reason: 'home_bin' };
  const last = (await store.raw<BinRow>(
    `select b.* from stock_movement m join bin b on b.id = m.bin_id
     where m.product_id = ? and m.warehouse_id = ? and b.kind in ('pick','bulk')
     order by m.id desc limit 1`,
    productId,
    warehouseId,
  ))[0];
  if (last) return { bin: last, reason: 'last_stocked' };
  const warehouse = (await store.raw<{ depot_x_m: number; depot_y_m: number }>('select depot_x_m, depot_y_m from warehouse where id = ?', warehouseId))[0];
  const free = (await store.raw<BinRow>(
    `select b.* from bin b
     where b.warehouse_id = ? and b.kind = 'pick' and b.is_default = 0
       and not exists (select 1 from stock_balance sb where sb.bin_id = b.id and sb.on_hand > 0)
     order by (b.x_m - ?) * (b.x_m - ?) + (b.y_m - ?) * (b.y_m - ?), b.pick_sequence, b.id`,
    warehouseId,
    warehouse?.depot_x_m ?? 0,
    warehouse?.depot_x_m ?? 0,
    warehouse?.depot_y_m ?? 0,
    warehouse?.depot_y_m ?? 0,
  )).find((b) => !taken.has(b.id));
  if (free) return { bin: free, reason: 'nearest_free' };
  const fallback =
    (await store.raw<BinRow>('select * from bin where warehouse_id = ? and is_default = 1 limit 1', warehouseId))[0] ??
    (await store.raw<BinRow>(`select * from bin where warehouse_id = ? and kind in (${STORAGE_KINDS.map(() => '?').join(',')}) order by id limit 1`, warehouseId, ...STORAGE_KINDS))[0] ??
    (await store.raw<BinRow>('select * from bin where warehouse_id = ? order by id limit 1', warehouseId))[0];
  return { bin: fallback, reason: 'default_bin' };
}

export const PUTAWAY_REASON_TEXT: Record<PutawayReason, string> = {
  home_bin: 'its home bin (holds its stock)',
  last_stocked: 'where it was last stocked',
  nearest_free: 'nearest free pick bin',
  default_bin: "the warehouse's default bin",
};
