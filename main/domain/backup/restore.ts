import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { Clock } from '../../clock';
import { parseBackupFileName } from './backup-files';
import { verifyBackupFile, type BackupVerification } from './verify';
import { PG_DUMP_HINT } from './pg-dump';
import { isDatabaseUrl } from '../../paths';

export interface RestorePlan {
  dbPath: string;
  backup: { path: string; takenAt: string; bytes: number };
  verification: BackupVerification;
  /** Products and orders in the database being replaced (null: there is none, or it cannot be read). */
  before: { products: number; orders: number } | null;
}

export interface RestoreOutcome extends RestorePlan {
  /** Where the replaced database now is (its -wal and -shm beside it, when it had them); null when there was none. */
  setAside: string | null;
}

/**
 * Checks a backup before anything is touched: it must be a sound SQLite file (integrity check)
 * holding a Shipshape database whose migrations this version knows. Throws a VALIDATION error
 * saying what is wrong, or CONFLICT when another program has the current database open.
 */
export async function planRestore(dbPath: string, file: string, options: { nativeBinding?: string } = {}): Promise<RestorePlan> {
  if (isDatabaseUrl(dbPath)) {
    // Replacing a PostgreSQL database is the server's business (other station servers are connected to it).
    throw new AppError('VALIDATION', `${dbPath} is a PostgreSQL database: restore its pg_dump backups with pg_restore (e.g. pg_restore --clean --if-exists --no-owner --dbname=URL ${file}) while no Shipshape app is connected. ${PG_DUMP_HINT}`);
  }
  const backupPath = path.resolve(file);
  if (backupPath === path.resolve(dbPath)) throw new AppError('VALIDATION', `${backupPath} is the database itself, not a backup of it`);
  const verification = await verifyBackupFile(backupPath, { nativeBinding: options.nativeBinding, invariants: false });
  if (!verification.restorable) {
    throw new AppError('VALIDATION', `Refusing to restore ${backupPath}: ${verification.problems.join('; ')}. The current database was not touched.`, { problems: verification.problems });
  }
  const before = existsSync(dbPath) ? assertNobodyElseHasItOpen(dbPath, options) : null;
  return {
    dbPath,
    backup: { path: backupPath, takenAt: parseBackupFileName(path.basename(backupPath))?.takenAt ?? statSync(backupPath).mtime.toISOString(), bytes: verification.bytes },
    verification,
    before,
  };
}

/**
 * Puts the backup in the database's place. The current database is kept, renamed with the time
 * (`shop.sqlite.replaced-20250716-100300Z`, with its -wal/-shm), never deleted.
 */
export function restoreDatabase(plan: RestorePlan, clock: Clock, options: { nativeBinding?: string } = {}): RestoreOutcome {
  const { dbPath } = plan;
  // Asked again: a server may have started while the owner read the plan.
  if (existsSync(dbPath)) assertNobodyElseHasItOpen(dbPath, options);
  let setAside: string | null = null;
  if (existsSync(dbPath)) {
    const stamp = clock.now().toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\.\d+Z$/, 'Z');
    setAside = `${dbPath}.replaced-${stamp}`;
    for (let n = 2; existsSync(setAside); n++) setAside = `${dbPath}.replaced-${stamp}-${n}`;
    renameSync(dbPath, setAside);
    for (const suffix of ['-wal', '-shm', '-journal']) if (existsSync(`${dbPath}${suffix}`)) renameSync(`${dbPath}${suffix}`, `${setAside}${suffix}`);
  }
  // Copied beside the database under another name, synced, then renamed: the database path holds
  // either the old file (set aside above) or the whole backup, never half of it.
  const incoming = `${dbPath}.restoring`;
  try {
    copyFileSync(plan.backup.path, incoming);
    const fd = openSync(incoming, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(incoming, dbPath);
  } catch (error) {
    rmSync(incoming, { force: true });
    // Put the old database back where it was: a failed restore changes nothing.
    if (setAside && !existsSync(dbPath)) {
      renameSync(setAside, dbPath);
      for (const suffix of ['-wal', '-shm', '-journal']) if (existsSync(`${setAside}${suffix}`)) renameSync(`${setAside}${suffix}`, `${dbPath}${suffix}`);
    }
    throw error;
  }
  return { ...plan, setAside };
}

/**
 * SQLite leaves WAL mode only when no other connection — in this process or any other — has the
 * database open, so switching the current database to rollback-journal mode is the test that no
 * station server or desktop app is using it (it also folds the -wal into the file, so what is set
 * aside is whole). Returns its product and order counts.
 */
function assertNobodyElseHasItOpen(dbPath: string, options: { nativeBinding?: string }): { products: number; orders: number } | null {
  let db: Database.Database;
  try {
    db = new Database(dbPath, { fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (error) {
    throw new AppError('CONFLICT', `Cannot open the current database ${dbPath}: ${(error as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 0');
    try {
      db.pragma('journal_mode = DELETE');
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
        throw new AppError(
          'CONFLICT',
          `The database ${dbPath} is in use by another program (the station server \`shipshape serve\` or the desktop app). Stop it, then restore again. Nothing was changed.`,
        );
      }
      // A damaged current database is exactly what a restore is for: it is set aside as it is.
      return null;
    }
    try {
      return {
        products: (db.prepare('select count(*) as n from product').get() as { n: number }).n,
        orders: (db.prepare('select count(*) as n from sales_order').get() as { n: number }).n,
      };
    } catch {
      return null;
    }
  } finally {
    db.close();
  }
}
