import type { Store } from '../../store/store';

// The one place the order queue's SQL differs by engine. The queue's SQLite plans are pinned with
// INDEXED BY, CROSS JOIN (SQLite keeps the left table as the outer loop) and unary `+` (keeps a
// column's index out of the plan); they are measured (order_queue_page_p95_ms on 1M orders).
// PostgreSQL has no hints — its planner picks from the same indexes (checked with `explain` on a
// million seeded orders, see README "Orders on PostgreSQL") — so each helper returns plain SQL there.

export interface QueueSql {
  /** ` indexed by <name>` on SQLite, '' on PostgreSQL. */
  hint(index: string): string;
  /** The join that keeps the left table outer: `cross join` on SQLite, a plain `join` on PostgreSQL (whose CROSS JOIN takes no ON). */
  join: string;
  /** A column kept out of index selection: `+col` on SQLite, the column itself on PostgreSQL. */
  noIndex(expr: string): string;
  /** A JSON text column's top-level key as text. */
  jsonText(column: string, key: string): string;
  /** `expr like pattern`, case-insensitive on both engines (SQLite's LIKE already is for ASCII). */
  likeNoCase(expr: string, pattern: string): string;
  /**
   * Orders whose number is in `numbers` (an SQL list) or whose id `byExternalId` selects. SQLite
   * answers the OR from both indexes; PostgreSQL's planner gives `… or o.id in (subquery)` a
   * default selectivity of one half and filters the whole table newest first, so there the two
   * lookups are one id set (each from its own index) that the page joins by primary key.
   */
  exactMatch(numbers: string, byExternalId: string): string;
  /**
   * The columns a keyset bound on `driverId` (`<`/`>=` one id) is written on. On PostgreSQL a page
   * driven by order_tag also bounds `o.id` (the same value, joined on it): the planner infers no
   * inequality across a join, and a merge join would otherwise walk sales_order from its newest row
   * down to the bound (400,000 rows for a deep page).
   */
  keysetColumns(driverId: string): string[];
}

const SQLITE: QueueSql = {
  hint: (index) => ` indexed by ${index}`,
  join: 'cross join',
  noIndex: (expr) => `+${expr}`,
  jsonText: (column, key) => `json_extract(${column}, '$.${key}')`,
  likeNoCase: (expr, pattern) => `${expr} like ${pattern}`,
  exactMatch: (numbers, byExternalId) => `(o.number in ${numbers} or o.id in (${byExternalId}))`,
  keysetColumns: (driverId) => [driverId],
};

const POSTGRES: QueueSql = {
  hint: () => '',
  join: 'join',
  noIndex: (expr) => expr,
  jsonText: (column, key) => `(cast(${column} as jsonb) ->> '${key}')`,
  likeNoCase: (expr, pattern) => `lower(${expr}) like lower(${pattern})`,
  exactMatch: (numbers, byExternalId) => `o.id in (select n.id from sales_order n where n.number in ${numbers} union all ${byExternalId})`,
  keysetColumns: (driverId) => (driverId === 'o.id' ? [driverId] : [driverId, 'o.id']),
};

export function queueSql(store: Store): QueueSql {
  return store.engine === 'sqlite' ? SQLITE : POSTGRES;
}
