import type { IncomingAddress, IncomingOrder, IncomingOrderLine, OrderCsvItem, PaymentStatus } from './incoming-order';
import { CsvHeader, extraCellsMessage, type CsvInput, type CsvRecord } from '../../../util/csv';
import { streamOrderGroups, type OrderRowGroup } from './csv-order-grouping';
import { allocateProportionally, csvTimestampToUtcIso, CsvOrderProblems } from './csv-order-fields';
import { splitTags } from './json-intake-helpers';
import { quoteValue, shortValue } from '../../../util/quote-value';

/**
 * Shopify Admin -> Orders -> Export CSV. One row per line item, rows of one order share `Name`;
 * order-level columns (customer, totals, addresses) are filled only on the order's first row.
 * The export has no per-line tax, so the order's `Taxes` is spread over lines by net value.
 */

const REQUIRED_COLUMNS = ['Name', 'Currency', 'Created at', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem sku'];

const PAYMENT_STATUS: Record<string, PaymentStatus> = {
  pending: 'pending',
  authorized: 'authorized',
  partially_paid: 'partially_paid',
  paid: 'paid',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
  voided: 'voided',
};

/**
 * Streams orders out of a Shopify orders export. Yields one item per order: the order, or the errors
 * of that order's rows (other orders still import). A file-level problem (missing columns, broken
 * quote, bad encoding) yields one error item and ends the stream.
 */
export function streamShopifyOrdersCsv(input: CsvInput): AsyncGenerator<OrderCsvItem> {
  return streamOrderGroups(input, {
    required: REQUIRED_COLUMNS,
    keyColumn: 'Name',
    missingHint: 'is this a Shopify orders export?',
    mapperFor: (header) => {
      const mapper = new ShopifyCsvOrderMapper(header);
      return (group) => mapper.map(group);
    },
  });
}

class ShopifyCsvOrderMapper {
  private readonly col: Record<string, (cells: string[]) => string>;

  constructor(private readonly header: CsvHeader) {
    const names = [
      'Name', 'Id', 'Email', 'Phone', 'Financial Status', 'Currency', 'Shipping', 'Taxes', 'Shipping Method', 'Created at',
      'Cancelled at', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem sku', 'Lineitem discount',
      'Lineitem requires shipping', 'Billing Name', 'Shipping Name', 'Shipping Street', 'Shipping Address1', 'Shipping Address2',
      'Shipping Company', 'Shipping City', 'Shipping Zip', 'Shipping Province', 'Shipping Country', 'Shipping Phone',
      'Notes', 'Tags', 'Source', 'Payment Reference',
    ];
    this.col = Object.fromEntries(names.map((column) => [column, header.column(column)]));
  }

  map(group: OrderRowGroup): OrderCsvItem {
    const first = group.records[0];
    const rows = { first: first.row, last: group.records[group.records.length - 1].row };
    const problems = new CsvOrderProblems();
    const get = (record: CsvRecord, column: string) => this.col[column](record.cells);

    if (group.key === '') problems.add(first.row, 'Name', 'order name is blank');
    if (group.earlierGroupRow !== null) {
      problems.add(first.row, 'Name', `rows of order ${shortValue(group.key)} are not together (the order also starts at row ${group.earlierGroupRow}); sort the file by Name`);
    }
    for (const record of group.records) {
      const extra = extraCellsMessage(record.cells.length, this.header.names.length);
      if (extra) problems.add(record.row, '(row)', extra);
    }

    const currency = get(first, 'Currency').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) problems.add(first.row, 'Currency', `${quoteValue(get(first, 'Currency'))} is not a 3-letter currency code`);

    const lines: IncomingOrderLine[] = group.records.map((record, index) => {
      const requiresShipping = get(record, 'Lineitem requires shipping').toLowerCase() !== 'false';
      const sku = get(record, 'Lineitem sku');
      if (!sku && requiresShipping) problems.add(record.row, 'Lineitem sku', 'line item has no SKU');
      return {
        externalLineId: `${get(first, 'Id') || group.key}:${index + 1}`,
        sku,
        name: get(record, 'Lineitem name'),
        quantity: problems.positiveInteger(get(record, 'Lineitem quantity'), record.row, 'Lineitem quantity'),
        unitPriceCents: problems.money(get(record, 'Lineitem price'), record.row, 'Lineitem price', currency),
        discountCents: problems.money(get(record, 'Lineitem discount'), record.row, 'Lineitem discount', currency),
        taxCents: 0,
      };
    });
    const taxShares = allocateProportionally(
      problems.money(get(first, 'Taxes'), first.row, 'Taxes', currency),
      lines.map((line) => line.unitPriceCents * line.quantity - line.discountCents),
    );
    lines.forEach((line, index) => (line.taxCents = taxShares[index]));

    const placedAt = csvTimestampToUtcIso(get(first, 'Created at'));
    if (!placedAt) problems.add(first.row, 'Created at', `${quoteValue(get(first, 'Created at'))} is not a timestamp with a UTC offset`);

    const shipTo = this.shipTo(first, problems, lines.length > 0);
    if (problems.errors.length > 0) return { ok: false, errors: problems.errors, rows };

    const externalId = get(first, 'Id') || group.key;
    const rawIdentifiers: Record<string, string> = { name: group.key };
    for (const column of ['Id', 'Payment Reference', 'Source', 'Financial Status'] as const) {
      if (get(first, column)) rawIdentifiers[column] = get(first, column);
    }
    const order: IncomingOrder = {
      channel: 'shopify',
      externalId,
      orderNumber: group.key,
      event: get(first, 'Cancelled at') ? 'cancelled' : 'created',
      customer: {
        name: get(first, 'Billing Name') || get(first, 'Shipping Name'),
        email: get(first, 'Email') || null,
        phone: get(first, 'Phone') || null,
      },
      shipTo,
      lines,
      shippingChargedCents: problems.money(get(first, 'Shipping'), first.row, 'Shipping', currency),
      currency,
      paymentStatus: PAYMENT_STATUS[get(first, 'Financial Status').toLowerCase()] ?? 'unknown',
      shippingMethod: get(first, 'Shipping Method') || null,
      tags: splitTags(get(first, 'Tags')),
      note: get(first, 'Notes') || null,
      placedAt: placedAt!,
      rawIdentifiers,
    };
    return { ok: true, order, rows };
  }

  private shipTo(first: CsvRecord, problems: CsvOrderProblems, hasLines: boolean): IncomingAddress | null {
    const get = (column: string) => this.col[column](first.cells);
    const line1 = get('Shipping Address1') || get('Shipping Street');
    if (!line1 && !get('Shipping City')) return null;
    const country = get('Shipping Country').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) problems.add(first.row, 'Shipping Country', `${quoteValue(get('Shipping Country'))} is not a 2-letter country code`);
    if (!get('Shipping City')) problems.add(first.row, 'Shipping City', 'ship-to city is missing');
    if (!line1 && hasLines) problems.add(first.row, 'Shipping Address1', 'ship-to street address is missing');
    return {
      name: get('Shipping Name'),
      company: get('Shipping Company') || null,
      line1,
      line2: get('Shipping Address2') || null,
      city: get('Shipping City'),
      regionCode: get('Shipping Province') || null,
      // Shopify prefixes zips with ' so spreadsheets keep leading zeros ("'02134").
      postalCode: get('Shipping Zip').replace(/^'/, ''),
      countryCode: country,
      phone: get('Shipping Phone') || null,
      residential: null,
    };
  }
}
