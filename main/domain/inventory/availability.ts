import type { AvailabilityDto } from '../../../shared/api/inventory';
import type { Core } from '../../services';
import { SELLABLE_BIN_KINDS } from './ledger';

const SELLABLE_LIST = SELLABLE_BIN_KINDS.map((k) => `'${k}'`).join(',');

/**
 * Available-to-sell per warehouse = on hand in sellable bins and unexpired lots − reserved −
 * safety buffer, floored at 0. One function so every screen, the allocator and the channel
 * feeds agree. Kits: min over components of floor(component available / quantity per kit).
 */
export function availabilityByWarehouse(core: Core, productId: number, today: string): AvailabilityDto[] {
  const { store } = core;
  const product = store.raw<{ is_kit: number; safety_stock: number }>('select is_kit, safety_stock from product where id = ?', productId)[0];
  if (!product) return [];
  const warehouses = store.raw<{ id: number; code: string }>('select id, code from warehouse where active = 1 order by id');
  if (product.is_kit) {
    const components = store.raw<{ component_id: number; quantity: number }>('select component_id, quantity from kit_component where kit_id = ?', productId);
    return warehouses.map((w) => {
      let available = components.length ? Infinity : 0;
      for (const c of components) {
        const a = availabilityByWarehouse(core, c.component_id, today).find((x) => x.warehouse === w.code)?.available ?? 0;
        available = Math.min(available, Math.floor(a / c.quantity));
      }
      const value = Number.isFinite(available) ? available : 0;
      return { warehouse: w.code, onHand: value, sellable: value, reserved: 0, safetyStock: 0, inTransit: 0, available: value };
    });
  }
  const rows = store.raw<{ warehouse_id: number; on_hand: number; sellable: number; reserved: number; in_transit: number }>(
    `select l.warehouse_id, l.on_hand, l.reserved, l.in_transit,
       l.sellable - ifnull((select sum(b.on_hand) from stock_balance b join bin on bin.id = b.bin_id join lot on lot.id = b.lot_id
                            where b.product_id = l.product_id and b.warehouse_id = l.warehouse_id and bin.kind in (${SELLABLE_LIST})
                              and lot.expires_on is not null and lot.expires_on <= ?), 0) as sellable
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

export function availableIn(core: Core, productId: number, warehouseCode: string, today: string): number {
  return availabilityByWarehouse(core, productId, today).find((a) => a.warehouse === warehouseCode)?.available ?? 0;
}

/**
 * Available-to-sell of several plain (non-kit) products in every active warehouse, in one query:
 * the allocator's snapshot for one order. Same rule as availabilityByWarehouse (sellable minus
 * stock in expired lots, minus reserved, minus safety stock, floored at 0); warehouses without a
 * level row are simply absent (0). Returns productId -> warehouseId -> available.
 */
export function availabilityMatrix(core: Core, productIds: readonly number[], today: string): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>(productIds.map((id) => [id, new Map()]));
  if (productIds.length === 0) return out;
  const rows = core.store.raw<{ product_id: number; warehouse_id: number; available: number }>(
    `select l.product_id, l.warehouse_id,
       max(0, l.sellable - l.reserved - p.safety_stock
         - case when p.lot_tracked = 0 then 0 else ifnull((select sum(b.on_hand) from stock_balance b join bin on bin.id = b.bin_id join lot on lot.id = b.lot_id
                            where b.product_id = l.product_id and b.warehouse_id = l.warehouse_id and bin.kind in (${SELLABLE_LIST})
                              and lot.expires_on is not null and lot.expires_on <= ?), 0) end) as available
     from stock_level l join product p on p.id = l.product_id join warehouse w on w.id = l.warehouse_id
     where w.active = 1 and l.product_id in (${productIds.map(() => '?').join(',')})`,
    today,
    ...productIds,
  );
  for (const r of rows) out.get(r.product_id)!.set(r.warehouse_id, r.available);
  return out;
}
