import type { Page } from '@playwright/test';

/** Page object for shipping: the rate panel on an order and the Shipping screen. */
export class ShippingPage {
  constructor(readonly page: Page) {}

  async openOrder(baseUrl: string, orderId: number) {
    await this.page.goto(`${baseUrl}/#/orders/${orderId}`);
    await this.page.getByTestId('order-detail').waitFor();
  }

  ratePanel() {
    return this.page.getByTestId('order-rates');
  }

  reason() {
    return this.ratePanel().getByTestId('rate-reason');
  }

  recommendedRow() {
    return this.ratePanel().locator('tr[data-recommended="true"]');
  }

  rateRow(serviceKey: string) {
    return this.ratePanel().getByTestId(`rate-${serviceKey}`);
  }

  async chooseService(serviceKey: string, reason: string) {
    await this.rateRow(serviceKey).getByRole('radio').check();
    await this.ratePanel().getByLabel('Override reason').fill(reason);
  }

  async createShipment(printer?: string) {
    if (printer) await this.ratePanel().getByLabel('Label printer').selectOption(printer);
    await this.ratePanel().getByTestId('create-shipment').click();
  }

  trackingNumbers() {
    return this.ratePanel().getByTestId('tracking-number');
  }

  labelPreview() {
    return this.ratePanel().getByTestId('label-preview');
  }

  async openScreen(baseUrl: string, tab: 'quote' | 'shipments' | 'manifests' | 'exceptions') {
    await this.page.goto(`${baseUrl}/#/shipping/${tab}`);
    await this.page.getByTestId('shipping-screen').waitFor();
  }

  async quickQuote(postalCode: string, weightG: number) {
    const panel = this.page.getByTestId('quick-quote');
    await panel.getByLabel('Quote postal code').fill(postalCode);
    await panel.getByLabel('Quote weight').fill(String(weightG));
    await panel.getByRole('button', { name: 'Quote' }).click();
    return panel;
  }
}
