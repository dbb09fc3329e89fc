import { mapInOrder } from '../../util/in-order';
import type { AvailabilityDto } from '../../../shared/api/inventory';
import type { Core } from '../../core';
import { SELLABLE_BIN_KINDS } from './ledger';

const SELLABLE_LIST = SELLABLE_BIN_KINDS.map((k) => `'${k}'`).join(',');

/**
 * The part of a level's `sellable` that sits in expired lots (not sellable after all), for the
 * stock_level row `l`; the one parameter is today's date. Both availability queries use it.
 */
const EXPIRED_SELLABLE_ON_HAND = `coalesce((select sum(b.on_hand) from stock_balance b join bin on bin.id = b.bin_id join lot on lot.id = b.lot_id
   where b.product_id = l.product_id and b.warehouse_id = l.warehouse_id and bin.kind in (${SELLABLE_LIST})
     and lot.expires_on is not null and lot.expires_on <= ?), 0)`;

/**
 * Available-to-sell per warehouse = on hand in sellable bins and unexpired lots − reserved −
 * safety buffer, floored at 0. One function so every screen, the allocator and the channel
 * feeds agree. Kits: min over components of floor(component available / quantity per kit).
 */
export async function availabilityByWarehouse(core: Core, productId: number, today: string): Promise<AvailabilityDto[]> {
  const { store } = core;
  const product = (await store.raw<{ is_kit: number; safety_stock: number }>('select is_kit, safety_stock from product where id = ?', productId))[0];
  if (!product) return [];
  const warehouses = await store.raw<{ id: number; code: string }>('select id, code from warehouse where active = 1 order by id');
  if (product.is_kit) {
    const components = await store.raw<{ component_id: number; quantity: number }>('select component_id, quantity from kit_component where kit_id = ?', productId);
    return await mapInOrder(warehouses, async (w) => {
      let available = components.length ? Infinity : 0;
      for (const c of components) {
        const a = (await availabilityByWarehouse(core, c.component_id, today)).find((x) => x.warehouse === w.code)?.available ?? 0;
        available = Math.min(available, Math.floor(a / c.quantity));
      }
      const value = Number.isFinite(available) ? available : 0;
      return { warehouse: w.code, onHand: value, sellable: value, reserved: 0, safetyStock: 0, inTransit: 0, available: value };
    });
  }
  const rows = await store.raw<{ warehouse_id: number; on_hand: number; sellable: number; reserved: number; in_transit: number }>(
    `select l.warehouse_id, l.on_hand, l.reserved, l.in_transit,
       l.sellable - ${EXPIRED_SELLABLE_ON_HAND} as sellable
     from stock_level l where l.product_id = ?`,
    today,
    productId,
  );
  return warehouses.map((w) => {
    const r = rows.find((x) => x.warehouse_id === w.id);
    const sellable = r?.sellable ?? 0;
    const reserved = r?.reserved ?? 0;
    return {
      warehouse: w.code,
      onHand: r?.on_hand ?? 0,
      sellable,
      reserved,
      safetyStock: product.safety_stock,
      inTransit: r?.in_transit ?? 0,
      available: Math.max(0, sellable - reserved - product.safety_stock),
    };
  });
}

export async function availableIn(core: Core, productId: number, warehouseCode: string, today: string): Promise<number> {
  return (await availabilityByWarehouse(core, productId, today)).find((a) => a.warehouse === warehouseCode)?.available ?? 0;
}

/** An active warehouse as the allocator sees it. */
export interface SnapshotWarehouse {
  id: number;
  code: string;
  postal_code: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  cost_rank: number;
}

/** One row per (active warehouse, product with a level there); warehouses without any are listed with nulls. */
const snapshotSql = (products: number) => `
  select w.id, w.code, w.postal_code, w.country, w.latitude, w.longitude, w.cost_rank, l.product_id,
    l.sellable - l.reserved - p.safety_stock - case when p.lot_tracked = 0 then 0 else ${EXPIRED_SELLABLE_ON_HAND} end as available
  from warehouse w
  left join stock_level l on l.warehouse_id = w.id and l.product_id in (${Array.from({ length: products }, () => '?').join(',')})
  left join product p on p.id = l.product_id
  where w.active = 1
  order by w.id`;
const snapshotSqlByCount = new Map<number, string>();

/**
 * The allocator's snapshot for one order, in one query: every active warehouse, and the
 * available-to-sell of several plain (non-kit) products in each. Same rule as
 * availabilityByWarehouse (sellable minus stock in expired lots, minus reserved, minus safety
 * stock, floored at 0); a product without a level row in a warehouse is simply absent (0).
 * Returns the warehouses in id order and productId -> warehouseId -> available.
 */
export async function allocationSnapshot(core: Core, productIds: readonly number[], today: string): Promise<{ warehouses: SnapshotWarehouse[]; available: Map<number, Map<number, number>> }> {
  const available = new Map<number, Map<number, number>>(productIds.map((id) => [id, new Map()]));
  let sql = snapshotSqlByCount.get(productIds.length);
  if (!sql) snapshotSqlByCount.set(productIds.length, (sql = snapshotSql(productIds.length)));
  const rows = await core.store.raw<SnapshotWarehouse & { product_id: number | null; available: number | null }>(sql, today, ...productIds);
  const warehouses: SnapshotWarehouse[] = [];
  for (const r of rows) {
    if (warehouses.at(-1)?.id !== r.id) warehouses.push({ id: r.id, code: r.code, postal_code: r.postal_code, country: r.country, latitude: r.latitude, longitude: r.longitude, cost_rank: r.cost_rank });
    // Floored here rather than in SQL: one spelling on both engines, and the subquery runs once.
    if (r.product_id !== null) available.get(r.product_id)!.set(r.id, Math.max(0, r.available ?? 0));
  }
  return { warehouses, available };
}
