import type { ProductDto, ProductHit, ProductInput } from '../../../shared/api/inventory';
import { productInput } from '../../../shared/api/inventory';
import { AppError, invalid, notFound } from '../../../shared/errors';
import type { ProductRow } from '../../store/schema';
import type { Core } from '../../core';
import { isValidGtin } from '../../util/gs1';
import { productSearchMatch, skuPrefixMatch, writeSearchRow } from './product-search';

export async function productToDto(core: Core, p: ProductRow): Promise<ProductDto> {
  const { store } = core;
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    variantOptions: JSON.parse(p.variant_options) as Record<string, string>,
    weightG: p.weight_g,
    lengthMm: p.length_mm,
    widthMm: p.width_mm,
    heightMm: p.height_mm,
    priceCents: p.price_cents,
    costCents: p.cost_cents,
    avgCostCents: p.avg_cost_cents,
    currency: p.currency,
    hsCode: p.hs_code,
    originCountry: p.origin_country,
    customsDescription: p.customs_description ?? null,
    tags: p.tags ? p.tags.split(',').filter(Boolean) : [],
    active: p.active === 1,
    lotTracked: p.lot_tracked === 1,
    isKit: p.is_kit === 1,
    reorderPoint: p.reorder_point,
    safetyStock: p.safety_stock,
    barcodes: await store.raw<{ code: string; kind: 'gtin' | 'supplier' }>('select code, kind from barcode where product_id = ? order by kind, code', p.id),
    aliases: await store.raw<{ channel: string; alias: string }>('select channel, alias from sku_alias where product_id = ? order by channel, alias', p.id),
    components: await store.raw<{ sku: string; name: string; quantity: number }>(
      'select c.sku, c.name, k.quantity from kit_component k join product c on c.id = k.component_id where k.kit_id = ? order by c.sku',
      p.id,
    ),
  };
}

/** Catalog: products, barcodes, channel aliases and kits, plus the search index. */
export class CatalogService {
  constructor(private readonly core: Core) {}

  async getRow(ref: { id?: number; sku?: string }): Promise<ProductRow> {
    const { store } = this.core;
    const row = ref.id
      ? (await store.raw<ProductRow>('select * from product where id = ?', ref.id))[0]
      : (await store.raw<ProductRow>('select * from product where sku = ? collate nocase', ref.sku))[0];
    if (!row) throw notFound(`Product ${ref.sku ?? ref.id}`, { sku: ref.sku, id: ref.id });
    return row;
  }

  async get(ref: { id?: number; sku?: string }): Promise<ProductDto> {
    return await productToDto(this.core, await this.getRow(ref));
  }

  /** Exact scanner lookup: barcode, then SKU, then any channel's SKU alias. */
  async lookup(code: string): Promise<ProductDto | null> {
    const id = await this.lookupId(code);
    return id ? await this.get({ id }) : null;
  }

  async lookupId(code: string): Promise<number | null> {
    const { store } = this.core;
    const c = code.trim();
    const hit =
      (await store.raw<{ product_id: number }>('select product_id from barcode where code = ?', c))[0]?.product_id ??
      (await store.raw<{ id: number }>('select id from product where sku = ? collate nocase', c))[0]?.id ??
      (await store.raw<{ product_id: number }>('select product_id from sku_alias where alias = ? collate nocase limit 1', c))[0]?.product_id;
    return hit ?? null;
  }

  /**
   * Search: an exact barcode/SKU/alias comes first (a scanner typed into the search box), then
   * trigram full-text matches on SKU, name and codes, then SKU prefix for 1–2 character queries.
   */
  async search(query: string, limit: number): Promise<ProductHit[]> {
    const { store } = this.core;
    const q = query.trim();
    if (!q) return (await store.raw<ProductHit>('select id, sku, name, 0 as exact from product order by sku limit ?', limit)).map(fixExact);
    const hits: ProductHit[] = [];
    const exactId = await this.lookupId(q);
    if (exactId) hits.push({ ...(await store.raw<{ id: number; sku: string; name: string }>('select id, sku, name from product where id = ?', exactId))[0], exact: true });
    // SKU prefixes first (an index range, already in order), then substring matches anywhere in
    // SKU, name or codes. The substring matches come in index (rowid) order, which lets the
    // search stop after `limit` hits: ranking every match by bm25 cost 30+ ms on a common
    // fragment at 100,000 SKUs, and trigram bm25 says little about relevance anyway.
    const skuPrefix = skuPrefixMatch(store, 'sku', q);
    const prefix = await store.raw<{ id: number; sku: string; name: string }>(`select id, sku, name from product where ${skuPrefix.sql} order by sku limit ?`, ...skuPrefix.params, limit + 1);
    const match = productSearchMatch(store, 's', q);
    const rest =
      q.length >= 3 && prefix.length < limit + 1
        ? await store.raw<{ id: number; sku: string; name: string }>(
            `select p.id, p.sku, p.name from product_search s join product p on p.id = s.rowid
             where ${match.sql} order by s.rowid limit ?`,
            ...match.params,
            limit + 1 + prefix.length,
          )
        : [];
    const seen = new Set(exactId ? [exactId] : []);
    for (const r of [...prefix, ...rest]) {
      if (seen.has(r.id) || hits.length >= limit) continue;
      seen.add(r.id);
      hits.push({ ...r, exact: false });
    }
    return hits;
  }

  /** Creates or updates a product by SKU (case-insensitive), with its barcodes, aliases and kit. */
  async upsert(raw: ProductInput): Promise<ProductDto> {
    const input = productInput.parse(raw);
    const { store, clock } = this.core;
    for (const [i, b] of input.barcodes.entries()) {
      if (b.kind === 'gtin' && !isValidGtin(b.code)) {
        throw invalid(`Barcode ${b.code} is not a valid GTIN (wrong length or check digit)`, { issues: [{ path: `barcodes.${i}.code`, message: 'invalid GTIN check digit' }] });
      }
    }
    return await store.tx(async () => {
      const now = clock.now().toISOString();
      const existing = (await store.raw<{ id: number }>('select id from product where sku = ? collate nocase', input.sku))[0];
      const values = [
        input.name,
        JSON.stringify(input.variantOptions),
        input.weightG,
        input.lengthMm,
        input.widthMm,
        input.heightMm,
        input.priceCents,
        input.costCents,
        input.currency,
        input.hsCode,
        input.originCountry,
        input.tags.join(','),
        input.active ? 1 : 0,
        input.lotTracked ? 1 : 0,
        input.components.length > 0 ? 1 : 0,
        input.reorderPoint,
        input.safetyStock,
      ];
      let id: number;
      if (existing) {
        id = existing.id;
        await store.raw(
          `update product set name=?, variant_options=?, weight_g=?, length_mm=?, width_mm=?, height_mm=?, price_cents=?, cost_cents=?, currency=?,
           hs_code=?, origin_country=?, tags=?, active=?, lot_tracked=?, is_kit=?, reorder_point=?, safety_stock=?, updated_at=? where id = ?`,
          ...values,
          now,
          id,
        );
      } else {
        id = (await store.raw<{ id: number }>(
          `insert into product (sku, name, variant_options, weight_g, length_mm, width_mm, height_mm, price_cents, cost_cents, currency, hs_code,
           origin_country, tags, active, lot_tracked, is_kit, reorder_point, safety_stock, avg_cost_cents, created_at, updated_at)
           values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) returning id`,
          input.sku,
          ...values,
          input.costCents,
          now,
          now,
        ))[0].id;
      }
      if (input.customsDescription !== undefined) await store.raw('update product set customs_description = ? where id = ?', input.customsDescription || null, id);
      await store.raw('delete from barcode where product_id = ?', id);
      for (const b of input.barcodes) {
        const owner = (await store.raw<{ sku: string }>('select p.sku from barcode b join product p on p.id = b.product_id where b.code = ?', b.code))[0];
        if (owner) throw new AppError('CONFLICT', `Barcode ${b.code} already belongs to ${owner.sku}`, { field: 'barcodes' });
        await store.raw('insert into barcode (code, product_id, kind) values (?,?,?)', b.code, id, b.kind);
      }
      await store.raw('delete from sku_alias where product_id = ?', id);
      for (const a of input.aliases) await store.raw('insert into sku_alias (channel, alias, product_id) values (?,?,?)', a.channel, a.alias, id);
      await store.raw('delete from kit_component where kit_id = ?', id);
      for (const c of input.components) {
        const component = await this.getRow({ sku: c.sku });
        if (component.id === id) throw invalid(`Kit ${input.sku} cannot contain itself`);
        if (component.is_kit) throw invalid(`Kit component ${c.sku} is itself a kit; nest components directly`);
        await store.raw('insert into kit_component (kit_id, component_id, quantity) values (?,?,?)', id, component.id, c.quantity);
      }
      await this.reindex(id);
      return await this.get({ id });
    });
  }

  /** Keeps the trigram search index in step with the product (same transaction). */
  async reindex(productId: number): Promise<void> {
    const { store } = this.core;
    const p = (await store.raw<{ sku: string; name: string }>('select sku, name from product where id = ?', productId))[0];
    const codes = (await store.raw<{ code: string }>('select code from barcode where product_id = ?', productId)).map((r) => r.code);
    await writeSearchRow(store, productId, p.sku, p.name, codes.join(' '));
  }
}

function fixExact(h: ProductHit): ProductHit {
  return { ...h, exact: Boolean(h.exact) };
}

