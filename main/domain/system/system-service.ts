import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SystemInfo } from '../../../shared/api/system';
import { projectRoot } from '../../paths';
import { appliedMigrations } from '../../store/migrate';
import type { Core } from '../../core';
import type { DB } from '../../store/schema';
import type { Store } from '../../store/store';
import { runInvariantChecks, type CheckReport } from './checks';

let cachedVersion: string | undefined;
function appVersion(): string {
  if (!cachedVersion) {
    try {
      cachedVersion = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')).version as string;
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}

/** Tables whose row counts `info` reports; a domain adds its main tables here. */
export const COUNTED_TABLES: (keyof DB)[] = ['product', 'warehouse', 'bin', 'stock_movement', 'channel', 'sales_order', 'shipment', 'pick_batch', 'print_job', 'printer', 'scale', 'station_token'];

async function tableExists(store: Store, table: string): Promise<boolean> {
  // raw SQL: the catalog differs per engine and is not in the typed schema.
  const rows =
    store.engine === 'sqlite'
      ? await store.raw("select 1 from sqlite_master where type = 'table' and name = ?", table)
      : await store.raw('select 1 from information_schema.tables where table_schema = current_schema() and table_name = ?', table);
  return rows.length > 0;
}

/** The SQLite library's version, or the PostgreSQL server's (what a support request needs to know). */
async function engineVersion(store: Store): Promise<string> {
  // raw SQL: an engine function per engine, no table.
  if (store.engine === 'sqlite') return (await store.raw<{ v: string }>('select sqlite_version() as v'))[0].v;
  return (await store.raw<{ v: string }>("select current_setting('server_version') as v"))[0].v;
}

export class SystemService {
  constructor(private readonly core: Core) {}

  async info(): Promise<SystemInfo> {
    const { store } = this.core;
    const migrations = await appliedMigrations(store);
    const counts: Record<string, number> = {};
    for (const table of COUNTED_TABLES) {
      // Table names come from the constant list above, never from input.
      if (!(await tableExists(store, table))) continue;
      counts[table] = (await store.get(store.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'))))!.n;
    }
    return {
      name: 'Shipshape',
      version: appVersion(),
      databasePath: store.path,
      databaseEngine: store.engine,
      databaseVersion: await engineVersion(store),
      schemaVersion: migrations.at(-1) ?? 'none',
      migrations: migrations.length,
      counts,
      lanMode: this.core.lanMode,
    };
  }

  async check(): Promise<CheckReport> {
    return await runInvariantChecks(this.core);
  }
}
