import type { Page } from '@playwright/test';

/** Settings → Station server access: the extra host names the station server answers to. */
export class StationAccessPanel {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/settings/security`);
  }

  panel() {
    return this.page.getByTestId('station-access');
  }

  hosts() {
    return this.panel().getByTestId('station-access-hosts');
  }

  async add(name: string) {
    await this.panel().getByLabel('Allowed host name').fill(name);
    await this.panel().getByRole('button', { name: 'Add' }).click();
  }

  async remove(name: string) {
    await this.panel().getByRole('button', { name: `Remove ${name}` }).click();
  }
}
