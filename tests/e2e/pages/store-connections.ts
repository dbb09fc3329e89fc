import type { Page } from '@playwright/test';

/** Page object for Settings → Store connections: each Shopify/WooCommerce channel's link to its store's API. */
export class StoreConnectionsPanel {
  constructor(readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/#/settings/channels`);
    await this.panel().waitFor();
  }

  panel() {
    return this.page.getByTestId('store-connections-panel');
  }

  /** One channel's card, by the channel's name. */
  store(channel: string) {
    return this.panel().getByTestId(`store-${channel}`);
  }

  status(channel: string) {
    return this.store(channel).getByTestId('connection-status');
  }

  simulatedLabel(channel: string) {
    return this.store(channel).getByTestId('simulated');
  }

  lastPull(channel: string) {
    return this.store(channel).getByTestId('last-pull');
  }

  backlog(channel: string) {
    return this.store(channel).getByTestId('backlog');
  }

  credentials(channel: string) {
    return this.store(channel).getByTestId('credential-note');
  }

  lastError(channel: string) {
    return this.store(channel).getByTestId('last-error');
  }

  /** "Tell the customer when their order ships": saved as soon as it is clicked. */
  notifyCustomer(channel: string) {
    return this.store(channel).getByLabel('Tell the customer when their order ships');
  }

  connectForm(channel: string) {
    return this.store(channel).getByTestId(`connect-form-${channel}`);
  }

  /** Reconnect with a Shopify access token, as the owner types it. */
  async connectShopify(channel: string, opts: { url: string; token: string }) {
    await this.store(channel).getByTestId('show-connect').click();
    const form = this.connectForm(channel);
    await form.getByLabel('Shop domain', { exact: false }).fill(opts.url);
    await form.getByLabel('Admin API access token').fill(opts.token);
    await form.getByRole('button', { name: 'Connect' }).click();
  }

  /** The connect form's error(s), in plain words. */
  connectError(channel: string) {
    return this.connectForm(channel).locator('.error');
  }
}
