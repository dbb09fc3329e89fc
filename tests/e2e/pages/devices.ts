import type { Page } from '@playwright/test';

/** Page object for the device panels in Settings: printers, print queue, scales. */
export class DevicesPage {
  constructor(readonly page: Page) {}

  printersPanel() {
    return this.page.getByTestId('panel-printers');
  }

  async addPrinter(p: { name: string; language?: 'zpl' | 'escpos'; uri: string; dpi?: 203 | 300 }) {
    const panel = this.printersPanel();
    await panel.getByLabel('Printer name').fill(p.name);
    await panel.getByLabel('Printer language').selectOption(p.language ?? 'zpl');
    await panel.getByLabel('Printer address').fill(p.uri);
    if (p.dpi) await panel.getByLabel('Resolution').selectOption(String(p.dpi));
    await panel.getByRole('button', { name: 'Add printer' }).click();
  }

  printerRow(name: string) {
    return this.page.getByTestId(`printer-row-${name}`);
  }

  printerStatus(name: string) {
    return this.page.getByTestId(`printer-status-${name}`);
  }

  async testPrint(name: string) {
    await this.printerRow(name).getByRole('button', { name: 'Test print' }).click();
  }

  preview() {
    return this.printersPanel().getByTestId('print-preview');
  }

  previewImage() {
    return this.printersPanel().getByTestId('print-preview-image');
  }

  queue() {
    return this.page.getByTestId('panel-print-queue');
  }

  queueRows() {
    return this.queue().locator('tbody tr');
  }

  scaleWeight(name: string) {
    return this.page.getByTestId(`scale-weight-${name}`);
  }

  printerBadge() {
    return this.page.getByTestId('printer-badge');
  }
}
