import { OperationNodeTransformer, RawNode, sql, type KyselyPlugin, type Migration, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow, type Kysely } from 'kysely';
import { MIGRATIONS } from './index';

/**
 * The migrations as PostgreSQL runs them. Landed migrations are never edited, and most run on
 * PostgreSQL as written (the dialect maps their schema-builder types: main/store/postgres-dialect.ts).
 * The few that carry SQLite-only raw SQL get a PostgreSQL variant here, keyed by migration name, in
 * one of two forms:
 *
 * - `replacing(name, { sqliteStatement: postgresStatement })`: the landed body runs unchanged, and
 *   each listed raw `sql` fragment (matched exactly, whitespace collapsed, `?` for each parameter)
 *   is swapped for its PostgreSQL spelling with the same parameters. A listed fragment that never
 *   ran fails the migration, so an override cannot silently go stale (except those listed as
 *   running only when there is data, e.g. a backfill's inserts).
 * - a whole body, where the SQLite one is a procedure PostgreSQL does not need (table rebuilds).
 *
 * Every entry says why. The schema both engines end up with is compared by
 * tests/unit/store/migrations-postgres.test.ts.
 */
export const POSTGRES_OVERRIDES: Record<string, Migration> = {
  // SQLite's NOCASE collation (unique SKUs, bin and printer names): a case-insensitive ICU
  // collation of the same name lets every later `collate nocase` run unchanged. (PostgreSQL 15
  // cannot LIKE over a nondeterministic collation: search queries must lower() instead.)
  '0001_foundation': {
    async up(db) {
      await sql`create collation if not exists nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`.execute(db);
      await MIGRATIONS['0001_foundation'].up(db);
    },
  },
  '0002_inventory': replacing('0002_inventory', {
    // ifnull is SQLite's; coalesce is the same on both.
    'create unique index stock_balance_key on stock_balance (product_id, bin_id, ifnull(lot_id, 0))':
      'create unique index stock_balance_key on stock_balance (product_id, bin_id, coalesce(lot_id, 0))',
    // Append-only ledger: PostgreSQL raises from a trigger function (as 0018 does for the audit log),
    // and TRUNCATE, which skips row triggers, gets its own statement trigger.
    "create trigger stock_movement_no_update before update on stock_movement begin select raise(abort, 'stock ledger is append-only'); end":
      "create function stock_movement_append_only() returns trigger language plpgsql as $$ begin raise exception 'stock ledger is append-only'; end $$; " +
      'create trigger stock_movement_no_update before update on stock_movement for each row execute function stock_movement_append_only(); ' +
      'create trigger stock_movement_no_truncate before truncate on stock_movement for each statement execute function stock_movement_append_only()',
    "create trigger stock_movement_no_delete before delete on stock_movement begin select raise(abort, 'stock ledger is append-only'); end":
      'create trigger stock_movement_no_delete before delete on stock_movement for each row execute function stock_movement_append_only()',
    // FTS5 has no PostgreSQL counterpart: a plain table with the same columns (rowid = product id,
    // as FTS5's implicit rowid) and a pg_trgm index for substring search. The search query itself
    // (`match`) is ported with the stock service.
    "create virtual table product_search using fts5(sku, name, codes, tokenize = 'trigram')":
      'create extension if not exists pg_trgm; ' +
      'create table product_search (rowid bigint primary key, sku text, name text, codes text); ' +
      "create index product_search_trigram on product_search using gin ((coalesce(sku, '') || ' ' || coalesce(name, '') || ' ' || coalesce(codes, '')) gin_trgm_ops)",
  }),
  '0005_shipping': replacing('0005_shipping', {
    // glob is SQLite's; a regular expression says the same.
    "code glob '[a-z0-9_]*' and length(code) between 1 and 20": "code ~ '^[a-z0-9_]*$' and length(code) between 1 and 20",
  }),
  '0008_return_labels': replacing('0008_return_labels', {
    // Raw DDL is not mapped by the dialect: ids are bigint on PostgreSQL.
    'alter table rma add column return_shipment_id integer references shipment(id)': 'alter table rma add column return_shipment_id bigint references shipment(id)',
  }),
  '0009_order_queue_filters': replacing('0009_order_queue_filters', {
    // WITHOUT ROWID is SQLite's (PostgreSQL tables are heaps with a separate primary-key index).
    'create table order_tag ( tag text not null, order_id integer not null references sales_order(id), primary key (tag, order_id) ) without rowid':
      'create table order_tag ( tag text not null, order_id bigint not null references sales_order(id), primary key (tag, order_id) )',
  }, {
    // Runs only when there are tagged orders to backfill.
    'insert or ignore into order_tag (tag, order_id) values ?': 'insert into order_tag (tag, order_id) values ? on conflict do nothing',
  }),
  '0010_order_event_by_order': replacing('0010_order_event_by_order', {
    'create table order_event_by_order ( order_id integer not null references sales_order(id), seq integer not null, at text not null, from_status text, to_status text not null, actor text not null, reason text not null, primary key (order_id, seq) ) without rowid':
      'create table order_event_by_order ( order_id bigint not null references sales_order(id), seq bigint not null, at text not null, from_status text, to_status text not null, actor text not null, reason text not null, primary key (order_id, seq) )',
  }),
  '0014_order_event_appended': replacing('0014_order_event_appended', {
    // order_id * 65536 overflows a 32-bit integer past order 32,767: bigint, as SQLite's integer is.
    'create table order_event_appended ( id integer primary key, order_id integer not null references sales_order(id), seq integer not null check (seq between 1 and 65535), at text not null, from_status text, to_status text not null, actor text not null, reason text not null, check (id = order_id * 65536 + seq) )':
      'create table order_event_appended ( id bigint primary key, order_id bigint not null references sales_order(id), seq bigint not null check (seq between 1 and 65535), at text not null, from_status text, to_status text not null, actor text not null, reason text not null, check (id = order_id * 65536 + seq) )',
  }),
  // SQLite rebuilds the tables to widen a CHECK (pragma foreign_keys, sqlite_sequence, its own
  // transaction); PostgreSQL swaps the constraint in place, inside the migrator's transaction.
  '0026_system_printer': {
    async up(db) {
      await sql`alter table printer drop constraint printer_language_check, add constraint printer_language_check check (language in ('zpl','escpos','pdf'))`.execute(db);
      await sql`alter table print_job drop constraint print_job_content_type_check, add constraint print_job_content_type_check check (content_type in ('zpl','escpos','pdf'))`.execute(db);
    },
  },
  '0028_usb_hid_scales': {
    async up(db) {
      await sql`alter table scale drop constraint scale_protocol_check, add constraint scale_protocol_check check (protocol in ('nci','mt-sics','continuous','usb-hid'))`.execute(db);
    },
  },
  // PostgreSQL-only indexes for the order queue (the SQLite body is empty; why in the migration).
  '0034_postgres_queue_indexes': {
    async up(db) {
      // The warehouse filter's split-order lines: the planner hashes `exists (… l.warehouse_id = ?)`
      // from this index instead of reading every order line.
      await sql`create index order_line_warehouse on order_line (warehouse_id, order_id)`.execute(db);
      // The Unallocated tab (warehouse_id is null) per state, newest first, without walking the
      // state's allocated orders.
      await sql`create index sales_order_unallocated on sales_order (status, id) where warehouse_id is null`.execute(db);
    },
  },
};

/** Every migration, with the PostgreSQL variant where there is one (for the PostgreSQL Migrator's provider). */
export function postgresMigrations(): Record<string, Migration> {
  const unknown = Object.keys(POSTGRES_OVERRIDES).filter((name) => !(name in MIGRATIONS));
  if (unknown.length > 0) throw new Error(`PostgreSQL overrides name no migration: ${unknown.join(', ')}`);
  return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, POSTGRES_OVERRIDES[name] ?? m]));
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The landed migration, with the listed raw SQL fragments swapped (see the header comment). */
function replacing(name: string, statements: Record<string, string>, whenThereIsData: Record<string, string> = {}): Migration {
  return replacingIn(name, MIGRATIONS[name], statements, whenThereIsData);
}

/** `replacing` for any migration body (exported for its test). */
export function replacingIn(name: string, migration: Migration, statements: Record<string, string>, whenThereIsData: Record<string, string> = {}): Migration {
  return {
    async up(db: Kysely<any>) {
      const swap = new SwapRawSql({ ...statements, ...whenThereIsData });
      await migration.up(db.withPlugin(swap));
      const unused = Object.keys(statements).filter((s) => !swap.used.has(s));
      if (unused.length > 0) throw new Error(`${name}: PostgreSQL override never matched (the override is stale): ${unused.join(' | ')}`);
    },
  };
}

class SwapRawSql extends OperationNodeTransformer implements KyselyPlugin {
  readonly used = new Set<string>();
  constructor(private readonly statements: Record<string, string>) {
    super();
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }

  protected override transformRaw(node: RawNode): RawNode {
    const inner = super.transformRaw(node);
    const key = collapse(inner.sqlFragments.join('?'));
    const replacement = this.statements[key];
    if (replacement === undefined) return inner;
    const fragments = replacement.split('?');
    if (fragments.length !== inner.sqlFragments.length) throw new Error(`PostgreSQL override for "${key}" has ${fragments.length - 1} parameters, the original ${inner.parameters.length}`);
    this.used.add(key);
    return RawNode.create(fragments, inner.parameters);
  }
}
