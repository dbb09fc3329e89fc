import type { Page } from '@playwright/test';

/** Page object for scan-to-pick (#/picking/scan/<batch>): one big input, answered as a scanner types. */
export class ScanToPickPage {
  constructor(readonly page: Page) {}
  async open(baseUrl: string, batchId: number) {
    await this.page.goto(`${baseUrl}/#/picking/scan/${batchId}`);
    await this.input().waitFor();
  }
  /** Opens the batch in the Batches tab and presses "Scan to pick", as a picker would. */
  async openFromBatch(baseUrl: string, batchId: number) {
    await this.page.goto(`${baseUrl}/#/picking/batch/${batchId}`);
    await this.page.getByRole('button', { name: 'Scan to pick' }).click();
    await this.input().waitFor();
  }
  input() {
    return this.page.getByTestId('pick-input');
  }
  /** The question being asked: "Go to A01-01 and scan the bin", "Scan SOCK", "How many in tote 1? …". */
  prompt() {
    return this.page.getByTestId('pick-prompt');
  }
  bin() {
    return this.page.getByTestId('pick-bin');
  }
  message() {
    return this.page.getByTestId('pick-message');
  }
  refusal() {
    return this.page.getByTestId('pick-refused');
  }
  progress() {
    return this.page.getByTestId('pick-progress');
  }
  done() {
    return this.page.getByTestId('pick-done');
  }
  /** A scan (or a typed answer; empty = the quantity asked for) followed by Enter. */
  async answer(text: string) {
    await this.input().focus();
    if (text) await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }
}
