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
  /** The lot field (shown for orders with lot-tracked lines). */
  lotInput() {
    return this.page.getByTestId('pack-lot');
  }
  /** Scans a lot label into the lot field: it answers the lot prompt, or goes with the next item. */
  async scanLot(lot: string) {
    await this.lotInput().focus();
    await this.page.keyboard.type(lot);
    await this.page.keyboard.press('Enter');
  }
  /** "LOT NEEDED: … scan the lot of this unit" when several lots were picked for the item. */
  lotPrompt() {
    return this.page.getByTestId('pack-lot-prompt');
  }
  /** One lot picked for a line: code, expiry, packed/picked. */
  pickedLot(sku: string, lot: string) {
    return this.page.getByTestId(`picked-lot-${sku}-${lot}`);
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
  /** "Cannot ship yet: …" — what F9 says while the label is locked. */
  lockedNote() {
    return this.page.getByTestId('pack-locked');
  }
  /** The offer to take over an order another station has claimed. */
  takeOverOffer() {
    return this.page.getByTestId('pack-take-over');
  }
  /** What the station lacks (printer, scale), with the link to set it up. */
  devicesNotice() {
    return this.page.getByTestId('station-devices-notice');
  }
  /** The card with the order's lines, and the card beside it (box, weights, Ship & print). */
  linesCard() {
    return this.page.getByTestId('pack-lines-card');
  }
  parcelPanel() {
    return this.page.getByTestId('pack-parcel');
  }
  linesTable() {
    return this.page.getByTestId('pack-lines');
  }
}
