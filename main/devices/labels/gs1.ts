import type { Gs1ElementString } from './layout';

/**
 * GS1 mod-10 check digit (GS1 General Specifications §7.9.1): weights 3,1,3,1… from the
 * rightmost data digit. The same rule covers GTIN-8/12/13/14, GLN and SSCC.
 */
export function gs1CheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new Error(`GS1 check digit needs digits only, got "${digits}"`);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function hasValidGs1CheckDigit(code: string): boolean {
  if (!/^\d{2,}$/.test(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) or GTIN-14, with a correct check digit. */
export function isValidGtin(code: string): boolean {
  const length = code.length;
  if (length !== 8 && length !== 12 && length !== 13 && length !== 14) return false;
  return hasValidGs1CheckDigit(code);
}

/** Pads any valid GTIN to the 14 digits that AI (01) carries. */
export function toGtin14(code: string): string {
  if (!isValidGtin(code)) throw new Error(`"${code}" is not a valid GTIN`);
  return code.padStart(14, '0');
}

/**
 * SSCC-18: extension digit + company prefix + serial reference (together 17 digits) + check digit.
 * The serial reference is zero-padded on the left to fill the 17 digits, which is how shops
 * number cartons from a counter.
 */
export function makeSscc(extensionDigit: number | string, companyPrefix: string, serialRef: number | string): string {
  const extension = String(extensionDigit);
  if (!/^\d$/.test(extension)) throw new Error(`SSCC extension digit must be 0–9, got "${extension}"`);
  if (!/^\d{6,12}$/.test(companyPrefix)) throw new Error(`GS1 company prefix must be 6–12 digits, got "${companyPrefix}"`);
  const serial = String(serialRef);
  if (!/^\d+$/.test(serial)) throw new Error(`SSCC serial reference must be digits, got "${serial}"`);
  const serialWidth = 16 - companyPrefix.length;
  if (serial.length > serialWidth) {
    throw new Error(`serial reference ${serial} does not fit in ${serialWidth} digits after prefix ${companyPrefix}`);
  }
  const body = extension + companyPrefix + serial.padStart(serialWidth, '0');
  return body + gs1CheckDigit(body);
}

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
