import { expect, test } from './station';
import { SettingsPage } from './pages/settings';

/** Each Settings section, and a panel that must be in it. */
const SECTIONS = [
  { id: 'shop', title: 'Shop', panel: 'system-info' },
  { id: 'stations', title: 'Stations & devices', panel: 'panel-printers' },
  { id: 'channels', title: 'Sales channels', panel: 'channels-panel' },
  { id: 'shipping', title: 'Shipping', panel: 'panel-carriers' },
  { id: 'security', title: 'Backups & security', panel: 'panel-backups' },
  { id: 'audit', title: 'Audit log', panel: 'panel-audit-log' },
];

test('Settings: every section is reachable from its own navigation, with nothing overflowing sideways at 1024, 1440 and 1920 px', async ({ page, demoStation }) => {
  test.setTimeout(120_000);
  const settings = new SettingsPage(page);
  for (const width of [1024, 1440, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await settings.open(demoStation.url);
    // The first section opens by default; the others are not on the page until chosen.
    await expect(settings.sectionHeading()).toHaveText('Shop');
    await expect(page.getByTestId('panel-printers')).toHaveCount(0);
    for (const s of SECTIONS) {
      await settings.navLink(s.title).click();
      await expect(page).toHaveURL(new RegExp(`#/settings/${s.id}$`));
      await expect(settings.section(s.title)).toBeVisible();
      await expect(settings.navLink(s.title)).toHaveAttribute('aria-current', 'page');
      await expect(settings.section(s.title).getByTestId(s.panel)).toBeVisible();
      // The demo shop's data loaded (its tables are as wide as they get) before measuring.
      await page.waitForLoadState('networkidle');
      expect(await settings.horizontalOverflow(), `${s.title} at ${width}px`).toEqual({ page: 0, content: 0, section: 0, widestCard: 0 });
    }
  }
});

test('Settings: a section has its own address that survives a reload, a panel address opens its section, and the keyboard moves through the sections', async ({ page, station }) => {
  const settings = new SettingsPage(page);
  await settings.open(station.url, 'shipping');
  await expect(settings.sectionHeading()).toHaveText('Shipping');
  await page.reload();
  await expect(settings.sectionHeading()).toHaveText('Shipping');
  await expect(page.getByTestId('panel-carriers')).toBeVisible();

  // A link to a panel (#/settings/printers) opens the section that holds it.
  await settings.open(station.url, 'printers');
  await expect(settings.sectionHeading()).toHaveText('Stations & devices');
  await expect(page.getByTestId('panel-printers')).toBeVisible();

  // Keyboard: Tab reaches the section links, ↓/↑ move between them, Enter opens one.
  await settings.navLink('Shop').focus();
  await page.keyboard.press('ArrowDown');
  await expect(settings.navLink('Stations & devices')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(settings.navLink('Sales channels')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/settings\/channels$/);
  await expect(settings.sectionHeading()).toHaveText('Sales channels');
  // After choosing, the reader is put at the section's heading.
  await expect(settings.sectionHeading()).toBeFocused();
  await settings.navLink('Sales channels').focus();
  await page.keyboard.press('End');
  await expect(settings.navLink('Audit log')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(settings.navLink('Shop')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(settings.navLink('Audit log')).toBeFocused();
});

test('Settings: the Add printer form labels every field, and a refusal is said next to its field', async ({ page, station }) => {
  const settings = new SettingsPage(page);
  await settings.open(station.url, 'stations');
  const form = page.getByRole('form', { name: 'Printer' });
  for (const label of ['Printer name', 'Printer language', 'Printer address', 'Resolution', 'Label width (mm)', 'Label height (mm)', 'Darkness', 'Offset X (mm)', 'Offset Y (mm)', 'enabled']) {
    await expect(form.getByLabel(label, { exact: true })).toBeVisible();
  }
  // Every input of the form has a visible label around it.
  expect(await form.locator('input, select').evaluateAll((els) => els.filter((el) => !el.closest('label')).length)).toBe(0);

  await form.getByLabel('Printer name', { exact: true }).fill('Zebra');
  await form.getByLabel('Darkness', { exact: true }).fill('99');
  await form.getByRole('button', { name: 'Add printer' }).click();
  await expect(form.getByTestId('field-error-darkness')).toHaveText('Enter a darkness of at most 30');
  await expect(form.getByLabel('Darkness', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('toast-error')).toHaveCount(0);
});
