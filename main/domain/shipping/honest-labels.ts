/**
 * Honest labels. A tracking number of USPS, UPS, FedEx or DHL means "this parcel is paid for and
 * in that carrier's system": only the carrier can issue one, when postage is BOUGHT. A label made
 * here from the rate cards for such a carrier is a packing reference, not postage — it says so in
 * large print across it and carries an internal reference ("REF…"), never a number shaped like the
 * carrier's (a made-up 1Z or IMpb would be sent to customers and stores as if it were real).
 * Own-fleet and local couriers (the built-in "local" and every carrier a shop adds) run their own
 * numbering, so theirs are real numbers and keep their shape.
 */
import { makeGenericTrackingNumber } from './tracking-numbers';

/** Carriers whose numbers come only from the carrier (postage bought through an account). */
export const POSTAGE_CARRIERS: readonly string[] = ['usps', 'ups', 'fedex', 'dhl'];

/** The words printed across a label whose postage was not bought. */
export const NOT_POSTAGE_BANNER = 'NOT POSTAGE — REFERENCE ONLY';

/**
 * What a label is:
 * - `postage`: bought through the postage account; the carrier's tracking number and label.
 * - `reference`: a postage carrier without bought postage; not valid for shipping, internal reference only.
 * - `own-fleet`: a local courier or the shop's own fleet, with its own tracking numbers.
 */
export type LabelKind = 'postage' | 'reference' | 'own-fleet';

export function labelKindOf(carrierCode: string, postageBought: boolean): LabelKind {
  if (postageBought) return 'postage';
  return POSTAGE_CARRIERS.includes(carrierCode) ? 'reference' : 'own-fleet';
}

/** An internal reference per package: "REF" + 9 digits + a check digit, never a carrier's format. */
export function internalReference(packageId: number): string {
  return makeGenericTrackingNumber('REF', packageId, 9);
}

const OWN_FLEET_PREFIX: Record<string, string> = { local: 'LC' };

/** An own-fleet / local courier's number: its prefix (from the carrier code), the package serial, a check digit. */
export function ownFleetTrackingNumber(carrierCode: string, packageId: number): string {
  const prefix = OWN_FLEET_PREFIX[carrierCode] ?? (carrierCode.replace(/[^a-z]/g, '').slice(0, 4).toUpperCase().padEnd(2, 'X') || 'SS');
  // "REF" is ours: a courier called "ref…" gets another prefix so its numbers never read as references.
  return makeGenericTrackingNumber(prefix.startsWith('REF') ? 'RF' : prefix, packageId, 9);
}

/** The number a label made here carries: the courier's own, or an internal reference for a postage carrier. */
export function numberForOwnLabel(carrierCode: string, packageId: number): string {
  return labelKindOf(carrierCode, false) === 'own-fleet' ? ownFleetTrackingNumber(carrierCode, packageId) : internalReference(packageId);
}

/** Whether a stored number may be given to customers and stores as tracking (never an internal reference). */
export function isCustomerTrackingNumber(kind: LabelKind): boolean {
  return kind !== 'reference';
}
