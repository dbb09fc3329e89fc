import { CsvHeader, CsvReadError, readCsvRecords, type CsvInput, type CsvRecord } from '../../../util/csv';
import type { OrderCsvItem } from './incoming-order';
import { quoteValue } from '../../../util/quote-value';

/**
 * Order CSVs put one line item per row and repeat the order key (Shopify `Name`, our `order_id`) on
 * each. Rows of one order must be consecutive: that is what lets us stream a 100k-row file and still
 * hand out whole orders. A key that reappears later is reported, not silently merged into a second
 * order with the same id.
 */
export interface OrderRowGroup {
  key: string;
  records: CsvRecord[];
  /** Set when this key already formed an earlier group: the first row of that group. */
  earlierGroupRow: number | null;
}

/**
 * The order being gathered when the file became unreadable (a broken quote, bad bytes): its rows
 * may go on past the break, so it cannot be imported, but it must not vanish from the report.
 */
export class OrderCutShortError extends Error {
  constructor(
    readonly group: OrderRowGroup,
    readonly cause: CsvReadError,
  ) {
    super(cause.message);
    this.name = 'OrderCutShortError';
  }
}

export async function* groupConsecutiveByKey(
  records: AsyncIterable<CsvRecord>,
  keyOf: (record: CsvRecord) => string,
): AsyncGenerator<OrderRowGroup> {
  const firstRowByKey = new Map<string, number>();
  let current: OrderRowGroup | null = null;
  try {
    for await (const record of records) {
      const key = keyOf(record);
      if (current && key === current.key) {
        current.records.push(record);
        continue;
      }
      if (current) yield current;
      const earlier: number | null = firstRowByKey.get(key) ?? null;
      if (earlier === null) firstRowByKey.set(key, record.row);
      current = { key, records: [record], earlierGroupRow: earlier };
    }
  } catch (error) {
    // The last group read before the break is held back until the next key is seen; the break means
    // we never see it, nor know whether the broken record was one more line of this order.
    if (error instanceof CsvReadError && current) throw new OrderCutShortError(current, error);
    throw error;
  }
  if (current) yield current;
}

/**
 * The shared skeleton of every order CSV: header row, required columns, rows grouped by the order
 * key, one item per order. A file-level problem (empty file, missing columns, broken quote, bad
 * encoding) yields one error item and ends the stream; a bad order yields its errors and the rest
 * still import.
 */
export async function* streamOrderGroups(
  input: CsvInput,
  format: { required: readonly string[]; keyColumn: string; missingHint?: string; mapperFor(header: CsvHeader): (group: OrderRowGroup) => OrderCsvItem },
): AsyncGenerator<OrderCsvItem> {
  const records = readCsvRecords(input);
  try {
    const headerRecord = await records.next();
    if (headerRecord.done) {
      yield { ok: false, rows: null, errors: [{ row: 1, field: '(file)', message: 'the file is empty' }] };
      return;
    }
    const header = new CsvHeader(headerRecord.value.cells);
    const missing = header.missing(format.required);
    if (missing.length > 0) {
      const hint = format.missingHint ? `; ${format.missingHint}` : '';
      yield { ok: false, rows: null, errors: missing.map((column) => ({ row: 1, field: column, message: `row 1: required column "${column}" is missing${hint}` })) };
      return;
    }
    const map = format.mapperFor(header);
    const key = header.column(format.keyColumn);
    for await (const group of groupConsecutiveByKey(records, (record) => key(record.cells))) yield map(group);
  } catch (error) {
    if (error instanceof OrderCutShortError) {
      const { group, cause } = error;
      const rows = { first: group.records[0].row, last: group.records[group.records.length - 1].row };
      const span = rows.first === rows.last ? `row ${rows.first}` : `rows ${rows.first}-${rows.last}`;
      const message = `row ${rows.first}: order ${quoteValue(group.key)} (${span}) was not imported: the file cannot be read from row ${cause.row} on, where its rows may continue`;
      yield { ok: false, rows, errors: [{ row: rows.first, field: format.keyColumn, message }] };
      yield { ok: false, rows: null, errors: [{ row: cause.row, field: '(file)', message: cause.message }] };
      return;
    }
    if (!(error instanceof CsvReadError)) throw error;
    yield { ok: false, rows: null, errors: [{ row: error.row, field: '(file)', message: error.message }] };
  }
}
