import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { BackupsPage } from './pages/backups';
import { ShellPage } from './pages/shell';
import { expect, test } from './station';

test('Settings → Backups: "Back up now" shows the new backup’s size and place, in the folder the owner chose', async ({ page, station }) => {
  await station.api('catalog.upsert', { sku: 'E2E-MUG', name: 'Enamel mug', priceCents: 1800 });
  const shell = new ShellPage(page);
  await shell.open(station.url, 'settings');
  const backups = new BackupsPage(page);
  await expect(backups.lastWhen()).toHaveText('Never');
  await expect(backups.howToRestore()).toContainText('shipshape restore FILE');

  const nas = path.join(station.dir, 'nas', 'shipshape');
  await backups.chooseFolder(nas, { daily: 5, weekly: 2 });
  await expect(page.getByText('Backup settings saved')).toBeVisible();

  await backups.backUpNow();
  await expect(page.getByText(/^Backed up: \d+(\.\d)? (KB|MB)$/)).toBeVisible();
  await expect(backups.lastWhen()).toContainText('verified');
  await expect(backups.lastPath()).toHaveText(new RegExp(`^${nas.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/shipshape-\\d{8}-\\d{9}Z-manual\\.sqlite$`));
  const file = (await backups.lastPath().textContent())!;
  expect(existsSync(file)).toBe(true);
  const kb = (statSync(file).size / 1024).toFixed(1);
  await expect(backups.lastSize()).toHaveText(`${kb} KB`);

  // After a reload the settings and the last backup are still shown.
  await page.reload();
  await expect(backups.panel().getByLabel('Backup folder')).toHaveValue(nas);
  await expect(backups.panel().getByLabel('Daily backups kept')).toHaveValue('5');
  await expect(backups.lastSize()).toHaveText(`${kb} KB`);
});
