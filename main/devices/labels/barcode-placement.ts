import { code128WidthModules, encodeZplCode128 } from './code128-zpl';
import { gs1DataStream } from './gs1';
import type { Gs1ElementString } from './layout';

/**
 * Code 128 and GS1-128 need a clear space of at least 10 modules before the first bar and after
 * the last (ISO/IEC 15417 §4.3.3, GS1 General Specifications 5.4.4.4). A scanner that sees ink
 * inside it — or the label edge — may not find the start pattern at all.
 */
export const QUIET_ZONE_MODULES = 10;

/** Printed width of a Code 128 symbol, in modules, as the ZPL encoder (and bwip-js) build it. */
export function code128Modules(data: string): number {
  return code128WidthModules(encodeZplCode128([data]).symbolCharacterCount);
}

export function gs1_128Modules(elements: Gs1ElementString[]): number {
  return code128WidthModules(encodeZplCode128(gs1DataStream(elements)).symbolCharacterCount);
}

export interface LinearBarcodePlacement {
  x: number;
  moduleMm: number;
  widthMm: number;
}

/**
 * The widest module (up to `maxModuleMm`) at which the symbol and a quiet zone on each side fit
 * across the label, and where the symbol starts: at the margin when both quiet zones fit from
 * there, otherwise centred. Two spare modules absorb the few modules by which renderers' subset
 * choices can differ.
 */
export function placeLinearBarcode(input: {
  labelWidthMm: number;
  marginMm: number;
  modules: number;
  maxModuleMm: number;
  minModuleMm?: number;
  /** The clear band the quiet zones may use (default: the whole label width); inside a border, say. */
  clearFromMm?: number;
  clearToMm?: number;
}): LinearBarcodePlacement {
  const { labelWidthMm, marginMm, modules, maxModuleMm } = input;
  const minModuleMm = input.minModuleMm ?? 0.19;
  const from = input.clearFromMm ?? 0;
  const to = input.clearToMm ?? labelWidthMm;
  const fitting = (to - from) / (modules + 2 * QUIET_ZONE_MODULES + 2);
  const moduleMm = Math.max(minModuleMm, Math.min(maxModuleMm, fitting));
  const widthMm = modules * moduleMm;
  const quietMm = QUIET_ZONE_MODULES * moduleMm;
  let x = Math.max(marginMm, from + quietMm);
  if (x + widthMm + quietMm > to) x = from + (to - from - widthMm) / 2;
  // Rounded up, so the quiet zone is never a hair short of 10 modules.
  return { x: Math.ceil(x * 1000) / 1000, moduleMm, widthMm };
}
