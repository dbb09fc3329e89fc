import { extraCellsMessage, type CsvHeader, type CsvInput, type CsvRecord } from '../../../util/csv';
import { readProductCsvBatches } from './product-csv-stream';
import type { IncomingProduct, ProductImportItem } from './incoming-product';
import { DuplicateSkuTracker, ProductRowProblems, duplicateSkuMessage, splitList } from './product-fields';
import type { ProductImportOptions } from './plain-products-csv';
import { quoteValue, shortValue } from '../../../util/quote-value';

/**
 * Shopify products CSV, both header generations:
 * - legacy (before 2024): "Handle", "Variant SKU", "Variant Grams", "Variant Price", "Variant Barcode"...
 * - current: "URL handle", "SKU", "Weight value (grams)", "Price", "Barcode"...
 * Rows are grouped by handle: the first row of a handle carries the product (title, vendor, tags,
 * option names, status) and its first variant; later rows are further variants or image-only rows.
 * Each variant becomes one IncomingProduct. The weight column is grams in both generations; the
 * weight unit column only says how Shopify displays it.
 */

export type ShopifyProductsHeaderGeneration = 'legacy' | 'current';

type Field =
  | 'handle' | 'title' | 'vendor' | 'type' | 'tags' | 'published' | 'status' | 'sku' | 'grams' | 'inventory' | 'price'
  | 'cost' | 'barcode' | 'hsCode' | 'origin' | 'option1Name' | 'option1Value' | 'option2Name' | 'option2Value'
  | 'option3Name' | 'option3Value';

/** Header names per generation; HS code and origin columns are optional and store-dependent (unverified names). */
const COLUMNS: Record<ShopifyProductsHeaderGeneration, Record<Field, string[]>> = {
  legacy: {
    handle: ['Handle'], title: ['Title'], vendor: ['Vendor'], type: ['Type'], tags: ['Tags'], published: ['Published'],
    status: ['Status'], sku: ['Variant SKU'], grams: ['Variant Grams'], inventory: ['Variant Inventory Qty'],
    price: ['Variant Price'], cost: ['Cost per item'], barcode: ['Variant Barcode'],
    hsCode: ['Variant HS Code', 'HS Code', 'Harmonized System Code'], origin: ['Variant Country of Origin', 'Country of Origin', 'Country/Region of origin'],
    option1Name: ['Option1 Name'], option1Value: ['Option1 Value'], option2Name: ['Option2 Name'], option2Value: ['Option2 Value'],
    option3Name: ['Option3 Name'], option3Value: ['Option3 Value'],
  },
  current: {
    handle: ['URL handle'], title: ['Title'], vendor: ['Vendor'], type: ['Type'], tags: ['Tags'], published: ['Published on online store'],
    status: ['Status'], sku: ['SKU'], grams: ['Weight value (grams)'], inventory: ['Inventory quantity'],
    price: ['Price'], cost: ['Cost per item'], barcode: ['Barcode'],
    hsCode: ['HS code', 'Harmonized System Code'], origin: ['Country/Region of origin', 'Country of origin'],
    option1Name: ['Option1 name'], option1Value: ['Option1 value'], option2Name: ['Option2 name'], option2Value: ['Option2 value'],
    option3Name: ['Option3 name'], option3Value: ['Option3 value'],
  },
};

export function detectShopifyProductsHeader(header: CsvHeader): ShopifyProductsHeaderGeneration | null {
  if (header.has('Handle') && header.has('Variant SKU')) return 'legacy';
  if (header.has('URL handle') && header.has('SKU')) return 'current';
  return null;
}

interface ProductContext {
  handle: string;
  row: number;
  title: string;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  active: boolean;
  optionNames: [string, string, string];
}

/** Streams one IncomingProduct per Shopify variant (or the errors of that row). */
export async function* streamShopifyProductsCsv(input: CsvInput, options: ProductImportOptions = {}): AsyncGenerator<ProductImportItem> {
  for await (const items of streamShopifyProductsCsvBatches(input, options)) yield* items;
}

/** The same, a batch of items per await. */
export function streamShopifyProductsCsvBatches(input: CsvInput, options: ProductImportOptions = {}): AsyncGenerator<ProductImportItem[]> {
  const currency = (options.defaultCurrency ?? 'USD').toUpperCase();
  return readProductCsvBatches(input, (header) => {
    const generation = detectShopifyProductsHeader(header);
    if (!generation) {
      const message = 'row 1: not a Shopify products CSV (expected "Handle" + "Variant SKU" or "URL handle" + "SKU" columns)';
      return { ok: false, row: 1, errors: [{ row: 1, column: '(file)', message }] };
    }
    return shopifyRowMapper(header, generation, currency, options);
  });
}

/** Returns a function mapping one data row to an item, or null for image-only rows. */
function shopifyRowMapper(header: CsvHeader, generation: ShopifyProductsHeaderGeneration, currency: string, options: ProductImportOptions) {
  const { read, label } = columnReaders(header, COLUMNS[generation]);
  const skus = new DuplicateSkuTracker(options.checkDuplicateSkus ?? true);
  options.onSkuColumn?.(label.sku);
  const handleFirstRow = new Map<string, number>();
  let context: ProductContext | null = null;

  return (record: CsvRecord): ProductImportItem | null => {
    const handle = read.handle(record.cells);
    const problems = new ProductRowProblems(record.row);
    const extra = extraCellsMessage(record.cells.length, header.names.length);
    if (extra) problems.add('(row)', extra);
    if (handle === '') {
      problems.add(label.handle, 'handle is blank');
      return { ok: false, errors: problems.errors, row: record.row };
    }
    if (!context || context.handle !== handle) {
      const earlier = handleFirstRow.get(handle);
      if (earlier !== undefined) problems.add(label.handle, `rows of product ${quoteValue(handle)} are not together (it starts at row ${earlier})`);
      else handleFirstRow.set(handle, record.row);
      context = productContext(handle, record, read, label, problems);
    }
    if (!isVariantRow(record.cells, read)) {
      // Image-only row: nothing to import unless something about it is wrong.
      return problems.errors.length > 0 ? { ok: false, errors: problems.errors, row: record.row } : null;
    }
    return variantItem(record, context, read, label, problems, skus, currency);
  };
}

type Readers = Record<Field, (cells: string[]) => string>;
/** The header text each field was found under, so errors name the column the user sees. */
type Labels = Record<Field, string>;

function columnReaders(header: CsvHeader, names: Record<Field, string[]>): { read: Readers; label: Labels } {
  const read = {} as Readers;
  const label = {} as Labels;
  for (const field of Object.keys(names) as Field[]) {
    const present = names[field].find((name) => header.has(name));
    read[field] = present ? header.column(present) : () => '';
    label[field] = present ? header.names[header.indexOf(present)] : names[field][0];
  }
  return { read, label };
}

function productContext(handle: string, record: CsvRecord, read: Readers, label: Labels, problems: ProductRowProblems): ProductContext {
  const cells = record.cells;
  const title = read.title(cells);
  if (title === '') problems.add(label.title, `first row of product ${quoteValue(handle)} has no title`);
  const status = read.status(cells).toLowerCase();
  return {
    handle,
    row: record.row,
    title,
    vendor: read.vendor(cells) || null,
    productType: read.type(cells) || null,
    tags: splitList(read.tags(cells), /,/),
    // Status (active/draft/archived) is newer and wins; Published is all older exports have.
    active: status ? status === 'active' : problems.boolean(read.published(cells), label.published, true),
    optionNames: [read.option1Name(cells), read.option2Name(cells), read.option3Name(cells)],
  };
}

/**
 * Image-only rows (handle plus image columns) are skipped. Any variant value makes the row a variant,
 * so one that lacks a SKU is reported ("has no SKU"), never dropped in silence as an image row.
 */
const VARIANT_FIELDS: Field[] = ['sku', 'option1Value', 'option2Value', 'option3Value', 'price', 'grams', 'barcode', 'inventory', 'cost', 'hsCode', 'origin'];

function isVariantRow(cells: string[], read: Readers): boolean {
  return VARIANT_FIELDS.some((field) => read[field](cells) !== '');
}

function variantItem(
  record: CsvRecord,
  context: ProductContext,
  read: Readers,
  label: Labels,
  problems: ProductRowProblems,
  skus: DuplicateSkuTracker,
  currency: string,
): ProductImportItem {
  const cells = record.cells;
  const sku = read.sku(cells);
  if (sku === '') problems.add(label.sku, `variant of ${quoteValue(context.handle)} has no SKU; Shipshape tracks stock by SKU`);
  else {
    const firstRow = skus.seen(sku, record.row);
    if (firstRow !== null) problems.add(label.sku, duplicateSkuMessage(sku, firstRow));
  }
  const values = [read.option1Value(cells), read.option2Value(cells), read.option3Value(cells)];
  const options = values
    .map((value, index) => ({ name: context.optionNames[index] || `Option${index + 1}`, value }))
    .filter((option) => option.value !== '' && option.value !== 'Default Title');
  const inventory = read.inventory(cells);
  const inventoryQuantity = /^-\d+$/.test(inventory)
    ? (problems.add(label.inventory, `inventory ${shortValue(inventory)} is negative (oversold in Shopify); fix it there or count the stock before importing`), null)
    : problems.wholeNumber(inventory, label.inventory, 'inventory quantity');

  const product: IncomingProduct = {
    sku,
    name: options.length ? `${context.title} - ${options.map((option) => option.value).join(' / ')}` : context.title,
    groupKey: context.handle,
    productTitle: context.title,
    options,
    vendor: context.vendor,
    productType: context.productType,
    barcodes: problems.barcodes([read.barcode(cells)], label.barcode),
    weightGrams: problems.wholeNumber(read.grams(cells), label.grams, 'weight'),
    lengthMm: null,
    widthMm: null,
    heightMm: null,
    priceCents: problems.money(read.price(cells), label.price, currency),
    costCents: problems.money(read.cost(cells), label.cost, currency),
    currency,
    hsCode: problems.hsCode(read.hsCode(cells), label.hsCode),
    originCountry: problems.countryCode(read.origin(cells), label.origin),
    tags: context.tags,
    active: context.active,
    reorderPoint: null,
    safetyStock: null,
    lotTracked: false,
    kitComponents: [],
    inventoryQuantity,
    row: record.row,
  };
  return problems.errors.length > 0 ? { ok: false, errors: problems.errors, row: record.row, sku } : { ok: true, product, row: record.row };
}
