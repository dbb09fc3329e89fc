import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, Migrator, sql, type MigrationResultSet } from 'kysely';
import { SqliteStore } from '../../../main/store/store';
import { migrateToLatest } from '../../../main/store/migrate';
import { MIGRATIONS } from '../../../main/store/migrations/index';
import { POSTGRES_OVERRIDES, postgresMigrations, replacingIn } from '../../../main/store/migrations/postgres-overrides';
import { ShipshapePostgresDialect } from '../../../main/store/postgres-dialect';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';
import pg_ from 'pg';

/** What a column is, in terms both engines share. */
interface Column {
  nullable: boolean;
  kind: 'integer' | 'real' | 'text' | 'blob';
}
type Schema = Record<string, Record<string, Column>>;

/** Bookkeeping and engine-internal tables that are not part of the shop's schema. */
const NOT_SCHEMA = /^(schema_migration|schema_migration_lock|sqlite_.*|product_search_(data|idx|content|docsize|config))$/;
/** PostgreSQL-only columns, each explained in postgres-overrides.ts. */
const POSTGRES_ONLY = new Set(['product_search.rowid']);

function sqliteKind(declared: string): Column['kind'] {
  const t = declared.toLowerCase();
  if (t.includes('int')) return 'integer';
  if (t.includes('real') || t.includes('floa') || t.includes('doub')) return 'real';
  if (t.includes('blob')) return 'blob';
  return 'text'; // including FTS5 columns, which have no declared type
}

function postgresKind(dataType: string): Column['kind'] {
  if (['bigint', 'integer', 'smallint'].includes(dataType)) return 'integer';
  if (['double precision', 'real', 'numeric'].includes(dataType)) return 'real';
  if (dataType === 'bytea') return 'blob';
  return 'text';
}

async function sqliteSchema(store: SqliteStore): Promise<Schema> {
  const schema: Schema = {};
  const tables = await store.raw<{ name: string }>("select name from sqlite_master where type = 'table' order by name");
  for (const { name } of tables.filter((t) => !NOT_SCHEMA.test(t.name))) {
    schema[name] = {};
    for (const c of await store.raw<{ name: string; type: string; notnull: number; pk: number }>(`select * from pragma_table_info('${name}')`)) {
      // A primary-key column never holds NULL in our data, whatever SQLite's legacy rules allow.
      schema[name][c.name] = { nullable: c.notnull === 0 && c.pk === 0, kind: sqliteKind(c.type) };
    }
  }
  return schema;
}

async function postgresSchema(db: Kysely<any>): Promise<Schema> {
  const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>`
    select c.table_name, c.column_name, c.is_nullable, c.data_type
    from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const schema: Schema = {};
  for (const r of rows.filter((r) => !NOT_SCHEMA.test(r.table_name) && !POSTGRES_ONLY.has(`${r.table_name}.${r.column_name}`))) {
    (schema[r.table_name] ??= {})[r.column_name] = { nullable: r.is_nullable === 'YES', kind: postgresKind(r.data_type) };
  }
  return schema;
}

function postgresMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => postgresMigrations() },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
}

function unwrap(result: MigrationResultSet): void {
  if (!result.error) return;
  const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
  throw new Error(`Migration ${failed} failed on PostgreSQL: ${(result.error as Error).message}`);
}

describe('the migrations on PostgreSQL', () => {
  let pg: TestPostgres;
  let db: Kysely<any>;

  beforeAll(async () => {
    pg = await startPostgres();
    db = new Kysely<any>({ dialect: new ShipshapePostgresDialect({ pool: new pg_.Pool({ connectionString: pg.url, max: 1 }) }) });
    unwrap(await postgresMigrator(db).migrateToLatest());
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await pg?.stop();
  });

  it('applies every migration, in order', async () => {
    const { rows } = await sql<{ name: string }>`select name from schema_migration order by name`.execute(db);
    expect(rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS).sort());
  });

  it('ends with the same tables, columns, nullability and kinds of types as SQLite', async () => {
    const store = new SqliteStore(':memory:');
    try {
      await migrateToLatest(store);
      const expected = await sqliteSchema(store);
      const actual = await postgresSchema(db);
      expect(Object.keys(expected).length).toBeGreaterThan(50);
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      for (const table of Object.keys(expected)) expect({ table, columns: actual[table] }).toEqual({ table, columns: expected[table] });
    } finally {
      store.sqlite.close();
    }
  });

  it('gives every integer column 64 bits, as SQLite integers have (ids, timestamps in ms, order_id * 65536)', async () => {
    const { rows } = await sql<{ name: string }>`
      select table_name || '.' || column_name as name from information_schema.columns
      where table_schema = 'public' and data_type in ('integer', 'smallint') order by 1`.execute(db);
    expect(rows.map((r) => r.name)).toEqual([]);
  });

  it('keeps the guarantees the overridden SQLite statements gave', () => {
    // 0001 (nocase collation) + 0002: SKUs are unique regardless of case.
    pg.psql("insert into product (sku, name, created_at, updated_at) values ('abc-1', 'A', 'now', 'now')");
    expect(() => pg.psql("insert into product (sku, name, created_at, updated_at) values ('ABC-1', 'B', 'now', 'now')")).toThrow(/duplicate key/);
    // 0002: the stock ledger is append-only.
    pg.psql("insert into stock_movement (product_id, warehouse_id, bin_id, kind, quantity, at, reason, actor) values (1, 1, 1, 'receive', 5, 'now', 'test', 'test')");
    expect(() => pg.psql('update stock_movement set quantity = 6')).toThrow(/stock ledger is append-only/);
    expect(() => pg.psql('delete from stock_movement')).toThrow(/stock ledger is append-only/);
    expect(() => pg.psql('truncate stock_movement cascade')).toThrow(/stock ledger is append-only/);
    // 0005: carrier codes are lower-case letters, digits and underscores.
    expect(() => pg.psql("insert into shipping_carrier (code, name, zone_chart_id, created_at) values ('Bad Code', 'X', 'z', 'now')")).toThrow(/check constraint/);
    // 0026 and 0028: the widened checks.
    pg.psql("insert into printer (name, language, uri, created_at, updated_at) values ('Office', 'pdf', 'cups:office', 'now', 'now')");
    expect(() => pg.psql("insert into printer (name, language, uri, created_at, updated_at) values ('Odd', 'ps', 'cups:odd', 'now', 'now')")).toThrow(/check constraint/);
    pg.psql("insert into scale (name, protocol, port, created_at, updated_at) values ('Desk', 'usb-hid', '0922:8003', 'now', 'now')");
  });

  it('carries existing rows through the data migrations (0009 tag backfill, 0010 and 0014 event rebuilds)', async () => {
    const other = new Kysely<any>({ dialect: new ShipshapePostgresDialect({ pool: new pg_.Pool({ connectionString: pg.createDatabase('backfill'), max: 1 }) }) });
    try {
      unwrap(await postgresMigrator(other).migrateTo('0008_return_labels'));
      await sql`insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')`.execute(other);
      for (const [i, tags] of ['VIP, gift', '', ' Vip ,vip,Wholesale '].entries()) {
        await sql`insert into sales_order (channel_id, external_id, number, status, customer_name, currency, subtotal_cents, total_cents, tags, placed_at, created_at, updated_at)
          values (1, ${`E${i + 1}`}, ${`#${i + 1}`}, 'new', 'C', 'USD', 0, 0, ${tags}, 'now', 'now', 'now')`.execute(other);
      }
      for (const [order, to] of [[1, 'new'], [3, 'new'], [1, 'picking']] as const) {
        await sql`insert into order_event (order_id, at, to_status, actor, reason) values (${order}, 'now', ${to}, 'test', '')`.execute(other);
      }
      unwrap(await postgresMigrator(other).migrateToLatest());
      const tags = await sql`select tag, order_id from order_tag order by order_id, tag`.execute(other);
      expect(tags.rows).toEqual([
        { tag: 'gift', order_id: '1' },
        { tag: 'vip', order_id: '1' },
        { tag: 'vip', order_id: '3' },
        { tag: 'wholesale', order_id: '3' },
      ]);
      const events = await sql`select id, order_id, seq, to_status from order_event order by id`.execute(other);
      expect(events.rows).toEqual([
        { id: String(65536 + 1), order_id: '1', seq: '1', to_status: 'new' },
        { id: String(65536 + 2), order_id: '1', seq: '2', to_status: 'picking' },
        { id: String(3 * 65536 + 1), order_id: '3', seq: '1', to_status: 'new' },
      ]);
    } finally {
      await other.destroy();
    }
  });

  it('swaps listed raw statements with their parameters, and refuses an override that no longer matches', async () => {
    const landed = {
      async up(db: Kysely<any>) {
        await sql`create table swap_check (n integer not null) without rowid`.execute(db);
        await sql`insert or ignore into swap_check (n) values (${41})`.execute(db);
      },
    };
    const override = replacingIn('swap_check', landed, {
      'create table swap_check (n integer not null) without rowid': 'create table swap_check (n bigint not null)',
      'insert or ignore into swap_check (n) values (?)': 'insert into swap_check (n) values (? + 1) on conflict do nothing',
    });
    await db.transaction().execute(async (trx) => {
      await override.up(trx);
      expect((await sql<{ n: string }>`select n from swap_check`.execute(trx)).rows).toEqual([{ n: '42' }]);
      await sql`drop table swap_check`.execute(trx);
    });
    const stale = replacingIn('swap_check', landed, {
      'create table swap_check (n integer not null) without rowid': 'create table swap_check (n bigint not null)',
      'insert or ignore into swap_check (n) values (?)': 'insert into swap_check (n) values (?) on conflict do nothing',
      'create index swap_check_n on swap_check (n)': 'create index swap_check_n on swap_check (n)',
    });
    await expect(db.transaction().execute((trx) => stale.up(trx))).rejects.toThrow(/swap_check: PostgreSQL override never matched \(the override is stale\): create index swap_check_n/);
  });

  it('overrides only migrations that exist', () => {
    expect(Object.keys(POSTGRES_OVERRIDES).filter((name) => !(name in MIGRATIONS))).toEqual([]);
  });
});
