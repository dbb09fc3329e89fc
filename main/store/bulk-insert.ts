import type { Insertable } from 'kysely';
import type { DB } from './schema';
import type { Store } from './store';

/**
 * Rows per multi-row insert: one round trip for a few hundred rows instead of one each (the demo,
 * zone charts, rate cards and count sheets write thousands; on PostgreSQL every statement is a
 * network round trip). Well under both engines' bound-parameter limits (SQLite 32766, PostgreSQL
 * 65535) for the widest rows written this way.
 */
export const BULK_ROWS = 400;

/** Inserts `rows` into `table` in order (ids follow the array), BULK_ROWS per statement. */
export async function insertRows<T extends keyof DB & string>(store: Store, table: T, rows: Insertable<DB[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BULK_ROWS) {
    // kysely's generic insert types do not narrow over a table-name type parameter.
    await store.run(store.kysely.insertInto(table).values(rows.slice(i, i + BULK_ROWS) as never));
  }
}

/**
 * Like insertRows, and returns the new rows' ids in the order of `rows`. Read back by `key` (a
 * unique column) rather than trusting RETURNING's row order, which neither engine promises.
 */
export async function insertRowsReturningIds<T extends keyof DB & string>(store: Store, table: T, rows: Insertable<DB[T]>[], key: keyof Insertable<DB[T]> & string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += BULK_ROWS) {
    const chunk = rows.slice(i, i + BULK_ROWS);
    const inserted = (await store.all(store.kysely.insertInto(table).values(chunk as never).returning(['id', key] as never))) as Record<string, unknown>[];
    const byKey = new Map(inserted.map((r) => [r[key], Number(r.id)]));
    for (const row of chunk) ids.push(byKey.get((row as Record<string, unknown>)[key])!);
  }
  return ids;
}
