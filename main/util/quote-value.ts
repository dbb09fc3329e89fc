/**
 * How every import error message quotes a value from the file: in double quotes, cut to at most
 * MAX_QUOTED characters with the full length said, so a 50 MB cell (a file whose quote never
 * closes, a pasted blob) costs the report a line, not 50 MB in every copy of the message (the
 * report, the JSON over HTTP, the screen). Control characters are shown escaped, so a value cannot
 * break the report's lines either.
 */
export const MAX_QUOTED = 200;

export function quoteValue(value: unknown, max = MAX_QUOTED): string {
  const { shown, length, cut } = shorten(value, max);
  return cut ? `"${shown}…" (${length.toLocaleString('en')} characters)` : `"${shown}"`;
}

/** The same cut for a value a message names bare (a SKU, a barcode: "component SKU-1 is listed twice"). */
export function shortValue(value: unknown, max = MAX_QUOTED): string {
  const { shown, length, cut } = shorten(value, max);
  return cut ? `${shown}… (${length.toLocaleString('en')} characters)` : shown;
}

function shorten(value: unknown, max: number): { shown: string; length: number; cut: boolean } {
  const text = typeof value === 'string' ? value : value === undefined ? 'undefined' : safeString(value);
  const cut = text.length > max;
  // Never cut a surrogate pair in half.
  let end = cut ? max : text.length;
  if (cut && end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return { shown: (cut ? text.slice(0, end) : text).replace(/[\u0000-\u001f\u007f]/g, escapeControl), length: text.length, cut };
}

function safeString(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    return String(value);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function escapeControl(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
