/**
 * The carriers' public tracking pages. A tracking link in the console opens one of these in the
 * owner's browser; the desktop window opens nothing else of the carriers' (main/external-links.ts).
 * User-defined carriers (a local courier) have none.
 */
export const CARRIER_TRACKING_PAGES: Readonly<Record<string, string>> = {
  usps: 'https://tools.usps.com/go/TrackConfirmAction?tLabels={tracking}',
  ups: 'https://www.ups.com/track?tracknum={tracking}',
  fedex: 'https://www.fedex.com/fedextrack/?trknbr={tracking}',
  dhl: 'https://www.dhl.com/global-en/home/tracking.html?tracking-id={tracking}',
};

/** The carrier's tracking page for a tracking number, or null when the carrier has none. */
export function trackingPageUrl(carrierCode: string, trackingNumber: string): string | null {
  const template = CARRIER_TRACKING_PAGES[carrierCode];
  return template ? template.replace('{tracking}', encodeURIComponent(trackingNumber)) : null;
}

/** The host names of every carrier tracking page (for the window's allow-list of external links). */
export function trackingPageHosts(): string[] {
  return Object.values(CARRIER_TRACKING_PAGES).map((template) => new URL(template.replace('{tracking}', 'x')).hostname);
}
