/**
 * JSON.parse that keeps long integers exact.
 *
 * Shopify ids are 64-bit ("id": 5678901234567890123). JSON.parse turns them into the nearest double,
 * so the id we store would not be the id Shopify sent and idempotency by (channel, external id) would
 * silently break. Before parsing, every integer literal too long to be a safe integer is wrapped in
 * quotes; the schemas accept ids as string or number and always store the string.
 */

const MAX_SAFE_DIGITS = 15;

export type ExactJsonResult = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJsonKeepingLongIntegers(raw: string | Buffer): ExactJsonResult {
  let text: string;
  if (typeof raw === 'string') {
    text = raw;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return { ok: false, message: 'body is not valid UTF-8' };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { ok: true, value: JSON.parse(quoteLongIntegers(text)) };
  } catch (error) {
    return { ok: false, message: `body is not valid JSON: ${(error as Error).message}` };
  }
}

/** Walks the text once, skipping string contents, and quotes integer literals longer than 15 digits. */
export function quoteLongIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let index = 0;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === 0x22 /* " */) {
      index++;
      while (index < text.length && text.charCodeAt(index) !== 0x22) {
        index += text.charCodeAt(index) === 0x5c /* \ */ ? 2 : 1;
      }
      index++;
      continue;
    }
    const startsNumber = char === 0x2d /* - */ || (char >= 0x30 && char <= 0x39);
    if (!startsNumber) {
      index++;
      continue;
    }
    const start = index;
    index++;
    while (index < text.length && /[0-9.eE+-]/.test(text[index])) index++;
    const literal = text.slice(start, index);
    const digitCount = literal.replace('-', '').length;
    if (/^-?\d+$/.test(literal) && digitCount > MAX_SAFE_DIGITS && !Number.isSafeInteger(Number(literal))) {
      out += text.slice(copiedUpTo, start) + `"${literal}"`;
      copiedUpTo = index;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}
