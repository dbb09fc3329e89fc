import type { CheckProblem, InvariantCheck } from '../system/checks';
import { SELLABLE_BIN_KINDS } from './ledger';

const SELLABLE_LIST = SELLABLE_BIN_KINDS.map((k) => `'${k}'`).join(',');

/** Every balance equals the sum of its ledger movements (and no ledger sum lacks a balance). */
export const ledgerMatchesBalances: InvariantCheck = {
  name: 'inventory.balances_equal_ledger',
  async run({ store }) {
    const rows = await store.raw<{ product_id: number; bin_id: number; lot_id: number | null; balance: number | null; ledger: number | null }>(`
      with ledger as (
        select product_id, bin_id, lot_id, sum(quantity) as qty from stock_movement group by product_id, bin_id, lot_id
      )
      select b.product_id, b.bin_id, b.lot_id, b.on_hand as balance, l.qty as ledger
      from stock_balance b left join ledger l on l.product_id = b.product_id and l.bin_id = b.bin_id and coalesce(l.lot_id, 0) = coalesce(b.lot_id, 0)
      where b.on_hand <> coalesce(l.qty, 0)
      union all
      select l.product_id, l.bin_id, l.lot_id, null, l.qty from ledger l
      where l.qty <> 0 and not exists (select 1 from stock_balance b where b.product_id = l.product_id and b.bin_id = l.bin_id and coalesce(b.lot_id, 0) = coalesce(l.lot_id, 0))`);
    return rows.map((r) => ({
      check: 'inventory.balances_equal_ledger',
      message: `product ${r.product_id} bin ${r.bin_id}${r.lot_id ? ` lot ${r.lot_id}` : ''}: balance ${r.balance ?? 'missing'} but ledger sums to ${r.ledger ?? 0}`,
      details: r,
    }));
  },
};

/** Reservations never exceed on-hand, and each balance's reserved equals its reservations. */
export const reservationsWithinOnHand: InvariantCheck = {
  name: 'inventory.reservations_within_on_hand',
  async run({ store }) {
    const problems: CheckProblem[] = [];
    for (const r of await store.raw<{ id: number; on_hand: number; reserved: number; held: number | null }>(`
      select b.id, b.on_hand, b.reserved, (select sum(quantity) from reservation r where r.balance_id = b.id) as held
      from stock_balance b where b.reserved > b.on_hand or b.reserved <> coalesce((select sum(quantity) from reservation r where r.balance_id = b.id), 0)`)) {
      problems.push({
        check: 'inventory.reservations_within_on_hand',
        message: `balance ${r.id}: reserved ${r.reserved}, reservations ${r.held ?? 0}, on hand ${r.on_hand}`,
        details: r,
      });
    }
    return problems;
  },
};

/** The per-warehouse levels equal the sums of their balances. */
export const levelsMatchBalances: InvariantCheck = {
  name: 'inventory.levels_equal_balances',
  async run({ store }) {
    const rows = await store.raw<{ product_id: number; warehouse_id: number; on_hand: number; sellable: number; reserved: number; b_on_hand: number; b_sellable: number; b_reserved: number }>(`
      with sums as (
        select b.product_id, b.warehouse_id, sum(b.on_hand) as on_hand, sum(b.reserved) as reserved,
               sum(case when bin.kind in (${SELLABLE_LIST}) then b.on_hand else 0 end) as sellable
        from stock_balance b join bin on bin.id = b.bin_id group by b.product_id, b.warehouse_id
      )
      select l.product_id, l.warehouse_id, l.on_hand, l.sellable, l.reserved,
             coalesce(s.on_hand, 0) as b_on_hand, coalesce(s.sellable, 0) as b_sellable, coalesce(s.reserved, 0) as b_reserved
      from stock_level l left join sums s on s.product_id = l.product_id and s.warehouse_id = l.warehouse_id
      where l.on_hand <> coalesce(s.on_hand, 0) or l.sellable <> coalesce(s.sellable, 0) or l.reserved <> coalesce(s.reserved, 0)`);
    return rows.map((r) => ({
      check: 'inventory.levels_equal_balances',
      message: `product ${r.product_id} warehouse ${r.warehouse_id}: level on hand/sellable/reserved ${r.on_hand}/${r.sellable}/${r.reserved} but balances sum to ${r.b_on_hand}/${r.b_sellable}/${r.b_reserved}`,
      details: r,
    }));
  },
};

export const INVENTORY_CHECKS = [ledgerMatchesBalances, reservationsWithinOnHand, levelsMatchBalances];
