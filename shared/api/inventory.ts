import { z } from 'zod';
import { method } from './contract';

// ---------- DTOs (what screens and the CLI see; never store rows) ----------

export type BinKind = 'pick' | 'bulk' | 'receiving' | 'returns' | 'quarantine';

export interface ProductDto {
  id: number;
  sku: string;
  name: string;
  variantOptions: Record<string, string>;
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  priceCents: number;
  costCents: number;
  /** Moving-average unit cost, the valuation basis (see README, "Valuation"). */
  avgCostCents: number;
  currency: string;
  hsCode: string | null;
  originCountry: string | null;
  /** What a customs declaration calls it ("cotton T-shirt"); null: not set (international shipments need it). */
  customsDescription: string | null;
  tags: string[];
  active: boolean;
  lotTracked: boolean;
  isKit: boolean;
  reorderPoint: number;
  safetyStock: number;
  barcodes: { code: string; kind: 'gtin' | 'supplier' }[];
  aliases: { channel: string; alias: string }[];
  components: { sku: string; name: string; quantity: number }[];
}

export interface ProductHit {
  id: number;
  sku: string;
  name: string;
  /** True when the query was exactly this product's barcode or SKU (a scanner hit). */
  exact: boolean;
}

export interface StockRowDto {
  productId: number;
  sku: string;
  name: string;
  warehouse: string;
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  low: boolean;
  isKit: boolean;
  nextExpiry: string | null;
}

export interface WarehouseDto {
  id: number;
  code: string;
  name: string;
  address: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  costRank: number;
  depot: { xM: number; yM: number };
  active: boolean;
}

export interface BinDto {
  id: number;
  warehouse: string;
  code: string;
  zone: string;
  aisle: string;
  bay: string;
  level: string;
  xM: number;
  yM: number;
  pickSequence: number;
  kind: BinKind;
  isDefault: boolean;
}

export interface AvailabilityDto {
  warehouse: string;
  onHand: number;
  /** On hand in sellable bins, not expired. */
  sellable: number;
  reserved: number;
  safetyStock: number;
  inTransit: number;
  /** sellable − reserved − safety stock (never below 0). For kits: derived from components. */
  available: number;
}

export interface MovementDto {
  id: number;
  at: string;
  kind: string;
  warehouse: string;
  bin: string;
  lot: string | null;
  quantity: number;
  reason: string;
  reference: string | null;
  actor: string;
}

export interface StockDetailDto {
  product: ProductDto;
  availability: AvailabilityDto[];
  balances: { warehouse: string; bin: string; binKind: BinKind; lot: string | null; expiresOn: string | null; expired: boolean; onHand: number; reserved: number }[];
  reservations: { holder: string; warehouse: string; bin: string; lot: string | null; quantity: number; since: string }[];
  movements: MovementDto[];
  /** End-of-day on-hand (all warehouses) for the last 90 days, for the chart. */
  history: { date: string; onHand: number }[];
}

export interface TransferDto {
  id: number;
  from: string;
  to: string;
  status: 'in_transit' | 'received';
  createdAt: string;
  receivedAt: string | null;
  lines: { sku: string; lot: string | null; quantity: number }[];
}

export interface CountDto {
  id: number;
  warehouse: string;
  scope: string;
  blind: boolean;
  status: 'counting' | 'review' | 'posted' | 'cancelled';
  createdAt: string;
  lines: { id: number; sku: string; name: string; bin: string; lot: string | null; expected: number | null; counted: number | null; variance: number | null; decision: 'approve' | 'reject' | null }[];
}

export interface AgingRowDto {
  sku: string;
  warehouse: string;
  lot: string | null;
  receivedOn: string;
  ageDays: number;
  quantity: number;
  valueCents: number;
}

export interface ImportReport {
  created: number;
  updated: number;
  failed: number;
  written: boolean;
  errors: { row: number; column: string; message: string }[];
  /**
   * Shopify files: the inventory column ("Variant Inventory Qty") — rows carrying a quantity, their
   * units, and whether they were taken as opening stock (into `bin`, "WAREHOUSE/BIN") or not.
   * `skipped`: lot-tracked products and kits, which an opening count cannot fill. Absent when the
   * file carries no quantity.
   */
  openingStock?: { column: string; rows: number; units: number; taken: boolean; bin: string | null; skipped: number };
}

// ---------- inputs ----------

const sku = z.string().trim().min(1, 'SKU is required').max(64);
const code = z.string().trim().min(1).max(64);
const qty = z.number().int('must be a whole number');
const positiveQty = qty.positive('must be greater than 0');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const productInput = z
  .object({
    sku,
    name: z.string().trim().min(1).max(200),
    variantOptions: z.record(z.string(), z.string()).default({}),
    weightG: z.number().int().min(0).default(0),
    lengthMm: z.number().int().min(0).default(0),
    widthMm: z.number().int().min(0).default(0),
    heightMm: z.number().int().min(0).default(0),
    priceCents: z.number().int().min(0).default(0),
    costCents: z.number().int().min(0).default(0),
    currency: z.string().length(3).default('USD'),
    hsCode: z.string().max(16).nullable().default(null),
    originCountry: z.string().length(2).nullable().default(null),
    /** Absent: unchanged on an existing product (imports do not carry it). */
    customsDescription: z.string().trim().max(200).nullable().optional(),
    tags: z.array(z.string().max(40)).default([]),
    active: z.boolean().default(true),
    lotTracked: z.boolean().default(false),
    reorderPoint: z.number().int().min(0).default(0),
    safetyStock: z.number().int().min(0).default(0),
    barcodes: z.array(z.object({ code: z.string().trim().min(1).max(48), kind: z.enum(['gtin', 'supplier']).default('gtin') })).default([]),
    aliases: z.array(z.object({ channel: z.string().min(1), alias: z.string().min(1) })).default([]),
    components: z.array(z.object({ sku, quantity: positiveQty })).default([]),
  })
  .strict();
export type ProductInput = z.input<typeof productInput>;

const stockLocation = {
  sku,
  warehouse: code.optional(),
  bin: code.optional(),
  lot: z.string().trim().min(1).max(64).optional(),
  expiresOn: isoDate.optional(),
};

export const inventoryApi = {
  /** Instant search by SKU, name or barcode (substring); an exact barcode/SKU comes first. */
  'catalog.search': method<ProductHit[]>()(z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(200).default(20) }).strict(), {
    description: 'Search products',
  }),
  'catalog.get': method<ProductDto>()(z.object({ id: z.number().int().positive().optional(), sku: sku.optional() }).strict().refine((v) => v.id || v.sku, 'id or sku is required'), {
    description: 'One product',
  }),
  /** Scanner lookup: exact barcode, SKU or channel alias. */
  'catalog.lookup': method<ProductDto | null>()(z.object({ code: z.string().trim().min(1).max(64) }).strict(), { description: 'Find a product by a scanned code' }),
  'catalog.upsert': method<ProductDto>()(productInput, { audit: 'catalog', description: 'Create or update a product by SKU', roles: ['owner'] }),
  'catalog.import': method<ImportReport>()(
    z
      .object({
        format: z.enum(['shopify', 'csv']),
        content: z.string().max(60 * 1024 * 1024),
        skipBadRows: z.boolean().default(false),
        /** Take a Shopify file's inventory quantity as opening stock into this bin (of openingStockWarehouse, default the first). */
        openingStockBin: code.optional(),
        openingStockWarehouse: code.optional(),
      })
      .strict(),
    { audit: 'catalog', description: 'Import products from CSV text', roles: ['owner'] },
  ),

  /** The stock view: one row per product and warehouse, filtered and paged. */
  'stock.list': method<{ total: number; rows: StockRowDto[] }>()(
    z
      .object({
        warehouse: code.optional(),
        query: z.string().max(200).optional(),
        filter: z.enum(['all', 'low', 'out', 'expiring']).default('all'),
        expiringDays: z.number().int().min(0).max(3650).default(30),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    { description: 'Stock view rows' },
  ),
  /** Everything behind a product's figures: balances, reservations, movements, history. */
  'stock.detail': method<StockDetailDto>()(z.object({ productId: z.number().int().positive() }).strict(), { description: 'What makes a product figure' }),
  'stock.adjust': method<{ movementId: number; onHand: number; available: number }>()(
    z.object({ ...stockLocation, delta: qty.refine((n) => n !== 0, 'must not be 0'), reason: z.string().trim().min(1, 'a reason is required').max(200) }).strict(),
    { audit: 'stock', description: 'Adjust stock with a reason', roles: ['owner', 'packer', 'picker'] },
  ),
  'stock.receive': method<{ movementId: number; onHand: number; available: number }>()(
    z.object({ ...stockLocation, quantity: positiveQty, unitCostCents: z.number().int().min(0).optional(), reference: z.string().max(100).optional() }).strict(),
    { audit: 'stock', description: 'Receive stock into a bin' },
  ),
  'stock.move': method<{ moved: number }>()(
    z.object({ sku, warehouse: code.optional(), fromBin: code, toBin: code, lot: z.string().optional(), quantity: positiveQty }).strict(),
    { audit: 'stock', description: 'Move stock between bins of one warehouse' },
  ),
  'stock.transfer': method<TransferDto>()(
    z.object({ from: code, to: code, lines: z.array(z.object({ sku, quantity: positiveQty, fromBin: code.optional(), lot: z.string().optional() })).min(1) }).strict(),
    { audit: 'stock', description: 'Send stock to another warehouse (in transit until received)', roles: ['owner'] },
  ),
  'stock.receiveTransfer': method<TransferDto>()(z.object({ id: z.number().int().positive(), bin: code.optional() }).strict(), {
    description: 'Receive a transfer at its destination',
    audit: 'stock',
  }),
  'stock.transfers': method<TransferDto[]>()(z.object({ status: z.enum(['in_transit', 'received']).optional() }).strict(), { description: 'Transfers' }),
  'stock.aging': method<AgingRowDto[]>()(z.object({ warehouse: code.optional(), minDays: z.number().int().min(0).default(0) }).strict(), {
    description: 'Inventory aging per lot / receipt layer',
  }),
  'stock.valuation': method<{ totalCents: number; currency: string; rows: { sku: string; onHand: number; avgCostCents: number; valueCents: number }[] }>()(
    z.object({ warehouse: code.optional() }).strict(),
    { description: 'Valuation at moving-average cost', roles: ['owner'] },
  ),
  'stock.exportCsv': method<{ csv: string; filename: string }>()(z.object({ warehouse: code.optional() }).strict(), { description: 'Stock view as CSV' }),

  'counts.create': method<CountDto>()(z.object({ warehouse: code, zone: z.string().optional(), bin: code.optional(), blind: z.boolean().default(true) }).strict(), {
    description: 'Start a cycle count (count sheet by zone or bin)',
    audit: 'stock',
  }),
  'counts.list': method<CountDto[]>()(z.object({}).strict(), { description: 'Cycle counts' }),
  'counts.get': method<CountDto>()(z.object({ id: z.number().int().positive() }).strict(), { description: 'One cycle count' }),
  'counts.record': method<CountDto>()(
    z.object({ id: z.number().int().positive(), lines: z.array(z.object({ lineId: z.number().int().positive(), counted: qty.min(0, 'must be 0 or more') })).min(1) }).strict(),
    { audit: 'stock', description: 'Record counted quantities' },
  ),
  'counts.submit': method<CountDto>()(z.object({ id: z.number().int().positive() }).strict(), { audit: 'stock', description: 'Finish counting; open variance review' }),
  'counts.post': method<CountDto>()(
    z.object({ id: z.number().int().positive(), decisions: z.array(z.object({ lineId: z.number().int().positive(), approve: z.boolean() })) }).strict(),
    { audit: 'stock', description: 'Post approved differences as count movements', roles: ['owner'] },
  ),

  'warehouses.list': method<WarehouseDto[]>()(z.object({}).strict(), { description: 'Warehouses' }),
  'warehouses.upsert': method<WarehouseDto>()(
    z
      .object({
        code,
        name: z.string().trim().min(1).max(100),
        address: z.string().max(200).default(''),
        city: z.string().max(100).default(''),
        region: z.string().max(100).default(''),
        postalCode: z.string().max(20).default(''),
        country: z.string().length(2).default('US'),
        latitude: z.number().min(-90).max(90).nullable().default(null),
        longitude: z.number().min(-180).max(180).nullable().default(null),
        costRank: z.number().int().default(0),
        depot: z.object({ xM: z.number(), yM: z.number() }).default({ xM: 0, yM: 0 }),
        renameFrom: code.optional(),
      })
      .strict(),
    { audit: 'settings', description: 'Create, edit or rename a warehouse', roles: ['owner'] },
  ),
  'bins.list': method<BinDto[]>()(z.object({ warehouse: code, zone: z.string().optional() }).strict(), { description: 'Bins of a warehouse' }),
  'bins.upsert': method<BinDto>()(
    z
      .object({
        warehouse: code,
        code,
        zone: z.string().max(20).default(''),
        aisle: z.string().max(20).default(''),
        bay: z.string().max(20).default(''),
        level: z.string().max(20).default(''),
        xM: z.number().default(0),
        yM: z.number().default(0),
        pickSequence: z.number().int().default(0),
        kind: z.enum(['pick', 'bulk', 'receiving', 'returns', 'quarantine']).default('pick'),
      })
      .strict(),
    { audit: 'settings', description: 'Create or edit a bin', roles: ['owner'] },
  ),
};
