/** Catalog import: product CSVs -> IncomingProduct records. Pure; no store access. */
export * from './incoming-product';
export { checkBarcode } from './gtin';
export { streamPlainProductsCsv, streamPlainProductsCsvBatches, PLAIN_PRODUCT_COLUMNS, type ProductImportOptions } from './plain-products-csv';
export { streamShopifyProductsCsv, streamShopifyProductsCsvBatches, detectShopifyProductsHeader, type ShopifyProductsHeaderGeneration } from './shopify-products-csv';
