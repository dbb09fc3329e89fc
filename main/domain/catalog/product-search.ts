import type { Store } from '../../store/store';

/**
 * The product search index (`product_search`, rowid = product id) per engine. SQLite has an FTS5
 * trigram table searched with `match`; PostgreSQL has a plain table with a pg_trgm GIN index over
 * `sku || ' ' || name || ' ' || codes` (migration 0002's PostgreSQL override), searched with
 * `ilike '%…%'`, which that index serves. Both match a substring anywhere, ignoring case, for
 * queries of 3 characters or more (trigrams). Callers put the returned SQL in their WHERE.
 */

export interface SearchCondition {
  sql: string;
  params: unknown[];
}

/** The indexed text on PostgreSQL: the very expression of the GIN index, or the index is not used. */
function trigramText(qualifier: string): string {
  return `(coalesce(${qualifier}.sku, '') || ' ' || coalesce(${qualifier}.name, '') || ' ' || coalesce(${qualifier}.codes, ''))`;
}

/**
 * Rows of product_search (named `qualifier` in the query: the table name or its alias) that
 * contain `text`. The user's text is never query syntax: one FTS5 phrase, or an escaped pattern.
 */
export function productSearchMatch(store: Store, qualifier: string, text: string): SearchCondition {
  // (FTS5 takes the table's own name on the left of MATCH, aliased or not, as the queries always wrote it.)
  if (store.engine === 'sqlite') return { sql: 'product_search match ?', params: [ftsPhrase(text)] };
  return { sql: `${trigramText(qualifier)} ilike ? escape '\\'`, params: [`%${escapeLike(text)}%`] };
}

/**
 * `column like 'prefix%'` ignoring case. SQLite's LIKE ignores ASCII case and uses the nocase SKU
 * index for a prefix; PostgreSQL refuses LIKE over the nondeterministic `nocase` collation of
 * product.sku, so the column is taken in the default collation and matched with ILIKE.
 */
export function skuPrefixMatch(store: Store, column: string, prefix: string): SearchCondition {
  const pattern = `${escapeLike(prefix)}%`;
  if (store.engine === 'sqlite') return { sql: `${column} like ? escape '\\'`, params: [pattern] };
  return { sql: `(${column} collate "default") ilike ? escape '\\'`, params: [pattern] };
}

/** A user's text as one FTS5 phrase (quotes doubled), so no query syntax can be injected. */
export function ftsPhrase(q: string): string {
  return `"${q.replace(/"/g, '""')}"`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Replaces a product's row in the search index (inside the caller's transaction). */
export async function writeSearchRow(store: Store, productId: number, sku: string, name: string, codes: string): Promise<void> {
  await store.raw('delete from product_search where rowid = ?', productId);
  await store.raw('insert into product_search (rowid, sku, name, codes) values (?,?,?,?)', productId, sku, name, codes);
}
