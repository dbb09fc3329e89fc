import { ChannelApiError, type StockSet, type StockSetResult } from '../connector';
import type { ShopifyAdminClient } from './admin-client';
import { toGid } from './ids';
import { INVENTORY_ITEMS, SET_STOCK, SKU_SEARCH_CHUNK, STOCK_LEVELS } from './operations';

/**
 * Stock out to Shopify: absolute "available" figures per inventory item and location, with
 * inventorySetQuantities' compare-and-set so a sale the storefront made a moment ago is never
 * overwritten. Shopify addresses stock by inventory item, Shipshape by SKU: the item ids are looked
 * up by SKU once and cached for the connector's life (a SKU not found is looked up again next
 * time — it may have been created since).
 */

/**
 * Shopify's docs give no size limit for `quantities`; 250 is the cap Shopify puts on its other
 * input arrays and on a connection page, so a batch never meets an undocumented one.
 */
export const MAX_STOCK_BATCH = 250;

type Key = string;
const keyOf = (sku: string, locationId: string | null): Key => `${locationId ?? ''}\u0000${sku}`;

interface SetStockUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export class ShopifyStock {
  private readonly inventoryItemBySku = new Map<string, string>();

  constructor(
    private readonly client: ShopifyAdminClient,
    /** For `referenceDocumentUri`: Shopify's inventory history then names Shipshape as the source. */
    private readonly referenceUri: () => string = () => `gid://shipshape/StockPush/${Date.now()}`,
  ) {}

  async setStock(items: StockSet[]): Promise<StockSetResult[]> {
    if (items.length > MAX_STOCK_BATCH) {
      throw new ChannelApiError('rejected', `At most ${MAX_STOCK_BATCH} stock figures go to Shopify in one call (got ${items.length})`);
    }
    for (const item of items) {
      if (!item.locationId) throw new ChannelApiError('rejected', `SKU ${item.sku}: Shopify keeps stock per location, and none is mapped for it`);
    }
    const ids = await this.resolveInventoryItems(items.map((i) => i.sku));
    const results = new Map<Key, StockSetResult>();
    const known: StockSet[] = [];
    for (const item of items) {
      if (ids.has(item.sku)) known.push(item);
      else results.set(keyOf(item.sku, item.locationId), { sku: item.sku, locationId: item.locationId, outcome: 'unknown_sku' });
    }
    // Shopify's compare-and-set flag is per call, not per figure: first pushes (no figure to
    // compare with) go in a call of their own that skips the check.
    const compared = known.filter((i) => i.compareQuantity !== null);
    const unconditional = known.filter((i) => i.compareQuantity === null);
    const stale: StockSet[] = [];
    for (const group of [compared, unconditional]) {
      if (group.length === 0) continue;
      await this.setGroup(group, ids, results, stale);
    }
    if (stale.length > 0) {
      const current = await this.readStock(stale.map((s) => ({ sku: s.sku, locationId: s.locationId })));
      for (const c of current) {
        results.set(keyOf(c.sku, c.locationId), { sku: c.sku, locationId: c.locationId, outcome: 'mismatch', current: c.quantity ?? 0 });
      }
    }
    return items.map((i) => results.get(keyOf(i.sku, i.locationId))!);
  }

  /**
   * inventorySetQuantities is all-or-nothing: one stale figure refuses the whole call. The stale
   * (and vanished) figures are taken out and the rest sent again, so one storefront sale does not
   * hold back a batch of 250. Ends because every round removes at least one figure or succeeds.
   */
  private async setGroup(group: StockSet[], ids: Map<string, string>, results: Map<Key, StockSetResult>, stale: StockSet[]): Promise<void> {
    let pending = group;
    while (pending.length > 0) {
      const withCompare = pending[0].compareQuantity !== null;
      const data = await this.client.request<{ inventorySetQuantities: { userErrors: SetStockUserError[] } }>('ShipshapeSetStock', SET_STOCK, {
        input: {
          name: 'available',
          reason: 'correction',
          referenceDocumentUri: this.referenceUri(),
          ...(withCompare ? {} : { ignoreCompareQuantity: true }),
          quantities: pending.map((i) => ({
            inventoryItemId: ids.get(i.sku)!,
            locationId: toGid('Location', i.locationId!),
            quantity: i.quantity,
            ...(withCompare ? { compareQuantity: i.compareQuantity } : {}),
          })),
        },
      });
      const errors = data.inventorySetQuantities.userErrors;
      if (errors.length === 0) {
        for (const i of pending) results.set(keyOf(i.sku, i.locationId), { sku: i.sku, locationId: i.locationId, outcome: 'set' });
        return;
      }
      const dropped = new Set<number>();
      for (const error of errors) {
        const index = quantityIndex(error);
        const item = index === null ? undefined : pending[index];
        if (item && error.code === 'COMPARE_QUANTITY_STALE') {
          stale.push(item);
          dropped.add(index!);
        } else if (item && error.code === 'INVALID_INVENTORY_ITEM') {
          this.inventoryItemBySku.delete(item.sku);
          results.set(keyOf(item.sku, item.locationId), { sku: item.sku, locationId: item.locationId, outcome: 'unknown_sku' });
          dropped.add(index!);
        } else {
          const what = item ? `SKU ${item.sku} at location ${item.locationId}: ` : '';
          throw new ChannelApiError('rejected', `Shopify refused the stock figures — ${what}${error.message}`);
        }
      }
      pending = pending.filter((_, index) => !dropped.has(index));
    }
  }

  /** Shopify's current "available" figures; null for a SKU Shopify does not know or does not stock there. */
  async readStock(items: { sku: string; locationId: string | null }[]): Promise<{ sku: string; locationId: string | null; quantity: number | null }[]> {
    const found = new Map<Key, number | null>();
    const byLocation = new Map<string, string[]>();
    for (const item of items) {
      if (!item.locationId) continue;
      const skus = byLocation.get(item.locationId) ?? [];
      skus.push(item.sku);
      byLocation.set(item.locationId, skus);
    }
    for (const [locationId, skus] of byLocation) {
      for (const chunk of chunks([...new Set(skus)], SKU_SEARCH_CHUNK)) {
        const data = await this.client.request<{
          inventoryItems: { nodes: { id: string; sku: string | null; inventoryLevel: { quantities: { name: string; quantity: number }[] } | null }[] };
        }>('ShipshapeStockLevels', STOCK_LEVELS, { first: chunk.length, query: skuSearch(chunk), locationId: toGid('Location', locationId) });
        for (const node of data.inventoryItems.nodes) {
          // The search matches loosely; only an exact SKU counts.
          if (!node.sku || !chunk.includes(node.sku)) continue;
          this.inventoryItemBySku.set(node.sku, node.id);
          const available = node.inventoryLevel?.quantities.find((q) => q.name === 'available');
          found.set(keyOf(node.sku, locationId), available ? available.quantity : null);
        }
      }
    }
    return items.map((i) => ({ sku: i.sku, locationId: i.locationId, quantity: found.get(keyOf(i.sku, i.locationId)) ?? null }));
  }

  private async resolveInventoryItems(skus: string[]): Promise<Map<string, string>> {
    const missing = [...new Set(skus)].filter((sku) => !this.inventoryItemBySku.has(sku));
    for (const chunk of chunks(missing, SKU_SEARCH_CHUNK)) {
      const data = await this.client.request<{ inventoryItems: { nodes: { id: string; sku: string | null }[] } }>(
        'ShipshapeInventoryItems',
        INVENTORY_ITEMS,
        { first: chunk.length, query: skuSearch(chunk) },
      );
      for (const node of data.inventoryItems.nodes) {
        if (node.sku && chunk.includes(node.sku)) this.inventoryItemBySku.set(node.sku, node.id);
      }
    }
    const out = new Map<string, string>();
    for (const sku of skus) {
      const id = this.inventoryItemBySku.get(sku);
      if (id) out.set(sku, id);
    }
    return out;
  }
}

/** Shopify search syntax: `sku:"A-1" OR sku:"B \"2\""` (quoted, so SKUs with spaces or colons match whole). */
export function skuSearch(skus: string[]): string {
  return skus.map((sku) => `sku:"${sku.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(' OR ');
}

/** userErrors name the figure by path: ["input", "quantities", "3", "compareQuantity"]. */
function quantityIndex(error: SetStockUserError): number | null {
  const field = error.field ?? [];
  const at = field.indexOf('quantities');
  const index = at >= 0 ? Number(field[at + 1]) : NaN;
  return Number.isInteger(index) ? index : null;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
