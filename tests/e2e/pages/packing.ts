import type { Page } from '@playwright/test';

/** Page object for the packing station (#/packing): everything by keyboard, as a scanner types. */
export class PackingPage {
  constructor(readonly page: Page) {}
  async open(baseUrl: string, station: string) {
    await this.page.goto(`${baseUrl}/#/packing`);
    await this.page.getByTestId('station-select').selectOption(station);
    await this.scanInput().waitFor();
  }
  scanInput() {
    return this.page.getByTestId('pack-scan');
  }
  /** A barcode scanner is a keyboard that types the code and presses Enter. */
  async scan(code: string) {
    await this.scanInput().focus();
    await this.page.keyboard.type(code);
    await this.page.keyboard.press('Enter');
  }
  refusal() {
    return this.page.getByTestId('pack-refusal');
  }
  info() {
    return this.page.getByTestId('pack-info');
  }
  orderTitle() {
    return this.page.getByTestId('pack-order');
  }
  line(sku: string) {
    return this.page.getByTestId(`pack-line-${sku}`);
  }
  liveWeight() {
    return this.page.getByTestId('live-weight');
  }
  measuredWeight() {
    return this.page.getByTestId('measured-weight');
  }
  weightBlock() {
    return this.page.getByTestId('weight-block');
  }
  shipButton() {
    return this.page.getByTestId('ship-print');
  }
  rates() {
    return this.page.getByTestId('rates');
  }
  /** The one key that ships and prints. */
  async shipAndPrint() {
    await this.page.keyboard.press('F9');
  }
}
