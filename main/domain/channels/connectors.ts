import { invalid } from '../../../shared/errors';
import type { ChannelConnector, ChannelCredentials } from './connector';
import { createShopifyConnector } from './shopify/index';
import { createWooCommerceConnector } from './woocommerce/index';

export type ChannelPlatform = ChannelConnector['platform'];

/** Builds the connector for one store; tests and the demo may pass their own (a simulated store's). */
export type ConnectorFactory = (platform: ChannelPlatform, credentials: ChannelCredentials) => ChannelConnector;

/** The connector for a channel kind: Shopify's GraphQL Admin API or WooCommerce's REST API. */
export const createConnector: ConnectorFactory = (platform, credentials) =>
  platform === 'shopify' ? createShopifyConnector(credentials) : createWooCommerceConnector(credentials);

/**
 * Checks the store address before any credential is sent to it. Credentials travel only over
 * HTTPS — except to a loopback address when simulated stores are enabled (`serve
 * --simulate-channels`, SHIPSHAPE_ALLOW_LOOPBACK_STORES for tests): the simulators listen on plain
 * http://127.0.0.1, and a real shop is never there. Plain HTTP to any other host would put the
 * token on the wire in clear, so it is refused whatever the flags.
 */
export function checkStoreUrl(url: string, allowLoopbackHttp: boolean): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw invalid(`"${url}" is not a store address (e.g. my-shop.myshopify.com or https://shop.example.com)`, { field: 'url' });
  }
  const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost' || parsed.hostname === '[::1]';
  if (parsed.protocol === 'https:') return parsed.toString().replace(/\/$/, '');
  if (parsed.protocol === 'http:' && loopback && allowLoopbackHttp) return parsed.toString().replace(/\/$/, '');
  if (parsed.protocol === 'http:' && loopback) throw invalid('Plain-HTTP store addresses on this computer are only for the simulated stores (serve --simulate-channels)', { field: 'url' });
  throw invalid(`The store address must start with https:// (got ${parsed.protocol}//${parsed.host}): credentials are never sent unencrypted`, { field: 'url' });
}

/** Whether loopback http:// stores are allowed in this process (the simulators' flag, set by serve and tests). */
export function loopbackStoresAllowed(): boolean {
  return process.env.SHIPSHAPE_ALLOW_LOOPBACK_STORES === '1';
}
