/**
 * Shopify names every object twice: a GraphQL global id (`gid://shopify/Order/5600000000001`) and
 * the REST/webhook numeric id (`5600000000001`, GraphQL's `legacyResourceId`). Shipshape keeps the
 * numeric one (it is what the order webhook carries), so the connector accepts either.
 */

export function toGid(type: string, id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith('gid://') ? trimmed : `gid://shopify/${type}/${trimmed}`;
}

/** The numeric tail of a GID (`gid://shopify/LineItem/42` → "42"); anything else is returned as it is. */
export function legacyIdOf(gid: string): string {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)/.exec(gid);
  return match ? match[1] : gid;
}

/**
 * The id as a webhook body carries it: a JSON number. Ids beyond 2^53 would lose digits as a
 * number, so those stay strings (the intake parser takes both and keeps the exact decimal text).
 */
export function restId(idOrGid: string): number | string {
  const digits = legacyIdOf(idOrGid);
  const n = Number(digits);
  return /^\d+$/.test(digits) && Number.isSafeInteger(n) ? n : digits;
}
