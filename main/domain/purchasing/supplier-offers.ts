import type { Core } from '../../core';

/** What one supplier sells us of one product, on which terms (read by the replenishment policy). */
export interface SupplierOffer {
  supplierItemId: number;
  supplierId: number;
  supplierName: string;
  productId: number;
  supplierSku: string | null;
  currency: string;
  /** Base unit cost, minor units (before price breaks). */
  unitCostCents: number;
  /** Ascending minQty: from minQty units on, every unit costs unitCostCents. */
  priceBreaks: { minQty: number; unitCostCents: number }[];
  casePack: number;
  moq: number;
  /** The item's override, else the supplier's promised lead time. */
  leadTimeDays: number;
  /** The supplier's smallest accepted PO, minor units (0: none). */
  orderMinimumCents: number;
  /** product.preferred_supplier_id === supplierId */
  preferred: boolean;
}

interface OfferRow {
  supplier_item_id: number;
  supplier_id: number;
  supplier_name: string;
  product_id: number;
  supplier_sku: string | null;
  currency: string;
  unit_cost_cents: number;
  case_pack: number;
  moq: number;
  item_lead: number | null;
  supplier_lead: number;
  order_minimum_cents: number;
  preferred_supplier_id: number | null;
}

/** SQLite's bound-parameter limit is far above this; chunks keep statements small for 100k SKUs. */
const CHUNK = 500;

/**
 * Active offers of active suppliers per product (all products when productIds is omitted),
 * the preferred supplier's first, then cheapest base cost.
 */
export async function supplierOffers(core: Core, productIds?: readonly number[]): Promise<Map<number, SupplierOffer[]>> {
  const { store } = core;
  const base = () =>
    store.kysely
      .selectFrom('supplier_item as si')
      .innerJoin('supplier as s', 's.id', 'si.supplier_id')
      .innerJoin('product as p', 'p.id', 'si.product_id')
      .select([
        'si.id as supplier_item_id',
        's.id as supplier_id',
        's.name as supplier_name',
        'si.product_id',
        'si.supplier_sku',
        's.currency',
        'si.unit_cost_cents',
        'si.case_pack',
        'si.moq',
        'si.lead_time_days as item_lead',
        's.lead_time_days as supplier_lead',
        's.order_minimum_cents',
        'p.preferred_supplier_id',
      ])
      .where('si.active', '=', 1)
      .where('s.active', '=', 1);
  const rows: OfferRow[] = [];
  if (productIds) {
    for (let i = 0; i < productIds.length; i += CHUNK) rows.push(...(await store.all(base().where('si.product_id', 'in', productIds.slice(i, i + CHUNK))) as OfferRow[]));
  } else {
    rows.push(...(await store.all(base()) as OfferRow[]));
  }
  const breaks = await priceBreaksOf(core, rows.map((r) => r.supplier_item_id));
  const out = new Map<number, SupplierOffer[]>();
  for (const r of rows) {
    const offer: SupplierOffer = {
      supplierItemId: r.supplier_item_id,
      supplierId: r.supplier_id,
      supplierName: r.supplier_name,
      productId: r.product_id,
      supplierSku: r.supplier_sku,
      currency: r.currency,
      unitCostCents: r.unit_cost_cents,
      priceBreaks: breaks.get(r.supplier_item_id) ?? [],
      casePack: r.case_pack,
      moq: r.moq,
      leadTimeDays: r.item_lead ?? r.supplier_lead,
      orderMinimumCents: r.order_minimum_cents,
      preferred: r.preferred_supplier_id === r.supplier_id,
    };
    const list = out.get(r.product_id);
    if (list) list.push(offer);
    else out.set(r.product_id, [offer]);
  }
  for (const list of out.values()) list.sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.unitCostCents - b.unitCostCents || a.supplierId - b.supplierId);
  return out;
}

async function priceBreaksOf(core: Core, itemIds: number[]): Promise<Map<number, { minQty: number; unitCostCents: number }[]>> {
  const { store } = core;
  const out = new Map<number, { minQty: number; unitCostCents: number }[]>();
  for (let i = 0; i < itemIds.length; i += CHUNK) {
    const chunk = itemIds.slice(i, i + CHUNK);
    if (chunk.length === 0) continue;
    const rows = await store.all(
      store.kysely.selectFrom('supplier_price_break').select(['supplier_item_id', 'min_qty', 'unit_cost_cents']).where('supplier_item_id', 'in', chunk).orderBy('supplier_item_id').orderBy('min_qty'),
    );
    for (const r of rows) {
      const list = out.get(r.supplier_item_id) ?? [];
      list.push({ minQty: r.min_qty, unitCostCents: r.unit_cost_cents });
      out.set(r.supplier_item_id, list);
    }
  }
  return out;
}

/**
 * The unit cost when ordering `quantity` units: the break with the largest minQty ≤ quantity,
 * else the base cost. (A break is "from N units on, every unit costs X" — not tiered per band.)
 */
export function unitCostAt(offer: Pick<SupplierOffer, 'unitCostCents' | 'priceBreaks'>, quantity: number): number {
  let cost = offer.unitCostCents;
  let bestMin = 0;
  for (const b of offer.priceBreaks) {
    if (b.minQty <= quantity && b.minQty >= bestMin) {
      cost = b.unitCostCents;
      bestMin = b.minQty;
    }
  }
  return cost;
}

/** Rounds a wanted quantity up to whole case packs and at least the item's MOQ (itself rounded to cases). */
export function roundToCasePack(quantity: number, casePack: number, moq = 0): number {
  const pack = Math.max(1, casePack);
  const wanted = Math.max(quantity, moq);
  if (wanted <= 0) return 0;
  return Math.ceil(wanted / pack) * pack;
}
