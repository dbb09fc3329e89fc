import { mapInOrder } from '../../util/in-order';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BackupReason, BackupResultDto, BackupStatusDto } from '../../../shared/api/backup';
import { AppError } from '../../../shared/errors';
import type { Core } from '../../core';
import { shopCalendar } from '../calendar/shop-calendar';
import { BACKUP_SETTING_KEYS as KEY, backupFileName, backupFolderOf, defaultBackupFolder, freshBackupPath, listBackups, makeFolder, readSetting } from './backup-files';
import { copyAndVerify } from './copy';
import { dumpAndVerify, PG_DUMP_HINT } from './pg-dump';
import { startProgress } from '../../logging/progress';
import { DailyBackups } from './daily-backups';
import { chooseBackupsToKeep, DEFAULT_RETENTION } from './retention';


export interface BackupSettings {
  folder: string;
  defaultFolder: string;
  /** How backups are taken: SQLite's online copy, or pg_dump on PostgreSQL. */
  method: 'sqlite-copy' | 'pg_dump';
  /** Said to the owner next to the settings (PostgreSQL: that backups are pg_dump's, restored with pg_restore). */
  note: string | null;
  keepDaily: number;
  keepWeekly: number;
}


/**
 * Online backups of the open database: a verified copy taken while the app keeps working (see
 * copy.ts), into the owner's backup folder with retention, or to a file or folder given for one
 * backup. One backup runs at a time; asking again while one runs gets that one.
 */
export class BackupService {
  /** The daily backup (a background worker of the desktop app and the station server). */
  readonly daily: DailyBackups;
  private running: Promise<BackupResultDto> | null = null;

  constructor(private readonly core: Core) {
    this.daily = new DailyBackups(this, core.clock);
  }

  async settings(): Promise<BackupSettings> {
    const number = async (key: string, fallback: number) => {
      const value = Number(await readSetting(this.core, key));
      return await readSetting(this.core, key) !== null && Number.isInteger(value) ? value : fallback;
    };
    return {
      folder: await backupFolderOf(this.core),
      defaultFolder: defaultBackupFolder(this.core.store.path),
      method: this.core.store.engine === 'postgres' ? 'pg_dump' : 'sqlite-copy',
      note: this.core.store.engine === 'postgres' ? PG_DUMP_HINT : null,
      keepDaily: await number(KEY.keepDaily, DEFAULT_RETENTION.keepDaily),
      keepWeekly: await number(KEY.keepWeekly, DEFAULT_RETENTION.keepWeekly),
    };
  }

  /** The last successful backup (any reason, any place). */
  async lastBackup(): Promise<BackupResultDto | null> {
    const value = await readSetting(this.core, KEY.last);
    return value ? (JSON.parse(value) as BackupResultDto) : null;
  }

  /** When the newest backup in the backup folder was taken (null: none there, or the folder cannot be read). */
  async newestInFolder(): Promise<string | null> {
    return listBackups((await this.settings()).folder)[0]?.takenAt ?? null;
  }

  /** The last failure, when it is newer than the last success. */
  async lastError(): Promise<{ at: string; message: string } | null> {
    const value = await readSetting(this.core, KEY.lastError);
    if (!value) return null;
    const error = JSON.parse(value) as { at: string; message: string };
    const last = await this.lastBackup();
    return last && last.takenAt > error.at ? null : error;
  }

  async status(): Promise<BackupStatusDto> {
    const settings = await this.settings();
    return {
      ...settings,
      last: await this.lastBackup(),
      lastError: await this.lastError(),
      nextScheduledAt: (await this.daily.nextDue()).toISOString(),
      running: this.running !== null,
      backups: listBackups(settings.folder),
    };
  }

  async configure(input: { folder?: string | null; keepDaily?: number; keepWeekly?: number }): Promise<BackupStatusDto> {
    if (input.folder !== undefined && input.folder !== null) {
      const folder = input.folder;
      if (!path.isAbsolute(folder)) throw invalidField('folder', `"${folder}" is not an absolute path (e.g. /Volumes/NAS/shipshape or D:\\Backups)`);
      ensureWritableFolder(folder, 'folder');
    }
    const { store } = this.core;
    await store.tx(async () => {
      const put = async (key: string, value: string | null) => {
        if (value === null) await store.run(store.kysely.deleteFrom('setting').where('key', '=', key));
        else await store.run(store.kysely.insertInto('setting').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
      };
      if (input.folder !== undefined) await put(KEY.folder, input.folder === null ? null : path.resolve(input.folder));
      if (input.keepDaily !== undefined) await put(KEY.keepDaily, String(input.keepDaily));
      if (input.keepWeekly !== undefined) await put(KEY.keepWeekly, String(input.keepWeekly));
    });
    this.core.events.publish('backup.configured', {});
    return await this.status();
  }

  /**
   * Backs the database up now and verifies the copy. `to`: a folder or a file for this one backup;
   * by default the backup folder, after which retention prunes older backups there. A failure is
   * recorded (Settings → Backups shows it), published as `backup.failed` and thrown.
   */
  backUp(options: { reason: BackupReason; to?: string }): Promise<BackupResultDto> {
    if (this.running) return this.running;
    this.running = this.runBackup(options).finally(() => (this.running = null));
    return this.running;
  }

  private async runBackup({ reason, to }: { reason: BackupReason; to?: string }): Promise<BackupResultDto> {
    const settings = await this.settings();
    const takenAt = this.core.clock.now();
    const onPostgres = this.core.store.engine === 'postgres';
    const name = backupFileName(takenAt, reason, undefined, onPostgres ? 'dump' : 'sqlite');
    this.core.events.publish('backup.started', { reason });
    // Pages of the database copied of its pages (the verification that follows shows as 100 %).
    const progress = startProgress(this.core.events, { kind: 'backup', label: `Backing up (${reason})` });
    try {
      let destPath: string;
      let intoFolder = false;
      if (to === undefined) {
        try {
          makeFolder(settings.folder);
        } catch (error) {
          throw new Error(`the backup folder ${settings.folder} cannot be used (a disk not connected, a NAS not mounted?): ${(error as Error).message}`, { cause: error });
        }
        destPath = freshBackupPath(settings.folder, name);
        intoFolder = true;
      } else {
        const target = path.resolve(to);
        const isFolder = (existsSync(target) && statSync(target).isDirectory()) || !(onPostgres ? /\.(dump|backup)$/i : /\.(sqlite|db|sqlite3)$/i).test(target);
        if (isFolder) makeFolder(target);
        else makeFolder(path.dirname(target));
        if (!isFolder && existsSync(target)) throw invalidField('to', `${target} already exists; a backup never overwrites a file`);
        destPath = isFolder ? freshBackupPath(target, name) : target;
        intoFolder = isFolder && path.resolve(target) === path.resolve(settings.folder);
      }
      const outcome = await this.copy(destPath, (done, total) => progress.update({ done, total }));
      const result: BackupResultDto = {
        path: destPath,
        bytes: outcome.bytes,
        verified: outcome.verified,
        problems: outcome.problems,
        takenAt: takenAt.toISOString(),
        reason,
        copyMs: Math.round(outcome.copyMs),
        verifyMs: Math.round(outcome.verifyMs),
      };
      await this.writeSetting(KEY.last, JSON.stringify(result));
      const removed = intoFolder ? await this.applyRetention(settings) : [];
      this.core.events.publish('backup.completed', { path: result.path, bytes: result.bytes, verified: result.verified, removed });
      progress.done();
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.writeSetting(KEY.lastError, JSON.stringify({ at: this.core.clock.now().toISOString(), message }));
      this.core.events.publish('backup.failed', { reason, message });
      progress.fail(message);
      if (error instanceof AppError) throw error;
      throw new AppError('CONFLICT', `The backup failed: ${message}`);
    }
  }

  /**
   * SQLite: an online page copy, then the integrity check and every invariant on the copy.
   * PostgreSQL: pg_dump --format=custom, then pg_restore --list (see pg-dump.ts).
   */
  private async copy(destPath: string, onProgress: (done: number, total: number) => void): Promise<{ bytes: number; verified: boolean; problems: string[]; copyMs: number; verifyMs: number }> {
    const { store } = this.core;
    if (store.engine === 'postgres') return await dumpAndVerify(store.url, destPath);
    const outcome = await copyAndVerify({ sourcePath: store.path, destPath, nativeBinding: store.nativeBinding }, onProgress);
    return { bytes: outcome.bytes, verified: outcome.verification.verified, problems: outcome.verification.problems, copyMs: outcome.copyMs, verifyMs: outcome.verifyMs };
  }

  /** Deletes the backups in the folder that retention no longer keeps; returns their names. */
  async applyRetention(given?: BackupSettings): Promise<string[]> {
    const settings = given ?? (await this.settings());
    const calendar = await shopCalendar(this.core);
    const backups = await mapInOrder(listBackups(settings.folder), async (b) => ({ ...b, id: b.name, day: calendar.localDate(new Date(b.takenAt)) }));
    const { remove } = chooseBackupsToKeep(backups, settings);
    for (const backup of remove) rmSync(backup.path, { force: true });
    return remove.map((b) => b.name);
  }

  private async writeSetting(key: string, value: string): Promise<void> {
    const { store } = this.core;
    await store.run(store.kysely.insertInto('setting').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
  }
}

function invalidField(field: string, message: string): AppError {
  return new AppError('VALIDATION', `Invalid field "${field}": ${message}`, { issues: [{ path: field, message }] });
}

/** Creates the folder if needed and proves a file can be written there (a read-only USB disk, a NAS that is not mounted). */
function ensureWritableFolder(folder: string, field: string): void {
  const probe = path.join(folder, `.shipshape-write-test-${process.pid}`);
  try {
    makeFolder(folder);
    writeFileSync(probe, 'ok');
    rmSync(probe, { force: true });
  } catch (error) {
    throw invalidField(field, `cannot write to ${folder}: ${(error as Error).message}`);
  }
}
