import type { Core } from '../../core';
import { applyMovement, forUpdate, SELLABLE_BIN_KINDS } from './ledger';

export interface ReservationHolder {
  type: 'order_line';
  id: number;
}

export interface ReservedSlice {
  balanceId: number;
  binId: number;
  lotId: number | null;
  quantity: number;
}

const SELLABLE_LIST = SELLABLE_BIN_KINDS.map((k) => `'${k}'`).join(',');

/** Sellable balances with free stock, earliest expiry first (FEFO), then pick sequence. */
const FEFO_CANDIDATES = `
  select b.id, b.bin_id, b.lot_id, b.on_hand - b.reserved as free
  from stock_balance b
  join bin on bin.id = b.bin_id
  left join lot on lot.id = b.lot_id
  where b.product_id = ? and b.warehouse_id = ? and b.on_hand > b.reserved
    and bin.kind in (${SELLABLE_LIST})
    and (lot.expires_on is null or lot.expires_on > ?)
  order by case when lot.expires_on is null then 1 else 0 end, lot.expires_on, bin.pick_sequence, b.id`;

/**
 * Reserves `quantity` of a product in a warehouse for a holder, or nothing at all.
 *
 * WARNING — this is what keeps orders from being oversold. Each slice is taken with a
 * conditional UPDATE (`... where on_hand - reserved >= n`) inside the caller's transaction, and
 * the balance's CHECK (reserved <= on_hand) backs it up, so reserved can never exceed on hand
 * whatever arrives at the same moment. The safety buffer is honoured at the warehouse level.
 * Returns the slices, or null when not enough is available (nothing is changed then).
 */
export async function reserveStock(core: Core, productId: number, warehouseId: number, quantity: number, holder: ReservationHolder, today: string): Promise<ReservedSlice[] | null> {
  const { store } = core;
  if (store.inTransaction) {
    const fast = await reserveFromFirstCandidate(core, productId, warehouseId, quantity, holder, today);
    if (fast !== undefined) return fast;
  }
  return await store.tx(async () => {
    // Room at the warehouse level taken first, by one conditional UPDATE (not a read, then a write:
    // two transactions could both read the same room under PostgreSQL's READ COMMITTED).
    if (await store.update(TAKE_FROM_LEVEL, quantity, productId, warehouseId, productId, quantity) === 0) return null;

    const slices: ReservedSlice[] = [];
    let remaining = quantity;
    for (const c of await store.raw<{ id: number; bin_id: number; lot_id: number | null; free: number }>(FEFO_CANDIDATES, productId, warehouseId, today)) {
      const take = Math.min(c.free, remaining);
      const res = await store.raw<{ id: number }>('update stock_balance set reserved = reserved + ? where id = ? and on_hand - reserved >= ? returning id', take, c.id, take);
      if (res.length !== 1) continue;
      slices.push({ balanceId: c.id, binId: c.bin_id, lotId: c.lot_id, quantity: take });
      remaining -= take;
      if (remaining === 0) break;
    }
    if (remaining > 0) {
      // Expired lots can make the level look sufficient while the sellable balances are not: undo.
      for (const s of slices) await store.raw('update stock_balance set reserved = reserved - ? where id = ?', s.quantity, s.balanceId);
      await store.raw('update stock_level set reserved = reserved - ? where product_id = ? and warehouse_id = ?', quantity, productId, warehouseId);
      return null;
    }
    const at = core.clock.now().toISOString();
    for (const s of slices) {
      await store.raw(
        'insert into reservation (balance_id, product_id, warehouse_id, quantity, holder_type, holder_id, created_at) values (?,?,?,?,?,?,?)',
        s.balanceId,
        productId,
        warehouseId,
        s.quantity,
        holder.type,
        holder.id,
        at,
      );
    }
    announceReservationChange(core, productId);
    return slices;
  });
}

/**
 * Tells live screens and the channel stock feeds that a product's available-to-sell moved because
 * stock was reserved or released (stock movements announce themselves as `stock.changed`). Inside
 * the caller's transaction, like every event of a unit of work.
 */
function announceReservationChange(core: Core, productId: number): void {
  core.events.publish('stock.reserved', { productId });
}

/** Room at the warehouse level (safety stock included), checked and taken in one conditional UPDATE. */
const TAKE_FROM_LEVEL =
  'update stock_level set reserved = reserved + ? where product_id = ? and warehouse_id = ? and sellable - reserved - (select safety_stock from product where id = ?) >= ?';
/** The first FEFO candidate only (the general path's order), chosen and taken in one conditional UPDATE. */
const TAKE_FROM_FIRST_CANDIDATE = `update stock_balance set reserved = reserved + ? where id = (select id from (${FEFO_CANDIDATES}) as fefo limit 1) and on_hand - reserved >= ? returning id, bin_id, lot_id`;

/**
 * The common case in three statements and no savepoint: the warehouse level has room (checked and
 * taken by one conditional UPDATE, safety stock included) and the first FEFO balance alone covers
 * the quantity (again a conditional UPDATE, so the CHECK reserved <= on_hand is never even tested).
 * Returns null when the level has no room (nothing changed), undefined when the first balance is
 * not enough (the level is put back and the caller takes the general, multi-slice path).
 *
 * WARNING: only called inside the caller's transaction; each statement is conditional, so no
 * interleaving can oversell, and an exception rolls back with the caller's transaction.
 */
async function reserveFromFirstCandidate(core: Core, productId: number, warehouseId: number, quantity: number, holder: ReservationHolder, today: string): Promise<ReservedSlice[] | null | undefined> {
  const { store } = core;
  if (store.engine === 'postgres') return await reserveFromFirstCandidateInOneStatement(core, productId, warehouseId, quantity, holder, today);
  if (await store.update(TAKE_FROM_LEVEL, quantity, productId, warehouseId, productId, quantity) === 0) return null;
  const taken = await store.raw<{ id: number; bin_id: number; lot_id: number | null }>(TAKE_FROM_FIRST_CANDIDATE, quantity, productId, warehouseId, today, quantity);
  if (taken.length === 0) {
    await store.raw('update stock_level set reserved = reserved - ? where product_id = ? and warehouse_id = ?', quantity, productId, warehouseId);
    return undefined;
  }
  const b = taken[0];
  announceReservationChange(core, productId);
  await store.raw(
    'insert into reservation (balance_id, product_id, warehouse_id, quantity, holder_type, holder_id, created_at) values (?,?,?,?,?,?,?)',
    b.id,
    productId,
    warehouseId,
    quantity,
    holder.type,
    holder.id,
    core.clock.now().toISOString(),
  );
  return [{ balanceId: b.id, binId: b.bin_id, lotId: b.lot_id, quantity }];
}

/**
 * PostgreSQL: the common case's three statements as ONE (data-modifying CTEs), one round trip
 * instead of three, taken last in the order's transaction, so the row lock on a hot SKU's level
 * is held for this statement and the COMMIT only. Each UPDATE is still conditional and re-checked
 * on the locked row's newest version (READ COMMITTED), so nothing can oversell; the balance is
 * only touched when the level had room (`exists (select 1 from level)`). Same outcomes as
 * reserveFromFirstCandidate: null (no room, nothing changed), undefined (first balance short:
 * the level is put back), or the slice.
 */
async function reserveFromFirstCandidateInOneStatement(core: Core, productId: number, warehouseId: number, quantity: number, holder: ReservationHolder, today: string): Promise<ReservedSlice[] | null | undefined> {
  const { store } = core;
  const [row] = await store.raw<{ level: number; id: number | null; bin_id: number; lot_id: number | null }>(
    TAKE_LEVEL_BALANCE_AND_HOLD,
    quantity,
    productId,
    warehouseId,
    today,
    holder.type,
    holder.id,
    core.clock.now().toISOString(),
  );
  if (row.level === 0) return null;
  if (row.id === null) {
    await store.raw('update stock_level set reserved = reserved - ? where product_id = ? and warehouse_id = ?', quantity, productId, warehouseId);
    return undefined;
  }
  announceReservationChange(core, productId);
  return [{ balanceId: row.id, binId: row.bin_id, lotId: row.lot_id, quantity }];
}

/** ?1 quantity, ?2 product, ?3 warehouse, ?4 today, ?5 holder type, ?6 holder id, ?7 created at (PostgreSQL only). */
const takeLevelBalanceAndHold = (answer: string) => `
  with level as (
    update stock_level set reserved = reserved + cast(?1 as bigint)
    where product_id = ?2 and warehouse_id = ?3 and sellable - reserved - (select safety_stock from product where id = ?2) >= cast(?1 as bigint)
    returning product_id
  ), balance as (
    update stock_balance set reserved = reserved + cast(?1 as bigint)
    where id = (select id from (${FEFO_CANDIDATES.replace('b.product_id = ?', 'b.product_id = ?2').replace('b.warehouse_id = ?', 'b.warehouse_id = ?3').replace('lot.expires_on > ?', 'lot.expires_on > cast(?4 as text)')}) as fefo limit 1)
      and on_hand - reserved >= cast(?1 as bigint) and exists (select 1 from level)
    returning id, bin_id, lot_id
  ), held as (
    insert into reservation (balance_id, product_id, warehouse_id, quantity, holder_type, holder_id, created_at)
    select id, cast(?2 as bigint), cast(?3 as bigint), cast(?1 as bigint), cast(?5 as text), cast(?6 as bigint), cast(?7 as text) from balance
    returning id
  )
  ${answer}`;
const TAKE_LEVEL_BALANCE_AND_HOLD = takeLevelBalanceAndHold('select (select count(*) from level) as level, b.id, b.bin_id, b.lot_id from (select 1) as one left join balance b on true');
/** The same, raising division_by_zero unless both the level and the first balance had room (reserveStockAndCommit). */
const TAKE_LEVEL_BALANCE_AND_HOLD_OR_REFUSE = takeLevelBalanceAndHold(
  'select b.id, b.bin_id, b.lot_id, 1 / ((select count(*) from level) * (select count(*) from balance)) as taken from (select 1) as one left join balance b on true',
);

/** The reservation that carried its unit of work's COMMIT was refused, so that unit of work is rolled back: run it again (the usual way). */
export class ReservationRefused extends Error {
  constructor() {
    super('The reservation was refused and its unit of work rolled back');
  }
}

/**
 * PostgreSQL, a unit of work's LAST statement: the one-statement reservation with the COMMIT right
 * behind it (`PostgresStore.commitWith`), so a hot SKU's row lock is released by the server right
 * after the commit, never held while this process waits for a core (a flash sale on a busy
 * machine). It cannot be undone afterwards, so a refusal (no room at the level, or the first
 * balance short) raises inside the statement (a division by zero the rows decide), which rolls the
 * unit of work back: ReservationRefused, and the caller runs it again the usual way. Null, doing
 * nothing, where this does not apply (SQLite, or inside a savepoint): use reserveStock.
 */
export async function reserveStockAndCommit(core: Core, productId: number, warehouseId: number, quantity: number, holder: ReservationHolder, today: string): Promise<ReservedSlice[] | null> {
  const { store } = core;
  if (store.engine !== 'postgres') return null;
  let rows: { id: number; bin_id: number; lot_id: number | null }[] | null;
  try {
    rows = await store.commitWith(TAKE_LEVEL_BALANCE_AND_HOLD_OR_REFUSE, quantity, productId, warehouseId, today, holder.type, holder.id, core.clock.now().toISOString());
  } catch (error) {
    if ((error as { code?: string }).code === DIVISION_BY_ZERO) throw new ReservationRefused();
    throw error;
  }
  if (rows === null) return null;
  // Delivered once the commit is through, like every event of a unit of work (no statement follows).
  announceReservationChange(core, productId);
  return [{ balanceId: rows[0].id, binId: rows[0].bin_id, lotId: rows[0].lot_id, quantity }];
}

const DIVISION_BY_ZERO = '22012';

/** Releases everything a holder has reserved (order cancelled, re-allocated, put on hold). */
export async function releaseReservations(core: Core, holder: ReservationHolder): Promise<number> {
  const { store } = core;
  return await store.tx(async () => {
    // Deleted first, returning what they held: a concurrent release of the same holder waits on
    // these rows and then finds none, so nothing is released twice.
    const rows = await store.raw<{ id: number; balance_id: number; product_id: number; warehouse_id: number; quantity: number }>(
      'delete from reservation where holder_type = ? and holder_id = ? returning id, balance_id, product_id, warehouse_id, quantity',
      holder.type,
      holder.id,
    );
    rows.sort((a, b) => a.id - b.id);
    let total = 0;
    for (const r of rows) {
      await store.raw('update stock_balance set reserved = reserved - ? where id = ?', r.quantity, r.balance_id);
      await store.raw('update stock_level set reserved = reserved - ? where product_id = ? and warehouse_id = ?', r.quantity, r.product_id, r.warehouse_id);
      total += r.quantity;
    }
    for (const productId of new Set(rows.map((r) => r.product_id))) announceReservationChange(core, productId);
    return total;
  });
}

export async function reservationsOf(core: Core, holder: ReservationHolder) {
  return await core.store.raw<{ id: number; balance_id: number; product_id: number; warehouse_id: number; quantity: number; bin_id: number; lot_id: number | null }>(
    `select r.id, r.balance_id, r.product_id, r.warehouse_id, r.quantity, b.bin_id, b.lot_id
     from reservation r join stock_balance b on b.id = r.balance_id where r.holder_type = ? and r.holder_id = ? order by r.id`,
    holder.type,
    holder.id,
  );
}

/**
 * Takes reserved stock off the shelf: a `pick` movement that lowers on-hand and the reservation
 * together (one transaction), so available-to-sell does not move when an allocated order is picked.
 */
export async function pickReserved(core: Core, reservationId: number, quantity: number, actor: string, reference: string): Promise<void> {
  const { store } = core;
  await store.tx(async () => {
    // The reservation row is locked before it is judged (PostgreSQL; SQLite's writer is alone
    // anyway), so two picks of one reservation cannot both take what it holds.
    const r = (await store.raw<{ balance_id: number; product_id: number; warehouse_id: number; quantity: number; bin_id: number; lot_id: number | null }>(
      `select r.balance_id, r.product_id, r.warehouse_id, r.quantity, b.bin_id, b.lot_id from reservation r join stock_balance b on b.id = r.balance_id where r.id = ?${forUpdate(store, 'r')}`,
      reservationId,
    ))[0];
    if (!r || r.quantity < quantity) throw new Error(`Reservation ${reservationId} holds fewer than ${quantity} units`);
    if (r.quantity === quantity) await store.raw('delete from reservation where id = ?', reservationId);
    else await store.raw('update reservation set quantity = quantity - ? where id = ?', quantity, reservationId);
    await applyMovement(core, { kind: 'pick', productId: r.product_id, binId: r.bin_id, lotId: r.lot_id, quantity: -quantity, reason: 'picked for order', reference, actor, consumesReserved: quantity });
  });
}
