import type { ApiErrorBody } from './errors';

/**
 * One validation problem as the API reports it in a `VALIDATION` error's `details.issues`: the
 * field's path ("lines.0.quantity"), zod's message, and the kind of problem with its limits, so a
 * form can say it in plain words next to the field instead of zod's "Too small: expected string to
 * have >=1 characters".
 */
export interface ValidationIssue {
  path: string;
  message: string;
  /** zod's issue code: too_small, too_big, invalid_type, invalid_format, invalid_value, custom, ... */
  code?: string;
  /** What was measured: string (characters), number, array (items), ... */
  origin?: string;
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
  /** invalid_type: the type wanted (number, string, int, ...). */
  expected?: string;
  /** invalid_format: email, url, regex, date, datetime, ... */
  format?: string;
  /** invalid_value: the values allowed. */
  values?: string[];
  /** unrecognized_keys: the keys nobody asked for. */
  keys?: string[];
  divisor?: number;
  /** Nothing was given for this field (undefined or null). */
  missing?: boolean;
}

/** How a form names a field: its label ("Change"), and whether it takes whole numbers only. */
export type FieldLabel = string | { label: string; whole?: boolean };
export type FieldLabels = Record<string, FieldLabel>;

/** Field path → plain message, one per field (the first problem found). */
export type FieldErrors = Record<string, string>;

// zod's own English messages start like this; a message a schema wrote itself ("must not be 0",
// "a reason is required") is kept, because it says more than a generic one would.
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized key|Expected )/;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const article = (noun: string) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "amountCents" → "Amount", "lines.0.quantity" → "Quantity", "toBin" → "To bin". */
export function humanFieldName(path: string): string {
  const last = path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? '';
  const words = last
    .replace(/(Cents|Grams|Mm)$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .toLowerCase()
    .trim();
  const ACRONYMS: Record<string, string> = { url: 'URL', sku: 'SKU', id: 'ID', uri: 'Address' };
  return words ? (ACRONYMS[words] ?? capitalise(words)) : 'This field';
}

function labelOf(path: string, labels: FieldLabels = {}): { label: string; whole: boolean } {
  const hit = labels[path] ?? labels[path.replace(/\.\d+\./g, '.')] ?? labels[path.split('.').pop() ?? ''];
  if (hit === undefined) return { label: humanFieldName(path), whole: false };
  return typeof hit === 'string' ? { label: hit, whole: false } : { label: hit.label, whole: hit.whole ?? false };
}

/** A message the schema wrote itself ("must not be 0", "a date YYYY-MM-DD"), made a sentence about the field. */
function customSentence(issue: ValidationIssue, label: string): string {
  const message = issue.message;
  if (/^[A-Z]/.test(message)) return message;
  if (/^(must|is|are|should)\b/.test(message)) return `${label} ${message}`;
  // A pattern's message describes what is wanted: "a date YYYY-MM-DD", "letters, digits, dot, dash or underscore".
  if (issue.code === 'invalid_format' && !/^the\b|\brequired\b/.test(message)) {
    if (/^(a|an)\b/.test(message)) return `${label} must be ${message}`;
    if (/^expected\b/.test(message)) return `${label} must be ${message.replace(/^expected\s+/, '')}`;
    if (/^use\b/.test(message)) return `${label}: ${message}`;
    return `${label} may only use ${message}`;
  }
  // Anything else is already a sentence ("a reason is required", "an order needs at least one line").
  return capitalise(message);
}

/** One issue in plain words, naming the field as the form labels it. */
export function plainIssueMessage(issue: ValidationIssue, labels?: FieldLabels): string {
  const { label, whole } = labelOf(issue.path, labels);
  // "Quantity" → "quantity", but "SKU" stays "SKU" and "Offset X" keeps its X.
  const noun = /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
  // "Enter a quantity of at least 1"; a plural label reads better as "Copies must be at most 500".
  const enter = (bound: string) => (/[^s]s$/i.test(label) ? `${label} must be ${bound}` : `Enter ${article(noun)} ${/^(greater|less)/.test(bound) ? bound : `of ${bound}`}`);
  // A number's bound is said best with the bound itself ("at least 1"), whatever the schema wrote.
  const saidWithBound = (issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number';
  if (issue.message && !ZOD_DEFAULT.test(issue.message) && !saidWithBound) {
    if (issue.missing) return `${label} is required`;
    return customSentence(issue, label);
  }
  if (issue.missing) return `${label} is required`;
  const min = issue.minimum ?? 0;
  const max = issue.maximum ?? 0;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return min <= 1 ? `${label} is required` : `${label} needs at least ${plural(min, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Add at least ${plural(min, 'item')} to ${noun}`;
      if (issue.inclusive === false) return enter(whole ? `at least ${Math.floor(min) + 1}` : `greater than ${min}`);
      return enter(`at least ${min}`);
    case 'too_big':
      if (issue.origin === 'string') return `${label} can be at most ${plural(max, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${label} can have at most ${plural(max, 'item')}`;
      if (issue.inclusive === false) return enter(whole ? `at most ${Math.ceil(max) - 1}` : `less than ${max}`);
      return enter(`at most ${max}`);
    case 'invalid_type':
      if (issue.expected === 'int') return `${label} must be a whole number`;
      if (issue.expected === 'number') return `Enter ${article(noun)} as a number`;
      if (issue.expected === 'string') return `${label} must be text`;
      if (issue.expected === 'array') return `${label} must be a list`;
      return `${label} is not valid`;
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter an email address like name@example.com';
      if (issue.format === 'url') return 'Enter a web address like https://example.com';
      if (issue.format === 'date') return `Enter ${noun} as a date (YYYY-MM-DD)`;
      if (issue.format === 'datetime') return `Enter ${noun} as a date and time`;
      return `${label} is not in the expected form`;
    case 'invalid_value':
      return issue.values?.length ? `Choose ${noun}: one of ${issue.values.join(', ')}` : `${label} is not one of the choices`;
    case 'not_multiple_of':
      return `${label} must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `Not a field here: ${(issue.keys ?? []).join(', ')}`;
    default:
      return `${label} is not valid`;
  }
}

const isIssue = (x: unknown): x is ValidationIssue => typeof x === 'object' && x !== null && typeof (x as ValidationIssue).path === 'string';

/**
 * A `VALIDATION` error's problems by field, in plain words. The schema's issues (`details.issues`)
 * become one sentence each; a rule checked by a service (`details.field`, its message already
 * plain) keeps its message. Errors that name no field give `{}`: the caller shows them elsewhere.
 */
export function fieldErrorsOf(error: Pick<ApiErrorBody, 'code' | 'message' | 'details'>, labels?: FieldLabels): FieldErrors {
  if (error.code !== 'VALIDATION') return {};
  const details = (error.details ?? {}) as { field?: unknown; issues?: unknown };
  if (typeof details.field === 'string') return { [details.field]: error.message };
  const out: FieldErrors = {};
  for (const issue of Array.isArray(details.issues) ? details.issues.filter(isIssue) : []) {
    // unrecognized_keys names the object holding them; everything else its own field.
    out[issue.path] ??= plainIssueMessage(issue, labels);
  }
  return out;
}

/** One sentence for a whole error (a toast, a CLI line): the first field's plain message, else the message. */
export function plainErrorMessage(error: Pick<ApiErrorBody, 'code' | 'message' | 'details'>, labels?: FieldLabels): string {
  const first = Object.values(fieldErrorsOf(error, labels))[0];
  return first ?? error.message;
}
