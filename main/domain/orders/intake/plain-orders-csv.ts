import type { IncomingAddress, IncomingOrder, IncomingOrderLine, OrderCsvItem } from './incoming-order';
import { CsvHeader, extraCellsMessage, type CsvInput, type CsvRecord } from '../../../util/csv';
import { streamOrderGroups, type OrderRowGroup } from './csv-order-grouping';
import { csvTimestampToUtcIso, CsvOrderProblems } from './csv-order-fields';
import { quoteValue, shortValue } from '../../../util/quote-value';

/**
 * Shipshape's own orders CSV, for shops without a supported channel (marketplaces, phone orders,
 * spreadsheets). UTF-8, comma-separated, header row required, column order free:
 *
 *   order_id*, placed_at*, customer_name, email, ship_name*, address1*, address2, city*, region,
 *   postal_code, country*, sku*, quantity*, unit_price*, discount, tax, shipping, currency*,
 *   shipping_method, tags, note                                              (* = required value)
 *
 * - One row per order line; rows of one order are consecutive and share order_id.
 * - Order-level columns (everything except sku, quantity, unit_price, discount, tax) are read from
 *   the first row. Later rows may leave them blank or repeat them; a different value is an error,
 *   because it usually means two orders were given the same id.
 * - placed_at: ISO 8601 with offset ("2025-07-16T10:03:00-04:00" or "...Z").
 * - Money: decimal with "." ("19.99"); discount and tax are per line, totals for all units;
 *   shipping is the order's shipping charge. country: ISO alpha-2. tags: separated by "|" or ",".
 */

export const PLAIN_ORDER_COLUMNS = [
  'order_id', 'placed_at', 'customer_name', 'email', 'ship_name', 'address1', 'address2', 'city', 'region', 'postal_code',
  'country', 'sku', 'quantity', 'unit_price', 'discount', 'tax', 'shipping', 'currency', 'shipping_method', 'tags', 'note',
] as const;

type PlainOrderColumn = (typeof PLAIN_ORDER_COLUMNS)[number];

const REQUIRED_COLUMNS: PlainOrderColumn[] = ['order_id', 'placed_at', 'ship_name', 'address1', 'city', 'country', 'sku', 'quantity', 'unit_price', 'currency'];
const LINE_COLUMNS = new Set<PlainOrderColumn>(['sku', 'quantity', 'unit_price', 'discount', 'tax']);

/** Streams orders from a plain orders CSV; same item contract as streamShopifyOrdersCsv. */
export function streamPlainOrdersCsv(input: CsvInput): AsyncGenerator<OrderCsvItem> {
  return streamOrderGroups(input, { required: REQUIRED_COLUMNS, keyColumn: 'order_id', mapperFor: (header) => (group) => mapPlainOrder(group, header) });
}

function mapPlainOrder(group: OrderRowGroup, header: CsvHeader): OrderCsvItem {
  const first = group.records[0];
  const rows = { first: first.row, last: group.records[group.records.length - 1].row };
  const problems = new CsvOrderProblems();
  const get = (record: CsvRecord, column: PlainOrderColumn) => {
    const index = header.indexOf(column);
    return index < 0 ? '' : (record.cells[index] ?? '').trim();
  };

  if (group.key === '') problems.add(first.row, 'order_id', 'order_id is blank');
  if (group.earlierGroupRow !== null) {
    problems.add(first.row, 'order_id', `rows of order ${shortValue(group.key)} are not together (it also starts at row ${group.earlierGroupRow}); keep each order's rows consecutive`);
  }
  for (const record of group.records) {
    const extra = extraCellsMessage(record.cells.length, header.names.length);
    if (extra) problems.add(record.row, '(row)', extra);
    if (record === first) continue;
    for (const column of PLAIN_ORDER_COLUMNS) {
      if (LINE_COLUMNS.has(column)) continue;
      const value = get(record, column);
      if (value !== '' && value !== get(first, column)) {
        problems.add(record.row, column, `${quoteValue(value)} differs from the order's first row (row ${first.row}: ${quoteValue(get(first, column))})`);
      }
    }
  }
  for (const column of REQUIRED_COLUMNS.filter((name) => !LINE_COLUMNS.has(name))) {
    if (get(first, column) === '') problems.add(first.row, column, `${column} is required`);
  }

  const currency = get(first, 'currency').toUpperCase();
  if (currency && !/^[A-Z]{3}$/.test(currency)) problems.add(first.row, 'currency', `${quoteValue(currency)} is not a 3-letter currency code`);
  const country = get(first, 'country').toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) problems.add(first.row, 'country', `${quoteValue(country)} is not a 2-letter ISO country code`);
  const placedAtText = get(first, 'placed_at');
  const placedAt = csvTimestampToUtcIso(placedAtText);
  if (placedAtText && !placedAt) problems.add(first.row, 'placed_at', `${quoteValue(placedAtText)} is not an ISO 8601 timestamp with offset`);

  const lines: IncomingOrderLine[] = group.records.map((record, index) => {
    const sku = get(record, 'sku');
    if (!sku) problems.add(record.row, 'sku', 'sku is required');
    if (get(record, 'unit_price') === '') problems.add(record.row, 'unit_price', 'unit_price is required');
    return {
      externalLineId: `${group.key}:${index + 1}`,
      sku,
      name: sku,
      quantity: problems.positiveInteger(get(record, 'quantity'), record.row, 'quantity'),
      unitPriceCents: problems.money(get(record, 'unit_price'), record.row, 'unit_price', currency || 'USD'),
      discountCents: problems.money(get(record, 'discount'), record.row, 'discount', currency || 'USD'),
      taxCents: problems.money(get(record, 'tax'), record.row, 'tax', currency || 'USD'),
    };
  });
  const shippingChargedCents = problems.money(get(first, 'shipping'), first.row, 'shipping', currency || 'USD');

  if (problems.errors.length > 0) return { ok: false, errors: problems.errors, rows };

  const shipTo: IncomingAddress = {
    name: get(first, 'ship_name'),
    company: null,
    line1: get(first, 'address1'),
    line2: get(first, 'address2') || null,
    city: get(first, 'city'),
    regionCode: get(first, 'region') || null,
    postalCode: get(first, 'postal_code'),
    countryCode: country,
    phone: null,
    residential: null,
  };
  const order: IncomingOrder = {
    channel: 'csv',
    externalId: group.key,
    orderNumber: group.key,
    event: 'created',
    customer: { name: get(first, 'customer_name') || get(first, 'ship_name'), email: get(first, 'email') || null, phone: null },
    shipTo,
    lines,
    shippingChargedCents,
    currency,
    paymentStatus: 'unknown',
    shippingMethod: get(first, 'shipping_method') || null,
    tags: get(first, 'tags').split(/[|,]/).map((tag) => tag.trim()).filter(Boolean),
    note: get(first, 'note') || null,
    placedAt: placedAt!,
    rawIdentifiers: { order_id: group.key },
  };
  return { ok: true, order, rows };
}
