import type { Page } from '@playwright/test';

/** Page object for Settings → Audit log: filters, rows and paging. */
export class AuditLogPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/settings/audit`);
    await this.panel().waitFor();
  }

  panel() {
    return this.page.getByTestId('panel-audit-log');
  }

  rows() {
    return this.panel().getByTestId('audit-row');
  }

  /** Sets the filters (unset ones are cleared) and shows the first page. */
  async filter(opts: { actor?: string; area?: string; action?: string; since?: string; until?: string }) {
    const panel = this.panel();
    await panel.getByLabel('Who').fill(opts.actor ?? '');
    await panel.getByLabel('Area').selectOption(opts.area ?? '');
    await panel.getByLabel('Action').fill(opts.action ?? '');
    await panel.getByLabel('From').fill(opts.since ?? '');
    await panel.getByLabel('To').fill(opts.until ?? '');
    await panel.getByRole('button', { name: 'Show' }).click();
  }

  async older() {
    await this.panel().getByRole('button', { name: 'Older' }).click();
  }

  async newer() {
    await this.panel().getByRole('button', { name: 'Newer' }).click();
  }

  pageLabel() {
    return this.panel().getByTestId('audit-page');
  }
}
