import type { TextElement } from './layout';

/**
 * Wrapping and shrink-to-fit, decided once here so ZPL, SVG and PDF break lines at the same
 * words. Widths are estimates for a condensed bold sans (ZPL font 0 is CG Triumvirate Bold
 * Condensed); they lean wide so the printer's own metrics never overflow the box.
 */

const NARROW = new Set([...'il.,:;!|\'`ijtfIJ()[]{} ']);
const WIDE = new Set([...'MWmw@%&ÆŒæœ']);

export function estimateTextWidthMm(text: string, heightMm: number): number {
  let ems = 0;
  for (const char of text) {
    if (NARROW.has(char)) ems += 0.3;
    else if (WIDE.has(char)) ems += 0.85;
    else if (char >= 'A' && char <= 'Z') ems += 0.62;
    else if (char.charCodeAt(0) > 0x2e80) ems += 1; // CJK and other full-width scripts
    else ems += 0.55;
  }
  return ems * heightMm;
}

export interface FittedText {
  lines: string[];
  heightMm: number;
  truncated: boolean;
}

function breakLongWord(word: string, maxWidthMm: number, heightMm: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece && estimateTextWidthMm(piece + char, heightMm) > maxWidthMm) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

export function wrapText(text: string, maxWidthMm: number, heightMm: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (estimateTextWidthMm(candidate, heightMm) <= maxWidthMm) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      if (estimateTextWidthMm(word, heightMm) <= maxWidthMm) {
        line = word;
      } else {
        const pieces = breakLongWord(word, maxWidthMm, heightMm);
        line = pieces.pop() ?? '';
        lines.push(...pieces);
      }
    }
    lines.push(line);
  }
  return lines;
}

function truncateWithEllipsis(line: string, maxWidthMm: number, heightMm: number): string {
  let kept = line;
  while (kept && estimateTextWidthMm(`${kept}…`, heightMm) > maxWidthMm) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

const SHRINK_STEP = 0.9;

export function fitText(element: TextElement): FittedText {
  const maxLines = Math.max(1, element.maxLines ?? 1);
  const minHeightMm = Math.min(element.heightMm, element.minHeightMm ?? element.heightMm * 0.6);
  let heightMm = element.heightMm;
  const fitsBlock = (lines: number, height: number) => element.maxBlockHeightMm === undefined || lines * height * LINE_SPACING <= element.maxBlockHeightMm + 1e-9;
  for (;;) {
    const lines = wrapText(element.text, element.maxWidthMm, heightMm);
    if (lines.length <= maxLines && fitsBlock(lines.length, heightMm)) return { lines, heightMm, truncated: false };
    const smaller = heightMm * SHRINK_STEP;
    if (smaller < minHeightMm) {
      // Keep as many lines as the block height allows (at least one), ellipsis on the last.
      let allowed = Math.min(maxLines, lines.length);
      while (allowed > 1 && !fitsBlock(allowed, heightMm)) allowed--;
      const kept = lines.slice(0, allowed);
      kept[allowed - 1] = truncateWithEllipsis(kept[allowed - 1], element.maxWidthMm, heightMm);
      return { lines: kept, heightMm, truncated: true };
    }
    heightMm = smaller;
  }
}

/** Line advance used by every renderer, so multi-line text occupies the same space everywhere. */
export const LINE_SPACING = 1.15;
