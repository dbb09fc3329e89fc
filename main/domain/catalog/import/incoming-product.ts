/**
 * One sellable SKU as read from an import file, before it is matched against the catalog.
 * Shopify variants each become one IncomingProduct (grouped by `groupKey` = the product handle).
 */

export interface KitComponent {
  sku: string;
  /** Units of the component in one kit; positive integer. */
  quantity: number;
}

export interface IncomingProduct {
  sku: string;
  /** Display name: product title plus variant option values ("Field Tee / Red / M"). */
  name: string;
  /** Shopify handle the variant belongs to; null for one-row-per-SKU formats. */
  groupKey: string | null;
  productTitle: string;
  options: { name: string; value: string }[];
  vendor: string | null;
  productType: string | null;
  /** Validated barcodes; GTINs passed their check digit. */
  barcodes: string[];
  weightGrams: number | null;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  priceCents: number | null;
  costCents: number | null;
  currency: string;
  /** Digits only, 6–10 long ("610910"). */
  hsCode: string | null;
  /** ISO 3166-1 alpha-2. */
  originCountry: string | null;
  tags: string[];
  active: boolean;
  reorderPoint: number | null;
  safetyStock: number | null;
  lotTracked: boolean;
  /** Empty unless the SKU is a kit/bundle whose stock derives from components. */
  kitComponents: KitComponent[];
  /** On-hand quantity in the source system (Shopify exports); opening stock, not a ledger entry. */
  inventoryQuantity: number | null;
  /** File line the record starts on. */
  row: number;
}

/** A problem with one cell (or one row, column "(row)"; or the file, column "(file)"). */
export interface ProductRowError {
  row: number;
  column: string;
  message: string;
}

/** One item of a streaming product import: a product, or every problem of one record. */
export type ProductImportItem =
  | { ok: true; product: IncomingProduct; row: number }
  /** `sku`: the row's SKU when it has one (a kit naming it must not count on it). */
  | { ok: false; errors: ProductRowError[]; row: number; sku?: string };
