import { Migrator, type MigrationResultSet } from 'kysely';
import type { Store } from './store';
import { MIGRATIONS } from './migrations/index';
import { backupBeforeMigrating } from '../domain/backup/pre-migration';

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

/**
 * Runs every pending migration; kysely runs each in a transaction and records it. An existing
 * database with migrations pending is backed up first (main/domain/backup/pre-migration.ts); a
 * new, empty one has nothing to lose.
 */
export async function migrateToLatest(store: Store): Promise<void> {
  const applied = (await store.raw("select 1 from sqlite_master where type = 'table' and name = 'schema_migration'")).length > 0 ? await appliedMigrations(store) : [];
  const pending = Object.keys(MIGRATIONS)
    .sort()
    .filter((name) => !applied.includes(name));
  if (applied.length > 0 && pending.length > 0 && store.path !== ':memory:' && store.path !== '') await backupBeforeMigrating(store, pending);
  unwrap(await migrator(store).migrateToLatest());
}

/** Used by migration tests: bring a fresh database exactly to `name`. */
export async function migrateTo(store: Store, name: string): Promise<void> {
  unwrap(await migrator(store).migrateTo(name));
}

export async function appliedMigrations(store: Store): Promise<string[]> {
  return (await store.raw<{ name: string }>('select name from schema_migration order by name')).map((r) => r.name);
}

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;
