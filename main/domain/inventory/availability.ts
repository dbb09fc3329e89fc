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

/** The allocator's view of stock: the active warehouses in id order, and productId -> warehouseId -> available. */
export interface AllocationSnapshot {
  warehouses: SnapshotWarehouse[];
  available: Map<number, Map<number, number>>;
}

/**
 * A snapshot row's columns, for an active warehouse `w`, a stock_level `l` there (or nulls) and its
 * product `p`; the one parameter is today's date. Shared by allocationSnapshot and the order
 * intake's first look-up (order-intake-insert.ts), which joins them to the product it resolves.
 */
export const SNAPSHOT_COLUMNS = `w.id as w_id, w.code as w_code, w.postal_code as w_postal_code, w.country as w_country, w.latitude as w_latitude,
    w.longitude as w_longitude, w.cost_rank as w_cost_rank, l.product_id as l_product_id,
    l.sellable - l.reserved - p.safety_stock - case when p.lot_tracked = 0 then 0 else ${EXPIRED_SELLABLE_ON_HAND} end as l_available`;

/** A row of SNAPSHOT_COLUMNS. */
export interface SnapshotRow {
  w_id: number | null;
  w_code: string;
  w_postal_code: string;
  w_country: string;
  w_latitude: number | null;
  w_longitude: number | null;
  w_cost_rank: number;
  l_product_id: number | null;
  l_available: number | null;
}

/** One row per (active warehouse, product with a level there); warehouses without any are listed with nulls. */
const snapshotSql = (products: number) => `
  select ${SNAPSHOT_COLUMNS}
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
 */
export async function allocationSnapshot(core: Core, productIds: readonly number[], today: string): Promise<AllocationSnapshot> {
  let sql = snapshotSqlByCount.get(productIds.length);
  if (!sql) snapshotSqlByCount.set(productIds.length, (sql = snapshotSql(productIds.length)));
  return snapshotFromRows(await core.store.raw<SnapshotRow>(sql, today, ...productIds), productIds);
}

/** Rows of SNAPSHOT_COLUMNS in warehouse id order (a row without a warehouse: there is none) as a snapshot of `productIds`. */
export function snapshotFromRows(rows: readonly SnapshotRow[], productIds: readonly number[]): AllocationSnapshot {
  const available = new Map<number, Map<number, number>>(productIds.map((id) => [id, new Map()]));
  const warehouses: SnapshotWarehouse[] = [];
  for (const r of rows) {
    if (r.w_id === null) continue;
    if (warehouses.at(-1)?.id !== r.w_id) warehouses.push({ id: r.w_id, code: r.w_code, postal_code: r.w_postal_code, country: r.w_country, latitude: r.w_latitude, longitude: r.w_longitude, cost_rank: r.w_cost_rank });
    // Floored here rather than in SQL: one spelling on both engines, and the subquery runs once.
    if (r.l_product_id !== null) available.get(r.l_product_id)?.set(r.w_id, Math.max(0, r.l_available ?? 0));
  }
  return { warehouses, available };
}
