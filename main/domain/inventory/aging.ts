import { sql } from 'kysely';
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
  // Grouped by the joined tables' keys too, so PostgreSQL accepts their other columns in the select.
  const groups = await store.all(
    store.kysely.selectFrom('stock_balance as b')
      .innerJoin('product as p', 'p.id', 'b.product_id')
      .innerJoin('warehouse as w', 'w.id', 'b.warehouse_id')
      .leftJoin('lot', 'lot.id', 'b.lot_id')
      .select((eb) => ['b.product_id', 'p.sku', 'b.warehouse_id', 'w.code as warehouse', 'b.lot_id', 'lot.code as lot', eb.fn.sum<number>('b.on_hand').as('on_hand'), 'p.avg_cost_cents as avg'])
      .where('b.on_hand', '>', 0)
      .$if(warehouseId !== undefined, (q) => q.where('b.warehouse_id', '=', warehouseId!))
      .groupBy(['b.product_id', 'p.id', 'b.warehouse_id', 'w.id', 'b.lot_id', 'lot.id'])
      .orderBy('p.sku'),
  );
  for (const g of groups) {
    const receipts = await store.all(
      store.kysely.selectFrom('stock_movement').select(['at', 'quantity'])
        .where('product_id', '=', g.product_id)
        .where('warehouse_id', '=', g.warehouse_id)
        .where(sql<number>`coalesce(lot_id, 0)`, '=', g.lot_id ?? 0)
        .where('kind', 'in', ['receive', 'transfer_in', 'return'])
        .where('quantity', '>', 0)
        .orderBy('id', 'desc'),
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
  const { store } = core;
  const rows = await store.all(
    store.kysely.selectFrom('stock_balance as b')
      .innerJoin('product as p', 'p.id', 'b.product_id')
      .select((eb) => ['p.sku', eb.fn.sum<number>('b.on_hand').as('on_hand'), 'p.avg_cost_cents as avg', 'p.currency'])
      .where('b.on_hand', '>', 0)
      .$if(warehouseId !== undefined, (q) => q.where('b.warehouse_id', '=', warehouseId!))
      .groupBy('p.id')
      .orderBy('p.sku'),
  );
  const mapped = rows.map((r) => ({ sku: r.sku, onHand: r.on_hand, avgCostCents: r.avg, valueCents: r.on_hand * r.avg }));
  return { totalCents: mapped.reduce((s, r) => s + r.valueCents, 0), currency: rows[0]?.currency ?? 'USD', rows: mapped };
}
