import { Migrator, type MigrationResultSet } from 'kysely';
import type { Store } from './store';
import { MIGRATIONS } from './migrations/index';

function migrator(store: Store): Migrator {
  return new Migrator({
    db: store.kysely,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
}

function unwrap(result: MigrationResultSet): void {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${err.message}`);
  }
}

/** Runs every pending migration; kysely runs each in a transaction and records it. */
export async function migrateToLatest(store: Store): Promise<void> {
  unwrap(await migrator(store).migrateToLatest());
}

/** Used by migration tests: bring a fresh database exactly to `name`. */
export async function migrateTo(store: Store, name: string): Promise<void> {
  unwrap(await migrator(store).migrateTo(name));
}

export function appliedMigrations(store: Store): string[] {
  return store.raw<{ name: string }>('select name from schema_migration order by name').map((r) => r.name);
}

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;
