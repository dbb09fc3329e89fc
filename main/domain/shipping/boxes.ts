/**
 * Box suggestion: the smallest box (by inner volume) that fits every item.
 * "Fits" is a necessary-condition heuristic, not a 3-D packing solver:
 * - every item, in any of its 6 orientations, fits inside the box: sorting both the item's
 *   and the box's sides longest-first and comparing pairwise is exactly the test for an
 *   axis-aligned rotation (the longest-side check);
 * - the items' total volume does not exceed the box's inner volume.
 * Packers can still override; the station records what was actually used.
 */

export interface BoxItem {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  qty: number;
}

export interface Box {
  code: string;
  innerLengthMm: number;
  innerWidthMm: number;
  innerHeightMm: number;
  tareG: number;
  costCents: number;
}

export type BoxSuggestion =
  | { ok: true; box: Box; itemVolumeMm3: number; boxVolumeMm3: number; fillPercent: number; reason: string }
  | { ok: false; reason: string };

const sortedSides = (a: number, b: number, c: number) => [a, b, c].sort((x, y) => y - x);

export function itemFitsInBox(item: Omit<BoxItem, 'qty'>, box: Box): boolean {
  const [i1, i2, i3] = sortedSides(item.lengthMm, item.widthMm, item.heightMm);
  const [b1, b2, b3] = sortedSides(box.innerLengthMm, box.innerWidthMm, box.innerHeightMm);
  return i1 <= b1 && i2 <= b2 && i3 <= b3;
}

const boxVolume = (box: Box) => box.innerLengthMm * box.innerWidthMm * box.innerHeightMm;

/** Ties on volume go to the cheaper box, then the code, so the suggestion is stable. */
export function suggestBox(items: BoxItem[], boxes: Box[]): BoxSuggestion {
  const units = items.filter((i) => i.qty > 0);
  if (units.length === 0) return { ok: false, reason: 'nothing to pack' };
  const itemVolume = units.reduce((sum, i) => sum + i.lengthMm * i.widthMm * i.heightMm * i.qty, 0);
  const longest = Math.max(...units.map((i) => Math.max(i.lengthMm, i.widthMm, i.heightMm)));
  const ordered = [...boxes].sort((a, b) => boxVolume(a) - boxVolume(b) || a.costCents - b.costCents || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const box of ordered) {
    if (boxVolume(box) < itemVolume) continue;
    if (!units.every((item) => itemFitsInBox(item, box))) continue;
    const fillPercent = Math.floor((itemVolume * 100) / boxVolume(box));
    return {
      ok: true,
      box,
      itemVolumeMm3: itemVolume,
      boxVolumeMm3: boxVolume(box),
      fillPercent,
      reason: `${box.code} is the smallest box that holds every item (${fillPercent}% full)`,
    };
  }
  if (boxes.length === 0) return { ok: false, reason: 'no boxes are set up' };
  if (!boxes.some((b) => units.every((item) => itemFitsInBox(item, b)))) {
    return { ok: false, reason: `an item's longest side (${longest} mm) does not fit in any box, even rotated` };
  }
  return { ok: false, reason: `the items (${itemVolume} mm³) are more than any single box holds; split the shipment` };
}
