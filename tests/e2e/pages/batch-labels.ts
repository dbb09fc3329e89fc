import type { Page } from '@playwright/test';

/** Page object for batch labels: select orders in the queue, plan, create, the result. */
export class BatchLabelsPage {
  constructor(readonly page: Page) {}

  async openQueue(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/orders`);
    await this.page.getByTestId('order-search').waitFor();
  }

  async select(orderNumber: string) {
    await this.page.getByLabel(`Select ${orderNumber}`, { exact: true }).check();
  }

  async start() {
    await this.page.getByTestId('bulk-labels').click();
  }

  panel() {
    return this.page.getByTestId('batch-labels');
  }

  total() {
    return this.page.getByTestId('batch-total');
  }

  planRows() {
    return this.page.getByTestId('batch-plan').locator('tbody tr');
  }

  async create(printer: string) {
    await this.panel().getByLabel('Batch label printer').selectOption(printer);
    await this.page.getByTestId('batch-create').click();
  }

  summary() {
    return this.page.getByTestId('batch-summary');
  }

  shippedRow(orderNumber: string) {
    return this.page.getByTestId(`batch-shipped-${orderNumber}`);
  }

  /** Downloads one order's packing slip PDF; returns its bytes. */
  async downloadSlip(orderNumber: string): Promise<{ name: string; path: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.shippedRow(orderNumber).getByTestId('batch-slip').click()]);
    return { name: download.suggestedFilename(), path: (await download.path())! };
  }
}
