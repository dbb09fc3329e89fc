import type { Locator, Page } from '@playwright/test';

/** Page object for the order queue's table: its columns, sortable headers, rows and keyboard entry. */
export class OrdersQueuePage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/orders`);
    await this.search().waitFor();
  }

  search() {
    return this.page.getByTestId('order-search');
  }

  /** A column's header cell ('number', 'total', 'promised', 'warehouse', …). */
  header(column: string): Locator {
    return this.page.getByTestId(`order-col-${column}`);
  }

  /** Clicks a sortable column's header (its button). */
  async sortBy(column: string) {
    await this.header(column).getByRole('button').click();
  }

  rows(): Locator {
    return this.page.getByTestId('order-rows').locator(':scope > tr');
  }

  /** The cells of one column, top to bottom. */
  cells(column: string): Locator {
    return this.page.getByTestId('order-rows').locator(`td[data-col="${column}"]`);
  }

  /** The order numbers as the rows show them, top to bottom. */
  async numbers(): Promise<string[]> {
    return (await this.cells('number').allInnerTexts()).map((t) => t.replace(/!$/, '').trim());
  }

  panel(): Locator {
    return this.page.locator('.order-table-panel');
  }

  detail() {
    return this.page.getByTestId('order-detail');
  }
}
