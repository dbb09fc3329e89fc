/**
 * CSV writing (RFC 4180): fields containing a comma, quote or line break are quoted with inner
 * quotes doubled; null becomes an empty field. Every CSV Shipshape writes goes through here.
 *
 * Formula guard (OWASP "CSV Injection", ASVS 1.2.10, CWE-1236): Excel, LibreOffice Calc and Google
 * Sheets run a cell whose first character is `=`, `+`, `-`, `@`, tab, carriage return (or NUL) as a
 * formula, so a customer named `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` would run on the machine of
 * whoever opens the export. Such a text cell is written with a leading `'`, which a spreadsheet takes
 * as "show as text" (and hides).
 *
 * Numbers stay numbers: bookkeeping importers (QuickBooks Online, Xero) and spreadsheets must read a
 * refund of `-19.35` as minus 19.35, not as the text `'-19.35`. A cell is a number, and left alone,
 * when it was passed as a JS number or its text matches NUMERIC_CELL (optional minus, digits,
 * optional decimal part: `-19.35`, `-7`, `0.50`). Anything else starting with a guarded character is
 * text and guarded: `-5 units`, `+44 20 7946 0000`, `-` alone, `-1e3`.
 */

export type CsvCell = string | number | null | undefined;

export interface CsvLineOptions {
  /**
   * Default true. Turn off only for files a program reads byte for byte and no person opens in a
   * spreadsheet (the Shopify inventory feed, whose SKUs must match exactly); a `'` there would be data.
   */
  formulaGuard?: boolean;
}

/** First characters a spreadsheet reads as the start of a formula (OWASP's list plus NUL from ASVS). */
const FORMULA_START = /^[=+\-@\t\r\0]/;
/** A plain decimal number, as `decimal()` in accounting and money formatters write them. */
export const NUMERIC_CELL = /^-?\d+(\.\d+)?$/;

/** The text a spreadsheet should show as typed: prefixed with `'` when it would otherwise be a formula. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) && !NUMERIC_CELL.test(text) ? `'${text}` : text;
}

export function csvLine(fields: readonly CsvCell[], options: CsvLineOptions = {}): string {
  const guard = options.formulaGuard ?? true;
  return fields
    .map((v) => {
      if (v === null || v === undefined) return '';
      // A JS number is a number whatever its sign.
      const s = typeof v === 'number' ? String(v) : guard ? guardFormula(v) : v;
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}
