import type { Locator, Page } from '@playwright/test';
import { PurchasingPage } from './pages/purchasing';
import { StockPage } from './pages/stock';
import { expect, test } from './station';

/**
 * A newcomer's tour at the smallest supported window (1024×768) and a common one (1440×900): the
 * batch pick list, an order's rates, lines and return form, the purchase suggestions and the stock
 * list stay inside their cards and the window. A table either fits its card or scrolls sideways in
 * its own container inside the card; the page itself never scrolls sideways. Judged from element
 * boxes, on the demo shop (real product names, batches, shipped orders, the autopilot's suggestions).
 */

interface Fit {
  win: number;
  cardRight: number;
  tableRight: number;
  /** The sideways scroll container between the table and the card (or the card itself), if any. */
  scroller: { inCard: boolean; right: number } | null;
  /** Columns whose right edge cannot be seen without scrolling (their header text). */
  hidden: string[];
}

/** Where `table` ends relative to `card`, the window and the table's own scroll container. */
async function measure(table: Locator, card: Locator): Promise<Fit> {
  const cardEl = await card.elementHandle();
  return table.evaluate((t, c) => {
    const cardBox = (c as HTMLElement).getBoundingClientRect();
    let scroller: HTMLElement | null = null;
    for (let el = t.parentElement; el; el = el.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(el).overflowX)) {
        scroller = el;
        break;
      }
      if (el === c) break;
    }
    const inCard = !!scroller && (scroller === c || (c as HTMLElement).contains(scroller));
    const visibleRight = Math.min(cardBox.right, scroller && inCard ? scroller.getBoundingClientRect().right : Infinity);
    const heads = [...t.querySelectorAll<HTMLElement>('th, [role="columnheader"]')];
    return {
      win: window.innerWidth,
      cardRight: cardBox.right,
      tableRight: t.getBoundingClientRect().right,
      scroller: scroller && inCard ? { inCard, right: scroller.getBoundingClientRect().right } : null,
      hidden: heads.filter((h) => h.textContent!.trim() && h.getBoundingClientRect().right > visibleRight + 0.5).map((h) => h.textContent!.trim()),
    };
  }, cardEl);
}

/** The table fits its card (or scrolls inside it), the card the window; with `allColumns`, every column is in view. */
async function expectInside(name: string, table: Locator, card: Locator, opts: { allColumns?: boolean } = {}) {
  await expect(table).toBeVisible();
  const fit = await measure(table, card);
  expect(fit.cardRight, `${name}: the card ends inside the window`).toBeLessThanOrEqual(fit.win + 0.5);
  if (fit.tableRight > fit.cardRight + 0.5) {
    expect(fit.scroller, `${name}: a table wider than its card scrolls in its own container inside the card`).not.toBeNull();
    expect(fit.scroller!.right, `${name}: the scroll container ends inside the card`).toBeLessThanOrEqual(fit.cardRight + 0.5);
  }
  if (opts.allColumns) expect(fit.hidden, `${name}: every column is in view`).toEqual([]);
}

/** Neither the page nor the content area scrolls sideways. */
async function expectNoSidewaysScroll(page: Page, name: string) {
  const widths = await page.evaluate(() => {
    const content = document.querySelector<HTMLElement>('.content')!;
    return { page: document.scrollingElement!.scrollWidth, win: window.innerWidth, content: content.scrollWidth, contentBox: content.clientWidth };
  });
  expect(widths.page, `${name}: the page does not scroll sideways`).toBeLessThanOrEqual(widths.win);
  expect(widths.content, `${name}: the content area does not scroll sideways`).toBeLessThanOrEqual(widths.contentBox);
}

for (const viewport of [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('picking: the batch list and a batch pick list stay inside their cards, every pick-list column in view', async ({ page, demoStation }) => {
      const batches = await demoStation.api<{ id: number; taskCount: number }[]>('picking.batches', { warehouse: 'MAIN' });
      const batch = batches.reduce((a, b) => (b.taskCount > a.taskCount ? b : a));
      await page.goto(`${demoStation.url}/#/picking/batch/${batch.id}`);
      const detail = page.getByTestId('batch-detail');
      await expect(detail.locator('tbody tr').first()).toBeVisible();
      await expectInside('pick list', detail.locator('table'), detail, { allColumns: true });
      const list = page.getByTestId('batch-list');
      await expectInside('batch list', list, list.locator('xpath=ancestor::div[contains(@class, "picking-layout")]/div[1]'), { allColumns: true });
      // The route length and method are whole, not clipped ("heuris…").
      const route = list.locator('tbody tr').first().locator('td').last();
      expect(await route.evaluate((td) => td.scrollWidth <= td.clientWidth)).toBe(true);
      await expectNoSidewaysScroll(page, 'picking');
    });

    test("an order: rates, lines and the return form stay inside their cards; the refund placeholder is whole", async ({ page, demoStation }) => {
      const allocated = await demoStation.api<{ rows: { id: number }[] }>('orders.list', { status: 'allocated', limit: 5 });
      await page.goto(`${demoStation.url}/#/orders/${allocated.rows[0].id}`);
      const rates = page.getByTestId('order-rates');
      await expectInside('rate table', rates.getByTestId('rate-table'), rates, { allColumns: true });
      const lines = page.getByTestId('order-lines');
      await expectInside('order lines', lines, lines.locator('xpath=ancestor::div[contains(@class, "panel")][1]'), { allColumns: true });
      await expectNoSidewaysScroll(page, 'allocated order');

      const shipped = await demoStation.api<{ rows: { id: number }[] }>('orders.list', { status: 'shipped', limit: 5 });
      await page.goto(`${demoStation.url}/#/orders/${shipped.rows[0].id}`);
      await page.getByTestId('start-return').click();
      const form = page.getByTestId('create-return');
      await expectInside('return lines', form.locator('table'), form, { allColumns: true });
      const refund = form.getByLabel('Refund');
      const room = await refund.evaluate((input: HTMLInputElement) => {
        const style = getComputedStyle(input);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = style.font;
        const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { text: ctx.measureText(input.placeholder).width, inner, right: input.getBoundingClientRect().right };
      });
      expect(room.text, 'the refund placeholder fits its field').toBeLessThanOrEqual(room.inner);
      expect(room.right).toBeLessThanOrEqual((await form.boundingBox())!.x + (await form.boundingBox())!.width);
      await expectNoSidewaysScroll(page, 'shipped order');
    });

    test('purchasing suggestions: the "Why" column has room to read, rows stay inside their card', async ({ page, demoStation }) => {
      const purchasing = new PurchasingPage(page);
      await purchasing.open(demoStation.url, 'suggestions');
      const card = page.getByTestId('supplier-suggestions').first();
      await expectInside('suggestions', card.locator('table'), card, { allColumns: true });
      const why = card.getByTestId('suggestion-reason').first();
      const box = (await why.boundingBox())!;
      expect(box.width, 'the reason column is wide enough to read').toBeGreaterThanOrEqual(240);
      const row = (await card.getByTestId('suggestion-row').first().boundingBox())!;
      expect(row.height, 'a suggestion is a few lines, not a tower of text').toBeLessThan(200);
      await expectNoSidewaysScroll(page, 'suggestions');
    });

    test('stock list: every column header inside the list', async ({ page, demoStation }) => {
      const stock = new StockPage(page);
      await stock.open(demoStation.url);
      const grid = page.getByRole('grid', { name: 'Stock' });
      await expect(page.getByTestId('stock-rows').locator('[role="row"]').first()).toBeVisible();
      const header = grid.locator('.vhead');
      await expectInside('stock header', header, grid, { allColumns: true });
      expect(await header.evaluate((h) => h.scrollWidth <= h.clientWidth), 'the header row does not overflow').toBe(true);
      await expectNoSidewaysScroll(page, 'stock');
    });
  });
}
