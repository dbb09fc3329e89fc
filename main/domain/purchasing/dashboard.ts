import type { PurchasingDashboardDto } from '../../../shared/api/purchasing-dashboard';
import { sql } from 'kysely';
import type { Core } from '../../core';
import { shopCalendar } from '../calendar/shop-calendar';
import { parseLocalDate } from '../calendar/local-days';

/**
 * Value on order and late POs, straight from the PO lines: open = quantity − received − damaged
 * (never below zero: an over-delivery does not make another line's units arrive). A PO is late
 * when its expected day (or an open line's own) is before the shop's today.
 */
export async function purchasingDashboard(core: Core): Promise<PurchasingDashboardDto> {
  const today = (await shopCalendar(core)).today();
  const { store } = core;
  const rows = await store.all(
    store.kysely
      .selectFrom('purchase_order as po')
      .innerJoin('supplier as s', 's.id', 'po.supplier_id')
      .innerJoin('purchase_order_line as l', 'l.po_id', 'po.id')
      .select([
        'po.id',
        'po.number',
        's.name as supplier',
        'po.currency',
        'po.expected_on as po_expected',
        'l.expected_on as line_expected',
        sql<number>`case when l.quantity - l.received_qty - l.damaged_qty > 0 then l.quantity - l.received_qty - l.damaged_qty else 0 end`.as('open_qty'),
        'l.unit_cost_cents',
      ])
      .where('po.status', 'in', ['sent', 'partially_received'])
      .orderBy('po.id')
      .orderBy('l.line_no'),
  );
  const value = new Map<string, number>();
  const open = new Set<number>();
  const late = new Map<number, PurchasingDashboardDto['latePos'][number]>();
  for (const r of rows) {
    if (r.open_qty <= 0) continue;
    open.add(r.id);
    value.set(r.currency, (value.get(r.currency) ?? 0) + r.open_qty * r.unit_cost_cents);
    const expected = r.line_expected ?? r.po_expected;
    if (expected && expected < today) {
      const daysLate = parseLocalDate(today) - parseLocalDate(expected);
      const known = late.get(r.id);
      if (!known || daysLate > known.daysLate) late.set(r.id, { id: r.id, number: r.number, supplier: r.supplier, expectedOn: expected, daysLate });
    }
  }
  return {
    valueOnOrder: [...value].map(([currency, cents]) => ({ currency, cents })).sort((a, b) => b.cents - a.cents),
    openPos: open.size,
    latePos: [...late.values()].sort((a, b) => b.daysLate - a.daysLate || a.number.localeCompare(b.number)),
  };
}
