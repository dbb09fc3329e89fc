import { mapInOrder } from '../../util/in-order';
import type { MovementDto, StockDetailDto } from '../../../shared/api/inventory';
import type { Core } from '../../core';
import type { ProductRow } from '../../store/schema';
import { productToDto } from '../catalog/catalog-service';
import { shopCalendar } from '../calendar/shop-calendar';
import { formatLocalDate, parseLocalDate } from '../calendar/local-days';
import { availabilityByWarehouse } from './availability';

/** One product's stock: availability per warehouse, balances, reservations (who holds them), movements and on-hand history. */
export async function stockDetail(core: Core, productRow: ProductRow, today: string): Promise<StockDetailDto> {
  const { store } = core;
  const productId = productRow.id;
  const product = await productToDto(core, productRow);
  const balances = (await store.all(
    store.kysely.selectFrom('stock_balance as b')
      .innerJoin('warehouse as w', 'w.id', 'b.warehouse_id')
      .innerJoin('bin', 'bin.id', 'b.bin_id')
      .leftJoin('lot', 'lot.id', 'b.lot_id')
      .select(['w.code as warehouse', 'bin.code as bin', 'bin.kind', 'lot.code as lot', 'lot.expires_on', 'b.on_hand', 'b.reserved'])
      .where('b.product_id', '=', productId)
      .where((eb) => eb.or([eb('b.on_hand', '<>', 0), eb('b.reserved', '<>', 0)]))
      .orderBy('w.id').orderBy('lot.expires_on').orderBy('bin.pick_sequence').orderBy('bin.code'),
  ))
    .map((b) => ({
      warehouse: b.warehouse,
      bin: b.bin,
      binKind: b.kind as StockDetailDto['balances'][number]['binKind'],
      lot: b.lot,
      expiresOn: b.expires_on,
      expired: Boolean(b.expires_on && b.expires_on <= today),
      onHand: b.on_hand,
      reserved: b.reserved,
    }));
  const reservations = await mapInOrder(await store.all(
    store.kysely.selectFrom('reservation as r')
      .innerJoin('stock_balance as b', 'b.id', 'r.balance_id')
      .innerJoin('warehouse as w', 'w.id', 'r.warehouse_id')
      .innerJoin('bin', 'bin.id', 'b.bin_id')
      .leftJoin('lot', 'lot.id', 'b.lot_id')
      .select(['r.holder_type', 'r.holder_id', 'w.code as warehouse', 'bin.code as bin', 'lot.code as lot', 'r.quantity', 'r.created_at'])
      .where('r.product_id', '=', productId)
      .orderBy('r.id', 'desc')
      .limit(200),
  ), async (r) => ({ holder: await describeHolder(core, r.holder_type, r.holder_id), warehouse: r.warehouse, bin: r.bin, lot: r.lot, quantity: r.quantity, since: r.created_at }));
  return {
    product,
    availability: await availabilityByWarehouse(core, productId, today),
    balances,
    reservations,
    movements: await movements(core, productId, 100),
    history: await onHandHistory(core, productId, 90),
  };
}

/** Human name of whatever holds a reservation; the orders area knows order numbers. */
async function describeHolder(core: Core, type: string, id: number): Promise<string> {
  if (type === 'order_line' && (await tableExists(core.store, 'order_line'))) {
    const { store } = core;
    const row = await store.get(store.kysely.selectFrom('order_line as l').innerJoin('sales_order as o', 'o.id', 'l.order_id').select('o.number').where('l.id', '=', id));
    if (row) return `Order ${row.number}`;
  }
  return `${type} ${id}`;
}

/** The product's latest movements, newest first. */
async function movements(core: Core, productId: number, limit: number): Promise<MovementDto[]> {
  const { store } = core;
  const rows = await store.all(
    store.kysely.selectFrom('stock_movement as m')
      .innerJoin('warehouse as w', 'w.id', 'm.warehouse_id')
      .innerJoin('bin', 'bin.id', 'm.bin_id')
      .leftJoin('lot', 'lot.id', 'm.lot_id')
      .select(['m.id', 'm.at', 'm.kind', 'w.code as warehouse', 'bin.code as bin', 'lot.code as lot', 'm.quantity', 'm.reason', 'm.reference', 'm.actor'])
      .where('m.product_id', '=', productId)
      .orderBy('m.id', 'desc')
      .limit(limit),
  );
  return rows.map((m) => ({ ...m, kind: m.kind as MovementDto['kind'] }));
}

/** End-of-day on-hand for the last `days` days, rebuilt backwards from today's total. */
async function onHandHistory(core: Core, productId: number, days: number): Promise<{ date: string; onHand: number }[]> {
  const { store } = core;
  const current = (await store.get(store.kysely.selectFrom('stock_balance').select((eb) => eb.fn.sum<number | null>('on_hand').as('n')).where('product_id', '=', productId)))?.n ?? 0;
  // Days are the shop's: a movement at 23:30 in the shop belongs to that day even when it is already tomorrow in UTC.
  const calendar = await shopCalendar(core);
  const today = parseLocalDate(calendar.today());
  const since = (calendar.startOfDaysAgo(days)).toISOString();
  const daily = new Map<string, number>();
  for (const r of await store.all(store.kysely.selectFrom('stock_movement').select(['at', 'quantity as q']).where('product_id', '=', productId).where('at', '>=', since))) {
    const date = calendar.localDate(new Date(r.at));
    daily.set(date, (daily.get(date) ?? 0) + r.q);
  }
  const out: { date: string; onHand: number }[] = [];
  let level = current;
  for (let i = 0; i <= days; i++) {
    const date = formatLocalDate(today - i);
    out.push({ date, onHand: level });
    level -= daily.get(date) ?? 0;
  }
  return out.reverse();
}

/** Whether a table exists (the orders area's tables are optional to this module). */
async function tableExists(store: Core['store'], name: string): Promise<boolean> {
  const sql = store.engine === 'sqlite' ? "select 1 from sqlite_master where type = 'table' and name = ?" : 'select 1 from information_schema.tables where table_schema = current_schema() and table_name = ?';
  return (await store.raw(sql, name)).length > 0;
}
