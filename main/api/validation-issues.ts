import type { ZodError } from 'zod';
import type { ValidationIssue } from '../../shared/validation-messages';

type ZodIssue = ZodError['issues'][number];

const valueAt = (input: unknown, path: PropertyKey[]): unknown =>
  path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), input);

const num = (x: unknown): number | undefined => (typeof x === 'number' || typeof x === 'bigint' ? Number(x) : undefined);

/**
 * A zod issue as it crosses the API: its path, message, kind and limits (never the value given), so
 * the console can say it in plain words next to the field (shared/validation-messages.ts).
 * `input`, when known, tells a field left out (`missing`) from one given wrong.
 */
export function toValidationIssue(i: ZodIssue, input?: unknown): ValidationIssue {
  const raw = i as ZodIssue & Record<string, unknown>;
  const issue: ValidationIssue = { path: i.path.map(String).join('.'), message: i.message, code: i.code };
  if (typeof raw.origin === 'string') issue.origin = raw.origin;
  if (num(raw.minimum) !== undefined) issue.minimum = num(raw.minimum);
  if (num(raw.maximum) !== undefined) issue.maximum = num(raw.maximum);
  if (typeof raw.inclusive === 'boolean') issue.inclusive = raw.inclusive;
  if (typeof raw.expected === 'string') issue.expected = raw.expected;
  if (typeof raw.format === 'string') issue.format = raw.format;
  if (num(raw.divisor) !== undefined) issue.divisor = num(raw.divisor);
  if (Array.isArray(raw.values) && raw.values.length <= 20) issue.values = raw.values.map(String);
  // Keys come from the caller: a few, cut short, so an error never echoes a huge input.
  if (Array.isArray(raw.keys)) issue.keys = raw.keys.slice(0, 5).map((k) => String(k).slice(0, 40));
  if (input !== undefined && i.path.length > 0 && i.code === 'invalid_type' && valueAt(input, i.path) == null) issue.missing = true;
  return issue;
}
