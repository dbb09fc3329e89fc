import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { STARTUP_GRACE_MS } from '../../../main/domain/backup/daily-backups';
import { runCli } from '../../helpers/cli';
import { onPostgres, tempApp } from '../../helpers/temp-app';

/**
 * Backups of a shop on PostgreSQL: pg_dump's custom format into the same backup folder, with the
 * same names (`.dump`), listing and retention; verified by reading the dump back with pg_restore.
 * (The SQLite file copy has its own tests beside this one.)
 */

const HOUR = 3_600_000;
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

describe.skipIf(!onPostgres)('backups on PostgreSQL', () => {
  it('the daily backup is a pg_dump in the backup folder, listed, pruned by retention, and readable by pg_restore', async () => {
    const clock = new ManualClock(new Date('2025-07-14T08:00:00Z'));
    const app = await tempApp({ clock });
    cleanups.push(() => app.cleanup());
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Enamel mug', priceCents: 1800 });
    const folder = path.join(app.dir, 'nas');
    const status = await app.invoke('backup.configure', { folder, keepDaily: 2, keepWeekly: 0 });
    expect(status).toMatchObject({ method: 'pg_dump', note: expect.stringContaining('pg_dump') });

    clock.advance(STARTUP_GRACE_MS);
    for (let day = 0; day < 3; day++) {
      expect(await app.services.backup.daily.checkNow()).toMatchObject({ reason: 'daily', verified: true, problems: [] });
      clock.advance(24 * HOUR);
    }
    // Retention (2 days) kept the last two, named like the SQLite backups but `.dump`.
    expect(readdirSync(folder).sort()).toEqual(['shipshape-20250715-081000000Z-daily.dump', 'shipshape-20250716-081000000Z-daily.dump']);
    const listed = (await app.invoke('backup.status', {})).backups;
    expect(listed.map((b) => b.name)).toEqual(['shipshape-20250716-081000000Z-daily.dump', 'shipshape-20250715-081000000Z-daily.dump']);
    expect(listed[0].bytes).toBeGreaterThan(0);

    // The dump holds the shop: pg_restore lists the product table's data.
    const toc = spawnSync('pg_restore', ['--list', listed[0].path], { encoding: 'utf8' });
    expect(toc.status).toBe(0);
    expect(toc.stdout).toMatch(/TABLE DATA public product /);
  });

  it('`shipshape backup --to` dumps to a chosen file; restore says to use pg_restore and touches nothing', async () => {
    const app = await tempApp();
    cleanups.push(() => app.cleanup());
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Enamel mug', priceCents: 1800 });
    const url = app.store.engine === 'postgres' ? app.store.url : '';
    await app.close();

    const file = path.join(app.dir, 'usb', 'shop.dump');
    const backup = runCli(['backup', '--to', file, '--json', '--db', url]);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.json()).toMatchObject({ path: file, verified: true });

    const restore = runCli(['restore', file, '--yes', '--db', url]);
    expect(restore.status).toBe(1);
    expect(restore.stderr).toMatch(/PostgreSQL database: restore its pg_dump backups with pg_restore/);
    const check = runCli(['stock', '--json', '--db', url]);
    expect(check.status).toBe(0);
  });
});
