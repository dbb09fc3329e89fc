import type { Page } from '@playwright/test';

/** Page object for Reports → Bookkeeping export: the period's dates, closing it (with its confirmation), closed periods. */
export class BookkeepingPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/reports`);
    await this.panel().waitFor();
  }

  panel() {
    return this.page.getByTestId('bookkeeping');
  }

  async choosePeriod(from: string, to: string) {
    await this.panel().getByLabel('Period from').fill(from);
    await this.panel().getByLabel('Period to').fill(to);
  }

  /** Presses "Close period"; the confirmation opens (answer it with confirmDialog()). */
  async askToClose() {
    await this.panel().getByRole('button', { name: 'Close period' }).click();
  }

  confirmDialog() {
    return this.page.getByRole('alertdialog');
  }

  periodRow(from: string) {
    return this.panel().getByTestId(`period-${from}`);
  }

  fieldError(field: 'from' | 'to') {
    return this.panel().getByTestId(`field-error-${field}`);
  }
}
