import { WOO_PRODUCT_KEY_PREFIX } from '../../orders/intake/woocommerce-order-json';
import { ChannelApiError, type StockSet, type StockSetResult } from '../connector';
import type { WooHttp } from './http';

/**
 * Stock figures on WooCommerce products and variations, by SKU.
 *
 * WooCommerce has no compare-and-set. It is emulated: when a push carries compareQuantity, the
 * current stock_quantity is read first and a figure that moved (a storefront sale not yet in
 * Shipshape) is reported as `mismatch` instead of being overwritten. What remains is the window
 * between that read and the batch write (one round trip, well under a second): a sale made inside
 * it is overwritten by the absolute figure. The next push corrects the count once the sale's order
 * reaches Shipshape (webhook or pull), so the window can cost at most that one sale's units for
 * that moment, never a lasting drift.
 *
 * SKU → id lookups use GET /products?sku=a,b,c, which WooCommerce answers with products and
 * variations alike (a variation carries parent_id). The ids are cached; an unconditional push
 * (compareQuantity null) of a cached SKU needs no read.
 *
 * A product without a SKU (mapped once by the owner to one of ours) is addressed by the stand-in key
 * its order lines carry, `wc:<product_id>` or `wc:<product_id>:<variation_id>`
 * (wooCommerceProductKey): the key names the ids itself, so it needs no lookup, and a compare-and-set
 * reads that one product or variation.
 */
interface WooStockRow {
  id: number;
  parent_id?: number;
  type?: string;
  sku: string;
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
}

interface StockTarget {
  id: number;
  /** The variable product of a variation; null for a product. */
  parentId: number | null;
}

interface BatchAnswerItem {
  id: number;
  error?: { code?: string; message?: string };
}

export class WooStockClient {
  private readonly ids = new Map<string, StockTarget>();

  constructor(
    private readonly http: WooHttp,
    private readonly batchLimit: number,
  ) {}

  async readStock(items: { sku: string; locationId: string | null }[]) {
    const found = await this.read(items.map((i) => i.sku));
    return items.map((i) => {
      const row = found.get(i.sku);
      return { sku: i.sku, locationId: i.locationId, quantity: row && row.manage_stock !== false ? row.stock_quantity : null };
    });
  }

  async setStock(items: StockSet[]): Promise<StockSetResult[]> {
    if (items.length > this.batchLimit) throw new ChannelApiError('rejected', `at most ${this.batchLimit} stock figures per call, got ${items.length}`);
    const toRead = items.filter((i) => i.compareQuantity !== null || !this.target(i.sku)).map((i) => i.sku);
    const found = toRead.length > 0 ? await this.read(toRead) : new Map<string, WooStockRow>();
    const wasRead = new Set(toRead);
    const results: StockSetResult[] = [];
    const writes: { index: number; target: StockTarget; quantity: number }[] = [];
    items.forEach((item, index) => {
      const base = { sku: item.sku, locationId: item.locationId };
      // A product key that was read and not found names a product deleted since: unknown, like a SKU.
      const readAndGone = wasRead.has(item.sku) && !found.has(item.sku);
      const target = readAndGone ? undefined : this.target(item.sku);
      if (!target) return void (results[index] = { ...base, outcome: 'unknown_sku' });
      if (item.compareQuantity !== null) {
        const row = found.get(item.sku);
        const current = row && row.manage_stock !== false ? (row.stock_quantity ?? 0) : 0;
        if (current !== item.compareQuantity) return void (results[index] = { ...base, outcome: 'mismatch', current });
      }
      writes.push({ index, target, quantity: item.quantity });
    });
    // One batch for products, one per variable product for its variations.
    const groups = new Map<number | null, typeof writes>();
    for (const w of writes) groups.set(w.target.parentId, [...(groups.get(w.target.parentId) ?? []), w]);
    for (const [parentId, group] of groups) {
      const path = parentId === null ? '/products/batch' : `/products/${parentId}/variations/batch`;
      const { body } = await this.http.request<{ update?: BatchAnswerItem[] }>('POST', path, {
        body: { update: group.map((w) => ({ id: w.target.id, manage_stock: true, stock_quantity: w.quantity })) },
      });
      const answers = new Map((body?.update ?? []).map((a) => [a.id, a]));
      for (const w of group) {
        const item = items[w.index];
        const answer = answers.get(w.target.id);
        if (answer?.error) {
          // The product was deleted since we cached its id: the SKU is no longer in this store.
          if (/invalid_id|invalid_product_id|not_found/i.test(answer.error.code ?? '')) {
            this.ids.delete(item.sku);
            results[w.index] = { sku: item.sku, locationId: item.locationId, outcome: 'unknown_sku' };
            continue;
          }
          throw new ChannelApiError('rejected', `WooCommerce refused the stock of ${item.sku}: ${answer.error.message ?? answer.error.code}`);
        }
        results[w.index] = { sku: item.sku, locationId: item.locationId, outcome: 'set' };
      }
    }
    return results;
  }

  /** Where a SKU's or product key's stock is written: a key names its ids; a SKU's come from a lookup (cached). */
  private target(sku: string): StockTarget | undefined {
    return productKeyTarget(sku) ?? this.ids.get(sku);
  }

  /** Current rows: product keys read by id, one request each; SKUs looked up in lists. */
  private async read(skus: string[]): Promise<Map<string, WooStockRow>> {
    const found = await this.lookup(skus.filter((s) => !productKeyTarget(s)));
    for (const key of new Set(skus.filter((s) => productKeyTarget(s)))) {
      const target = productKeyTarget(key)!;
      const path = target.parentId === null ? `/products/${target.id}` : `/products/${target.parentId}/variations/${target.id}`;
      try {
        const { body } = await this.http.request<WooStockRow>('GET', path);
        if (body && typeof body.id === 'number') found.set(key, body);
      } catch (err) {
        // Deleted in WooCommerce since it was mapped: the key is no longer in this store.
        if (!(err instanceof ChannelApiError && err.detail.status === 404)) throw err;
      }
    }
    return found;
  }

  /** Current rows by SKU (exact match first, then ignoring case as WooCommerce's lookup does). */
  private async lookup(skus: string[]): Promise<Map<string, WooStockRow>> {
    const unique = [...new Set(skus)];
    const found = new Map<string, WooStockRow>();
    if (unique.length === 0) return found;
    // `sku` takes a comma-separated list; a SKU that itself holds a comma is asked for alone.
    const listable = unique.filter((s) => !s.includes(','));
    const requests = [...chunks(listable, 50).map((chunk) => chunk.join(',')), ...unique.filter((s) => s.includes(','))];
    for (const sku of requests) {
      const { body } = await this.http.request<WooStockRow[]>('GET', '/products', { query: { sku, per_page: 100 } });
      for (const row of Array.isArray(body) ? body : []) {
        if (!row.sku) continue;
        found.set(row.sku, row);
        if (!found.has(row.sku.toLowerCase())) found.set(row.sku.toLowerCase(), row);
      }
    }
    const result = new Map<string, WooStockRow>();
    for (const sku of unique) {
      const row = found.get(sku) ?? found.get(sku.toLowerCase());
      if (!row) {
        this.ids.delete(sku);
        continue;
      }
      result.set(sku, row);
      const isVariation = row.type === 'variation' || (row.parent_id ?? 0) > 0;
      this.ids.set(sku, { id: row.id, parentId: isVariation ? row.parent_id! : null });
    }
    return result;
  }
}

/** The product or variation a stand-in key `wc:<product_id>[:<variation_id>]` names; undefined for a SKU (or a deleted product's `wc:line:` key). */
function productKeyTarget(sku: string): StockTarget | undefined {
  if (!sku.startsWith(WOO_PRODUCT_KEY_PREFIX)) return undefined;
  const m = /^(\d+)(?::(\d+))?$/.exec(sku.slice(WOO_PRODUCT_KEY_PREFIX.length));
  if (!m) return undefined;
  return m[2] ? { id: Number(m[2]), parentId: Number(m[1]) } : { id: Number(m[1]), parentId: null };
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
