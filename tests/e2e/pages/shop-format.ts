import type { Page } from '@playwright/test';

/** Settings → Shop → Shop format: the locale money and counts are written in. */
export class ShopFormatPanel {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/settings/shop-format`);
  }

  panel() {
    return this.page.getByTestId('shop-format');
  }

  example() {
    return this.panel().getByTestId('shop-format-example');
  }

  async setLocale(locale: string) {
    await this.panel().getByLabel('Shop locale').fill(locale);
    await this.panel().getByRole('button', { name: 'Save' }).click();
  }
}
