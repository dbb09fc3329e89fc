/**
 * JSON.parse that keeps long integers exact.
 *
 * Shopify ids are 64-bit ("id": 5678901234567890123). JSON.parse turns them into the nearest double,
 * so the id we store would not be the id Shopify sent and idempotency by (channel, external id) would
 * silently break. Before parsing, every integer literal too long to be a safe integer is wrapped in
 * quotes; the schemas accept ids as string or number and always store the string.
 */

/** Rejects invalid UTF-8 instead of replacing it; decode() without `stream` keeps no state between calls. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export type ExactJsonResult = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJsonKeepingLongIntegers(raw: string | Buffer): ExactJsonResult {
  let text: string;
  if (typeof raw === 'string') {
    text = raw;
  } else {
    try {
      text = STRICT_UTF8.decode(raw);
    } catch {
      return { ok: false, message: 'body is not valid UTF-8' };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { ok: true, value: JSON.parse(quoteLongIntegerValues(text)) };
  } catch {
    // The quick quoting may have touched digits inside a string (that always breaks the JSON, see
    // quoteLongIntegerValues), or the body is bad: decide with the exact scan.
  }
  try {
    return { ok: true, value: JSON.parse(quoteLongIntegers(text)) };
  } catch (error) {
    return { ok: false, message: `body is not valid JSON: ${(error as Error).message}` };
  }
}

/** A run of 16+ digits standing as a whole value: after `:`, `[` or `,` and before `,`, `}` or `]`. */
const LONG_INTEGER_VALUE = /([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g;

/**
 * The quick form of quoteLongIntegers, one native regex pass. It cannot tell a value from the same
 * characters inside a string ("note": "ref: 1234567890123456789, thanks"), but quoting there puts
 * a `"` right before a digit inside the string, which ends the string early and can never parse;
 * so a body this returns either parses to exactly what the exact scan gives, or fails to parse.
 */
export function quoteLongIntegerValues(text: string): string {
  if (!hasLongIntegerValue(text)) return text;
  return text.replace(LONG_INTEGER_VALUE, (match, before: string, digits: string) => (Number.isSafeInteger(Number(digits)) ? match : `${before}"${digits}"`));
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Whether LONG_INTEGER_VALUE could match at all: some run of 16+ digits stands after `:`, `[` or
 * `,` (spaces and a minus sign between). A Shopify order has such runs mostly inside strings
 * ("gid://shopify/Order/5678901234567890123"), and looking only at the few runs is ~10× cheaper
 * than the replace pass scanning the whole body for its leading character class.
 *
 * Runs are found by looking at every 16th character only: 16 consecutive positions always include
 * one of them, so no run of 16+ digits is missed, and the scan is ~5× faster than /\d{16,}/g
 * (3 against 15 µs on a Shopify order), which tries a match at every position.
 */
function hasLongIntegerValue(text: string): boolean {
  const n = text.length;
  for (let p = 15; p < n; p += 16) {
    if (!isDigit(text.charCodeAt(p))) continue;
    let start = p;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = p + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    if (end - start < 16) continue;
    let i = start - 1;
    if (text.charCodeAt(i) === 45 /* - */) i--;
    while (i >= 0 && /\s/.test(text[i])) i--;
    const c = text.charCodeAt(i);
    if (c === 58 /* : */ || c === 91 /* [ */ || c === 44 /* , */) return true;
  }
  return false;
}

/**
 * Quotes integer literals longer than 15 digits that are not safe integers. A single hand-written
 * scan (about 10× faster than a regex with a callback on a Shopify order, and this runs for every
 * webhook): string literals are skipped whole, so digits inside strings are never touched; a number
 * token counts only when it is a whole integer literal (not a float or exponent).
 */
export function quoteLongIntegers(text: string): string {
  // Nothing to quote unless 16 digits stand in a row somewhere.
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
      i++;
    } else if ((c >= 48 && c <= 57) || c === 45 /* - */) {
      const start = i;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (!((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45)) break;
      }
      if (i - start >= 16) {
        const token = text.slice(start, i);
        if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
          out += `${text.slice(copiedUpTo, start)}"${token}"`;
          copiedUpTo = i;
        }
      }
    } else {
      i++;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}
