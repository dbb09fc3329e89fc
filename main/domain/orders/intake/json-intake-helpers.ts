import { z } from 'zod';
import { MAX_LINE_QUANTITY, type IncomingAddress, type IntakeError } from './incoming-order';
import { parseMoney } from './money';
import { quoteValue, shortValue } from '../../../util/quote-value';

/** Channel ids arrive as numbers or strings; we always keep the exact decimal string. */
export const exactId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/** Money fields: channels send decimal strings; WooCommerce sends a few as JSON numbers. */
export const moneyText = z.union([z.string(), z.number()]).transform((value) => String(value));

export const optionalText = z
  .string()
  .nullish()
  .transform((value) => (value == null || value.trim() === '' ? null : value.trim()));

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function zodIssuesToErrors(issues: readonly z.core.$ZodIssue[]): IntakeError[] {
  return issues.map((issue) => {
    const path = jsonPath(issue.path);
    const last = issue.path[issue.path.length - 1];
    return { path: path || '(root)', field: typeof last === 'string' ? last : path || '(root)', message: issue.message };
  });
}

/**
 * Collects field problems while a validated payload is mapped to an IncomingOrder, so one pass
 * reports every bad money field instead of stopping at the first.
 */
export class FieldProblems {
  readonly errors: IntakeError[] = [];

  constructor(private readonly currency: string) {}

  add(path: string, message: string): void {
    const field = path.replace(/^.*[.\]]/, '') || path;
    this.errors.push({ path, field, message });
  }

  /** Parses money; records an error and returns 0 when invalid. Blank/absent counts as zero. */
  money(text: string | null | undefined, path: string, options: { allowNegative?: boolean } = {}): number {
    if (text == null || text.trim() === '') return 0;
    const parsed = parseMoney(text, this.currency);
    if (!parsed.ok) {
      this.add(path, parsed.message);
      return 0;
    }
    if (parsed.cents < 0 && !options.allowNegative) {
      this.add(path, `${quoteValue(text)} is negative`);
      return 0;
    }
    return parsed.cents;
  }

  positiveQuantity(value: number, path: string): number {
    if (!Number.isInteger(value) || value <= 0) {
      this.add(path, `quantity must be a positive whole number, got ${shortValue(value)}`);
      return 0;
    }
    if (value > MAX_LINE_QUANTITY) {
      this.add(path, `quantity ${shortValue(value)} is more than ${MAX_LINE_QUANTITY.toLocaleString('en')} units on one line`);
      return 0;
    }
    return value;
  }
}

/** Converts a channel timestamp to a UTC ISO instant; null when unparseable. */
export function toUtcIso(text: string, assumeUtcWhenNoOffset: boolean): string | null {
  let candidate = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(candidate)) return null;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(candidate);
  if (!hasOffset) {
    if (!assumeUtcWhenNoOffset) return null;
    candidate = `${candidate.replace(' ', 'T')}Z`;
  }
  const millis = Date.parse(candidate);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

export function joinName(first: string | null | undefined, last: string | null | undefined): string {
  return [first, last].filter((part) => part && part.trim() !== '').map((part) => part!.trim()).join(' ');
}

export function splitTags(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** Checks the fields a carrier label cannot do without; returns the address or records errors. */
export function requireShippableAddress(
  address: IncomingAddress,
  basePath: string,
  problems: FieldProblems,
  fieldNames: { line1: string; city: string; postalCode: string; countryCode: string },
): IncomingAddress {
  if (!address.line1) problems.add(`${basePath}.${fieldNames.line1}`, 'ship-to street address is missing');
  if (!address.city) problems.add(`${basePath}.${fieldNames.city}`, 'ship-to city is missing');
  if (!/^[A-Z]{2}$/.test(address.countryCode)) {
    problems.add(`${basePath}.${fieldNames.countryCode}`, `country must be a 2-letter ISO code, got ${quoteValue(address.countryCode)}`);
  }
  return address;
}
