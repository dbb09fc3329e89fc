import { sql } from 'kysely';
import type { CheckProblem, InvariantCheck } from '../system/checks';

const NAME = 'fulfilment.packed_lots_equal_picked';

type LotQuantities = Map<string, Map<string, number>>;

const add = (into: LotQuantities, key: string, lot: string, qty: number) => {
  const lots = into.get(key) ?? new Map<string, number>();
  lots.set(lot, (lots.get(lot) ?? 0) + qty);
  into.set(key, lots);
};

const describe = (lots: Map<string, number> | undefined) =>
  lots && [...lots.values()].some((q) => q !== 0)
    ? [...lots.entries()]
        .filter(([, q]) => q !== 0)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([lot, q]) => `${lot} (${q})`)
        .join(', ')
    : 'none';

/**
 * What the pack station recorded as packed, lot for lot, equals what the ledger says was picked
 * for the order. For every order shipped from a packing station (a shipped pack session), per
 * lot-tracked product: the lot codes of its verified units (pack_line.lots) against the net `pick`
 * movements of the order — those of its pick batches (`pick batch B / NUMBER`, put-backs netting
 * out) and those taken off the shelf when the station's shipment was made (`shipment S (order
 * NUMBER)`, an order packed without a batch). The references are the ones picking-service.ts and
 * shipments.ts write; a test ships both kinds of order and expects this check to pass.
 */
export const packedLotsEqualPicked: InvariantCheck = {
  name: NAME,
  async run({ store }) {
    const packedRows = await store.all(
      store.kysely
        .selectFrom('pack_session as s')
        .innerJoin('pack_line as l', 'l.session_id', 's.id')
        .innerJoin('product as p', 'p.id', 'l.product_id')
        .innerJoin('sales_order as o', 'o.id', 's.order_id')
        .select(['s.order_id', 'o.number', 'l.product_id', 'p.sku', 'l.lots'])
        .where('s.status', '=', 'shipped')
        .where('p.lot_tracked', '=', 1),
    );
    if (packedRows.length === 0) return [];
    // raw SQL: two CTEs and a union building the ledger references by concatenation read clearer as SQL.
    const pickedRows = await store.all(
      sql<{ order_id: number; product_id: number; lot: string; qty: number }>`with shipped as (select distinct s.order_id, s.shipment_id from pack_session s where s.status = 'shipped'),
       refs as (
         select distinct sh.order_id, 'pick batch ' || bo.batch_id || ' / ' || o.number as reference
         from shipped sh join sales_order o on o.id = sh.order_id join pick_batch_order bo on bo.order_id = sh.order_id
         union
         select sh.order_id, 'shipment ' || sh.shipment_id || ' (order ' || o.number || ')'
         from shipped sh join sales_order o on o.id = sh.order_id where sh.shipment_id is not null
       )
       select r.order_id, m.product_id, lot.code as lot, -sum(m.quantity) as qty
       from refs r join stock_movement m on m.reference = r.reference and m.kind = 'pick'
       join product p on p.id = m.product_id join lot on lot.id = m.lot_id
       where p.lot_tracked = 1
       group by r.order_id, m.product_id, lot.code`.compile(store.kysely),
    );
    const packed: LotQuantities = new Map();
    const picked: LotQuantities = new Map();
    const names = new Map<string, { number: string; sku: string }>();
    const problems: CheckProblem[] = [];
    for (const r of packedRows) {
      const key = `${r.order_id}:${r.product_id}`;
      names.set(key, { number: r.number, sku: r.sku });
      let lots: unknown;
      try {
        lots = JSON.parse(r.lots);
      } catch {
        lots = null;
      }
      if (!Array.isArray(lots) || lots.some((l) => typeof l !== 'string')) {
        problems.push({ check: NAME, message: `order ${r.number}, ${r.sku}: the packed lots are not a list of lot codes (${r.lots})`, details: r });
        continue;
      }
      if (!packed.has(key)) packed.set(key, new Map());
      for (const lot of lots as string[]) add(packed, key, lot, 1);
    }
    for (const r of pickedRows) {
      const key = `${r.order_id}:${r.product_id}`;
      // Only orders packed at a station are compared; their other products were never scanned.
      if (names.has(key)) add(picked, key, r.lot, r.qty);
    }
    for (const [key, name] of names) {
      const p = describe(packed.get(key));
      const l = describe(picked.get(key));
      if (p !== l) {
        problems.push({
          check: NAME,
          message: `order ${name.number}, ${name.sku}: packed lots ${p} but the ledger's picks are ${l}`,
          details: { order: name.number, sku: name.sku, packed: p, picked: l },
        });
      }
    }
    return problems;
  },
};
