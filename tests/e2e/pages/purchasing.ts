import type { Page } from '@playwright/test';

/** Page object for the Purchasing screen: cards, suggestions, purchase orders, receiving. */
export class PurchasingPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string, tab: 'suggestions' | 'orders' | 'receiving' | 'suppliers' = 'suggestions', id?: string | number) {
    await this.page.goto(`${baseUrl}/#/purchasing/${tab}${id !== undefined ? `/${id}` : ''}`);
    await this.page.getByTestId('purchasing-screen').waitFor();
  }

  card(which: 'on-order' | 'late-pos' | 'at-risk') {
    return this.page.getByTestId(`card-${which}`);
  }

  // ---- Suggestions ----
  runNow() {
    return this.page.getByTestId('run-now');
  }
  suggestion(sku: string) {
    return this.page.locator(`[data-testid="suggestion-row"][data-sku="${sku}"]`);
  }
  decided() {
    return this.page.getByTestId('decided');
  }
  supplierSuggestions(supplier: string) {
    return this.page.locator(`[data-testid="supplier-suggestions"][data-supplier="${supplier}"]`);
  }
  leftOut() {
    return this.page.getByTestId('left-out');
  }
  replenishExceptions() {
    return this.page.getByTestId('replenish-exceptions');
  }
  autopilotSettings() {
    return this.page.getByTestId('autopilot-settings');
  }

  // ---- One purchase order ----
  poStatus() {
    return this.page.getByTestId('po-status');
  }
  poLine(sku: string) {
    return this.page.getByTestId(`po-line-${sku}`);
  }
  bills() {
    return this.page.getByTestId('po-bills');
  }

  // ---- Receiving (keyboard only) ----
  scanInput() {
    return this.page.getByTestId('receive-scan');
  }
  prompt() {
    return this.page.getByTestId('receive-prompt');
  }
  /** A keyboard-wedge scanner: the code typed a few milliseconds per key, then Enter (into whatever has the focus). */
  async scan(code: string) {
    await this.page.keyboard.type(code, { delay: 5 });
    await this.page.keyboard.press('Enter');
  }
  putaway(sku: string) {
    return this.page.getByTestId(`putaway-${sku}`);
  }
  /** A line counted in the receipt being scanned (before Ctrl+Enter books it). */
  counted(sku: string) {
    return this.page.getByTestId(`counted-${sku}`);
  }
  /** The red banner of a refused scan or entry. */
  refusal() {
    return this.page.getByTestId('receive-refusal');
  }

  // ---- Purchase order list and history ----
  poRow(number: string) {
    return this.page.getByTestId(`po-row-${number}`);
  }
  poHistory() {
    return this.page.getByTestId('po-history');
  }
}
