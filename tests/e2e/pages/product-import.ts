import type { Page } from '@playwright/test';

/** Page object for Stock → Import products: the file, the format, its columns and template, the options and the report. */
export class ProductImportPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/stock/import`);
    await this.panel().waitFor();
  }

  panel() {
    return this.page.getByTestId('import-products');
  }

  async chooseFile(name: string, content: string) {
    await this.panel().getByLabel('Products file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
  }

  format() {
    return this.panel().getByLabel('Format');
  }

  /** The column list of the chosen format (opened). */
  async columns() {
    const list = this.page.getByTestId('import-columns');
    if (!(await list.evaluate((d) => (d as HTMLDetailsElement).open))) await list.locator('summary').click();
    return list;
  }

  /** Downloads the template of the chosen format; its name and text. */
  async downloadTemplate(): Promise<{ name: string; text: string }> {
    const list = await this.columns();
    const [download] = await Promise.all([this.page.waitForEvent('download'), list.getByRole('button', { name: 'Download template CSV' }).click()]);
    const stream = await download.createReadStream();
    let text = '';
    for await (const chunk of stream) text += chunk;
    return { name: download.suggestedFilename(), text };
  }

  async takeOpeningStock(warehouse: string, bin: string) {
    await this.panel().getByLabel(/Take Variant Inventory Qty as opening stock/).check();
    await this.panel().getByLabel('Opening stock warehouse').selectOption(warehouse);
    await this.panel().getByLabel('Opening stock bin').selectOption(bin);
  }

  async skipBadRows(skip = true) {
    await this.panel().getByLabel('Skip bad rows').setChecked(skip);
  }

  async run() {
    await this.panel().getByRole('button', { name: 'Import' }).click();
  }

  report() {
    return this.page.getByTestId('import-report');
  }

  openingStock() {
    return this.page.getByTestId('opening-stock');
  }

  /** The report's error rows as [row, column, problem]. */
  async errors(): Promise<string[][]> {
    await this.report().locator('tbody tr').first().waitFor();
    return this.report()
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')));
  }
}
