import type { AgingRowDto } from '../../../shared/api/inventory';
import type { Core } from '../../core';
import { shopCalendar } from '../calendar/shop-calendar';
import { parseLocalDate } from '../calendar/local-days';

/**
 * Inventory aging per lot / receipt layer. Lot-tracked stock ages from its lot's first receipt.
 * Other stock is split into receipt layers first-in-first-out: the units on hand are assumed to
 * be the most recently received ones, so walking receipts newest-first until on-hand is covered
 * gives each remaining layer's quantity and age.
 */
export async function inventoryAging(core: Core, warehouseId: number | undefined, today: Date): Promise<AgingRowDto[]> {
  const { store } = core;
  const out: AgingRowDto[] = [];
  // Ages are shop days: from the shop's date of the receipt to the shop's date today.
  const calendar = await shopCalendar(core);
  const todayDay = parseLocalDate(calendar.localDate(today));
  const groups = await store.raw<{ product_id: number; sku: string; warehouse_id: number; warehouse: string; lot_id: number | null; lot: string | null; on_hand: number; avg: number }>(
    `select b.product_id, p.sku, b.warehouse_id, w.code as warehouse, b.lot_id, lot.code as lot, sum(b.on_hand) as on_hand, p.avg_cost_cents as avg
     from stock_balance b join product p on p.id = b.product_id join warehouse w on w.id = b.warehouse_id left join lot on lot.id = b.lot_id
     where b.on_hand > 0 and (cast(? as bigint) is null or b.warehouse_id = ?) group by b.product_id, p.id, b.warehouse_id, w.id, b.lot_id, lot.id order by p.sku`,
    warehouseId ?? null,
    warehouseId ?? null,
  );
  for (const g of groups) {
    const receipts = await store.raw<{ at: string; quantity: number }>(
      `select at, quantity from stock_movement where product_id = ? and warehouse_id = ? and coalesce(lot_id, 0) = coalesce(?, 0)
       and kind in ('receive','transfer_in','return') and quantity > 0 order by id desc`,
      g.product_id,
      g.warehouse_id,
      g.lot_id,
    );
    let remaining = g.on_hand;
    for (const r of receipts) {
      if (remaining <= 0) break;
      const qty = g.lot_id ? remaining : Math.min(remaining, r.quantity);
      const receivedOn = calendar.localDate(new Date(g.lot_id ? (receipts.at(-1)?.at ?? r.at) : r.at));
      out.push({
        sku: g.sku,
        warehouse: g.warehouse,
        lot: g.lot,
        receivedOn,
        ageDays: todayDay - parseLocalDate(receivedOn),
        quantity: qty,
        valueCents: qty * g.avg,
      });
      remaining -= qty;
    }
    if (remaining > 0) {
      // Stock that arrived by adjustment or count has no receipt date: report it as age unknown (0).
      out.push({ sku: g.sku, warehouse: g.warehouse, lot: g.lot, receivedOn: '', ageDays: 0, quantity: remaining, valueCents: remaining * g.avg });
    }
  }
  return out;
}

/** Valuation at moving-average cost: on hand × average unit cost, per product. */
export async function inventoryValuation(core: Core, warehouseId: number | undefined) {
  const rows = await core.store.raw<{ sku: string; on_hand: number; avg: number; currency: string }>(
    `select p.sku, sum(b.on_hand) as on_hand, p.avg_cost_cents as avg, p.currency from stock_balance b join product p on p.id = b.product_id
     where b.on_hand > 0 and (cast(? as bigint) is null or b.warehouse_id = ?) group by p.id order by p.sku`,
    warehouseId ?? null,
    warehouseId ?? null,
  );
  const mapped = rows.map((r) => ({ sku: r.sku, onHand: r.on_hand, avgCostCents: r.avg, valueCents: r.on_hand * r.avg }));
  return { totalCents: mapped.reduce((s, r) => s + r.valueCents, 0), currency: rows[0]?.currency ?? 'USD', rows: mapped };
}
