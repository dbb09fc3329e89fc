/**
 * Customs territories and the thresholds customs declarations turn on. Pure data and functions.
 *
 * A shipment needs a customs declaration when it leaves one customs territory for another: the
 * EU member states are one territory (Germany → France needs none), the UK is its own since 2021,
 * and US territories in the US customs territory (Puerto Rico) count as the US. Special areas
 * inside a member state (the Canary Islands, Åland, Büsingen) are not modelled: they would need
 * the postal code, and carriers flag them at rating.
 */
import { minorUnits } from '../../../../shared/money';

export const EU_MEMBER_STATES: ReadonlySet<string> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '),
);

/** Countries inside another's customs territory (Monaco is in the EU's through France; Puerto Rico in the US's). */
const INSIDE_OF: Record<string, string> = { MC: 'EU', PR: 'US' };

export function customsTerritory(country: string): string {
  const c = country.toUpperCase();
  if (EU_MEMBER_STATES.has(c)) return 'EU';
  return INSIDE_OF[c] ?? c;
}

export function needsCustoms(fromCountry: string, toCountry: string): boolean {
  return customsTerritory(fromCountry) !== customsTerritory(toCountry);
}

/**
 * Reference exchange rates (units of the currency per 1 EUR) used ONLY to compare a consignment's
 * value with the thresholds below, never to declare a value (values are declared in the order's
 * own currency). Rounded ECB reference rates of 2025; a threshold decision within a few percent of
 * the line is flagged on the form by the carrier anyway.
 */
const PER_EUR: Record<string, number> = { EUR: 1, USD: 1.08, GBP: 0.85, CAD: 1.48, AUD: 1.65, CHF: 0.95, JPY: 165, SEK: 11.4, DKK: 7.46, NOK: 11.6, PLN: 4.3, NZD: 1.8 };

/** Minor units of the order currency → EUR cents, or null for a currency without a reference rate. */
export function toEurCents(cents: number, currency: string): number | null {
  const rate = PER_EUR[currency.toUpperCase()];
  if (!rate) return null;
  const minorDigits = minorUnits(currency);
  return Math.round((cents * 10 ** (2 - minorDigits)) / rate);
}

/**
 * CN22 vs CN23 (UPU Convention, art. 20 regulations): CN22 for items up to 300 SDR, CN23 above.
 * 1 SDR ≈ €1.22 (IMF, 2025), so the line is taken at €366 (36,600 EUR cents). A currency without a
 * reference rate gets the CN23 (the form that is never refused for a low-value item).
 */
export const CN22_LIMIT_EUR_CENTS = 36_600;
/** IOSS: EU import VAT collected at sale for consignments of intrinsic value up to €150 (DDP). */
export const IOSS_LIMIT_EUR_CENTS = 15_000;
/** UK: the seller charges UK VAT at sale for consignments up to £135 (≈ €159), needing a UK VAT number. */
export const UK_LOW_VALUE_LIMIT_EUR_CENTS = 15_900;

export type CustomsForm = 'CN22' | 'CN23';

export function customsFormFor(valueCents: number, currency: string): CustomsForm {
  const eur = toEurCents(valueCents, currency);
  return eur !== null && eur <= CN22_LIMIT_EUR_CENTS ? 'CN22' : 'CN23';
}
