import { KeyboardPage } from './pages/keyboard';
import { OrdersQueuePage } from './pages/orders-queue';
import { StockPage } from './pages/stock';
import { expect, startStation, test, type Station } from './station';

/**
 * The console's one keyboard-shortcut hook (renderer/src/hooks/useHotkeys.ts) through real screens:
 * the order queue's single keys (N new order, [ and ] tabs, ↓/Enter over the rows), the areas'
 * Alt+1..9, the stock detail's Alt+A/M and Escape back to the list.
 */

// One server for the file: the tests only read what beforeAll sets up, apart from the queue's tabs.
let station: Station & { stop(): Promise<void> };
let orders: { id: number; number: string }[];
let productId: number;

test.beforeAll(async () => {
  station = await startStation();
  const product = await station.api<{ id: number }>('catalog.upsert', { sku: 'E2E-KEYS', name: 'Keyboard mug', priceCents: 1500 });
  productId = product.id;
  await station.api('stock.receive', { sku: 'E2E-KEYS', quantity: 50 });
  orders = [];
  for (const name of ['Ada Keys', 'Brian Keys', 'Cleo Keys']) {
    orders.push(
      await station.api('orders.create', {
        customer: { name, email: null, phone: null },
        shipTo: { name, company: null, line1: '1 Key St', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
        lines: [{ sku: 'E2E-KEYS', quantity: 1 }],
      }),
    );
  }
});
test.afterAll(async () => {
  await station?.stop();
});

test('a single-key shortcut works from the page, but typed in a text field it is just a character', async ({ page }) => {
  const queue = new OrdersQueuePage(page);
  const keys = new KeyboardPage(page);
  await queue.open(station.url);
  await expect(queue.rows()).toHaveCount(orders.length);
  // The queue starts with the search box focused: N and ] typed there are part of the search.
  await expect(queue.search()).toBeFocused();
  await page.keyboard.type('n]/');
  await expect(queue.search()).toHaveValue('n]/');
  expect(await keys.route()).toBe('orders');
  await expect(page.getByTestId('order-tab-all')).toHaveAttribute('aria-current', 'page');
  await queue.search().fill('');

  // With the focus on the page the same keys are shortcuts: ] the next tab, N a new order.
  await keys.pressOnPage(']');
  await expect(page.getByTestId('order-tab-new')).toHaveAttribute('aria-current', 'page');
  await keys.pressOnPage('n');
  await expect(page.getByTestId('manual-order-form')).toBeVisible();
  expect(await keys.route()).toBe('orders/new');
});

test('bindings meant for fields fire from a field: Alt+2 opens Stock from the order search, Alt+A opens Adjust from the Move form', async ({ page }) => {
  const queue = new OrdersQueuePage(page);
  const keys = new KeyboardPage(page);
  await queue.open(station.url);
  await queue.search().fill('Ada');
  await queue.search().press('Alt+2');
  await expect(page.getByTestId('stock-search')).toBeVisible();
  expect(await keys.route()).toBe('stock');
  await expect(page.getByTestId('nav-stock')).toHaveAttribute('aria-current', 'page');

  const stock = new StockPage(page);
  await page.goto(`${station.url}/#/stock/${productId}`);
  await expect(stock.figure('MAIN', 'onHand')).toHaveText('50');
  await keys.pressOnPage('Alt+m');
  const quantity = page.getByLabel('Quantity');
  await quantity.fill('2');
  await quantity.press('Alt+a');
  await expect(stock.adjustForm()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Adjust', exact: true })).toHaveAttribute('aria-pressed', 'true');
});

test('Escape goes back only from a sub-view and not while typing; a screen that is gone keeps no keys', async ({ page }) => {
  const stock = new StockPage(page);
  const keys = new KeyboardPage(page);
  await keys.watchKeys();
  await page.goto(`${station.url}/#/stock/${productId}`);
  await expect(stock.detail()).toBeVisible();

  // Escape in a field (not allowed in inputs) stays: Adjust's Change field has the focus.
  await keys.pressOnPage('Alt+a');
  await expect(stock.adjustForm().getByLabel('Change')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(stock.detail()).toBeVisible();
  expect(await keys.route()).toBe(`stock/${productId}`);

  // From the page, Escape on the product goes back to the list, and the key is taken.
  await keys.pressOnPage('Escape');
  await expect(stock.search()).toBeVisible();
  expect(await keys.route()).toBe('stock');
  expect(await keys.lastKeyTaken()).toEqual({ key: 'Escape', taken: true });

  // On the list the binding is switched off (enabled: false): Escape is left to the browser.
  await keys.pressOnPage('Escape');
  expect(await keys.lastKeyTaken()).toEqual({ key: 'Escape', taken: false });
  expect(await keys.route()).toBe('stock');

  // The order queue's N is not a key of the Stock screen: it does nothing here.
  await keys.pressOnPage('n');
  expect(await keys.lastKeyTaken()).toEqual({ key: 'n', taken: false });
  expect(await keys.route()).toBe('stock');
  await expect(stock.search()).toBeVisible();

  // Back on the queue (Alt+1), N is a shortcut again.
  await keys.pressOnPage('Alt+1');
  await expect(page.getByTestId('order-search')).toBeVisible();
  await keys.pressOnPage('n');
  await expect(page.getByTestId('manual-order-form')).toBeVisible();
});

test('shortcuts act on the state of the moment: ] steps tab after tab, Enter opens the row the cursor moved to', async ({ page }) => {
  const queue = new OrdersQueuePage(page);
  const keys = new KeyboardPage(page);
  await queue.open(station.url);
  await expect(queue.rows()).toHaveCount(orders.length);

  // Each press starts from the tab the last one chose (All → New → Allocated → Backordered).
  for (const tab of ['new', 'allocated', 'backordered']) {
    await keys.pressOnPage(']');
    await expect(page.getByTestId(`order-tab-${tab}`)).toHaveAttribute('aria-current', 'page');
  }
  await keys.pressOnPage('[');
  await expect(page.getByTestId('order-tab-allocated')).toHaveAttribute('aria-current', 'page');
  await page.getByTestId('order-tab-all').click();
  await expect(queue.rows()).toHaveCount(orders.length);

  // ↓ from the search enters the list at the first row; two more ↓ move the cursor to the third.
  const shown = await queue.numbers();
  await queue.search().press('ArrowDown');
  await expect(queue.rows().nth(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(queue.rows().nth(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(queue.rows().nth(2)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(queue.detail()).toBeVisible();
  await expect(queue.detail()).toContainText(shown[2]);
  const opened = orders.find((o) => o.number === shown[2])!;
  expect(await keys.route()).toBe(`orders/${opened.id}`);
});
