import { z } from 'zod';
import { method } from './contract';

/** Why a backup was taken: the daily schedule, a person ("Back up now", `shipshape backup`), or a migration about to run. */
export type BackupReason = 'daily' | 'manual' | 'pre-migration';

/** One finished backup: a verified, self-contained SQLite file (no -wal beside it). */
export interface BackupResultDto {
  path: string;
  bytes: number;
  /** SQLite's integrity check and every invariant (`shipshape check`) passed on the copy. */
  verified: boolean;
  /** What the verification found (empty when verified). */
  problems: string[];
  takenAt: string;
  reason: BackupReason;
  /** Time spent copying and verifying, ms. */
  copyMs: number;
  verifyMs: number;
}

/** A backup file in the backup folder. */
export interface BackupFileDto {
  name: string;
  path: string;
  takenAt: string;
  bytes: number;
  reason: BackupReason;
}

export interface BackupStatusDto {
  /** Where backups go: the folder the owner chose, or `backups` beside the database. */
  folder: string;
  defaultFolder: string;
  /** How backups are taken: SQLite's online copy of the file, or pg_dump (--format=custom) on PostgreSQL. */
  method: 'sqlite-copy' | 'pg_dump';
  /** A sentence for the owner about the method (PostgreSQL: pg_dump / pg_restore), or null. */
  note: string | null;
  /** Retention: the newest backup of each of the last `keepDaily` days with backups, and of the last `keepWeekly` weeks. */
  keepDaily: number;
  keepWeekly: number;
  last: BackupResultDto | null;
  /** The last failure, when it is newer than the last success. */
  lastError: { at: string; message: string } | null;
  /** When the daily backup runs next (background worker of the desktop app and the station server). */
  nextScheduledAt: string;
  running: boolean;
  /** Backups in the folder, newest first. */
  backups: BackupFileDto[];
}

const retentionCount = (max: number) => z.number().int().min(0).max(max);

export const backupApi = {
  /** Last backup (when, where, size, verified), the folder, retention and the next scheduled run. */
  'backup.status': method<BackupStatusDto>()(z.object({}).strict(), { description: 'Backup status: last backup, folder, retention, next run', roles: ['owner'] }),
  /**
   * Backs the database up now, while the app keeps taking orders, and verifies the copy. `to` is a
   * folder or a `.sqlite` file; by default the backup folder (then retention applies).
   */
  'backup.run': method<BackupResultDto>()(z.object({ to: z.string().trim().min(1).max(1000).optional() }).strict(), {
    description: 'Back up now (online copy, verified)',
    audit: 'settings',
    roles: ['owner'],
  }),
  /** Chooses the backup folder (null: `backups` beside the database) and the retention. */
  'backup.configure': method<BackupStatusDto>()(
    z
      .object({
        folder: z.string().trim().min(1).max(1000).nullable(),
        keepDaily: retentionCount(366),
        keepWeekly: retentionCount(520),
      })
      .partial()
      .strict(),
    { description: 'Set the backup folder and retention', audit: 'settings', roles: ['owner'] },
  ),
};
