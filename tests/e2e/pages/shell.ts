import type { Page } from '@playwright/test';

/** Page object for the console shell: navigation, status bar, toasts. */
export class ShellPage {
  constructor(readonly page: Page) {}
  async open(baseUrl: string, route = 'orders') {
    await this.page.goto(`${baseUrl}/#/${route}`);
    await this.page.getByTestId('statusbar').waitFor();
  }
  nav(id: string) {
    return this.page.getByTestId(`nav-${id}`);
  }
  heading() {
    return this.page.locator('main h1');
  }
  errorToast() {
    return this.page.getByTestId('toast-error');
  }
  connection() {
    return this.page.getByTestId('connection-status');
  }
  /** Shown only while the shop database cannot be reached. */
  databaseStatus() {
    return this.page.getByTestId('database-status');
  }
}
