/** Barcode cells of a product import: GTINs checked with the GS1 rule, spreadsheet damage named. */
import { quoteValue } from '../../../util/quote-value';
import { GTIN_LENGTHS, gs1CheckDigit } from '../../../util/gs1';

export type BarcodeCheck = { ok: true; barcode: string } | { ok: false; message: string };

/**
 * Validates one barcode cell. All-digit codes of a GTIN length must carry a correct check digit;
 * other codes (Code 128 internal SKUs like "WH-00412") are accepted as they are. Shapes that mean a
 * spreadsheet mangled the value get a message saying so.
 */
export function checkBarcode(raw: string): BarcodeCheck {
  const code = raw.trim().replace(/^'/, '');
  if (code === '') return { ok: false, message: 'barcode is blank' };
  if (/^\d+(\.\d+)?E\+\d+$/i.test(code)) {
    return { ok: false, message: `${quoteValue(raw)} was turned into scientific notation by a spreadsheet; format the column as text and export again` };
  }
  if (/^\d+$/.test(code)) {
    if (code.length === 11) {
      return { ok: false, message: `"${raw}" has 11 digits: a UPC-A that lost its leading zero in a spreadsheet? Use "0${code}"` };
    }
    if ((GTIN_LENGTHS as readonly number[]).includes(code.length)) {
      const expected = gs1CheckDigit(code.slice(0, -1));
      if (expected !== Number(code[code.length - 1])) {
        return { ok: false, message: `GTIN-${code.length} ${quoteValue(code)} has check digit ${code[code.length - 1]}, expected ${expected}` };
      }
    }
  }
  return { ok: true, barcode: code };
}
