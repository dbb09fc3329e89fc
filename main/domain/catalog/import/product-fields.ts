import { currencyMinorUnits, parseMoney } from '../../orders/intake/money';
import { checkBarcode } from './gtin';
import type { KitComponent, ProductImportItem, ProductRowError } from './incoming-product';
import { quoteValue, shortValue } from '../../../util/quote-value';

/**
 * Cell parsers shared by the product importers. Each records a {row, column, message} problem and
 * returns null instead of throwing, so one pass over a row reports everything wrong with it.
 */
export class ProductRowProblems {
  readonly errors: ProductRowError[] = [];

  constructor(readonly row: number) {}

  add(column: string, message: string): void {
    this.errors.push({ row: this.row, column, message: `row ${this.row}, ${column}: ${message}` });
  }

  /** Whole number >= 0; "12" and "12.0" pass, "-1" and "2.5" do not. Blank -> null. */
  wholeNumber(text: string, column: string, what = 'value'): number | null {
    if (text === '') return null;
    if (text.length <= 15 && isDigits(text, 0, text.length)) return Number(text); // the common case, without a regex
    const match = /^(-?)(\d+)(?:\.0*)?$/.exec(text);
    if (!match) {
      this.add(column, /^-?\d*\.\d+$/.test(text) ? `${what} must be a whole number, got ${quoteValue(text)}` : `${quoteValue(text)} is not a number`);
      return null;
    }
    if (match[1] === '-' && Number(match[2]) !== 0) {
      this.add(column, `${what} cannot be negative, got ${quoteValue(text)}`);
      return null;
    }
    return Number(match[2]);
  }

  money(text: string, column: string, currency: string): number | null {
    if (text === '') return null;
    // The common case "19.99" in a 2-decimal currency, without a regex (same result as parseMoney).
    const point = text.length - 3;
    if (point >= 0 && text.length <= 16 && text.charCodeAt(point) === 46 && isDigits(text, 0, point) && isDigits(text, point + 1, text.length) && currencyMinorUnits(currency) === 2) {
      return Number(text.slice(0, point) + text.slice(point + 1));
    }
    const parsed = parseMoney(text, currency);
    if (!parsed.ok) {
      this.add(column, parsed.message);
      return null;
    }
    if (parsed.cents < 0) {
      this.add(column, `${quoteValue(text)} is negative`);
      return null;
    }
    return parsed.cents;
  }

  /** true/false, yes/no, 1/0, y/n (any case). Blank -> fallback. */
  boolean(text: string, column: string, fallback: boolean): boolean {
    if (text === '') return fallback;
    const lower = text.toLowerCase();
    if (lower === 'true' || lower === 'yes' || lower === 'y' || lower === '1') return true;
    if (lower === 'false' || lower === 'no' || lower === 'n' || lower === '0') return false;
    this.add(column, `${quoteValue(text)} is not true/false`);
    return fallback;
  }

  barcodes(cells: string[], column: string): string[] {
    const out: string[] = [];
    for (const cell of cells) {
      if (cell.trim() === '') continue;
      const checked = checkBarcode(cell);
      if (checked.ok) out.push(checked.barcode);
      else this.add(column, checked.message);
    }
    return out;
  }

  /** HS code digits; accepts "6109.10" or "610910"; 6–10 digits. */
  hsCode(text: string, column: string): string | null {
    if (text === '') return null;
    const digits = text.replace(/[.\s]/g, '');
    if (!/^\d{6,10}$/.test(digits)) {
      this.add(column, `${quoteValue(text)} is not an HS code (6 to 10 digits)`);
      return null;
    }
    return digits;
  }

  countryCode(text: string, column: string): string | null {
    if (text === '') return null;
    const upper = text.toUpperCase();
    if (!/^[A-Z]{2}$/.test(upper)) {
      this.add(column, `${quoteValue(text)} is not a 2-letter ISO country code`);
      return null;
    }
    return upper;
  }

  /** "SKU-A:2|SKU-B:1" -> components; quantities positive whole numbers, no repeats, not itself. */
  kitComponents(text: string, column: string, ownSku: string): KitComponent[] {
    if (text === '') return [];
    const components: KitComponent[] = [];
    const seen = new Set<string>();
    for (const part of text.split('|')) {
      const match = /^\s*([^:|]+?)\s*(?::\s*(\S+)\s*)?$/.exec(part);
      if (!match) {
        this.add(column, `${quoteValue(part)} is not SKU:quantity`);
        continue;
      }
      const sku = match[1];
      const quantityText = match[2] ?? '1';
      if (!/^\d+$/.test(quantityText) || Number(quantityText) === 0) {
        this.add(column, `component ${shortValue(sku)}: quantity must be a positive whole number, got ${quoteValue(quantityText)}`);
        continue;
      }
      const key = sku.toLowerCase();
      if (key === ownSku.toLowerCase()) this.add(column, `a kit cannot contain itself (${shortValue(sku)})`);
      else if (seen.has(key)) this.add(column, `component ${shortValue(sku)} is listed twice`);
      else {
        seen.add(key);
        components.push({ sku, quantity: Number(quantityText) });
      }
    }
    return components;
  }
}

/**
 * Remembers every SKU of one file (case-insensitively, because "tee-red-m" and "TEE-RED-M" on a shelf
 * label are the same thing to a picker). This set is the only memory that grows with the file; a
 * caller that checks duplicates itself (the import service, in SQL) turns it off.
 */
export class DuplicateSkuTracker {
  private readonly firstRowBySku = new Map<string, number>();

  constructor(private readonly enabled = true) {}

  /** Returns the row where this SKU first appeared, or null (and records it) when new. */
  seen(sku: string, row: number): number | null {
    if (!this.enabled) return null;
    const key = sku.toLowerCase();
    const first = this.firstRowBySku.get(key);
    if (first !== undefined) return first;
    this.firstRowBySku.set(key, row);
    return null;
  }
}

/** The problem reported for the second and later rows of one SKU. */
export function duplicateSkuMessage(sku: string, firstRow: number): string {
  return `duplicate SKU ${quoteValue(sku)} (first used at row ${firstRow}; SKUs are compared ignoring case)`;
}

export function splitList(text: string, separators: RegExp): string[] {
  if (text === '') return [];
  // The common cell holds one item (a barcode): no split. (`separators` has no g flag: test() keeps no state.)
  if (!separators.test(text)) {
    const item = text.trim();
    return item === '' ? [] : [item];
  }
  return text
    .split(separators)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** True when text[from, to) is all ASCII digits (and not empty). */
function isDigits(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A row the CSV reader could not read (a broken quote): its problem, or the file's when it is the header. */
export function unreadableRow(row: number, message: string, afterHeader: boolean): ProductImportItem {
  return { ok: false, row, errors: [{ row, column: afterHeader ? '(row)' : '(file)', message }] };
}
