import type { Page } from '@playwright/test';

/** Page object for the orders screen: the live queue, an order's detail and the manual entry form. */
export class OrdersPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/orders`);
    await this.search().waitFor();
  }

  search() {
    return this.page.getByTestId('order-search');
  }

  tab(status: string) {
    return this.page.getByTestId(`order-tab-${status}`);
  }

  count(status: string) {
    return this.page.getByTestId(`order-count-${status}`);
  }

  row(number: string) {
    return this.page.getByTestId(`order-row-${number}`);
  }

  detail() {
    return this.page.getByTestId('order-detail');
  }

  detailStatus() {
    return this.page.getByTestId('order-detail-status');
  }

  history() {
    return this.page.getByTestId('order-history');
  }

  async hold(reason: string) {
    await this.page.getByRole('button', { name: 'Hold…' }).click();
    await this.page.getByTestId('reason-form').getByLabel('Reason').fill(reason);
    await this.page.getByRole('button', { name: 'Put on hold' }).click();
  }

  async release() {
    await this.page.getByRole('button', { name: 'Release hold' }).click();
  }

  /** The order page's "Packing slip" button: resolves with the downloaded PDF's name and path. */
  async downloadPackingSlip(): Promise<{ name: string; path: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('packing-slip').getByRole('button', { name: 'Packing slip' }).click()]);
    return { name: download.suggestedFilename(), path: (await download.path())! };
  }

  async backToQueue() {
    await this.page.getByTestId('back-to-orders').click();
  }

  // ---- manual entry ----
  form() {
    return this.page.getByTestId('manual-order-form');
  }

  async openNewOrder() {
    await this.page.getByTestId('new-order').click();
    await this.form().waitFor();
  }

  field(label: string) {
    return this.form().getByLabel(label, { exact: false }).first();
  }

  /** Types into the product search and takes the exact hit with Enter, as a scanner would. */
  async addProduct(code: string) {
    const picker = this.form().getByLabel('Add product');
    await picker.fill(code);
    await picker.press('Enter');
    await this.form().getByTestId('manual-lines').getByText(code, { exact: true }).waitFor();
  }

  async submitOrder() {
    await this.page.getByTestId('create-order').click();
  }
}
