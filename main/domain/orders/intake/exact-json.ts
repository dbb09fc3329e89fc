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

/**
 * Quotes integer literals longer than 15 digits that are not safe integers. One native regex pass:
 * string literals are matched (and kept) as whole tokens so digits inside strings are never
 * touched; a number token counts only when it is a whole integer literal (not part of a float).
 */
const TOKENS = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])(-?\d{16,})(?![\d.eE+-])/g;

export function quoteLongIntegers(text: string): string {
  // Nothing to quote unless 16 digits stand in a row somewhere.
  if (!/\d{16}/.test(text)) return text;
  return text.replace(TOKENS, (token: string, integer: string | undefined) => (integer !== undefined && !Number.isSafeInteger(Number(integer)) ? `"${integer}"` : token));
}
