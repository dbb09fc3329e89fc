import { sql } from 'kysely';
import { notFound, conflict } from '../../../../shared/errors';
import type { Devices } from '../../../devices/device-service';
import type { Core } from '../../../core';
import type { PackEventKind, PackingStationRow, PackSessionRow } from '../../../store/schema';
import type { Orders } from '../../orders/index';
import type { Shipping } from '../../shipping/service/index';
import { parseToteCode } from './pick-totes';
import { noCase } from '../../../store/no-case';

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

/**
 * A Ship & print claim older than this is a crash's leftover (the carrier calls time out long
 * before): the session can be shipped again rather than stay blocked for ever.
 */
export const SHIP_CLAIM_STALE_MS = 10 * 60_000;

export async function stationByName(core: Core, name: string): Promise<PackingStationRow> {
  const { store } = core;
  const row = await store.get(store.kysely.selectFrom('packing_station').selectAll().where('name', '=', noCase(name)));
  if (!row) throw notFound(`Packing station "${name}"`);
  return row;
}

export async function stationName(core: Core, stationId: number): Promise<string> {
  const { store } = core;
  return (await store.get(store.kysely.selectFrom('packing_station').select('name').where('id', '=', stationId)))!.name;
}

export async function sessionRow(core: Core, id: number): Promise<PackSessionRow> {
  const { store } = core;
  const row = await store.get(store.kysely.selectFrom('pack_session').selectAll().where('id', '=', id));
  if (!row) throw notFound(`Packing session ${id}`);
  return row;
}

/**
 * When Ship & print started buying this session's label, while it is still buying it (null
 * otherwise). A session still packing has no finished_at; claimShipping sets it for the length of
 * the purchase, so the moment the packer finished is also the claim (no extra column needed).
 */
export function shippingSince(core: Core, s: PackSessionRow): string | null {
  if (s.status !== 'packing' || s.finished_at === null) return null;
  return Date.parse(s.finished_at) > core.clock.now().getTime() - SHIP_CLAIM_STALE_MS ? s.finished_at : null;
}

/** A session still being packed: every step but the views needs one. */
export async function activeSession(core: Core, id: number): Promise<PackSessionRow> {
  const s = await sessionRow(core, id);
  if (s.status !== 'packing') throw conflict(`This order is already ${s.status} at this station; scan the next order`);
  if (shippingSince(core, s)) throw conflict('A label is being bought for this order right now (Ship & print was pressed): wait for it to finish');
  return s;
}

/**
 * Claims the session for one Ship & print, in its own committed transaction before the carrier is
 * called: one conditional update, so of two presses (a double-click, two stations, two apps on one
 * PostgreSQL) exactly one gets it and the other is refused — never a second label. Returns the
 * claim's timestamp for releaseShipping.
 */
export async function claimShipping(core: Core, sessionId: number): Promise<string> {
  const { store } = core;
  const since = nowIso(core);
  const staleBefore = new Date(core.clock.now().getTime() - SHIP_CLAIM_STALE_MS).toISOString();
  const { changes } = await store.tx(
    async () =>
      await store.run(
        store.kysely
          .updateTable('pack_session')
          .set({ finished_at: since })
          .where('id', '=', sessionId)
          .where('status', '=', 'packing')
          .where((eb) => eb.or([eb('finished_at', 'is', null), eb('finished_at', '<', staleBefore)])),
      ),
  );
  if (changes !== 1) {
    await activeSession(core, sessionId); // throws the reason: shipped, released or being shipped
    throw conflict('A label is being bought for this order right now (Ship & print was pressed): wait for it to finish');
  }
  return since;
}

/** Gives a claim back when the purchase failed, so the packer can press Ship & print again. */
export async function releaseShipping(core: Core, sessionId: number, since: string): Promise<void> {
  const { store } = core;
  await store.tx(
    async () =>
      await store.run(
        store.kysely.updateTable('pack_session').set({ finished_at: null }).where('id', '=', sessionId).where('status', '=', 'packing').where('finished_at', '=', since),
      ),
  );
}

/** Each step is a timestamped pack_event: the session's history and the productivity numbers. */
export async function packEvent(core: Core, sessionId: number, kind: PackEventKind, detail: Record<string, unknown>, actor: string): Promise<void> {
  const { store } = core;
  await store.run(store.kysely.insertInto('pack_event').values({ session_id: sessionId, at: nowIso(core), kind, detail: JSON.stringify(detail), actor }));
}

/** The order a scanned code names: tote code, order number (with or without #), external id or id. */
export async function orderByCode(core: Core, code: string): Promise<{ id: number; number: string; status: string }> {
  const { store } = core;
  const c = code.trim();
  const tote = parseToteCode(c);
  if (tote) {
    const row = await store.get(
      store.kysely
        .selectFrom('pick_batch_order as bo')
        .innerJoin('sales_order as o', 'o.id', 'bo.order_id')
        .select(['o.id', 'o.number', 'o.status'])
        .where('bo.batch_id', '=', tote.batchId)
        .where('bo.tote', '=', tote.tote),
    );
    if (!row) throw notFound(`Tote ${c}`);
    return row;
  }
  const bare = c.replace(/^#/, '');
  const orders = store.kysely.selectFrom('sales_order').select(['id', 'number', 'status']);
  const row =
    (await store.get(
      orders
        .where((eb) => eb.or([eb('number', '=', noCase(c)), eb('number', '=', noCase(`#${bare}`)), eb('external_id', '=', c)]))
        .orderBy('id', 'desc')
        .limit(1),
    )) ?? (/^\d+$/.test(bare) ? await store.get(orders.where('id', '=', Number(bare))) : undefined);
  if (!row) throw notFound(`Order "${c}"`);
  return row;
}

export async function packLines(core: Core, sessionId: number): Promise<PackLineRow[]> {
  const { store } = core;
  return await store.all(
    store.kysely
      .selectFrom('pack_line as l')
      .innerJoin('product as p', 'p.id', 'l.product_id')
      .innerJoin('order_line as ol', 'ol.id', 'l.order_line_id')
      .select(['l.order_line_id', 'l.product_id', 'l.expected_qty', 'l.verified_qty', 'l.lots', 'p.sku', 'p.name', 'p.weight_g', 'p.length_mm', 'p.width_mm', 'p.height_mm', 'p.lot_tracked'])
      .where('l.session_id', '=', sessionId)
      .orderBy('ol.line_no')
      .orderBy('p.sku'),
  );
}

export async function allVerified(core: Core, sessionId: number): Promise<boolean> {
  const { store } = core;
  const open = await store.get(
    store.kysely.selectFrom('pack_line').select(sql<number>`1`.as('one')).where('session_id', '=', sessionId).whereRef('verified_qty', '<', 'expected_qty').limit(1),
  );
  return open === undefined;
}

export async function itemsWeight(core: Core, sessionId: number): Promise<number> {
  // Same stand-in as shipping's rating (100 g for a product without a weight), so both agree.
  return (await packLines(core, sessionId)).reduce((sum, l) => sum + (l.weight_g || 100) * l.expected_qty, 0);
}

/** What must be in the box: each order line left to ship; kits as their components. */
export async function createPackLines(core: Core, sessionId: number, orderId: number): Promise<void> {
  const { store } = core;
  const lines = await store.all(store.kysely.selectFrom('order_line').select(['id', 'product_id', 'quantity', 'shipped_qty', 'sku']).where('order_id', '=', orderId).orderBy('line_no'));
  for (const line of lines) {
    const left = line.quantity - line.shipped_qty;
    if (left <= 0) continue;
    if (line.product_id === null) throw conflict(`Line ${line.sku} has an unknown SKU; fix the order first`);
    const components = await store.all(store.kysely.selectFrom('kit_component').select(['component_id', 'quantity']).where('kit_id', '=', line.product_id));
    const parts = components.length ? components.map((c) => ({ productId: c.component_id, qty: c.quantity * left })) : [{ productId: line.product_id, qty: left }];
    for (const p of parts) {
      await store.run(
        store.kysely
          .insertInto('pack_line')
          .values({ session_id: sessionId, order_line_id: line.id, product_id: p.productId, expected_qty: p.qty, verified_qty: 0 })
          .onConflict((oc) => oc.columns(['session_id', 'order_line_id', 'product_id']).doUpdateSet({ expected_qty: sql`pack_line.expected_qty + excluded.expected_qty` })),
      );
    }
  }
  const any = await store.get(store.kysely.selectFrom('pack_line').select('session_id').where('session_id', '=', sessionId).limit(1));
  if (!any) throw conflict('This order has nothing left to ship');
}

/**
 * Why the label is locked, in the packer's words (shown on the button and when F9 is pressed), or
 * null when nothing blocks it.
 */
export async function lockReason(core: Core, s: PackSessionRow): Promise<string | null> {
  const { store } = core;
  if (s.status !== 'packing') return `the order is ${s.status}`;
  const { n: open } = (await store.get(
    store.kysely.selectFrom('pack_line').select(sql<number>`coalesce(sum(expected_qty - verified_qty), 0)`.as('n')).where('session_id', '=', s.id),
  ))!;
  if (open > 0) return `scan all items first: ${open} unit(s) still to verify`;
  if (s.measured_weight_g === null) return 'weigh the parcel first';
  if (s.weight_ok === 0 && !s.override_reason) return 'the weight does not match (a supervisor can override)';
  return null;
}
