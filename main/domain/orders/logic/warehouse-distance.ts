/**
 * How far a warehouse is from a destination, for ranking only (not for rating).
 *
 * - Great-circle kilometres when both ends have coordinates (haversine, Earth radius 6371 km).
 * - Otherwise a postal-prefix distance: for numeric codes in the same country, the difference of
 *   the 3-digit prefixes (US ZIP3 "941" vs "945" = 4), which follows the national numbering
 *   roughly west-east/north-south; for alphanumeric codes, 0 when the first 3 characters match and 1
 *   otherwise. A different country ranks after every domestic one.
 * The two scales are not comparable, so the allocator uses kilometres only when every candidate it
 * compares has coordinates (see compareDistance).
 */

export interface Place {
  postalCode?: string | null;
  countryCode: string;
  latitude?: number | null;
  longitude?: number | null;
}

export type DistanceBasis = 'great_circle_km' | 'postal_prefix';

export interface Distance {
  basis: DistanceBasis;
  value: number;
}

const EARTH_RADIUS_KM = 6371;
/** Prefix distance given to another country: larger than any domestic ZIP3 difference (max 999). */
export const OTHER_COUNTRY_PREFIX_DISTANCE = 10_000;

export function hasCoordinates(place: Place): boolean {
  return typeof place.latitude === 'number' && typeof place.longitude === 'number';
}

export function greatCircleKm(from: Place, to: Place): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = rad(to.latitude! - from.latitude!);
  const dLon = rad(to.longitude! - from.longitude!);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(from.latitude!)) * Math.cos(rad(to.latitude!)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function postalPrefixDistance(from: Place, to: Place): number {
  if (from.countryCode.toUpperCase() !== to.countryCode.toUpperCase()) return OTHER_COUNTRY_PREFIX_DISTANCE;
  const prefixA = (from.postalCode ?? '').replace(/\s/g, '').slice(0, 3).toUpperCase();
  const prefixB = (to.postalCode ?? '').replace(/\s/g, '').slice(0, 3).toUpperCase();
  if (prefixA.length < 3 || prefixB.length < 3) return OTHER_COUNTRY_PREFIX_DISTANCE - 1;
  if (/^\d{3}$/.test(prefixA) && /^\d{3}$/.test(prefixB)) return Math.abs(Number(prefixA) - Number(prefixB));
  return prefixA === prefixB ? 0 : 1;
}

/** Distance from each origin to the destination on one common basis. */
export function distancesOnCommonBasis(origins: readonly Place[], destination: Place): Distance[] {
  const useKm = hasCoordinates(destination) && origins.every(hasCoordinates);
  return origins.map((origin) =>
    useKm
      ? { basis: 'great_circle_km', value: greatCircleKm(origin, destination) }
      : { basis: 'postal_prefix', value: postalPrefixDistance(origin, destination) },
  );
}

export function describeDistance(distance: Distance, destination: Place): string {
  const where = destination.postalCode || destination.countryCode;
  if (distance.basis === 'great_circle_km') return `${Math.round(distance.value)} km from ${where}`;
  if (distance.value >= OTHER_COUNTRY_PREFIX_DISTANCE) return `in another country than ${where}`;
  if (distance.value === OTHER_COUNTRY_PREFIX_DISTANCE - 1) return `postal code too short to compare with ${where}`;
  return `postal prefix distance ${distance.value} from ${where}`;
}
