import { sql, type RawBuilder } from 'kysely';

/**
 * Case-insensitive comparison and sorting for names people type (printer, station, supplier and
 * box names, SKUs, order numbers), the same on both engines: SQLite's NOCASE collation, and on
 * PostgreSQL the ICU collation of the same name that migration 0001 creates. Not for LIKE (a
 * nondeterministic collation refuses LIKE on PostgreSQL).
 */

/** `value collate nocase`: the right-hand side of an `=` that ignores case, e.g. `.where('name', '=', noCase(name))`. */
export function noCase(value: string): RawBuilder<string> {
  return sql<string>`${value} collate nocase`;
}

/** `column collate nocase`: an ORDER BY that sorts names alphabetically whatever their case. */
export function byNoCase(column: string): RawBuilder<string> {
  return sql<string>`${sql.ref(column)} collate nocase`;
}
