import type { MovementKind } from '../../store/schema';
import type { Core } from '../../core';
import { AppError, conflict, invalid } from '../../../shared/errors';

/** Bins whose stock can be sold and allocated. Returns and quarantine wait for a decision. */
export const SELLABLE_BIN_KINDS = ['pick', 'bulk', 'receiving'] as const;

export interface MovementInput {
  kind: MovementKind;
  productId: number;
  binId: number;
  lotId: number | null;
  /** Signed: positive adds stock to the bin, negative removes it. */
  quantity: number;
  reason: string;
  reference?: string | null;
  actor: string;
  /** Unit cost of received stock, for the moving-average valuation. */
  unitCostCents?: number | null;
  /** Set when the movement consumes reserved stock (pick/ship of an allocated order). */
  consumesReserved?: number;
}

/**
 * ` for update` on PostgreSQL, nothing on SQLite: a row read to decide a write is locked until the
 * transaction ends (READ COMMITTED would let another transaction change it in between). SQLite has
 * one writer at a time, so the row cannot change under the transaction there.
 */
export function forUpdate(store: Core['store'], of?: string): string {
  return store.engine === 'postgres' ? ` for update${of ? ` of ${of}` : ''}` : '';
}

interface BinInfo {
  warehouse_id: number;
  kind: string;
}

/** Movements valued at the product's moving-average cost when they carry no cost of their own. */
const COSTED_AT_AVERAGE = new Set<MovementInput['kind']>(['pick', 'ship', 'return']);

/**
 * The one place stock changes. Appends a movement to the ledger and, in the same transaction,
 * updates the (product, bin, lot) balance and the (product, warehouse) level. The balance's CHECK
 * constraints make negative on-hand or reserved > on-hand impossible; we check first so the user
 * gets a clear message instead of a constraint name.
 */
export async function applyMovement(core: Core, m: MovementInput): Promise<{ movementId: number; onHand: number }> {
  const { store, clock } = core;
  if (!Number.isInteger(m.quantity) || m.quantity === 0) throw invalid(`Quantity must be a non-zero whole number, got ${m.quantity}`, { field: 'quantity' });
  return await store.tx(async () => {
    const bin = (await store.raw<BinInfo>('select warehouse_id, kind from bin where id = ?', m.binId))[0];
    if (!bin) throw new AppError('NOT_FOUND', `Bin ${m.binId} not found`);
    const balance = (await store.raw<{ id: number; on_hand: number; reserved: number }>(
      `select id, on_hand, reserved from stock_balance where product_id = ? and bin_id = ? and coalesce(lot_id, 0) = coalesce(?, 0)${forUpdate(store)}`,
      m.productId,
      m.binId,
      m.lotId,
    ))[0];
    const onHand = balance?.on_hand ?? 0;
    const reserved = (balance?.reserved ?? 0) - (m.consumesReserved ?? 0);
    const newOnHand = onHand + m.quantity;
    if (newOnHand < 0) {
      throw conflict(`Cannot remove ${-m.quantity}: only ${onHand} on hand in this bin${m.lotId ? ' and lot' : ''}`, { onHand, requested: -m.quantity });
    }
    if (newOnHand < reserved) {
      throw conflict(`Cannot remove ${-m.quantity}: ${reserved} of the ${onHand} on hand are reserved for orders`, { onHand, reserved });
    }
    if (m.kind === 'receive' && m.quantity > 0 && m.unitCostCents != null) await updateMovingAverageCost(core, m.productId, m.quantity, m.unitCostCents);
    // Stock leaving the shelf for a customer (picked; put back when a pick is undone), or coming back
    // from one, is valued at the moving-average cost of that moment: the cost of goods sold the
    // accounting export books (and a return reverses).
    const unitCost = m.unitCostCents ?? (COSTED_AT_AVERAGE.has(m.kind) ? (await store.raw<{ c: number }>('select avg_cost_cents as c from product where id = ?', m.productId))[0]?.c ?? null : null);

    const at = clock.now().toISOString();
    const movementId = Number(
      (await store.raw<{ id: number }>(
        'insert into stock_movement (at, kind, product_id, warehouse_id, bin_id, lot_id, quantity, unit_cost_cents, reason, reference, actor) values (?,?,?,?,?,?,?,?,?,?,?) returning id',
        at,
        m.kind,
        m.productId,
        bin.warehouse_id,
        m.binId,
        m.lotId,
        m.quantity,
        unitCost,
        m.reason,
        m.reference ?? null,
        m.actor,
      ))[0].id,
    );
    const consumed = m.consumesReserved ?? 0;
    let onHandNow = newOnHand;
    if (balance) {
      await store.raw('update stock_balance set on_hand = on_hand + ?, reserved = reserved - ? where id = ?', m.quantity, consumed, balance.id);
    } else {
      onHandNow = await addToNewBalance(core, { ...m, warehouseId: bin.warehouse_id, consumed });
    }
    const sellableDelta = (SELLABLE_BIN_KINDS as readonly string[]).includes(bin.kind) ? m.quantity : 0;
    await store.raw(
      `insert into stock_level (product_id, warehouse_id, on_hand, sellable, reserved) values (?, ?, ?, ?, ?)
       on conflict (product_id, warehouse_id) do update set on_hand = stock_level.on_hand + excluded.on_hand, sellable = stock_level.sellable + excluded.sellable, reserved = stock_level.reserved + excluded.reserved`,
      m.productId,
      bin.warehouse_id,
      m.quantity,
      sellableDelta,
      -consumed,
    );
    return { movementId, onHand: onHandNow };
  });
}

/**
 * The first stock of a product in a bin (and lot): a new balance row. Another transaction (a second
 * station server on the same PostgreSQL database) may be inserting the same (product, bin, lot) at
 * this moment — both read "no balance" above. The insert then does nothing (PostgreSQL waits for
 * the other transaction to commit first) and this movement is added to the row the other one made.
 * Only a stock-adding movement gets here (a removal from no balance is refused above), so adding
 * to whatever the row holds now cannot break its checks. Untargeted `on conflict do nothing`: the
 * key is an expression index (lot null = 0), and this is the table's only unique key besides id.
 */
async function addToNewBalance(core: Core, m: MovementInput & { warehouseId: number; consumed: number }): Promise<number> {
  const { store } = core;
  const inserted = await store.raw<{ on_hand: number }>(
    'insert into stock_balance (product_id, warehouse_id, bin_id, lot_id, on_hand, reserved) values (?,?,?,?,?,0) on conflict do nothing returning on_hand',
    m.productId,
    m.warehouseId,
    m.binId,
    m.lotId,
    m.quantity,
  );
  if (inserted[0]) return inserted[0].on_hand;
  const updated = await store.raw<{ on_hand: number }>(
    'update stock_balance set on_hand = on_hand + ?, reserved = reserved - ? where product_id = ? and bin_id = ? and coalesce(lot_id, 0) = coalesce(?, 0) returning on_hand',
    m.quantity,
    m.consumed,
    m.productId,
    m.binId,
    m.lotId,
  );
  return updated[0].on_hand;
}

/**
 * Moving-average cost (documented in the README, used by the accounting export): on every
 * receipt with a unit cost, avg = (units on hand × avg + units received × unit cost) / (units on
 * hand + units received), rounded half-up to whole cents. Removals do not change the average.
 */
async function updateMovingAverageCost(core: Core, productId: number, quantity: number, unitCostCents: number): Promise<void> {
  const { store } = core;
  // The product row first, locked: two receipts at once then average one after the other.
  const current = (await store.raw<{ avg_cost_cents: number }>(`select avg_cost_cents from product where id = ?${forUpdate(store)}`, productId))[0]?.avg_cost_cents ?? 0;
  const onHand = (await store.raw<{ n: number | null }>('select sum(on_hand) as n from stock_balance where product_id = ?', productId))[0].n ?? 0;
  const base = Math.max(0, onHand);
  const avg = base + quantity > 0 ? Math.round((base * current + quantity * unitCostCents) / (base + quantity)) : unitCostCents;
  await store.raw('update product set avg_cost_cents = ? where id = ?', avg, productId);
}
