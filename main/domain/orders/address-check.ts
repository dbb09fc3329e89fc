import type { AddressDto, OrderStatus } from '../../../shared/api/orders';
import { lazyRequire } from '../../util/lazy-require';

/**
 * Is this ship-to address one a carrier can deliver to? Checked at intake (webhook, import, pull,
 * manual) and on every edit, so an unshippable order is held with a reason before anything is
 * reserved for it, instead of failing at the pack bench as a wall of "no zone" sentences.
 *
 * Only what can be known offline: the postal code's format for its country (postcode-validator,
 * a maintained table of per-country patterns), for the US the ZIP against the state (the zipcodes
 * database), and the fields each country's postal service needs. Whether the street exists is the
 * provider's verification (address-verification.ts), optional and online.
 */

type PostcodeValidator = typeof import('postcode-validator');
interface ZipRecord {
  zip: string;
  state: string;
  city: string;
}
interface ZipCodes {
  lookup(zip: string): ZipRecord | undefined;
}

// zipcodes is a 5 MB table: loaded on the first US address, not at every process start.
const postcodes = lazyRequire<PostcodeValidator>('postcode-validator');
const zipcodes = lazyRequire<ZipCodes>('zipcodes');

/** Where the carriers need a state/province/territory, with the codes they accept. */
const REGIONS: Record<string, { noun: string; codes: ReadonlySet<string> }> = {
  US: {
    noun: 'state',
    codes: new Set(
      'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP FM MH PW AA AE AP'.split(
        ' ',
      ),
    ),
  },
  CA: { noun: 'province', codes: new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' ')) },
  AU: { noun: 'state', codes: new Set('ACT NSW NT QLD SA TAS VIC WA'.split(' ')) },
};

/**
 * Countries with postal codes that are optional in practice (Ireland's Eircode, and codes most
 * addresses in Panama, Colombia and Nigeria are written without): a given one must still fit.
 */
const OPTIONAL_POSTAL_CODE: ReadonlySet<string> = new Set(['IE', 'PA', 'CO', 'NG']);

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
/**
 * Names already asked for: Intl.DisplayNames.of costs a few µs a call, and every order's intake
 * checks its address (three calls). Only two-letter codes are looked up (at most 676 entries).
 */
const countryNames = new Map<string, string>();

function countryName(code: string): string {
  let name = countryNames.get(code);
  if (name === undefined) {
    try {
      name = COUNTRY_NAMES.of(code) ?? code;
    } catch {
      name = code;
    }
    if (/^[A-Z]{2}$/.test(code)) countryNames.set(code, name);
  }
  return name;
}

export interface AddressCheck {
  ok: boolean;
  /** Each problem in a few words, naming the field ('postal code "1011" is not valid for DE'). */
  problems: string[];
}

/** The hold reason's prefix: releasing or re-checking a hold looks for it. */
export const ADDRESS_HOLD_PREFIX = 'address needs attention: ';

/** The one-line hold reason for a failed check. */
export function addressHoldReason(check: AddressCheck): string {
  return `${ADDRESS_HOLD_PREFIX}${check.problems.join('; ')}`;
}

type CheckedAddress = Pick<AddressDto, 'name' | 'line1' | 'city' | 'regionCode' | 'postalCode' | 'countryCode'>;

/** Checks one address; pure apart from the two lookup tables. */
export function checkAddress(address: CheckedAddress): AddressCheck {
  const problems: string[] = [];
  const country = (address.countryCode ?? '').trim().toUpperCase();
  const postalCode = (address.postalCode ?? '').trim();
  const region = (address.regionCode ?? '').trim().toUpperCase();
  if (!address.name?.trim()) problems.push('recipient name is missing');
  if (!address.line1?.trim()) problems.push('street address is missing');
  if (!address.city?.trim()) problems.push('city is missing');

  const { postcodeValidator, postcodeValidatorExistsForCountry } = postcodes();
  const knownCountry = /^[A-Z]{2}$/.test(country) && countryName(country) !== country && countryName(country) !== 'Unknown Region';
  if (!knownCountry) {
    problems.push(`country "${address.countryCode}" is not a country code`);
    return { ok: false, problems };
  }
  const name = countryName(country);
  // Countries without postal codes (Hong Kong, most of the Gulf) have no pattern: nothing to check.
  const hasPattern = postcodeValidatorExistsForCountry(country);
  if (hasPattern && !postalCode) {
    if (!OPTIONAL_POSTAL_CODE.has(country)) problems.push(`postal code is missing (${name} uses them)`);
  }
  // Postal codes are case-insensitive ("1011 ab" is Amsterdam's 1011 AB); some patterns are not.
  else if (hasPattern && !postcodeValidator(postalCode.toUpperCase(), country)) problems.push(`postal code "${postalCode}" is not valid for ${country}`);

  const regions = REGIONS[country];
  if (regions && !region) problems.push(`${regions.noun} is missing (${name} addresses need one)`);
  else if (regions && !regions.codes.has(region)) problems.push(`${regions.noun} "${address.regionCode}" is not a known ${country} ${regions.noun} code`);

  if (country === 'US' && regions.codes.has(region) && /^\d{5}(-\d{4})?$/.test(postalCode)) {
    const zip = zipcodes().lookup(postalCode.slice(0, 5));
    // A ZIP missing from the table (new ones appear) is left to the carrier: only a contradiction holds the order.
    if (zip && zip.state !== region) problems.push(`ZIP ${postalCode.slice(0, 5)} is in ${zip.state} (${zip.city}), not ${region}`);
  }
  return { ok: problems.length === 0, problems };
}

/** States before anything is labelled: the address may still change. */
export const ADDRESS_EDITABLE: readonly OrderStatus[] = ['new', 'allocated', 'backordered', 'picking', 'packed', 'on_hold'];

/** The hold reason when the ship-to fails its check, or null (no address: nothing to ship, nothing to check). */
export function addressProblem(shipTo: AddressDto | null | undefined): string | null {
  if (!shipTo) return null;
  const check = checkAddress(shipTo);
  return check.ok ? null : addressHoldReason(check);
}

/** An address on one line, for the order's history. */
export function oneLineAddress(a: AddressDto): string {
  return [a.name, a.line1, a.line2, a.city, a.regionCode, a.postalCode, a.countryCode].filter(Boolean).join(', ');
}
