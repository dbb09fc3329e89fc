import { OrdersQueuePage } from './pages/orders-queue';
import { expect, test, type Station } from './station';

/** The widths a shop's screens come in: a small laptop, a common laptop, a desktop monitor. */
const WIDTHS = [1024, 1440, 1920];
const QTYS = [3, 1, 5, 2, 4];

/**
 * Orders whose totals are out of creation order (so sorting by Total is not the newest order), with a
 * long customer name and address that would push the short columns aside in an auto-sized table.
 */
async function ordersWithTotals(station: Station) {
  await station.api('catalog.upsert', { sku: 'E2E-MUG', name: 'Enamel mug', priceCents: 1800 });
  await station.api('stock.receive', { sku: 'E2E-MUG', quantity: 100 });
  const orders: { id: number; number: string; totalCents: number }[] = [];
  for (const [i, quantity] of QTYS.entries()) {
    const name = i === 2 ? 'Maximiliana Theodora Featherstonehaugh-Worthington of Llanfairpwllgwyngyll' : `Customer ${i}`;
    orders.push(
      await station.api('orders.create', {
        customer: { name, email: null, phone: null },
        shipTo: { name, company: null, line1: `${i + 1} Very Long Industrial Estate Access Road`, line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
        lines: [{ sku: 'E2E-MUG', quantity }],
      }),
    );
  }
  return orders;
}

for (const width of WIDTHS) {
  test.describe(`order queue at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('shows Total, Promised and Warehouse without a sideways scroll, sorts by a header, and opens the first order from the search box', async ({ page, station }) => {
      const orders = await ordersWithTotals(station);
      const queue = new OrdersQueuePage(page);
      await queue.open(station.url);
      await expect(queue.rows()).toHaveCount(orders.length);

      // Every column the packer needs lies inside the window, headers and cells, and nothing scrolls sideways.
      for (const column of ['number', 'status', 'customer', 'total', 'promised', 'warehouse']) {
        for (const cell of [queue.header(column), queue.cells(column).first()]) {
          await expect(cell).toBeVisible();
          const box = (await cell.boundingBox())!;
          expect(box.x, `${column} starts inside the window`).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width, `${column} ends inside the window at ${width} px`).toBeLessThanOrEqual(width);
          expect(box.width, `${column} is not squeezed to nothing`).toBeGreaterThan(30);
        }
      }
      await expect(queue.cells('warehouse').first()).toHaveText('MAIN');
      await expect(queue.cells('promised').first()).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
      // Short values are shown whole, not cut to "2026-…" (a cut cell's text is wider than its box).
      for (const column of ['total', 'promised', 'warehouse']) {
        for (const cell of [queue.header(column), queue.cells(column).first()]) {
          const cut = await cell.evaluate((el) => [el, ...el.querySelectorAll('*')].filter((e) => e.scrollWidth > e.clientWidth && e.clientWidth > 0).map((e) => `${e.textContent} (${e.scrollWidth} px in ${e.clientWidth})`));
          expect(cut, `${column} is shown whole at ${width} px`).toEqual([]);
        }
      }
      const overflow = await queue.panel().evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow, 'the queue panel does not scroll sideways').toBeLessThanOrEqual(0);
      const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(pageOverflow, 'the page does not scroll sideways').toBeLessThanOrEqual(0);
      // A truncated cell carries its whole value as a tooltip.
      await expect(queue.cells('customer').filter({ hasText: 'Maximiliana' })).toHaveAttribute('title', /Llanfairpwllgwyngyll$/);

      // The All tab starts newest first.
      const newest = [...orders].sort((a, b) => b.id - a.id).map((o) => o.number);
      await expect(queue.header('number')).toHaveAttribute('aria-sort', 'descending');
      expect(await queue.numbers()).toEqual(newest);

      // A click on Total sorts by it, largest first; another click reverses it.
      const byTotal = [...orders].sort((a, b) => a.totalCents - b.totalCents).map((o) => o.number);
      await queue.sortBy('total');
      await expect(queue.header('total')).toHaveAttribute('aria-sort', 'descending');
      await expect(queue.header('number')).toHaveAttribute('aria-sort', 'none');
      await expect.poll(() => queue.numbers()).toEqual([...byTotal].reverse());
      await queue.sortBy('total');
      await expect(queue.header('total')).toHaveAttribute('aria-sort', 'ascending');
      await expect.poll(() => queue.numbers()).toEqual(byTotal);
      // The Order header goes back to the order numbers, oldest first on a second click.
      await queue.sortBy('number');
      await expect.poll(() => queue.numbers()).toEqual(newest);
      await queue.sortBy('number');
      await expect(queue.header('number')).toHaveAttribute('aria-sort', 'ascending');
      await expect.poll(() => queue.numbers()).toEqual([...newest].reverse());

      // From the search box: ↓ moves to the first row (it takes the focus), Enter opens that order.
      await queue.search().focus();
      await queue.search().press('ArrowDown');
      await expect(queue.rows().first()).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(queue.rows().nth(1)).toBeFocused();
      await page.keyboard.press('ArrowUp');
      await expect(queue.rows().first()).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(queue.detail()).toBeVisible();
      await expect(queue.detail()).toContainText(`Order ${[...newest].reverse()[0]}`);

      // Back in the queue (Esc from the order), the screen's keys: "/" focuses the search box, where
      // a typed "n" is text, not the New order shortcut.
      await page.keyboard.press('Escape');
      await expect(queue.rows()).toHaveCount(orders.length);
      await queue.rows().first().focus();
      await page.keyboard.press('/');
      await expect(queue.search()).toBeFocused();
      await page.keyboard.type('n');
      await expect(queue.search()).toHaveValue('n');
      await expect(page).toHaveURL(/#\/orders$/);

      // Enter in the search box opens the first order the search finds.
      await queue.search().fill('Maximiliana');
      await queue.search().press('Enter');
      await expect(queue.detail()).toContainText(`Order ${orders[2].number}`);
    });
  });
}
