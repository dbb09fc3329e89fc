import { LABEL_4X6_MM, MM_PER_INCH, type LabelLayout } from './layout';
import { buildPdf, chooseFont, drawLayout, pt, type PdfRenderOptions } from './pdf';

/**
 * Labels for office printers: a PDF with one label per 4×6 in page (label printers driven through
 * the OS, "save as PDF"), or two labels per A4/Letter sheet for a laser printer — each label in
 * its own half of the sheet, turned a quarter so its 6 in side runs across the page, with a
 * dashed cut line between them. Same layout, same renderer as the single-label PDF.
 */
export type LabelPaper = '4x6' | 'A4' | 'Letter';

export const PAPER_MM = {
  A4: { widthMm: 210, heightMm: 297 },
  Letter: { widthMm: 8.5 * MM_PER_INCH, heightMm: 11 * MM_PER_INCH },
} as const;

export function renderLabelsPdf(layouts: LabelLayout[], paper: LabelPaper = '4x6', options: PdfRenderOptions = {}): Promise<Buffer> {
  if (layouts.length === 0) throw new Error('No labels to render');
  if (paper === '4x6') {
    const first = layouts[0] ?? LABEL_4X6_MM;
    return buildPdf([pt(first.widthMm), pt(first.heightMm)], (doc) => {
      doc.font(chooseFont(layouts, options));
      layouts.forEach((layout, index) => {
        if (index > 0) doc.addPage({ size: [pt(layout.widthMm), pt(layout.heightMm)], margin: 0 });
        drawLayout(doc, layout);
      });
    });
  }
  const sheet = PAPER_MM[paper];
  const half = sheet.heightMm / 2;
  return buildPdf([pt(sheet.widthMm), pt(sheet.heightMm)], (doc) => {
    doc.font(chooseFont(layouts, options));
    layouts.forEach((layout, index) => {
      const slot = index % 2;
      if (index > 0 && slot === 0) doc.addPage({ size: [pt(sheet.widthMm), pt(sheet.heightMm)], margin: 0 });
      if (layout.heightMm > sheet.widthMm || layout.widthMm > half) {
        throw new Error(`A ${layout.widthMm} × ${layout.heightMm} mm label does not fit half of a ${paper} sheet`);
      }
      // Rotated 90° clockwise: the label's height runs along the sheet's width, centred in its half.
      const left = (sheet.widthMm - layout.heightMm) / 2;
      const top = slot * half + (half - layout.widthMm) / 2;
      doc.save().translate(pt(left + layout.heightMm), pt(top)).rotate(90);
      drawLayout(doc, layout);
      doc.restore();
      if (slot === 0 && index + 1 < layouts.length) {
        doc.save().moveTo(pt(8), pt(half)).lineTo(pt(sheet.widthMm - 8), pt(half)).lineWidth(0.5).dash(4, { space: 4 }).stroke('#888').undash().restore();
      }
    });
  });
}
