/**
 * One CSV line (RFC 4180): fields containing a comma, quote or line break are quoted with inner
 * quotes doubled; null becomes an empty field. Every CSV Shipshape writes goes through here.
 */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return fields
    .map((v) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}
