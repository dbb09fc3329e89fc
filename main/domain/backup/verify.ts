import { existsSync, statSync } from 'node:fs';
import { systemClock } from '../../clock';
import { EventBus } from '../../events';
import type { Core } from '../../core';
import { MIGRATIONS } from '../../store/migrations/index';
import { SqliteStore } from '../../store/store';
import { runInvariantChecks } from '../system/checks';

/** What a backup file holds and whether it can be trusted. */
export interface BackupVerification {
  /** The file is a sound SQLite database holding a Shipshape schema this version knows. */
  restorable: boolean;
  /** …and every invariant (`shipshape check`) holds in it. */
  verified: boolean;
  problems: string[];
  /** Applied migrations, oldest first (empty when the file is not a Shipshape database). */
  migrations: string[];
  /** The file's schema is this version's latest (older ones are migrated when restored). */
  latestSchema: boolean;
  counts: { products: number; orders: number };
  bytes: number;
}

const KNOWN = Object.keys(MIGRATIONS).sort();

/**
 * Opens a backup read-only and checks it the way `shipshape check` checks the live database:
 * SQLite's integrity check first (a torn or truncated copy fails here), then that it is a Shipshape
 * database whose migrations this version knows, then — when its schema is the latest — every
 * domain invariant. Never throws for a bad file: its problems say what is wrong.
 */
export async function verifyBackupFile(file: string, options: { nativeBinding?: string; invariants?: boolean } = {}): Promise<BackupVerification> {
  const result: BackupVerification = { restorable: false, verified: false, problems: [], migrations: [], latestSchema: false, counts: { products: 0, orders: 0 }, bytes: 0 };
  if (!existsSync(file) || !statSync(file).isFile()) {
    result.problems.push(`${file} does not exist or is not a file`);
    return result;
  }
  result.bytes = statSync(file).size;
  let store: SqliteStore | null = null;
  try {
    store = new SqliteStore(file, { readonly: true, nativeBinding: options.nativeBinding });
    const integrity = (store.sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      result.problems.push(...integrity.slice(0, 10).map((m) => `integrity check: ${m}`));
      return result;
    }
    const hasMigrations = (await store.raw("select 1 from sqlite_master where type = 'table' and name = 'schema_migration'")).length > 0;
    if (!hasMigrations) {
      result.problems.push('not a Shipshape database (it has no schema_migration table)');
      return result;
    }
    result.migrations = (await store.raw<{ name: string }>('select name from schema_migration order by name')).map((r) => r.name);
    const unknown = result.migrations.filter((m) => !KNOWN.includes(m));
    if (result.migrations.length === 0) result.problems.push('not a Shipshape database (no migrations applied)');
    else if (unknown.length > 0) result.problems.push(`made by another (newer?) version of Shipshape: unknown migrations ${unknown.join(', ')}`);
    else if (result.migrations.some((m, i) => m !== KNOWN[i])) result.problems.push(`its migrations have gaps (${result.migrations.join(', ')})`);
    if (result.problems.length > 0) return result;
    result.restorable = true;
    result.latestSchema = result.migrations.length === KNOWN.length;
    result.counts = {
      products: (await store.raw<{ n: number }>('select count(*) as n from product'))[0].n,
      orders: (await store.raw<{ n: number }>('select count(*) as n from sales_order'))[0].n,
    };
    if (options.invariants === false || !result.latestSchema) {
      // An older schema's invariants are checked after it is migrated (restore opens it as the app).
      result.verified = true;
      return result;
    }
    const core: Core = { store, clock: systemClock, events: new EventBus(systemClock), lanMode: false };
    const report = await runInvariantChecks(core);
    result.problems.push(...report.problems.map((p) => `[${p.check}] ${p.message}`));
    result.verified = report.ok;
    return result;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    result.restorable = false;
    result.verified = false;
    result.problems.push(e.code === 'SQLITE_NOTADB' ? 'not a SQLite database' : e.code === 'SQLITE_CORRUPT' ? `damaged: ${e.message}` : `cannot be read: ${e.message ?? String(err)}`);
    return result;
  } finally {
    store?.close();
  }
}
