import { notFound, conflict } from '../../../../shared/errors';
import type { Devices } from '../../../devices/device-service';
import type { Core } from '../../../core';
import type { PackEventKind, PackingStationRow, PackSessionRow } from '../../../store/schema';
import type { Orders } from '../../orders/index';
import type { Shipping } from '../../shipping/service/index';
import { parseToteCode } from './pick-totes';

/** What the packing station's parts are built from (one object, passed to each module). */
export interface PackingDeps {
  core: Core;
  orders: Orders;
  devices: Devices;
  shipping: Shipping;
}

/** One pack line with the product facts the station shows and weighs. */
export interface PackLineRow {
  order_line_id: number;
  product_id: number;
  expected_qty: number;
  verified_qty: number;
  lots: string;
  sku: string;
  name: string;
  weight_g: number;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  lot_tracked: number;
}

export const nowIso = (core: Core): string => core.clock.now().toISOString();

export async function stationByName(core: Core, name: string): Promise<PackingStationRow> {
  const row = (await core.store.raw<PackingStationRow>('select * from packing_station where name = ? collate nocase', name))[0];
  if (!row) throw notFound(`Packing station "${name}"`);
  return row;
}

export async function stationName(core: Core, stationId: number): Promise<string> {
  return (await core.store.raw<{ name: string }>('select name from packing_station where id = ?', stationId))[0].name;
}

export async function sessionRow(core: Core, id: number): Promise<PackSessionRow> {
  const row = (await core.store.raw<PackSessionRow>('select * from pack_session where id = ?', id))[0];
  if (!row) throw notFound(`Packing session ${id}`);
  return row;
}

/** A session still being packed: every step but the views needs one. */
export async function activeSession(core: Core, id: number): Promise<PackSessionRow> {
  const s = await sessionRow(core, id);
  if (s.status !== 'packing') throw conflict(`This order is already ${s.status} at this station; scan the next order`);
  return s;
}

/** Each step is a timestamped pack_event: the session's history and the productivity numbers. */
export async function packEvent(core: Core, sessionId: number, kind: PackEventKind, detail: Record<string, unknown>, actor: string): Promise<void> {
  await core.store.raw('insert into pack_event (session_id, at, kind, detail, actor) values (?,?,?,?,?)', sessionId, nowIso(core), kind, JSON.stringify(detail), actor);
}

/** The order a scanned code names: tote code, order number (with or without #), external id or id. */
export async function orderByCode(core: Core, code: string): Promise<{ id: number; number: string; status: string }> {
  const { store } = core;
  const c = code.trim();
  const tote = parseToteCode(c);
  if (tote) {
    const row = (await store.raw<{ id: number; number: string; status: string }>(
      'select o.id, o.number, o.status from pick_batch_order bo join sales_order o on o.id = bo.order_id where bo.batch_id = ? and bo.tote = ?',
      tote.batchId,
      tote.tote,
    ))[0];
    if (!row) throw notFound(`Tote ${c}`);
    return row;
  }
  const bare = c.replace(/^#/, '');
  const row =
    (await store.raw<{ id: number; number: string; status: string }>(
      'select id, number, status from sales_order where number = ? collate nocase or number = ? collate nocase or external_id = ? order by id desc limit 1',
      c,
      `#${bare}`,
      c,
    ))[0] ?? (/^\d+$/.test(bare) ? (await store.raw<{ id: number; number: string; status: string }>('select id, number, status from sales_order where id = ?', Number(bare)))[0] : undefined);
  if (!row) throw notFound(`Order "${c}"`);
  return row;
}

export async function packLines(core: Core, sessionId: number): Promise<PackLineRow[]> {
  return await core.store.raw<PackLineRow>(
    `select l.order_line_id, l.product_id, l.expected_qty, l.verified_qty, l.lots, p.sku, p.name, p.weight_g, p.length_mm, p.width_mm, p.height_mm, p.lot_tracked
     from pack_line l join product p on p.id = l.product_id join order_line ol on ol.id = l.order_line_id where l.session_id = ? order by ol.line_no, p.sku`,
    sessionId,
  );
}

export async function allVerified(core: Core, sessionId: number): Promise<boolean> {
  return (await core.store.raw('select 1 from pack_line where session_id = ? and verified_qty < expected_qty limit 1', sessionId)).length === 0;
}

export async function itemsWeight(core: Core, sessionId: number): Promise<number> {
  // Same stand-in as shipping's rating (100 g for a product without a weight), so both agree.
  return (await packLines(core, sessionId)).reduce((sum, l) => sum + (l.weight_g || 100) * l.expected_qty, 0);
}

/** What must be in the box: each order line left to ship; kits as their components. */
export async function createPackLines(core: Core, sessionId: number, orderId: number): Promise<void> {
  const { store } = core;
  const lines = await store.raw<{ id: number; product_id: number | null; quantity: number; shipped_qty: number; sku: string }>(
    'select id, product_id, quantity, shipped_qty, sku from order_line where order_id = ? order by line_no',
    orderId,
  );
  for (const line of lines) {
    const left = line.quantity - line.shipped_qty;
    if (left <= 0) continue;
    if (line.product_id === null) throw conflict(`Line ${line.sku} has an unknown SKU; fix the order first`);
    const components = await store.raw<{ component_id: number; quantity: number }>('select component_id, quantity from kit_component where kit_id = ?', line.product_id);
    const parts = components.length ? components.map((c) => ({ productId: c.component_id, qty: c.quantity * left })) : [{ productId: line.product_id, qty: left }];
    for (const p of parts) {
      await store.raw(
        'insert into pack_line (session_id, order_line_id, product_id, expected_qty, verified_qty) values (?,?,?,?,0) on conflict (session_id, order_line_id, product_id) do update set expected_qty = pack_line.expected_qty + excluded.expected_qty',
        sessionId,
        line.id,
        p.productId,
        p.qty,
      );
    }
  }
  if ((await store.raw('select 1 from pack_line where session_id = ?', sessionId)).length === 0) throw conflict('This order has nothing left to ship');
}

/**
 * Why the label is locked, in the packer's words (shown on the button and when F9 is pressed), or
 * null when nothing blocks it.
 */
export async function lockReason(core: Core, s: PackSessionRow): Promise<string | null> {
  if (s.status !== 'packing') return `the order is ${s.status}`;
  const open = (await core.store.raw<{ n: number }>('select coalesce(sum(expected_qty - verified_qty), 0) as n from pack_line where session_id = ?', s.id))[0].n;
  if (open > 0) return `scan all items first: ${open} unit(s) still to verify`;
  if (s.measured_weight_g === null) return 'weigh the parcel first';
  if (s.weight_ok === 0 && !s.override_reason) return 'the weight does not match (a supervisor can override)';
  return null;
}
