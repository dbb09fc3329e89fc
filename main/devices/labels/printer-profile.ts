import { MM_PER_INCH } from './layout';

/** How one physical label printer is set up; layouts stay in mm and the profile turns them into dots. */
export interface ZplPrinterProfile {
  dpi: 152 | 203 | 300 | 600;
  /** Label stock size; defaults to the layout's own size. */
  labelWidthMm?: number;
  labelHeightMm?: number;
  /** Absolute print darkness 0–30 (~SD); omitted leaves the printer's setting alone. */
  darkness?: number;
  /** Nudges for stock that is not perfectly registered; may be negative. */
  offsetXMm?: number;
  offsetYMm?: number;
  /** Inches per second (^PR); omitted leaves the printer's setting alone. */
  printSpeedIps?: number;
}

export const ZEBRA_203_DPI: ZplPrinterProfile = { dpi: 203 };
export const ZEBRA_300_DPI: ZplPrinterProfile = { dpi: 300 };

/**
 * The nominal dpi, not Zebra's rounded "8/12 dots per mm": a 4×6 in label is then exactly the
 * 812 × 1218 dots (203 dpi) or 1200 × 1800 dots (300 dpi) that ^PW/^LL in published samples use.
 */
export function dotsPerMm(profile: ZplPrinterProfile): number {
  return profile.dpi / MM_PER_INCH;
}
