/**
 * Which backups to keep: the newest backup of each of the last `keepDaily` days that have
 * backups, and the newest of each of the last `keepWeekly` ISO weeks that have backups (the two
 * overlap: this week's daily is also this week's weekly). The newest backup is always kept.
 *
 * Days and weeks are counted among those that *have* backups, not on the wall calendar (restic's
 * `--keep-daily` rule): a shop closed for two weeks with the computer off comes back to its seven
 * last dailies, not to none.
 */
export interface RetentionPolicy {
  keepDaily: number;
  keepWeekly: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepDaily: 7, keepWeekly: 4 };

export interface RetainedBackup {
  id: string;
  /** ISO instant; orders backups (ties: the id). */
  takenAt: string;
  /** The shop-calendar day it was taken, YYYY-MM-DD. */
  day: string;
}

export function chooseBackupsToKeep<B extends RetainedBackup>(backups: readonly B[], policy: RetentionPolicy): { keep: B[]; remove: B[] } {
  const newestFirst = [...backups].sort((a, b) => (a.takenAt === b.takenAt ? (a.id < b.id ? 1 : -1) : a.takenAt < b.takenAt ? 1 : -1));
  const kept = new Set<B>();
  if (newestFirst.length > 0) kept.add(newestFirst[0]);
  keepNewestPerBucket(newestFirst, (b) => b.day, policy.keepDaily, kept);
  keepNewestPerBucket(newestFirst, (b) => isoWeekOf(b.day), policy.keepWeekly, kept);
  return { keep: newestFirst.filter((b) => kept.has(b)), remove: newestFirst.filter((b) => !kept.has(b)) };
}

/** Walking newest first, the first backup seen in each new bucket is that bucket's newest. */
function keepNewestPerBucket<B>(newestFirst: readonly B[], bucketOf: (b: B) => string, buckets: number, kept: Set<B>): void {
  const seen = new Set<string>();
  for (const backup of newestFirst) {
    const bucket = bucketOf(backup);
    if (seen.has(bucket)) continue;
    if (seen.size >= buckets) return;
    seen.add(bucket);
    kept.add(backup);
  }
}

/** ISO 8601 week of a calendar day, e.g. '2025-W29' (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`not a day: "${day}"`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
