import { MAX_LINE_QUANTITY, type IntakeError } from './incoming-order';
import { parseMoney } from './money';
import { quoteValue } from '../../../util/quote-value';

/** Collects problems of one CSV order group, each naming its row and column. */
export class CsvOrderProblems {
  readonly errors: IntakeError[] = [];

  add(row: number, column: string, message: string): void {
    this.errors.push({ row, field: column, message: `row ${row}, ${column}: ${message}` });
  }

  /** Money cell -> minor units; blank is zero; records an error and returns 0 when invalid or negative. */
  money(text: string, row: number, column: string, currency: string): number {
    if (text === '') return 0;
    const parsed = parseMoney(text, currency);
    if (!parsed.ok) {
      this.add(row, column, parsed.message);
      return 0;
    }
    if (parsed.cents < 0) {
      this.add(row, column, `${quoteValue(text)} is negative`);
      return 0;
    }
    return parsed.cents;
  }

  positiveInteger(text: string, row: number, column: string): number {
    if (!/^\d+$/.test(text) || Number(text) === 0) {
      this.add(row, column, `quantity must be a positive whole number, got ${quoteValue(text)}`);
      return 0;
    }
    if (Number(text) > MAX_LINE_QUANTITY) {
      this.add(row, column, `quantity ${quoteValue(text)} is more than ${MAX_LINE_QUANTITY.toLocaleString('en')} units on one line`);
      return 0;
    }
    return Number(text);
  }
}

/**
 * Accepts "2025-07-16T14:03:00Z", "2025-07-16T10:03:00-04:00" and Shopify's export form
 * "2025-07-16 10:03:12 -0400". Returns a UTC ISO instant, or null. Local times without an offset are
 * refused: guessing the shop's timezone shifts delivery promises by a day near midnight.
 */
export function csvTimestampToUtcIso(text: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})$/i.exec(text.trim());
  if (!match) return null;
  const [, date, time, offset] = match;
  const normalisedOffset = offset.toUpperCase() === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
  const millis = Date.parse(`${date}T${time}${normalisedOffset}`);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

/**
 * Spreads an order-level amount (Shopify's CSV has only an order total for tax) over lines in
 * proportion to their net value, largest remainder first, so the parts always add up to the total.
 */
export function allocateProportionally(totalCents: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((sum, weight) => sum + Math.max(0, weight), 0);
  if (weights.length === 0) return [];
  if (weightSum === 0) {
    const shares = weights.map(() => 0);
    shares[0] = totalCents;
    return shares;
  }
  const exact = weights.map((weight) => (totalCents * Math.max(0, weight)) / weightSum);
  const shares = exact.map(Math.floor);
  let remainder = totalCents - shares.reduce((sum, share) => sum + share, 0);
  const byFraction = exact.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction);
  for (const { index } of byFraction) {
    if (remainder <= 0) break;
    shares[index] += 1;
    remainder -= 1;
  }
  return shares;
}
