import { mapInOrder } from '../../util/in-order';
import type { StockDetailDto, StockRowDto } from '../../../shared/api/inventory';
import { invalid } from '../../../shared/errors';
import type { Core } from '../../core';
import { availableIn } from './availability';
import { CatalogService } from '../catalog/catalog-service';
import { productSearchMatch, skuPrefixMatch } from '../catalog/product-search';
import { applyMovement, SELLABLE_BIN_KINDS } from './ledger';
import { stockDetail } from './stock-detail';
import { Locations } from './locations';

/** Which products a stock search matches: a condition on `p`, its count, and (optionally) a cheaper FROM/WHERE for one sorted page. */
interface ProductMatch {
  sql: string;
  params: unknown[];
  count: string;
  page?: { from: string; where: string };
}
import { csvLine } from '../../util/csv';
import { shopCalendar } from '../calendar/shop-calendar';
import { inChunks, withProgress } from '../../logging/progress';

const SELLABLE_LIST = SELLABLE_BIN_KINDS.map((k) => `'${k}'`).join(',');

/**
 * The stock view's marks, as SQL over the product `p`, warehouse `w` and its level `l` (left
 * joined): the one statement of each rule, read by the view's filters and by the counts the
 * dashboard shows. Available = sellable − reserved − safety stock, floored at 0. Low: at or below
 * the reorder point but not out (out is its own mark); kits have no stock of their own.
 */
const AVAILABLE = 'case when coalesce(l.sellable, 0) - coalesce(l.reserved, 0) - p.safety_stock > 0 then coalesce(l.sellable, 0) - coalesce(l.reserved, 0) - p.safety_stock else 0 end';
const IS_LOW = `p.is_kit = 0 and ${AVAILABLE} <= p.reorder_point and ${AVAILABLE} > 0`;
const IS_OUT = `p.is_kit = 0 and ${AVAILABLE} = 0`;
/** Expiring: a balance `b` of lot `lot` with stock expires on or before a day (parameter: expiringBy(today, N)). */
const EXPIRING_BALANCE = 'b.on_hand > 0 and lot.expires_on <= ?';
/** The last day (YYYY-MM-DD) of the next N days from today, computed here: date arithmetic differs per engine. */
function expiringBy(today: string, days: number): string {
  const d = new Date(`${today.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
/** Every product in every active warehouse, with its level there if it has one. */
const PRODUCT_WAREHOUSE_LEVELS = 'product p cross join warehouse w left join stock_level l on l.product_id = p.id and l.warehouse_id = w.id';

export interface StockRef {
  sku: string;
  warehouse?: string;
  bin?: string;
  lot?: string;
  expiresOn?: string;
}

interface StockListRow {
  id: number;
  sku: string;
  name: string;
  code: string;
  warehouse_id: number;
  on_hand: number;
  reserved: number;
  available: number;
  reorder_point: number;
  is_kit: number;
  next_expiry: string | null;
}

export interface StockListQuery {
  warehouse?: string;
  query?: string;
  filter: 'all' | 'low' | 'out' | 'expiring';
  expiringDays: number;
  offset: number;
  limit: number;
}

/** Stock figures and the operations that change them (adjust, receive, move). */
export class StockService {
  readonly locations: Locations;
  constructor(
    private readonly core: Core,
    private readonly catalog: CatalogService,
  ) {
    this.locations = new Locations(core);
  }

  async today(): Promise<string> {
    return (await shopCalendar(this.core)).today();
  }

  private async resolve(ref: StockRef, createLot: boolean) {
    const product = await this.catalog.getRow({ sku: ref.sku });
    if (product.is_kit) throw invalid(`${product.sku} is a kit: its stock is its components' stock`, { field: 'sku' });
    const warehouse = await this.locations.warehouse(ref.warehouse);
    const bin = await this.locations.bin(warehouse.id, ref.bin);
    const lotId = await this.locations.lot(product, ref.lot, ref.expiresOn, createLot);
    return { product, warehouse, bin, lotId };
  }

  async adjust(ref: StockRef & { delta: number; reason: string }, actor: string) {
    return await this.core.store.tx(async () => {
      const { product, warehouse, bin, lotId } = await this.resolve(ref, ref.delta > 0);
      const result = await applyMovement(this.core, { kind: 'adjust', productId: product.id, binId: bin.id, lotId, quantity: ref.delta, reason: ref.reason, actor });
      this.published(product.id);
      return { ...result, available: await availableIn(this.core, product.id, warehouse.code, await this.today()) };
    });
  }

  async receive(ref: StockRef & { quantity: number; unitCostCents?: number; reference?: string }, actor: string) {
    return await this.core.store.tx(async () => {
      const { product, warehouse, bin, lotId } = await this.resolve(ref, true);
      const result = await applyMovement(this.core, {
        kind: 'receive',
        productId: product.id,
        binId: bin.id,
        lotId,
        quantity: ref.quantity,
        reason: 'received',
        reference: ref.reference ?? null,
        unitCostCents: ref.unitCostCents ?? product.cost_cents,
        actor,
      });
      this.published(product.id);
      return { ...result, available: await availableIn(this.core, product.id, warehouse.code, await this.today()) };
    });
  }

  async move(input: { sku: string; warehouse?: string; fromBin: string; toBin: string; lot?: string; quantity: number }, actor: string) {
    return await this.core.store.tx(async () => {
      const from = await this.resolve({ sku: input.sku, warehouse: input.warehouse, bin: input.fromBin, lot: input.lot }, false);
      const to = await this.locations.bin(from.warehouse.id, input.toBin);
      if (to.id === from.bin.id) throw invalid('From and to bins are the same', { field: 'toBin' });
      const reference = `move ${from.bin.code}→${to.code}`;
      await applyMovement(this.core, { kind: 'move_out', productId: from.product.id, binId: from.bin.id, lotId: from.lotId, quantity: -input.quantity, reason: 'bin move', reference, actor });
      await applyMovement(this.core, { kind: 'move_in', productId: from.product.id, binId: to.id, lotId: from.lotId, quantity: input.quantity, reason: 'bin move', reference, actor });
      this.published(from.product.id);
      return { moved: input.quantity };
    });
  }

  /** Tells live screens (and channel stock feeds) that a product's figures changed. */
  published(productId: number): void {
    this.core.events.publish('stock.changed', { productId });
  }

  /**
   * The stock view: one row per (product, warehouse), ordered by SKU then warehouse, paged.
   * Inactive products are listed too: they may still hold stock that has to be seen and counted.
   *
   * Performance (bench/stock.ts, 100,000 SKUs): without a low/out/expiring filter every product
   * has one row per warehouse in scope, so rows are paged as products (through the SKU index, or
   * the search match) and only the page's levels are read — counting and sorting the
   * product × warehouse join for every keystroke cost 100–300 ms. The filters need the
   * per-warehouse figures of every product and use the join.
   */
  async list(q: StockListQuery): Promise<{ total: number; rows: StockRowDto[] }> {
    const warehouse = q.warehouse ? await this.locations.warehouse(q.warehouse) : undefined;
    const today = await this.today();
    const match = await this.productMatch(q.query);
    if (q.filter === 'all') return await this.listAll(match, warehouse?.id, q.offset, q.limit, today);

    const { store } = this.core;
    const where: string[] = [match.sql];
    const params: unknown[] = [...match.params];
    if (warehouse) {
      where.push('w.id = ?');
      params.push(warehouse.id);
    }
    if (q.filter === 'low') where.push(IS_LOW);
    if (q.filter === 'out') where.push(IS_OUT);
    if (q.filter === 'expiring') {
      where.push(`exists (select 1 from stock_balance b join lot on lot.id = b.lot_id where b.product_id = p.id and b.warehouse_id = w.id and ${EXPIRING_BALANCE})`);
      params.push(expiringBy(today, q.expiringDays));
    }
    const from = `from ${PRODUCT_WAREHOUSE_LEVELS} where w.active = 1 and ${where.join(' and ')}`;
    const total = (await store.raw<{ n: number }>(`select count(*) as n ${from}`, ...params))[0].n;
    const rows = await store.raw<StockListRow>(
      `select p.id, p.sku, p.name, w.code, w.id as warehouse_id, coalesce(l.on_hand, 0) as on_hand, coalesce(l.reserved, 0) as reserved, ${AVAILABLE} as available,
              p.reorder_point, p.is_kit,
              (select min(lot.expires_on) from stock_balance b join lot on lot.id = b.lot_id where b.product_id = p.id and b.warehouse_id = w.id and b.on_hand > 0) as next_expiry
       ${from} order by p.sku, w.id limit ? offset ?`,
      ...params,
      q.limit,
      q.offset,
    );
    return { total, rows: await mapInOrder(rows, async (r) => await this.toStockRow(r, today)) };
  }

  /**
   * How many rows of the whole stock view carry each mark — what `list` counts as its total for the
   * low, out and expiring filters — without listing any. Low and out in one pass over every
   * product in every active warehouse (three filtered lists cost three passes, and each a second
   * one for its first page: ~0.4 s at 100,000 SKUs against ~0.1 s); expiring from the lots' side,
   * which only lot-tracked stock has.
   */
  async attentionCounts(expiringDays: number): Promise<{ low: number; out: number; expiring: number }> {
    const { store } = this.core;
    const marks = (await store.raw<{ low: number | null; out: number | null }>(
      `select sum(case when ${IS_LOW} then 1 else 0 end) as low, sum(case when ${IS_OUT} then 1 else 0 end) as out from ${PRODUCT_WAREHOUSE_LEVELS} where w.active = 1`,
    ))[0];
    const expiring = (await store.raw<{ n: number }>(
      `select count(*) as n from (select distinct b.product_id, b.warehouse_id from stock_balance b join lot on lot.id = b.lot_id join warehouse w on w.id = b.warehouse_id
         where w.active = 1 and ${EXPIRING_BALANCE}) as expiring`,
      expiringBy(await this.today(), expiringDays),
    ))[0].n;
    return { low: marks.low ?? 0, out: marks.out ?? 0, expiring };
  }

  /**
   * Which products a search matches, as SQL over `p`: exact code, trigram substring, or SKU
   * prefix; `count` counts the same set without touching the product table where it can.
   */
  private async productMatch(query: string | undefined): Promise<ProductMatch> {
    const text = query?.trim();
    if (!text) return { sql: '1 = 1', params: [], count: 'select count(*) as n from product' };
    const exact = await this.catalog.lookupId(text);
    if (exact) return { sql: 'p.id = ?', params: [exact], count: 'select count(*) as n from product where id = ?' };
    const { store } = this.core;
    if (text.length >= 3) {
      const inIndex = productSearchMatch(store, 'product_search', text);
      const onPage = productSearchMatch(store, 's', text);
      return {
        sql: `p.id in (select rowid from product_search where ${inIndex.sql})`,
        params: inIndex.params,
        count: `select count(*) as n from product_search where ${inIndex.sql}`,
        // A page of matches sorted by SKU: joining from the matches and keeping the top of the
        // sort is ~30% cheaper than walking the SKU index against an IN list of thousands.
        page: { from: 'product_search s join product p on p.id = s.rowid', where: onPage.sql },
      };
    }
    const prefix = skuPrefixMatch(store, 'p.sku', text);
    return { sql: prefix.sql, params: prefix.params, count: `select count(*) as n from product p where ${prefix.sql}` };
  }

  /** Unfiltered view: page over products (W rows each), then read only the page's levels. */
  private async listAll(match: ProductMatch, warehouseId: number | undefined, offset: number, limit: number, today: string) {
    const { store } = this.core;
    const warehouses = await store.raw<{ id: number; code: string }>('select id, code from warehouse where active = 1 and (cast(? as bigint) is null or id = ?) order by id', warehouseId ?? null, warehouseId ?? null);
    const perProduct = warehouses.length;
    if (perProduct === 0) return { total: 0, rows: [] };
    const productTotal = (await store.raw<{ n: number }>(match.count, ...match.params))[0].n;
    const firstProduct = Math.floor(offset / perProduct);
    const productCount = Math.ceil((offset + limit) / perProduct) - firstProduct;
    const products = await store.raw<{ id: number; sku: string; name: string; reorder_point: number; is_kit: number; safety_stock: number }>(
      `select p.id, p.sku, p.name, p.reorder_point, p.is_kit, p.safety_stock from ${match.page?.from ?? 'product p'} where ${match.page?.where ?? match.sql} order by p.sku limit ? offset ?`,
      ...match.params,
      productCount,
      firstProduct,
    );
    if (products.length === 0) return { total: productTotal * perProduct, rows: [] };
    const ids = products.map((p) => p.id);
    const idList = ids.map(() => '?').join(',');
    const levels = new Map(
      (await store
        .raw<{ product_id: number; warehouse_id: number; on_hand: number; sellable: number; reserved: number }>(
          `select product_id, warehouse_id, on_hand, sellable, reserved from stock_level where product_id in (${idList})`,
          ...ids,
        ))
        .map((l) => [`${l.product_id}:${l.warehouse_id}`, l]),
    );
    const expiries = new Map(
      (await store
        .raw<{ product_id: number; warehouse_id: number; next_expiry: string }>(
          `select b.product_id, b.warehouse_id, min(lot.expires_on) as next_expiry from stock_balance b join lot on lot.id = b.lot_id
           where b.product_id in (${idList}) and b.on_hand > 0 and lot.expires_on is not null group by b.product_id, b.warehouse_id`,
          ...ids,
        ))
        .map((e) => [`${e.product_id}:${e.warehouse_id}`, e.next_expiry]),
    );
    const rows: StockRowDto[] = [];
    for (const p of products) {
      for (const w of warehouses) {
        const l = levels.get(`${p.id}:${w.id}`);
        const row: StockListRow = {
          id: p.id,
          sku: p.sku,
          name: p.name,
          code: w.code,
          warehouse_id: w.id,
          on_hand: l?.on_hand ?? 0,
          reserved: l?.reserved ?? 0,
          available: Math.max(0, (l?.sellable ?? 0) - (l?.reserved ?? 0) - p.safety_stock),
          reorder_point: p.reorder_point,
          is_kit: p.is_kit,
          next_expiry: expiries.get(`${p.id}:${w.id}`) ?? null,
        };
        rows.push(await this.toStockRow(row, today));
      }
    }
    const skip = offset - firstProduct * perProduct;
    return { total: productTotal * perProduct, rows: rows.slice(skip, skip + limit) };
  }

  private async toStockRow(r: StockListRow, today: string): Promise<StockRowDto> {
    // Kits and expired lots need the full rule; the common case uses the maintained level.
    const avail = r.is_kit || (r.next_expiry && r.next_expiry <= today) ? await availableIn(this.core, r.id, r.code, today) : r.available;
    return {
      productId: r.id,
      sku: r.sku,
      name: r.name,
      warehouse: r.code,
      onHand: r.on_hand,
      reserved: r.reserved,
      available: avail,
      reorderPoint: r.reorder_point,
      // Same rule as the 'low' filter: at or below the reorder point but not out (out is its own mark).
      low: !r.is_kit && avail > 0 && avail <= r.reorder_point,
      isKit: r.is_kit === 1,
      nextExpiry: r.next_expiry,
    };
  }

  async detail(productId: number): Promise<StockDetailDto> {
    return await stockDetail(this.core, await this.catalog.getRow({ id: productId }), await this.today());
  }

  /** Rows read in one read transaction (one consistent picture; writers not held up), then written a chunk at a time with progress. */
  exportCsv(warehouse?: string): Promise<{ csv: string; filename: string }> {
    return withProgress(this.core.events, { kind: 'export', label: `Exporting stock (${warehouse ?? 'all warehouses'})` }, async (progress) => {
      const rows = await this.core.store.snapshot(async () => {
        const read: StockRowDto[] = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await this.list({ warehouse, filter: 'all', expiringDays: 0, offset, limit: 1000 });
          read.push(...page.rows);
          if (page.rows.length < 1000) return read;
        }
      });
      const lines = ['sku,name,warehouse,on_hand,reserved,available,reorder_point,next_expiry'];
      await inChunks(rows, progress, (r) => lines.push(csvLine([r.sku, r.name, r.warehouse, r.onHand, r.reserved, r.available, r.reorderPoint, r.nextExpiry])));
      return { csv: `${lines.join('\n')}\n`, filename: `stock-${warehouse ?? 'all'}-${await this.today()}.csv` };
    });
  }
}

export { SELLABLE_LIST };
