import type { Locator, Page } from '@playwright/test';
import { expect, startStation, test, type Station } from './station';
import { BookkeepingPage } from './pages/bookkeeping';
import { StockPage } from './pages/stock';

/** The widths a shop's screens come in: a small laptop, a common laptop, a desktop monitor. */
const WIDTHS = [1024, 1440, 1920];
const HEIGHT = 900;

// One station server for the file (starting one per test would be most of the run); each width's
// test uses its own SKU, channel name and bookkeeping day so the tests do not see each other's rows.
let station: Station & { stop(): Promise<void> };
test.beforeAll(async () => {
  station = await startStation();
});
test.afterAll(async () => {
  await station?.stop();
});

/**
 * The error is where the eye is: right under its field (not beside the form or at the page's foot),
 * overlapping the field's width, and wholly inside the window at this width.
 */
async function expectNextTo(error: Locator, field: Locator, width: number) {
  await expect(error).toBeInViewport({ ratio: 1 });
  const e = (await error.boundingBox())!;
  const f = (await field.boundingBox())!;
  expect(e.y, 'the error starts below its field').toBeGreaterThanOrEqual(f.y + f.height - 1);
  expect(e.y - (f.y + f.height), 'the error is right under its field').toBeLessThanOrEqual(24);
  // Under the field, not off to one side: the two boxes share some of their width.
  expect(Math.min(e.x + e.width, f.x + f.width) - Math.max(e.x, f.x), 'the error lies under its field').toBeGreaterThan(0);
  expect(e.x, 'the error starts inside the window').toBeGreaterThanOrEqual(0);
  expect(e.x + e.width, `the error ends inside the window at ${width} px`).toBeLessThanOrEqual(width);
}

/** The whole dialog, buttons included, inside the window: nothing to scroll to before answering. */
async function expectInsideWindow(page: Page, dialog: Locator, width: number) {
  await expect(dialog).toBeInViewport({ ratio: 1 });
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `the dialog ends inside the window at ${width} px`).toBeLessThanOrEqual(width);
  expect(box.y + box.height).toBeLessThanOrEqual(HEIGHT);
  for (const name of ['Cancel', 'Close period']) await expect(dialog.getByRole('button', { name })).toBeInViewport({ ratio: 1 });
  expect(page.viewportSize()?.width).toBe(width);
}

/** `days` shop days before `today` (YYYY-MM-DD). */
function daysBefore(today: string, days: number) {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

for (const [i, width] of WIDTHS.entries()) {
  test.describe(`inline errors at ${width} px`, () => {
    test.use({ viewport: { width, height: HEIGHT } });

    test('stock adjust: a refused change is said next to the Change field in plain words, not as a toast', async ({ page }) => {
      const sku = `E2E-ERR-${width}`;
      const product = await station.api<{ id: number }>('catalog.upsert', { sku, name: 'E2E inline errors' });
      await station.api('stock.receive', { sku, quantity: 10 });
      await station.api('bins.upsert', { warehouse: 'MAIN', code: 'B-02' });
      const stock = new StockPage(page);
      await page.goto(`${station.url}/#/stock/${product.id}`);
      await expect(stock.figure('MAIN', 'onHand')).toHaveText('10');

      await page.getByRole('button', { name: 'Adjust', exact: true }).click();
      const form = stock.adjustForm();
      const change = form.getByLabel('Change');
      await change.fill('0');
      await form.getByLabel('Reason').fill('recount');
      await form.getByRole('button', { name: 'Save adjustment' }).click();

      const error = stock.adjustFieldError('delta');
      await expect(error).toHaveText('Change must not be 0');
      // Next to the field: inside its label, under the input, and the input points at it.
      await expect(form.locator('label', { has: page.getByLabel('Change') }).getByTestId('field-error-delta')).toBeVisible();
      await expectNextTo(error, change, width);
      await expect(change).toHaveAttribute('aria-invalid', 'true');
      await expect(change).toHaveAttribute('aria-describedby', (await error.getAttribute('id'))!);
      // Said once: no toast repeats it, and none of zod's wording reaches the screen.
      await expect(page.getByTestId('toast-error')).toHaveCount(0);
      await expect(page.getByText(/Too small|Invalid field|expected number/)).toHaveCount(0);

      await change.fill('1.5');
      // Editing the field takes its old error away.
      await expect(error).toHaveCount(0);
      await form.getByRole('button', { name: 'Save adjustment' }).click();
      await expect(error).toHaveText('Change must be a whole number');
      await expectNextTo(error, change, width);

      await change.fill('');
      await form.getByRole('button', { name: 'Save adjustment' }).click();
      await expect(error).toHaveText('Change is required');

      await change.fill('-3');
      await form.getByRole('button', { name: 'Save adjustment' }).click();
      await expect(page.getByTestId('toast-success')).toContainText(`Adjusted ${sku} by -3`);
      await expect(stock.figure('MAIN', 'onHand')).toHaveText('7');

      // Moving nothing: the quantity's bound, in plain words, next to the Quantity field.
      await page.getByRole('button', { name: 'Move between bins' }).click();
      await page.getByLabel('To bin').selectOption('B-02');
      await page.getByLabel('Quantity').fill('0');
      await page.getByRole('button', { name: 'Move', exact: true }).click();
      await expect(page.getByTestId('field-error-quantity')).toHaveText('Enter a quantity of at least 1');
      await expectNextTo(page.getByTestId('field-error-quantity'), page.getByLabel('Quantity'), width);
      await expect(page.getByTestId('toast-error')).toHaveCount(0);
    });

    test('closing a bookkeeping period asks first, in a dialog wholly inside the window: Cancel (or Escape) keeps it open, confirming closes it', async ({ page }) => {
      const { today } = await station.api<{ today: string }>('calendar.get', {});
      // A day of its own per width (periods cannot overlap and the server is shared).
      const day = daysBefore(today, i + 1);
      const closedDay = async () => (await station.api<{ from: string }[]>('accounting.periods', {})).filter((p) => p.from === day);
      const books = new BookkeepingPage(page);
      await books.open(station.url);

      // Dates the wrong way round are refused next to "To", in the service's own plain words.
      await books.choosePeriod(today, day);
      await books.panel().getByRole('button', { name: 'Preview' }).click();
      await expect(books.fieldError('to')).toHaveText(`The period ends (${day}) before it starts (${today})`);
      await expectNextTo(books.fieldError('to'), books.panel().getByLabel('Period to'), width);
      await expect(page.getByTestId('toast-error')).toHaveCount(0);

      await books.choosePeriod(day, day);
      await books.askToClose();
      const dialog = books.confirmDialog();
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText(`Close ${day} – ${day}?`);
      await expect(dialog).toContainText('cannot be opened again');
      await expectInsideWindow(page, dialog, width);
      // The safe answer has the focus, so a stray Enter does not close the books.
      await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();
      await expect(books.periodRow(day)).toHaveCount(0);
      expect(await closedDay()).toEqual([]);

      await books.askToClose();
      await expect(dialog).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      expect(await closedDay()).toEqual([]);

      await books.askToClose();
      await expectInsideWindow(page, dialog, width);
      await dialog.getByRole('button', { name: 'Close period' }).click();
      await expect(dialog).toBeHidden();
      await expect(books.periodRow(day)).toBeVisible();
      await expect(page.getByTestId('toast-success')).toContainText(`Closed ${day} – ${day}`);
      expect(await closedDay()).toHaveLength(1);
    });

    test('sales channel form: problems are said next to their fields; fixed, the channel is saved', async ({ page }) => {
      const name = `Counter ${width}`;
      await page.goto(`${station.url}/#/settings/channels`);
      const panel = page.getByTestId('channels-panel');
      await panel.getByTestId('add-channel').click();
      const form = panel.getByTestId('channel-form');
      await form.getByLabel('Kind').selectOption('manual');
      const rules = form.getByLabel('Promise per shipping method');
      await rules.fill('Standard five days');
      await form.getByRole('button', { name: 'Save channel' }).click();
      await expect(form.getByTestId('field-error-promiseRules')).toHaveText('Write one rule per line, like "Standard = 5" (business days); "*" is the default');
      await expectNextTo(form.getByTestId('field-error-promiseRules'), rules, width);

      // The name is left empty: the API's refusal is said next to Name, not in a toast.
      await rules.fill('* = 3');
      await form.getByRole('button', { name: 'Save channel' }).click();
      await expect(form.getByTestId('field-error-name')).toHaveText('Name is required');
      await expectNextTo(form.getByTestId('field-error-name'), form.getByLabel('Name', { exact: true }), width);
      await expect(page.getByTestId('toast-error')).toHaveCount(0);

      await form.getByLabel('Name', { exact: true }).fill(name);
      await form.getByRole('button', { name: 'Save channel' }).click();
      await expect(panel.getByTestId(`channel-${name}`)).toContainText('default: 3');
    });

    test('shop calendar: a time zone that does not exist is refused next to the Time zone field', async ({ page }) => {
      await page.goto(`${station.url}/#/settings/shop`);
      const panel = page.getByTestId('shop-calendar');
      await panel.getByLabel('Time zone').fill('Mars/Olympus');
      await panel.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(panel.getByTestId('field-error-timeZone')).toContainText('"Mars/Olympus" is not a time zone');
      await expectNextTo(panel.getByTestId('field-error-timeZone'), panel.getByLabel('Time zone'), width);
      await expect(panel.getByLabel('Time zone')).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByTestId('toast-error')).toHaveCount(0);
    });
  });
}
