import { ShellPage } from './pages/shell';
import { contrast, luminance, textColours } from './pages/theme';
import { expect, test } from './station';

// The console follows the OS's light or dark setting (prefers-color-scheme; in the desktop app
// nativeTheme.themeSource = 'system' passes the OS's choice to the page).

test('in dark mode the console is dark and its text stays readable', async ({ page, demoStation }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const shell = new ShellPage(page);
  await shell.open(demoStation.url, 'orders');
  await expect(page.locator('.table tbody tr').first()).toBeVisible();

  const body = await textColours(page.locator('body'));
  expect(luminance(body.background)).toBeLessThan(0.05);

  // Normal text at least 4.5:1 (WCAG AA), the smaller muted header and status text at least 4.5:1 too.
  const samples = {
    heading: shell.heading(),
    'table cell': page.locator('.table tbody td').first(),
    'table header': page.locator('.table th').first(),
    'status bar': shell.page.getByTestId('statusbar'),
    'search box': page.locator('main input[type="search"], main input').first(),
  };
  for (const [what, locator] of Object.entries(samples)) {
    const { text, background } = await textColours(locator);
    expect(luminance(background), `${what} background`).toBeLessThan(0.1);
    expect(contrast(text, background), `${what} contrast`).toBeGreaterThanOrEqual(4.5);
  }
  // A primary button: white on the accent colour.
  const button = await textColours(page.locator('main button:not(.secondary):not(.link):not(.th-sort):not(.figure)').first());
  expect(contrast(button.text, button.background)).toBeGreaterThanOrEqual(4.5);
});

test('light mode keeps its colours', async ({ page, demoStation }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const shell = new ShellPage(page);
  await shell.open(demoStation.url, 'orders');
  const body = await textColours(page.locator('body'));
  expect(body.background).toEqual({ r: 246, g: 247, b: 249 }); // #f6f7f9
  const heading = await textColours(shell.heading());
  expect(heading.text).toEqual({ r: 29, g: 36, b: 51 }); // #1d2433
  const header = await textColours(page.locator('.table th').first());
  expect(header.background).toEqual({ r: 250, g: 251, b: 252 }); // #fafbfc
});
