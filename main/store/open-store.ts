import { migrateToLatest } from './migrate';
import { PostgresStore, type PostgresStoreOptions } from './postgres-store';
import { SqliteStore, type OpenStoreOptions } from './store';

/** Either engine's store: the same asynchronous surface (all/get/run/raw/update/insert/tx…). */
export type AnyStore = SqliteStore | PostgresStore;

export type OpenAnyStoreOptions = OpenStoreOptions & PostgresStoreOptions;

/** A `postgres://` or `postgresql://` URL names a PostgreSQL database; anything else is a SQLite file path. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the store at `location` (`--db`, `SHIPSHAPE_DB`): PostgreSQL for a URL, SQLite otherwise.
 * Opening does not migrate: call migrateStore() next, as openApp does.
 */
export function openStore(location: string, options: OpenAnyStoreOptions = {}): AnyStore {
  if (isPostgresLocation(location)) return new PostgresStore(location, { poolSize: options.poolSize, readonly: options.readonly });
  return new SqliteStore(location, options);
}

/** Brings either engine's database to the latest migration (SQLite: backed up first when it has data, see migrate.ts). */
export async function migrateStore(store: AnyStore): Promise<void> {
  if (store instanceof PostgresStore) await store.migrate();
  else await migrateToLatest(store);
}
