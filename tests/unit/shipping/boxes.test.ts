import { describe, expect, it } from 'vitest';
import { itemFitsInBox, suggestBox, type Box } from '../../../main/domain/shipping';

const box = (code: string, l: number, w: number, h: number, costCents = 50): Box => ({ code, innerLengthMm: l, innerWidthMm: w, innerHeightMm: h, tareG: 100, costCents });
const boxes = [box('LARGE', 400, 300, 300, 120), box('SMALL', 200, 150, 100, 40), box('LONG', 600, 100, 100, 80), box('MEDIUM', 300, 250, 150, 70)];

describe('suggestBox', () => {
  it('picks the smallest box by volume that holds everything', () => {
    const r = suggestBox([{ lengthMm: 100, widthMm: 100, heightMm: 80, qty: 2 }], boxes);
    expect(r.ok && r.box.code).toBe('SMALL');
    expect(r.ok && r.fillPercent).toBe(53);
  });

  it('rotates items: a 140 × 90 × 190 item fits a 200 × 150 × 100 box', () => {
    expect(itemFitsInBox({ lengthMm: 140, widthMm: 90, heightMm: 190 }, box('S', 200, 150, 100))).toBe(true);
    expect(itemFitsInBox({ lengthMm: 140, widthMm: 120, heightMm: 190 }, box('S', 200, 150, 100))).toBe(false);
  });

  it('the longest-side check beats volume: a 550 mm poster tube goes in the LONG box', () => {
    const r = suggestBox([{ lengthMm: 80, widthMm: 80, heightMm: 550, qty: 1 }], boxes);
    expect(r.ok && r.box.code).toBe('LONG');
  });

  it('more volume than the small box holds moves up a size; a box too narrow for an item is skipped', () => {
    // 3 × 120×120×100 = 4.32 L: over SMALL's 3 L, and LONG (6 L) is only 100 mm wide.
    const r = suggestBox([{ lengthMm: 120, widthMm: 120, heightMm: 100, qty: 3 }], boxes);
    expect(r.ok && r.box.code).toBe('MEDIUM');
    // Four 100 mm cubes do fit in a row in the 600×100×100 LONG box, which is smaller than MEDIUM.
    const row = suggestBox([{ lengthMm: 100, widthMm: 100, heightMm: 100, qty: 4 }], boxes);
    expect(row.ok && row.box.code).toBe('LONG');
  });

  it('equal volumes: the cheaper box, then the code', () => {
    const r = suggestBox([{ lengthMm: 10, widthMm: 10, heightMm: 10, qty: 1 }], [box('B', 100, 100, 100, 30), box('A', 100, 100, 100, 30), box('C', 100, 100, 100, 20)]);
    expect(r.ok && r.box.code).toBe('C');
    const tie = suggestBox([{ lengthMm: 10, widthMm: 10, heightMm: 10, qty: 1 }], [box('B', 100, 100, 100, 30), box('A', 100, 100, 100, 30)]);
    expect(tie.ok && tie.box.code).toBe('A');
  });

  it('explains when nothing fits', () => {
    expect(suggestBox([{ lengthMm: 700, widthMm: 10, heightMm: 10, qty: 1 }], boxes)).toEqual({ ok: false, reason: "an item's longest side (700 mm) does not fit in any box, even rotated" });
    const tooMuch = suggestBox([{ lengthMm: 200, widthMm: 200, heightMm: 200, qty: 10 }], boxes);
    expect(!tooMuch.ok && tooMuch.reason).toMatch(/split the shipment/);
    expect(suggestBox([], boxes)).toEqual({ ok: false, reason: 'nothing to pack' });
    expect(suggestBox([{ lengthMm: 1, widthMm: 1, heightMm: 1, qty: 1 }], [])).toEqual({ ok: false, reason: 'no boxes are set up' });
  });
});
