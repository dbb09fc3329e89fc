/**
 * The columns each product import format reads, for the import screen's column list and its
 * downloadable template (and the plain reader's own column list, so the two cannot drift).
 */

export interface ImportColumn {
  name: string;
  required?: boolean;
  note: string;
}

export const PLAIN_PRODUCT_COLUMN_LIST: readonly ImportColumn[] = [
  { name: 'sku', required: true, note: 'unique in the file, ignoring case' },
  { name: 'name', required: true, note: 'product name' },
  { name: 'barcodes', note: 'several separated by |; GTINs need a valid check digit' },
  { name: 'weight_g', note: 'grams, whole number' },
  { name: 'length_mm', note: 'millimetres' },
  { name: 'width_mm', note: 'millimetres' },
  { name: 'height_mm', note: 'millimetres' },
  { name: 'price', note: 'decimal with "." in the currency' },
  { name: 'cost', note: 'decimal with "."' },
  { name: 'currency', note: "3 letters; default the shop's" },
  { name: 'hs_code', note: '6–10 digits' },
  { name: 'origin_country', note: '2 letters (ISO)' },
  { name: 'tags', note: 'separated by | or ,' },
  { name: 'active', note: 'true/false (default true)' },
  { name: 'reorder_point', note: 'whole number' },
  { name: 'safety_stock', note: 'whole number' },
  { name: 'lot_tracked', note: 'true/false (default false)' },
  { name: 'kit_components', note: 'SKU-A:2|SKU-B:1 makes the row a kit' },
];

/** Shopify's legacy export header names (the current "URL handle / SKU" generation is read too). */
export const SHOPIFY_PRODUCT_COLUMN_LIST: readonly ImportColumn[] = [
  { name: 'Handle', required: true, note: 'rows of one product together ("URL handle" in new exports)' },
  { name: 'Title', note: 'on the product’s first row' },
  { name: 'Vendor', note: '' },
  { name: 'Type', note: '' },
  { name: 'Tags', note: 'separated by ,' },
  { name: 'Status', note: 'active/draft/archived (or Published TRUE/FALSE)' },
  { name: 'Option1 Name', note: 'and Option2/Option3 Name' },
  { name: 'Option1 Value', note: 'and Option2/Option3 Value' },
  { name: 'Variant SKU', required: true, note: '"SKU" in new exports' },
  { name: 'Variant Grams', note: '"Weight value (grams)" in new exports' },
  { name: 'Variant Inventory Qty', note: 'taken as opening stock only when you tick it; otherwise the report says it was not taken' },
  { name: 'Variant Price', note: '"Price" in new exports' },
  { name: 'Cost per item', note: '' },
  { name: 'Variant Barcode', note: '"Barcode" in new exports' },
];

export const PRODUCT_IMPORT_COLUMNS = { csv: PLAIN_PRODUCT_COLUMN_LIST, shopify: SHOPIFY_PRODUCT_COLUMN_LIST } as const;

/** A template file: the header row and one example row per format. */
export function productImportTemplate(format: 'csv' | 'shopify'): string {
  if (format === 'csv') {
    return [PLAIN_PRODUCT_COLUMN_LIST.map((c) => c.name).join(','), 'MUG-01,Enamel mug,4006381333931,350,120,100,100,12.50,4.00,USD,691200,PT,kitchen|mugs,true,5,2,false,'].join('\n') + '\n';
  }
  return (
    [
      SHOPIFY_PRODUCT_COLUMN_LIST.map((c) => c.name).join(','),
      'field-tee,Field Tee,Acme,Shirts,"cotton, summer",active,Size,M,TEE-M,250,14,19.99,7.40,036000291452',
      'field-tee,,,,,,,L,TEE-L,270,3,19.99,7.40,',
    ].join('\n') + '\n'
  );
}

/** What the report says about a Shopify file's inventory column: taken into a bin, or plainly not. */
export function openingStockSentence(
  o: { column: string; rows: number; units: number; taken: boolean; bin: string | null; skipped: number },
  written: boolean,
  how = `tick "Take ${o.column} as opening stock"`,
): string {
  const carried = `${o.rows} row${o.rows === 1 ? '' : 's'} carry ${o.units} unit${o.units === 1 ? '' : 's'} in "${o.column}"`;
  if (o.taken) return `Opening stock: ${carried}, counted into ${o.bin}${o.skipped ? ` (${o.skipped} lot-tracked or kit products left out)` : ''}.`;
  if (o.bin && !written) return `Opening stock: ${carried}; nothing was written, so no stock was taken either.`;
  return `Stock NOT taken: ${carried}; the import did not take them as opening stock (${how} to do so).`;
}
