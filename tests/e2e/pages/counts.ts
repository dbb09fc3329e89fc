import type { Page } from '@playwright/test';

/** Page object for cycle counts: start one from a product, count, review and post the sheet. */
export class CountsPage {
  constructor(readonly page: Page) {}

  /** From an open product detail: Start cycle count → a count of one bin (blind unless told). */
  async startForBin(bin: string, opts: { blind?: boolean } = {}) {
    await this.page.getByRole('button', { name: 'Start cycle count' }).click();
    await this.page.getByLabel('Count by').selectOption('bin');
    await this.page.getByLabel('Count bin').selectOption(bin);
    if (opts.blind === false) await this.page.getByRole('checkbox', { name: /blind/i }).uncheck();
    await this.page.getByRole('button', { name: 'Create count sheet' }).click();
    await this.sheet().waitFor();
  }

  sheet() {
    return this.page.getByTestId('count-sheet');
  }

  status() {
    return this.sheet().locator('h2 .pill').first();
  }

  line(sku: string) {
    return this.sheet().locator('tbody tr', { hasText: sku });
  }

  async count(sku: string, bin: string, counted: number) {
    await this.sheet().getByLabel(`Counted ${sku} in ${bin}`).fill(String(counted));
  }

  async submit() {
    await this.sheet().getByRole('button', { name: 'Submit for review' }).click();
  }

  approve(sku: string, bin: string) {
    return this.sheet().getByLabel(`Approve ${sku} in ${bin}`);
  }

  async post() {
    await this.sheet().getByRole('button', { name: 'Post approved differences' }).click();
  }

  /** The list of counts (#/stock/counts), one row per count. */
  listRow(id: number) {
    return this.page.locator('.panel', { hasText: 'Cycle counts' }).locator('tbody tr', { has: this.page.getByRole('link', { name: String(id), exact: true }) });
  }
}
