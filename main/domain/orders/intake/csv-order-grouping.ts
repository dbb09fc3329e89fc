import type { CsvRecord } from './csv-records';

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

export async function* groupConsecutiveByKey(
  records: AsyncIterable<CsvRecord>,
  keyOf: (record: CsvRecord) => string,
): AsyncGenerator<OrderRowGroup> {
  const firstRowByKey = new Map<string, number>();
  let current: OrderRowGroup | null = null;
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
  if (current) yield current;
}
