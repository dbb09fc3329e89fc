import { expect, test } from './station';
import { ShellPage } from './pages/shell';

const AREAS = ['orders', 'stock', 'picking', 'packing', 'shipping', 'purchasing', 'reports', 'settings'];

test('every navigation entry opens its area, by click and by keyboard', async ({ page, demoStation }) => {
  const shell = new ShellPage(page);
  await shell.open(demoStation.url);
  for (const id of AREAS) {
    await shell.nav(id).click();
    await expect(shell.nav(id)).toHaveAttribute('aria-current', 'page');
    await expect(shell.heading()).toBeVisible();
  }
  await page.keyboard.press('Alt+2');
  await expect(shell.nav('stock')).toHaveAttribute('aria-current', 'page');
  await expect(shell.connection()).toContainText('connected');
});

test('settings shows system information from the API', async ({ page, station }) => {
  const shell = new ShellPage(page);
  await shell.open(station.url, 'settings');
  await expect(page.getByTestId('system-info')).toContainText(station.dbPath);
  // `shipshape serve` commits webhook orders on its order intake thread.
  await expect(page.getByTestId('system-info').getByText('Committed on the order intake thread')).toBeVisible();
});

test('an API error is shown as a toast with its message', async ({ page, station }) => {
  const shell = new ShellPage(page);
  await shell.open(station.url, 'settings/stations');
  // A station name over the contract's 60-character limit is refused by validation.
  const pairingForm = page.locator('form', { has: page.getByRole('button', { name: 'Create pairing code' }) });
  await pairingForm.getByLabel('Station name').fill('x'.repeat(61));
  await pairingForm.getByRole('button', { name: 'Create pairing code' }).click();
  await expect(shell.errorToast()).toHaveText('Name can be at most 60 characters');
});

test('the console refuses inline script injection (CSP)', async ({ page, station }) => {
  const shell = new ShellPage(page);
  await shell.open(station.url);
  const violation = page.evaluate(
    () => new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true })),
  );
  const injected = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.appendChild(s);
    return (window as unknown as { __injected?: boolean }).__injected ?? false;
  });
  expect(injected).toBe(false);
  expect(await violation).toContain('script-src');
});
