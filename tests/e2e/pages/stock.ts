import type { Page } from '@playwright/test';

/** Page object for the stock screen: search/scan, the virtualized list and the product detail. */
export class StockPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/stock`);
    await this.search().waitFor();
  }

  search() {
    return this.page.getByTestId('stock-search');
  }

  total() {
    return this.page.getByTestId('stock-total');
  }

  row(sku: string, warehouse: string) {
    return this.page.getByTestId(`stock-row-${sku}-${warehouse}`);
  }

  /** A keyboard-wedge scanner: the code typed a few milliseconds per key, then Enter. */
  async scan(code: string) {
    await this.search().focus();
    await this.page.keyboard.type(code, { delay: 5 });
    await this.page.keyboard.press('Enter');
  }

  detail() {
    return this.page.getByTestId('product-detail');
  }

  figure(warehouse: string, figure: 'onHand' | 'sellable' | 'reserved' | 'safetyStock' | 'inTransit' | 'available') {
    return this.page.getByTestId(`figure-${warehouse}-${figure}`);
  }

  adjustForm() {
    return this.page.getByTestId('adjust-form');
  }

  /** The plain-words error shown next to a field of the adjust form (delta = Change, reason, lot). */
  adjustFieldError(field: 'delta' | 'reason' | 'lot') {
    return this.adjustForm().getByTestId(`field-error-${field}`);
  }

  async adjust(opts: { delta: number; reason: string }) {
    await this.page.getByRole('button', { name: 'Adjust', exact: true }).click();
    const form = this.page.getByTestId('adjust-form');
    await form.getByLabel('Change').fill(String(opts.delta));
    await form.getByLabel('Reason').fill(opts.reason);
    await form.getByRole('button', { name: 'Save adjustment' }).click();
  }

  ledgerRows() {
    return this.page.getByTestId('ledger').getByTestId('ledger-row');
  }

  /** The product's flash-sale panel: the rule, each channel's quota and the owner's switch. */
  flashSale() {
    return this.page.getByTestId('flash-sale');
  }

  flashSaleSummary() {
    return this.page.getByTestId('flash-sale-summary');
  }

  async markDrop() {
    await this.page.getByTestId('flash-sale-mark').click();
  }

  async endDrop() {
    await this.page.getByTestId('flash-sale-unmark').click();
  }

  /** The product's demand forecast panel: method, why, the chart and its stockout note. */
  forecast() {
    return this.page.getByTestId('forecast-panel');
  }

  async recomputeForecast() {
    await this.page.getByTestId('forecast-refresh').click();
  }
}
