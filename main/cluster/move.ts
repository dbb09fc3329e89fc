import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { openApp, type App } from '../app';
import { isPostgresLocation, migrateStore, openStore } from '../store/open-store';
import type { PostgresStore } from '../store/postgres-store';
import type { SqliteStore } from '../store/store';
import { AppError, invalid } from '../../shared/errors';

/** Rows the migrations themselves write (the default warehouse and bin, default settings): a freshly migrated database still counts as empty. */
const MIGRATION_SEEDED = new Set(['warehouse', 'bin', 'setting']);
/** Bookkeeping each database keeps for itself: the target has its own from migrating. */
const NOT_COPIED = new Set(['schema_migration', 'schema_migration_lock', 'sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4']);
/** The search index: an FTS5 virtual table on SQLite (its shadow tables are not copied), a plain table on PostgreSQL. */
const SEARCH_TABLE = 'product_search';
const SEARCH_COLUMNS = ['rowid', 'sku', 'name', 'codes'];
const ROWS_PER_READ = 2000;
/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMS = 30_000;

export interface MoveReport {
  from: string;
  to: string;
  ok: boolean;
  tables: { table: string; source: number; target: number; ok: boolean }[];
  check: { source: { ok: boolean; problems: string[] }; target: { ok: boolean; problems: string[] } };
  ledger: { source: string; target: string; ok: boolean; movements: number };
}

/**
 * Copies a SQLite shop into an empty PostgreSQL database and verifies the copy: row counts per
 * table, `check` on both, and a checksum of the stock ledger computed the same way on both.
 * The copy is one transaction on the target: a failure leaves it as it was.
 */
export async function moveShop(from: string, to: string): Promise<MoveReport> {
  if (isPostgresLocation(from)) throw invalid('--from must be a SQLite shop file; moving from PostgreSQL is done with pg_dump', { field: 'from' });
  if (!existsSync(from)) throw invalid(`There is no shop file at ${from}`, { field: 'from' });
  if (!isPostgresLocation(to)) throw invalid('--to must be a postgres:// URL', { field: 'to' });

  const source = openStore(from) as SqliteStore;
  const target = openStore(to) as PostgresStore;
  try {
    await migrateStore(source);
    await refuseNonEmpty(target, await sqliteTables(source));
    await migrateStore(target);
    await copyAll(source, target);
  } finally {
    await source.close();
    await target.close();
  }
  return await verify(from, to);
}

interface SourceTable {
  name: string;
  columns: string[];
  parents: string[];
  /** A WITHOUT ROWID table is read in pages by its primary key (it has no rowid to page by). */
  primaryKey: string[] | null;
}

async function sqliteTables(source: SqliteStore): Promise<SourceTable[]> {
  const rows = await source.raw<{ name: string; sql: string | null }>("select name, sql from sqlite_master where type = 'table' order by name");
  const virtual = rows.filter((r) => /^create virtual table/i.test(r.sql ?? '')).map((r) => r.name);
  const tables: SourceTable[] = [];
  for (const { name, sql } of rows) {
    if (NOT_COPIED.has(name) || name.startsWith('sqlite_')) continue;
    // FTS5 keeps its index in shadow tables named after it: PostgreSQL has none of them.
    if (virtual.some((v) => name !== v && name.startsWith(`${v}_`))) continue;
    if (name === SEARCH_TABLE) {
      tables.push({ name, columns: SEARCH_COLUMNS, parents: ['product'], primaryKey: null });
      continue;
    }
    const info = await source.raw<{ name: string; pk: number }>(`select name, pk from pragma_table_info('${name}')`);
    const columns = info.map((c) => c.name);
    const withoutRowid = /without\s+rowid\s*$/i.test((sql ?? '').trim());
    const primaryKey = withoutRowid ? info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name) : null;
    const parents = (await source.raw<{ table: string }>(`select "table" from pragma_foreign_key_list('${name}')`)).map((f) => f.table).filter((t) => t !== name);
    tables.push({ name, columns, parents: [...new Set(parents)], primaryKey });
  }
  return inDependencyOrder(tables);
}

/** Parents before children, so every foreign key finds its row (PostgreSQL checks them per statement). */
function inDependencyOrder(tables: SourceTable[]): SourceTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: SourceTable[] = [];
  const visit = (t: SourceTable) => {
    if (done.has(t.name) || visiting.has(t.name)) return; // a cycle: its order is left as it comes
    visiting.add(t.name);
    for (const p of t.parents) {
      const parent = byName.get(p);
      if (parent) visit(parent);
    }
    visiting.delete(t.name);
    done.add(t.name);
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

async function targetTables(target: PostgresStore): Promise<Map<string, Set<string>>> {
  const rows = await target.raw<{ table_name: string; column_name: string }>(
    "select table_name, column_name from information_schema.columns where table_schema = current_schema() and is_generated = 'NEVER'",
  );
  const tables = new Map<string, Set<string>>();
  for (const r of rows) tables.set(r.table_name, (tables.get(r.table_name) ?? new Set()).add(r.column_name));
  return tables;
}

/** A target that already holds a shop (or anything else) is never written to. */
async function refuseNonEmpty(target: PostgresStore, tables: SourceTable[]): Promise<void> {
  const existing = await targetTables(target);
  const holding: string[] = [];
  for (const name of existing.keys()) {
    if (NOT_COPIED.has(name) || MIGRATION_SEEDED.has(name)) continue;
    const [row] = await target.raw<{ n: number }>(`select count(*) as n from "${name}"`);
    if (row.n > 0) holding.push(`${name} (${row.n} rows)`);
  }
  const foreign = [...existing.keys()].filter((t) => !NOT_COPIED.has(t) && !tables.some((s) => s.name === t));
  if (holding.length > 0 || foreign.length > 0) {
    const what = holding.length > 0 ? `it already holds data: ${holding.slice(0, 5).join(', ')}${holding.length > 5 ? ', …' : ''}` : `it has tables that are not Shipshape's: ${foreign.slice(0, 5).join(', ')}`;
    throw new AppError('CONFLICT', `The target database ${target.path} is not empty (${what}); nothing was copied. Move into a new, empty database (createdb).`);
  }
}

async function copyAll(source: SqliteStore, target: PostgresStore): Promise<void> {
  const tables = await sqliteTables(source);
  const columnsThere = await targetTables(target);
  const missing = tables.filter((t) => !columnsThere.has(t.name));
  if (missing.length > 0) throw new AppError('CONFLICT', `The target has no table ${missing.map((t) => t.name).join(', ')} after migrating; nothing was copied`);
  await source.snapshot(async () => {
    await target.tx(async () => {
      // The migrations' own seed rows make way for the shop's.
      for (const t of [...tables].reverse()) if (MIGRATION_SEEDED.has(t.name)) await target.raw(`delete from "${t.name}"`);
      for (const table of tables) await copyTable(source, target, table, columnsThere.get(table.name)!);
      for (const table of tables) await resetIdentity(target, table.name, columnsThere.get(table.name)!);
    });
  });
}

async function copyTable(source: SqliteStore, target: PostgresStore, table: SourceTable, targetColumns: Set<string>): Promise<void> {
  const columns = table.columns.filter((c) => targetColumns.has(c));
  const unknown = table.columns.filter((c) => !targetColumns.has(c) && c !== 'rowid');
  if (unknown.length > 0) throw new AppError('CONFLICT', `Table ${table.name} has column(s) ${unknown.join(', ')} the target lacks; nothing was copied`);
  const quoted = columns.map((c) => `"${c}"`).join(', ');
  const select = columns.map((c) => (c === 'rowid' ? 'rowid' : `"${c}"`)).join(', ');
  const perInsert = Math.max(1, Math.min(500, Math.floor(MAX_PARAMS / columns.length)));
  let after = Number.MIN_SAFE_INTEGER;
  for (let offset = 0; ; offset += ROWS_PER_READ) {
    // Keyset pages by rowid: memory stays flat however large the shop.
    const rows = table.primaryKey
      ? await source.raw<Record<string, unknown>>(`select ${select} from "${table.name}" order by ${table.primaryKey.map((c) => `"${c}"`).join(', ')} limit ? offset ?`, ROWS_PER_READ, offset)
      : await source.raw<Record<string, unknown>>(`select rowid as "__rowid", ${select} from "${table.name}" where rowid > ? order by rowid limit ?`, after, ROWS_PER_READ);
    if (rows.length === 0) return;
    if (!table.primaryKey) after = Number(rows[rows.length - 1].__rowid);
    for (let i = 0; i < rows.length; i += perInsert) {
      const batch = rows.slice(i, i + perInsert);
      const placeholders = batch.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      const params = batch.flatMap((r) => columns.map((c) => r[c] ?? null));
      await target.raw(`insert into "${table.name}" (${quoted}) values ${placeholders}`, ...params);
    }
  }
}

/** New rows on PostgreSQL must not collide with copied ids: each identity sequence continues after max(id). */
async function resetIdentity(target: PostgresStore, table: string, columns: Set<string>): Promise<void> {
  if (!columns.has('id')) return;
  const [row] = await target.raw<{ seq: string | null }>('select pg_get_serial_sequence(?, ?) as seq', `"${table}"`, 'id');
  if (!row?.seq) return;
  await target.raw(`select setval(?, (select coalesce(max(id), 0) + 1 from "${table}"), false)`, row.seq);
}

async function verify(from: string, to: string): Promise<MoveReport> {
  const sourceApp = await openApp({ dbPath: from, transport: 'cli' });
  try {
    const targetApp = await openApp({ dbPath: to, transport: 'cli' });
    try {
      const tables = [];
      const sourceTableList = await sqliteTables(sourceApp.store as SqliteStore);
      for (const t of sourceTableList) {
        const s = await countRows(sourceApp, t.name);
        const g = await countRows(targetApp, t.name);
        tables.push({ table: t.name, source: s, target: g, ok: s === g });
      }
      const check = { source: await checked(sourceApp), target: await checked(targetApp) };
      const [ls, lt] = [await ledgerChecksum(sourceApp), await ledgerChecksum(targetApp)];
      const ledger = { source: ls.checksum, target: lt.checksum, ok: ls.checksum === lt.checksum, movements: ls.movements };
      const ok = tables.every((t) => t.ok) && check.source.ok && check.target.ok && ledger.ok;
      return { from, to: (targetApp.store as PostgresStore).path, ok, tables, check, ledger };
    } finally {
      await targetApp.close();
    }
  } finally {
    await sourceApp.close();
  }
}

async function countRows(app: App, table: string): Promise<number> {
  return (await app.store.raw<{ n: number }>(`select count(*) as n from "${table}"`))[0].n;
}

async function checked(app: App): Promise<{ ok: boolean; problems: string[] }> {
  const report = await app.services.system.check();
  return { ok: report.ok, problems: report.problems.map((p) => `[${p.check}] ${p.message}`) };
}

/**
 * The stock ledger in one hash, computed the same way on both engines: per product, the number of
 * movements, their quantities' sum and their ids' sum (a lost, doubled or altered movement changes it).
 */
export async function ledgerChecksum(app: App): Promise<{ checksum: string; movements: number }> {
  const rows = await app.store.raw<{ product_id: number; n: number; quantity: number; ids: number }>(
    'select product_id, count(*) as n, coalesce(sum(quantity), 0) as quantity, coalesce(sum(id), 0) as ids from stock_movement group by product_id order by product_id',
  );
  const text = rows.map((r) => `${Number(r.product_id)}:${Number(r.n)}:${Number(r.quantity)}:${Number(r.ids)}`).join('\n');
  return { checksum: createHash('sha256').update(text).digest('hex'), movements: rows.reduce((sum, r) => sum + Number(r.n), 0) };
}
