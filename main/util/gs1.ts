/**
 * GS1 numbers: the one home of the mod-10 check digit (GS1 General Specifications §7.9.1) and of
 * what a GTIN is. Catalog imports, the catalog service, labels (GTIN-14, SSCC) and tracking numbers
 * (USPS IMpb, in-house numbers) all use the same rule, so it lives here once.
 */

/** The lengths a GTIN comes in: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13), GTIN-14. */
export const GTIN_LENGTHS = [8, 12, 13, 14] as const;

/**
 * GS1 mod-10 check digit over the digits before it: weights 3,1,3,1… from the rightmost data
 * digit; the check digit brings the sum to a multiple of 10. The same rule covers GTIN-8/12/13/14,
 * GLN, SSCC and USPS IMpb serials. Throws on anything but digits, so a bad caller fails loudly
 * instead of printing a NaN check digit.
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

/** True when `code` is all digits (at least two) and its last digit is the GS1 check digit of the rest. */
export function hasValidGs1CheckDigit(code: string): boolean {
  if (!/^\d{2,}$/.test(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) or GTIN-14, with a correct check digit. */
export function isValidGtin(code: string): boolean {
  if (!(GTIN_LENGTHS as readonly number[]).includes(code.length)) return false;
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
