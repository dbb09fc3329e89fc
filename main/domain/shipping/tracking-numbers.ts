/**
 * Tracking numbers with check digits: make them for labels, validate them at scan time so a
 * misread barcode or a typo is caught at the station instead of at the customer.
 *
 * - UPS "1Z": 1Z + 6 shipper + 2 service + 7 package + 1 check = 18 characters. The check
 *   digit is a mod-10 over the 15 characters after "1Z": letters count as (ASCII − 63) mod 10
 *   (A=2, B=3 … H=9, I=0 …), digits at odd 0-based positions are doubled, and
 *   check = (10 − sum mod 10) mod 10.
 * - USPS IMpb: 22 digits (e.g. 9400 1…), or 26, optionally preceded by the routing
 *   "420" + ZIP (5 or 9 digits). Check digit = GS1 mod 10 over the serial (weights 3,1,3…
 *   from the rightmost digit), USPS Publication 199.
 * - Generic (local courier / in-house): 2–4 capital letters, 8–16 digits, GS1 mod-10 check.
 */

import { gs1CheckDigit, hasValidGs1CheckDigit } from '../../util/gs1';

export type TrackingFormat = 'ups-1z' | 'usps-impb' | 'generic';

/** Strips spaces and dashes people and scanners put in, and upper-cases. */
export function normalizeTrackingNumber(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase();
}

/** UPS check digit over the 15-character body that follows "1Z". */
export function ups1zCheckDigit(body: string): number {
  if (!/^[0-9A-Z]{15}$/.test(body)) throw new Error(`UPS 1Z body must be 15 letters/digits (got "${body}")`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const value = code <= 57 ? code - 48 : (code - 63) % 10;
    sum += i % 2 === 1 ? value * 2 : value;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidUps1z(text: string): boolean {
  const code = normalizeTrackingNumber(text);
  const m = /^1Z([0-9A-Z]{15})([0-9])$/.exec(code);
  return m !== null && ups1zCheckDigit(m[1]) === Number(m[2]);
}

/** Builds a UPS number from shipper account (6), service code (2) and package number (7 digits). */
export function makeUps1z(shipperAccount: string, serviceCode: string, packageNumber: number): string {
  const body = `${shipperAccount.toUpperCase()}${serviceCode.toUpperCase()}${String(packageNumber).padStart(7, '0')}`;
  return `1Z${body}${ups1zCheckDigit(body)}`;
}

/** The IMpb serial (without the 420+ZIP routing prefix), or null when the shape is wrong. */
function impbSerial(code: string): string | null {
  if (!/^\d+$/.test(code)) return null;
  if (code.length === 22 || code.length === 26) return /^9[1-5]/.test(code) ? code : null;
  // 420 + ZIP5 (8 digits) or 420 + ZIP9 (12 digits) in front of a 22/26-digit serial.
  for (const routing of [8, 12]) {
    const rest = code.slice(routing);
    if (code.startsWith('420') && (rest.length === 22 || rest.length === 26) && /^9[1-5]/.test(rest)) return rest;
  }
  return null;
}

export function isValidUspsImpb(text: string): boolean {
  const serial = impbSerial(normalizeTrackingNumber(text));
  return serial !== null && hasValidGs1CheckDigit(serial);
}

/** 22-digit IMpb: channel application id (2, e.g. "94"), service type code (3), 9-digit mailer id, 7-digit serial, check digit. */
export function makeUspsImpb(channelId: string, serviceTypeCode: string, mailerId: string, serial: number): string {
  const body = `${channelId}${serviceTypeCode}${mailerId}${String(serial).padStart(7, '0')}`;
  if (!/^9[1-5]\d{19}$/.test(body)) throw new Error('IMpb body must be 21 digits starting 91–95 (2 + 3 + 9 + 7)');
  return `${body}${gs1CheckDigit(body)}`;
}

export function isValidGenericTrackingNumber(text: string): boolean {
  const m = /^([A-Z]{2,4})(\d{8,16})$/.exec(normalizeTrackingNumber(text));
  return m !== null && hasValidGs1CheckDigit(m[2]);
}

/** In-house number: prefix + zero-padded serial + GS1 check digit (e.g. 'LC' + 9 digits + 1). */
export function makeGenericTrackingNumber(prefix: string, serial: number, serialDigits = 9): string {
  if (!/^[A-Z]{2,4}$/.test(prefix)) throw new Error('prefix must be 2–4 capital letters');
  const digits = String(serial).padStart(serialDigits, '0');
  return `${prefix}${digits}${gs1CheckDigit(digits)}`;
}

/** Which known format a scanned code is, with its check digit verified; null when none. */
export function detectTrackingFormat(text: string): TrackingFormat | null {
  if (isValidUps1z(text)) return 'ups-1z';
  if (isValidUspsImpb(text)) return 'usps-impb';
  if (isValidGenericTrackingNumber(text)) return 'generic';
  return null;
}
