import { CsvHeader, CsvReadError, readCsvRecordBatches, type CsvInput, type CsvRecord } from '../../../util/csv';
import type { ProductImportItem } from './incoming-product';
import { unreadableRow } from './product-fields';

/** Maps one data row to an item, or null for a row that carries no product (Shopify's image-only rows). */
export type ProductRowMapper = (record: CsvRecord) => ProductImportItem | null;

/**
 * Reads a products CSV in batches for any of our formats: the header row decides the row mapper
 * (or the one error that stops the file, e.g. a missing required column); a row with a broken
 * quote is reported and reading goes on at the next line (`recover`), so every row's problems
 * are listed; an empty file and an unreadable one are errors of the file.
 */
export async function* readProductCsvBatches(input: CsvInput, mapperFor: (header: CsvHeader) => ProductRowMapper | ProductImportItem): AsyncGenerator<ProductImportItem[]> {
  let mapRow: ProductRowMapper | null = null;
  try {
    for await (const batch of readCsvRecordBatches(input, { recover: true })) {
      const items: ProductImportItem[] = [];
      for (const record of batch) {
        if (record.error !== undefined) {
          if (!mapRow) {
            yield [unreadableRow(record.row, record.error, false)];
            return;
          }
          items.push(unreadableRow(record.row, record.error, true));
          continue;
        }
        if (mapRow) {
          const item = mapRow(record);
          if (item) items.push(item);
          continue;
        }
        const mapper = mapperFor(new CsvHeader(record.cells));
        if (typeof mapper !== 'function') {
          yield [mapper];
          return;
        }
        mapRow = mapper;
      }
      if (items.length > 0) yield items;
    }
    if (!mapRow) yield [{ ok: false, row: 1, errors: [{ row: 1, column: '(file)', message: 'the file is empty' }] }];
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    yield [{ ok: false, row: error.row, errors: [{ row: error.row, column: '(file)', message: error.message }] }];
  }
}
