import type { BackupResultDto } from '../../../shared/api/backup';
import type { Clock } from '../../clock';
import type { BackupService } from './backup-service';
import { SingleFlightTimer } from '../../util/single-flight-timer';
import { childLogger } from '../../logging/logger';

const log = childLogger({ module: 'backup' });

/** A daily backup is due 24 hours after the last: an interval, not the shop's calendar days. */
const BACKUP_INTERVAL_MS = 24 * 60 * 60 * 1000;
/**
 * After the app starts, the first automatic backup waits this long: people starting their day
 * get a responsive app, and short runs (a test, a benchmark, a quick look) leave no backups behind.
 */
export const STARTUP_GRACE_MS = 10 * 60_000;
/** After a failure (the NAS unreachable, the USB disk unplugged) the next try is this much later, not a minute later. */
export const RETRY_AFTER_FAILURE_MS = 60 * 60_000;
const CHECK_EVERY_MS = 60_000;

/**
 * The daily backup: a background worker of the desktop app and the station server. Every minute
 * it asks the clock (the app's, so tests move it) whether a backup is due — a day after the newest
 * backup in the backup folder (any kind: "Back up now" counts), an hour after a failure — and takes it. It never
 * throws: a failure is recorded and published by the service, and the app carries on.
 */
export class DailyBackups {
  private startedAt: Date | null = null;
  private readonly timer = new SingleFlightTimer<BackupResultDto | null>(CHECK_EVERY_MS, () => void this.checkNow());

  constructor(
    private readonly backups: BackupService,
    private readonly clock: Clock,
  ) {}

  start(): void {
    if (this.timer.start()) this.startedAt = this.clock.now();
  }

  async stop(): Promise<void> {
    this.startedAt = null;
    await this.timer.stop();
  }

  /**
   * When the next automatic backup is due: a day after the newest backup in the backup folder (a
   * copy made elsewhere with `--to` does not count; a new, empty folder gets one at once).
   */
  async nextDue(): Promise<Date> {
    const newest = await this.backups.newestInFolder();
    const error = await this.backups.lastError();
    const candidates = [newest ? Date.parse(newest) + BACKUP_INTERVAL_MS : 0, error ? Date.parse(error.at) + RETRY_AFTER_FAILURE_MS : 0];
    if (this.startedAt) candidates.push(this.startedAt.getTime() + STARTUP_GRACE_MS);
    const due = Math.max(...candidates);
    return new Date(due > 0 ? due : this.clock.now().getTime());
  }

  /** Takes the backup if it is due (the timer calls this; so do tests after moving the clock). Null when none was due or it failed. */
  async checkNow(): Promise<BackupResultDto | null> {
    if (this.timer.inFlight) return this.timer.inFlight;
    if (this.clock.now().getTime() < (await this.nextDue()).getTime()) return Promise.resolve(null);
    return this.timer.run(() =>
      this.backups.backUp({ reason: 'daily' }).catch((error: Error) => {
        log.error({ err: error }, 'daily backup failed');
        return null;
      }),
    );
  }
}
