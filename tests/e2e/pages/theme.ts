import type { Locator } from '@playwright/test';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/**
 * An element's text colour and the colour it is painted on: its own background, or the first
 * ancestor's that is not transparent (what a reader actually sees behind the text).
 */
export async function textColours(element: Locator): Promise<{ text: Rgb; background: Rgb }> {
  return element.evaluate((el) => {
    const parse = (css: string) => {
      const [r, g, b, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return { r, g, b, a };
    };
    let at: Element | null = el;
    let background = { r: 255, g: 255, b: 255, a: 1 };
    while (at) {
      const bg = parse(getComputedStyle(at).backgroundColor);
      if (bg.a > 0) {
        background = bg;
        break;
      }
      at = at.parentElement;
    }
    if (!at) background = parse(getComputedStyle(document.documentElement).backgroundColor || 'rgb(255,255,255)');
    const text = parse(getComputedStyle(el).color);
    return { text: { r: text.r, g: text.g, b: text.b }, background: { r: background.r, g: background.g, b: background.b } };
  });
}

/** WCAG 2 relative luminance (0 black … 1 white). */
export function luminance({ r, g, b }: Rgb): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio, 1 … 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
