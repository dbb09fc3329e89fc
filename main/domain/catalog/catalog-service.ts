import type { ProductDto, ProductHit, ProductInput } from '../../../shared/api/inventory';
import { productInput } from '../../../shared/api/inventory';
import { AppError, invalid, notFound } from '../../../shared/errors';
import type { ProductRow } from '../../store/schema';
import type { Core } from '../../core';
import { isValidGtin } from '../../util/gs1';
import { productSearchMatch, skuPrefixMatch, writeSearchRow } from './product-search';
import { noCase } from '../../store/no-case';

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
    barcodes: (await store.all(store.kysely.selectFrom('barcode').select(['code', 'kind']).where('product_id', '=', p.id).orderBy('kind').orderBy('code')))
      .map((b) => ({ code: b.code, kind: b.kind as 'gtin' | 'supplier' })),
    aliases: await store.all(store.kysely.selectFrom('sku_alias').select(['channel', 'alias']).where('product_id', '=', p.id).orderBy('channel').orderBy('alias')),
    components: await store.all(
      store.kysely.selectFrom('kit_component as k').innerJoin('product as c', 'c.id', 'k.component_id')
        .select(['c.sku', 'c.name', 'k.quantity']).where('k.kit_id', '=', p.id).orderBy('c.sku'),
    ),
  };
}

/** Catalog: products, barcodes, channel aliases and kits, plus the search index. */
export class CatalogService {
  constructor(private readonly core: Core) {}

  async getRow(ref: { id?: number; sku?: string }): Promise<ProductRow> {
    const { store } = this.core;
    const product = store.kysely.selectFrom('product').selectAll();
    const row = await store.get(ref.id ? product.where('id', '=', ref.id) : product.where('sku', '=', noCase(ref.sku ?? '')));
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
      (await store.get(store.kysely.selectFrom('barcode').select('product_id').where('code', '=', c)))?.product_id ??
      (await store.get(store.kysely.selectFrom('product').select('id').where('sku', '=', noCase(c))))?.id ??
      (await store.get(store.kysely.selectFrom('sku_alias').select('product_id').where('alias', '=', noCase(c)).limit(1)))?.product_id;
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
      const bySku = async () => await store.get(store.kysely.selectFrom('product').select('id').where('sku', '=', noCase(input.sku)));
      const existing = await bySku();
      const values = {
        name: input.name,
        variant_options: JSON.stringify(input.variantOptions),
        weight_g: input.weightG,
        length_mm: input.lengthMm,
        width_mm: input.widthMm,
        height_mm: input.heightMm,
        price_cents: input.priceCents,
        cost_cents: input.costCents,
        currency: input.currency,
        hs_code: input.hsCode,
        origin_country: input.originCountry,
        tags: input.tags.join(','),
        active: input.active ? 1 : 0,
        lot_tracked: input.lotTracked ? 1 : 0,
        is_kit: input.components.length > 0 ? 1 : 0,
        reorder_point: input.reorderPoint,
        safety_stock: input.safetyStock,
        updated_at: now,
      };
      const update = async (id: number) => await store.run(store.kysely.updateTable('product').set(values).where('id', '=', id));
      let id: number;
      if (existing) {
        id = existing.id;
        await update(id);
      } else {
        const created = await store.get(
          store.kysely.insertInto('product')
            .values({ sku: input.sku, ...values, avg_cost_cents: input.costCents, created_at: now })
            .onConflict((oc) => oc.column('sku').doNothing())
            .returning('id'),
        );
        if (created) id = created.id;
        else {
          // Another request saved this new SKU a moment ago (a second station server on the same
          // PostgreSQL database; the insert waited for it to commit): this save updates that
          // product, as it would have a moment later — not a unique-key error.
          const other = await bySku();
          if (!other) throw new AppError('CONFLICT', `SKU ${input.sku} is being saved by another request; try again`, { field: 'sku', sku: input.sku });
          id = other.id;
          await update(id);
        }
      }
      if (input.customsDescription !== undefined) {
        await store.run(store.kysely.updateTable('product').set({ customs_description: input.customsDescription || null }).where('id', '=', id));
      }
      await store.run(store.kysely.deleteFrom('barcode').where('product_id', '=', id));
      for (const b of input.barcodes) {
        const owner = await store.get(store.kysely.selectFrom('barcode as b').innerJoin('product as p', 'p.id', 'b.product_id').select('p.sku').where('b.code', '=', b.code));
        if (owner) throw new AppError('CONFLICT', `Barcode ${b.code} already belongs to ${owner.sku}`, { field: 'barcodes' });
        await store.run(store.kysely.insertInto('barcode').values({ code: b.code, product_id: id, kind: b.kind }));
      }
      await store.run(store.kysely.deleteFrom('sku_alias').where('product_id', '=', id));
      for (const a of input.aliases) await store.run(store.kysely.insertInto('sku_alias').values({ channel: a.channel, alias: a.alias, product_id: id }));
      await store.run(store.kysely.deleteFrom('kit_component').where('kit_id', '=', id));
      for (const c of input.components) {
        const component = await this.getRow({ sku: c.sku });
        if (component.id === id) throw invalid(`Kit ${input.sku} cannot contain itself`);
        if (component.is_kit) throw invalid(`Kit component ${c.sku} is itself a kit; nest components directly`);
        await store.run(store.kysely.insertInto('kit_component').values({ kit_id: id, component_id: component.id, quantity: c.quantity }));
      }
      await this.reindex(id);
      return await this.get({ id });
    });
  }

  /** Keeps the trigram search index in step with the product (same transaction). */
  async reindex(productId: number): Promise<void> {
    const { store } = this.core;
    const p = (await store.get(store.kysely.selectFrom('product').select(['sku', 'name']).where('id', '=', productId)))!;
    const codes = (await store.all(store.kysely.selectFrom('barcode').select('code').where('product_id', '=', productId))).map((r) => r.code);
    await writeSearchRow(store, productId, p.sku, p.name, codes.join(' '));
  }
}

function fixExact(h: ProductHit): ProductHit {
  return { ...h, exact: Boolean(h.exact) };
}

