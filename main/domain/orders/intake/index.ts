/** Order intake: channel payloads and CSV files -> IncomingOrder. Pure; no store access. */
export * from './incoming-order';
export { parseMoney, moneyToCents, centsToDecimalText, currencyMinorUnits, type MoneyParse } from './money';
export { verifyWebhookSignature, signWebhookBody, wooCommerceSecretVariants, isWooCommercePing } from './webhook-signature';
export { parseJsonKeepingLongIntegers } from './exact-json';
export { parseShopifyOrderWebhook, parseShopifyOrderObject, parseShopifyRefundWebhook } from './shopify-order-json';
export { parseWooCommerceOrder, parseWooCommerceOrderObject, wooCommerceDeletedOrderId, wooCommerceProductKey, WOO_PRODUCT_KEY_PREFIX } from './woocommerce-order-json';
export { streamShopifyOrdersCsv } from './shopify-orders-csv';
export { streamPlainOrdersCsv, PLAIN_ORDER_COLUMNS } from './plain-orders-csv';
export { readCsvRecords, readCsvRecordBatches, CsvReadError, CsvHeader, type CsvInput, type CsvRecord } from '../../../util/csv';
