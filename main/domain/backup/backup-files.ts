import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BackupFileDto, BackupReason } from '../../../shared/api/backup';
import type { Store } from '../../store/store';
import { isDatabaseUrl, userDataDir } from '../../paths';

/**
 * Backup file names carry their time (UTC) and reason, so a folder of backups on a NAS or a USB
 * disk explains itself and the listing needs no index: `shipshape-20250716-100300Z-daily.sqlite`,
 * `…-manual.sqlite`, `…-before-0019_name.sqlite`. Only files named so are listed and pruned; whatever
 * else lives in the folder is left alone.
 */
const NAME = /^shipshape-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(\d{3})?Z-(daily|manual|before-[\w-]+?)(?:-\d+)?\.(sqlite|dump)$/;

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdirSync(…, { recursive: true })` spins forever when a
 * parent exists but refuses children with ENOENT (a folder typed under /proc, some network mounts):
 * the station server froze on a mistyped backup folder. Each missing level made plainly throws instead.
 */
export function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let dir = path.resolve(folder); !existsSync(dir); dir = path.dirname(dir)) {
    if (path.dirname(dir) === dir) break; // a drive that is not there: let mkdirSync say so
    missing.unshift(dir);
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir).isDirectory()) continue;
      // Said in words the owner can act on; the system's own message follows for whoever helps them.
      throw new Error(`Cannot create the backup folder ${dir}: choose a folder on a connected disk that your user account may write to (${(error as Error).message})`, { cause: error });
    }
  }
}

/** `backups` beside the database: the default backup folder (a PostgreSQL database has no folder: `backups` in the user-data folder). */
export function defaultBackupFolder(dbPath: string): string {
  if (isDatabaseUrl(dbPath)) return path.join(userDataDir(), 'backups');
  return path.join(path.dirname(path.resolve(dbPath)), 'backups');
}

/** `.sqlite` for a copy of a SQLite database, `.dump` for pg_dump's custom format (PostgreSQL). */
export function backupFileName(takenAt: Date, reason: BackupReason, firstPendingMigration?: string, extension: 'sqlite' | 'dump' = 'sqlite'): string {
  const iso = takenAt.toISOString(); // 2025-07-16T10:03:00.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}Z`;
  const why = reason === 'pre-migration' ? `before-${firstPendingMigration ?? 'migration'}` : reason;
  return `shipshape-${stamp}-${why}.${extension}`;
}

/** A name in `folder` that no file has yet (two backups in the same millisecond get -2, -3, ...). */
export function freshBackupPath(folder: string, name: string): string {
  let candidate = path.join(folder, name);
  for (let n = 2; existsSync(candidate) || existsSync(`${candidate}.partial`); n++) candidate = path.join(folder, name.replace(/\.(sqlite|dump)$/, `-${n}.$1`));
  return candidate;
}

/** Time and reason from a backup's file name, or null for any other file. */
export function parseBackupFileName(name: string): { takenAt: string; reason: BackupReason } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const takenAt = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms ?? '000'}Z`;
  if (Number.isNaN(Date.parse(takenAt))) return null;
  const reason: BackupReason = m[8] === 'daily' ? 'daily' : m[8] === 'manual' ? 'manual' : 'pre-migration';
  return { takenAt, reason };
}

/** The backups in `folder`, newest first (none if the folder does not exist or cannot be read). */
export function listBackups(folder: string): BackupFileDto[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const backups: BackupFileDto[] = [];
  for (const name of names) {
    const parsed = parseBackupFileName(name);
    if (!parsed) continue;
    const file = path.join(folder, name);
    try {
      backups.push({ name, path: file, bytes: statSync(file).size, ...parsed });
    } catch {
      // removed meanwhile
    }
  }
  return backups.sort((a, b) => (a.takenAt === b.takenAt ? b.name.localeCompare(a.name) : a.takenAt < b.takenAt ? 1 : -1));
}

/** Keys in the `setting` table. */
export const BACKUP_SETTING_KEYS = {
  folder: 'backup.folder',
  keepDaily: 'backup.keep_daily',
  keepWeekly: 'backup.keep_weekly',
  last: 'backup.last',
  lastError: 'backup.last_error',
} as const;

export async function readSetting(core: { store: Store }, key: string): Promise<string | null> {
  const { store } = core;
  return (await store.get(store.kysely.selectFrom('setting').select('value').where('key', '=', key)))?.value ?? null;
}

/** The backup folder the owner chose (or the default), from the settings of an open store. */
export async function backupFolderOf(core: { store: Store }): Promise<string> {
  return await readSetting(core, BACKUP_SETTING_KEYS.folder) ?? defaultBackupFolder(core.store.path);
}
