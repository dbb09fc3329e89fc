import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../main/app';
import { ManualClock } from '../../../main/clock';
import { STARTUP_GRACE_MS } from '../../../main/domain/backup/daily-backups';
import { appliedMigrations, migrateTo } from '../../../main/store/migrate';
import { MIGRATIONS } from '../../../main/store/migrations/index';
import { SqliteStore } from '../../../main/store/store';
import type { AppEvent } from '../../../shared/api/contract';
import { onPostgres, tempApp, tempSqlitePath } from '../../helpers/temp-app';

const NAMES = Object.keys(MIGRATIONS).sort();
const HOUR = 3_600_000;

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A database one migration behind, with a product in it. */
async function databaseOneMigrationBehind() {
  const tmp = tempSqlitePath();
  cleanups.push(tmp.cleanup);
  const store = new SqliteStore(tmp.dbPath);
  await migrateTo(store, NAMES.at(-2)!);
  await store.raw("insert into product (sku, name, created_at, updated_at) values ('OLD-1', 'Kept through the migration', 'now', 'now')");
  store.close();
  return tmp;
}

// SQLite files copied before SQLite migrations; PostgreSQL migrates in a transaction, and its backups are pg_dump's (pg-dump-backups.test.ts).
describe.skipIf(onPostgres)('backup before migrations', () => {
  it('an existing database with migrations pending is copied to the backup folder first, as it was', async () => {
    const tmp = await databaseOneMigrationBehind();
    const app = await openApp({ dbPath: tmp.dbPath });
    cleanups.push(() => app.close());
    expect((await appliedMigrations(app.store)).at(-1)).toBe(NAMES.at(-1));
    const folder = path.join(tmp.dir, 'backups');
    const files = readdirSync(folder);
    expect(files).toEqual([expect.stringMatching(new RegExp(`^shipshape-\\d{8}-\\d{9}Z-before-${NAMES.at(-1)}\\.sqlite$`))]);
    const copy = new Database(path.join(folder, files[0]), { readonly: true });
    expect((copy.prepare('select name from schema_migration order by name desc limit 1').get() as { name: string }).name).toBe(NAMES.at(-2));
    expect(copy.prepare("select name from product where sku = 'OLD-1'").get()).toEqual({ name: 'Kept through the migration' });
    copy.close();
    expect((await app.invoke('backup.status', {})).backups).toMatchObject([{ reason: 'pre-migration', name: files[0] }]);
  });

  it('a new database and an up-to-date one are not copied', async () => {
    const tmp = tempSqlitePath();
    cleanups.push(tmp.cleanup);
    await (await openApp({ dbPath: tmp.dbPath })).close();
    await (await openApp({ dbPath: tmp.dbPath })).close();
    expect(existsSync(path.join(tmp.dir, 'backups'))).toBe(false);
  });

  it('when the copy cannot be made, nothing is migrated', async () => {
    const tmp = await databaseOneMigrationBehind();
    // The backup folder the owner chose is a USB disk that is not there (a file stands at its path).
    const store = new SqliteStore(tmp.dbPath);
    const blocked = path.join(tmp.dir, 'usb-disk');
    writeFileSync(blocked, 'not a folder');
    await store.raw("insert into setting (key, value) values ('backup.folder', ?)", blocked);
    store.close();
    await expect(openApp({ dbPath: tmp.dbPath })).rejects.toThrow(/Could not back up the database to .*usb-disk before migrating it .*Nothing was changed/);
    const after = new SqliteStore(tmp.dbPath);
    expect((await appliedMigrations(after)).at(-1)).toBe(NAMES.at(-2));
    after.close();
  });
});

describe('the daily backup', () => {
  // The same schedule on PostgreSQL, with pg_dump files: pg-dump-backups.test.ts.
  it.skipIf(onPostgres)('runs on the app clock: after a grace period at start, then a day after the last backup; a failure is reported and retried, the app carries on', async () => {
    const clock = new ManualClock(new Date('2025-07-14T08:00:00Z'));
    const app = await tempApp({ workers: true, clock });
    cleanups.push(() => app.cleanup());
    const events: AppEvent[] = [];
    app.events.subscribe((e) => e.topic.startsWith('backup.') && events.push(e));
    await app.invoke('backup.configure', { keepDaily: 3, keepWeekly: 0 });
    const daily = app.services.backup.daily;
    const folder = path.join(app.dir, 'backups');

    expect((await app.invoke('backup.status', {})).nextScheduledAt).toBe(new Date(Date.parse('2025-07-14T08:00:00Z') + STARTUP_GRACE_MS).toISOString());
    expect(await daily.checkNow()).toBeNull();
    clock.advance(STARTUP_GRACE_MS);
    const first = await daily.checkNow();
    expect(first).toMatchObject({ reason: 'daily', verified: true, takenAt: '2025-07-14T08:10:00.000Z' });
    expect(readdirSync(folder)).toEqual(['shipshape-20250714-081000000Z-daily.sqlite']);
    expect((await app.invoke('backup.status', {})).nextScheduledAt).toBe('2025-07-15T08:10:00.000Z');

    clock.advance(23 * HOUR);
    expect(await daily.checkNow()).toBeNull();
    // Six more days: retention (3 days) keeps the last three.
    for (let day = 0; day < 6; day++) {
      clock.advance(24 * HOUR);
      expect(await daily.checkNow()).toMatchObject({ reason: 'daily' });
    }
    expect(readdirSync(folder).sort()).toEqual(['shipshape-20250719-071000000Z-daily.sqlite', 'shipshape-20250720-071000000Z-daily.sqlite', 'shipshape-20250721-071000000Z-daily.sqlite']);

    // The backup disk goes away: the daily backup fails, says so, and the app keeps working.
    await app.invoke('backup.configure', { folder: path.join(app.dir, 'usb') });
    rmSync(path.join(app.dir, 'usb'), { recursive: true });
    writeFileSync(path.join(app.dir, 'usb'), 'unplugged');
    clock.advance(25 * HOUR);
    expect(await daily.checkNow()).toBeNull();
    const status = await app.invoke('backup.status', {});
    expect(status.lastError).toMatchObject({ at: '2025-07-22T08:10:00.000Z', message: expect.stringContaining('usb') });
    expect(status.last?.takenAt).toBe('2025-07-21T07:10:00.000Z');
    expect(status.nextScheduledAt).toBe('2025-07-22T09:10:00.000Z');
    expect(events.filter((e) => e.topic === 'backup.failed')).toHaveLength(1);
    expect(await app.invoke('catalog.upsert', { sku: 'STILL-1', name: 'Still working' })).toMatchObject({ sku: 'STILL-1' });

    // Plugged in again: the retry an hour later succeeds and the error is gone.
    rmSync(path.join(app.dir, 'usb'));
    clock.advance(HOUR);
    expect(await daily.checkNow()).toMatchObject({ reason: 'daily', path: expect.stringContaining(`${path.sep}usb${path.sep}`) });
    expect((await app.invoke('backup.status', {})).lastError).toBeNull();
    expect(events.filter((e) => e.topic === 'backup.completed')).toHaveLength(8);
  });

  it('a backup folder that cannot be written is refused when it is chosen, naming the field', async () => {
    const app = await tempApp();
    cleanups.push(() => app.cleanup());
    writeFileSync(path.join(app.dir, 'a-file'), 'x');
    await expect(app.invoke('backup.configure', { folder: path.join(app.dir, 'a-file', 'backups') })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/field "folder": cannot write to/) });
    await expect(app.invoke('backup.configure', { folder: 'relative/path' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/field "folder": .* not an absolute path/) });
    await expect(app.invoke('backup.configure', { keepDaily: -1 })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/keepDaily/) });
    const result = await app.call('backup.status', {}, { role: 'packer' });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
