import type { Gs1ElementString } from './layout';
import { gs1CheckDigit, hasValidGs1CheckDigit } from '../../util/gs1';

// GS1-128 element strings for labels. The check-digit rule, GTIN and SSCC live in util/gs1,
// shared with the catalog and shipping.

/**
 * AIs whose data length is predefined by their first two digits (GS1 General Specifications,
 * figure 7.8.5-2). Only these may be followed by another AI without an FNC1 separator.
 * Value: total length of AI + data.
 */
const PREDEFINED_TOTAL_LENGTH: Record<string, number> = {
  '00': 20, '01': 16, '02': 16, '03': 16, '04': 18,
  '11': 8, '12': 8, '13': 8, '14': 8, '15': 8, '16': 8, '17': 8, '18': 8, '19': 8,
  '20': 4, '31': 10, '32': 10, '33': 10, '34': 10, '35': 10, '36': 10, '41': 16,
};

/** AIs whose data ends in a GS1 check digit ("csum" in the GS1 Barcode Syntax Dictionary). */
const CHECK_DIGIT_AIS = new Set(['00', '01', '02', '410', '411', '412', '413', '414', '415', '416', '417']);

/** GS1 AI encodable character set 82 (the only characters allowed in alphanumeric AI data). */
const CSET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

export function isPredefinedLengthAi(ai: string): boolean {
  return ai.slice(0, 2) in PREDEFINED_TOTAL_LENGTH;
}

/** Throws a message a packer can act on when an element string is not valid GS1. */
export function validateGs1Element({ ai, value }: Gs1ElementString): void {
  if (!/^\d{2,4}$/.test(ai)) throw new Error(`GS1 AI must be 2–4 digits, got "${ai}"`);
  if (!value) throw new Error(`GS1 AI (${ai}) has no data`);
  const predefinedTotal = PREDEFINED_TOTAL_LENGTH[ai.slice(0, 2)];
  if (predefinedTotal !== undefined) {
    const expected = predefinedTotal - ai.length;
    if (!/^\d+$/.test(value) || value.length !== expected) {
      throw new Error(`GS1 AI (${ai}) needs exactly ${expected} digits, got "${value}"`);
    }
  } else if (!CSET_82.test(value)) {
    throw new Error(`GS1 AI (${ai}) data "${value}" has characters outside GS1 character set 82`);
  }
  if (CHECK_DIGIT_AIS.has(ai) && !hasValidGs1CheckDigit(value)) {
    throw new Error(`GS1 AI (${ai}) value ${value} has a wrong check digit (expected ${gs1CheckDigit(value.slice(0, -1))})`);
  }
}

/** "(00)106141411234567897(10)LOT1": the human-readable line and bwip-js's gs1-128 input. */
export function gs1HumanReadable(elements: Gs1ElementString[]): string {
  return elements.map((element) => `(${element.ai})${element.value}`).join('');
}

export const FNC1 = Symbol('FNC1');
export type Gs1Token = string | typeof FNC1;

/**
 * The symbol's data stream: FNC1 first (that is what makes Code 128 a GS1-128), then each
 * element string, with FNC1 after every variable-length element that is not last.
 * Variable-length elements are moved after predefined-length ones so fewer separators are needed.
 */
export function gs1DataStream(elements: Gs1ElementString[]): Gs1Token[] {
  if (elements.length === 0) throw new Error('GS1-128 needs at least one element string');
  for (const element of elements) validateGs1Element(element);
  const ordered = [
    ...elements.filter((element) => isPredefinedLengthAi(element.ai)),
    ...elements.filter((element) => !isPredefinedLengthAi(element.ai)),
  ];
  const tokens: Gs1Token[] = [FNC1];
  ordered.forEach((element, index) => {
    tokens.push(element.ai + element.value);
    const isLast = index === ordered.length - 1;
    if (!isLast && !isPredefinedLengthAi(element.ai)) tokens.push(FNC1);
  });
  return tokens;
}

/** Scanner-side view of the data: FNC1 separators become ASCII GS (0x1D), the leading one vanishes. */
export function gs1ScannedText(elements: Gs1ElementString[]): string {
  return gs1DataStream(elements)
    .slice(1)
    .map((token) => (token === FNC1 ? '\x1d' : token))
    .join('');
}
