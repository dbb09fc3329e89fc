import type PDFDocument from 'pdfkit';

/**
 * pdfkit re-reads and re-parses a standard font's AFM metrics (Helvetica: ~2,000 kerning pairs,
 * ~3.5 ms on a 2-core machine) for every new document that uses it; a packing slip uses Helvetica
 * and Helvetica-Bold, so half of a slip's render time was parsing the same two files again (100
 * slips in a label batch: ~0.7 s). The parsed metrics are read-only after parsing, so one parse per
 * font per process is shared by every later document: same fonts, same PDF bytes, less time.
 *
 * pdfkit exports no font classes, so the AFM class is reached through a document's default font.
 * A pdfkit whose internals differ is left as it is (correct, only slower).
 */
interface AfmMetrics {
  attributes: unknown;
  glyphWidths: unknown;
  boundingBoxes: unknown;
  kernPairs: unknown;
}

type AfmClass = { prototype: { parse(this: AfmMetrics, contents: string): void } };

const patched = new WeakSet<object>();

export function cacheStandardFontMetrics(PDF: typeof PDFDocument): void {
  if (patched.has(PDF)) return;
  patched.add(PDF);
  const probe = new PDF({ autoFirstPage: false }) as unknown as { _font?: { font?: { constructor?: AfmClass } } };
  const Afm = probe._font?.font?.constructor;
  const parse = Afm?.prototype?.parse;
  if (!Afm || typeof parse !== 'function') return;
  // Keyed by the file's text (what pdfkit passes), so a different font never gets another's metrics.
  const parsed = new Map<string, AfmMetrics>();
  Afm.prototype.parse = function (this: AfmMetrics, contents: string) {
    const known = parsed.get(contents);
    if (known) {
      Object.assign(this, known);
      return;
    }
    parse.call(this, contents);
    parsed.set(contents, { attributes: this.attributes, glyphWidths: this.glyphWidths, boundingBoxes: this.boundingBoxes, kernPairs: this.kernPairs });
  };
}
