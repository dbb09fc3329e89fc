import type { Page } from '@playwright/test';

/** Page object for moving stock: between bins (product detail) and between warehouses (send, then receive on Transfers). */
export class TransfersPage {
  constructor(readonly page: Page) {}

  /** From an open product detail: Move between bins. `from` is the "WAREHOUSE|BIN|LOT" source key. */
  async moveBetweenBins(opts: { from: string; toBin: string; quantity: number }) {
    await this.page.getByRole('button', { name: 'Move between bins' }).click();
    await this.page.getByLabel('From bin').selectOption(opts.from);
    await this.page.getByLabel('To bin').selectOption(opts.toBin);
    await this.page.getByLabel('Quantity').fill(String(opts.quantity));
    await this.page.getByRole('button', { name: 'Move', exact: true }).click();
  }

  /** From an open product detail: Transfer to warehouse. */
  async send(opts: { from: string; to: string; quantity: number }) {
    await this.page.getByRole('button', { name: 'Transfer to warehouse' }).click();
    await this.page.getByLabel('Transfer from').selectOption(opts.from);
    await this.page.getByLabel('To warehouse').selectOption(opts.to);
    await this.page.getByLabel('Quantity').fill(String(opts.quantity));
    await this.page.getByRole('button', { name: 'Send transfer' }).click();
  }

  async openList(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/stock/transfers`);
  }

  row(sku: string) {
    return this.page.getByTestId('transfers').locator('tbody tr', { hasText: sku });
  }

  /** On the Transfers list: receive an in-transit transfer, into a named bin or the default one. */
  async receive(sku: string, bin?: string) {
    const row = this.row(sku);
    if (bin) await row.getByLabel(/Receive transfer \d+ into bin/).fill(bin);
    await row.getByRole('button', { name: 'Receive' }).click();
  }

  /** The product detail's balances table: one row per warehouse, bin and lot. */
  balance(warehouse: string, bin: string) {
    return this.page.getByTestId('balances').locator('tbody tr').filter({ hasText: warehouse }).filter({ has: this.page.getByRole('cell', { name: bin, exact: true }) });
  }
}
