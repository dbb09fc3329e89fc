import { expect, test } from '@playwright/test';
import { restartablePostgres } from '../unit/cluster/cluster-helpers';
import { BackupsPage } from './pages/backups';
import { ShellPage } from './pages/shell';
import { startSiteServer, type SiteServer } from './postgres-cluster';

/**
 * Issue #20: a site on PostgreSQL. Settings → Backups says its backups are pg_dump files (restored
 * with pg_restore). When the database server goes away the console says so in the status bar —
 * not "internal error" — and when it is back the screen loads again by itself.
 */
let postgres: Awaited<ReturnType<typeof restartablePostgres>>;
let site: SiteServer;

test.beforeEach(async () => {
  postgres = await restartablePostgres();
  site = await startSiteServer(postgres.url);
});
test.afterEach(async () => {
  await site?.stop();
  await postgres?.stop();
});

test('backups are pg_dump files; a database that cannot be reached is shown plainly, and the screen comes back with it', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.open(site.url, 'settings/security');
  const backups = new BackupsPage(page);
  await expect(backups.methodNote()).toContainText('backups are taken with pg_dump');
  await expect(backups.howToRestore()).toContainText('pg_restore --clean --if-exists --no-owner --dbname=URL FILE');
  await expect(shell.databaseStatus()).toBeHidden();

  postgres.stopServer();
  await page.reload();
  await expect(shell.databaseStatus()).toHaveText('Database: cannot be reached — nothing is saved; trying again…');
  await expect(shell.errorToast().first()).toContainText(`The shop database at 127.0.0.1:${postgres.port} cannot be reached`);
  await expect(backups.panel()).toBeHidden();

  postgres.startServer();
  // No reload: the console asks again every few seconds, then the panel loads by itself.
  await expect(shell.databaseStatus()).toBeHidden({ timeout: 30_000 });
  await expect(backups.methodNote()).toContainText('pg_dump');
});
