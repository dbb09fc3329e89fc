import type { Page } from '@playwright/test';

/** Page object for an order's ship-to editor and its customs panel. */
export class CustomsAddressPage {
  constructor(readonly page: Page) {}

  async openOrder(baseUrl: string, orderId: number) {
    await this.page.goto(`${baseUrl}/#/orders/${orderId}`);
    await this.page.getByTestId('order-detail').waitFor();
  }

  status() {
    return this.page.getByTestId('order-detail-status');
  }

  holdReason() {
    return this.page.getByTestId('hold-reason');
  }

  shipTo() {
    return this.page.getByTestId('order-ship-to');
  }

  async editAddress(fields: Partial<Record<'name' | 'line1' | 'city' | 'regionCode' | 'postalCode' | 'countryCode', string>>) {
    await this.page.getByTestId('edit-address').click();
    for (const [key, value] of Object.entries(fields)) await this.page.getByTestId(`address-${key}`).fill(value);
    await this.page.getByTestId('address-save').click();
  }

  customs() {
    return this.page.getByTestId('customs-panel');
  }

  customsForm() {
    return this.customs().getByTestId('customs-form');
  }

  customsItems() {
    return this.customs().getByTestId('customs-items');
  }

  /** Clicks a document's button and returns the downloaded PDF's file name and bytes. */
  async downloadCustomsDocument(kind: 'cn22' | 'cn23' | 'commercial_invoice') {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.customs().getByTestId(`customs-open-${kind}`).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { fileName: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }

  async fixProductCustoms(sku: string, fields: Partial<Record<'hsCode' | 'originCountry' | 'customsDescription', string>>) {
    for (const [key, value] of Object.entries(fields)) await this.customs().getByTestId(`customs-${sku}-${key}`).fill(value);
    await this.customs().getByTestId(`customs-save-${sku}`).click();
  }

  // ---- a product's customs data (stock → product detail) ----
  async openProduct(baseUrl: string, productId: number) {
    await this.page.goto(`${baseUrl}/#/stock/${productId}`);
    await this.page.getByTestId('product-detail').waitFor();
  }

  productCustoms() {
    return this.page.getByTestId('product-customs');
  }

  async editProductCustoms(fields: Partial<Record<'hsCode' | 'originCountry' | 'customsDescription', string>>) {
    await this.page.getByTestId('edit-product-customs').click();
    for (const [key, value] of Object.entries(fields)) await this.page.getByTestId(`product-customs-${key}`).fill(value);
    await this.page.getByRole('button', { name: 'Save', exact: true }).click();
  }

  // ---- Settings → Customs ----
  async openCustomsSettings(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/settings/shipping`);
    await this.customsSettings().waitFor();
  }

  customsSettings() {
    return this.page.getByTestId('customs-settings');
  }

  async saveCustomsNumbers(fields: Partial<Record<'eori' | 'ioss' | 'ukVat' | 'signer', string>>) {
    for (const [key, value] of Object.entries(fields)) await this.customsSettings().getByTestId(`customs-${key}`).fill(value);
    await this.customsSettings().getByTestId('customs-save').click();
  }

  orderLine(sku: string) {
    return this.page.getByTestId(`order-line-${sku}`);
  }
}
