import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { checkAddress } from '../../../main/domain/orders/address-check';
import { startStationServer, type StationServer } from '../../../main/server/server';
import type { AddressDto } from '../../../shared/api/orders';
import { postShopifyWebhook, shopifyOrderBody } from '../../helpers/shopify';
import { tempApp } from '../../helpers/temp-app';

const address = (a: Partial<AddressDto>): AddressDto => ({
  name: 'Ada Lovelace',
  company: null,
  line1: '1 Main St',
  line2: null,
  city: 'New York',
  regionCode: 'NY',
  postalCode: '10001',
  countryCode: 'US',
  phone: null,
  residential: true,
  ...a,
});

describe('address rules per country', () => {
  it('accepts real addresses in the US, Canada, Australia, Germany, the UK and a country without postal codes', () => {
    expect(checkAddress(address({}))).toEqual({ ok: true, problems: [] });
    expect(checkAddress(address({ postalCode: '10001-2345' }))).toEqual({ ok: true, problems: [] });
    expect(checkAddress(address({ city: 'Ottawa', regionCode: 'ON', postalCode: 'K2P 0V6', countryCode: 'CA' })).ok).toBe(true);
    expect(checkAddress(address({ city: 'Sydney', regionCode: 'NSW', postalCode: '2000', countryCode: 'AU' })).ok).toBe(true);
    expect(checkAddress(address({ city: 'Berlin', regionCode: null, postalCode: '10115', countryCode: 'DE' })).ok).toBe(true);
    expect(checkAddress(address({ city: 'London', regionCode: null, postalCode: 'SW1A 1AA', countryCode: 'GB' })).ok).toBe(true);
    expect(checkAddress(address({ city: 'Hong Kong', regionCode: null, postalCode: '', countryCode: 'HK' })).ok).toBe(true);
    // Typed in lower case, as customers do: still the same postal code.
    expect(checkAddress(address({ city: 'Amsterdam', regionCode: null, postalCode: '1011 ab', countryCode: 'NL' })).problems).toEqual([]);
    expect(checkAddress(address({ city: 'London', regionCode: null, postalCode: 'sw1a 1aa', countryCode: 'GB' })).problems).toEqual([]);
    // Ireland's Eircode is optional in practice; one that is given must fit.
    expect(checkAddress(address({ city: 'Dublin', regionCode: null, postalCode: '', countryCode: 'IE' })).ok).toBe(true);
    expect(checkAddress(address({ city: 'Dublin', regionCode: null, postalCode: 'D02 X285', countryCode: 'IE' })).ok).toBe(true);
    expect(checkAddress(address({ city: 'Dublin', regionCode: null, postalCode: '12345', countryCode: 'IE' })).problems).toEqual(['postal code "12345" is not valid for IE']);
    expect(checkAddress(address({ city: 'Berlin', regionCode: null, postalCode: '', countryCode: 'DE' })).problems).toEqual(['postal code is missing (Germany uses them)']);
  });

  it('catches a US ZIP that belongs to another state', () => {
    expect(checkAddress(address({ regionCode: 'CA' })).problems).toEqual(['ZIP 10001 is in NY (New York), not CA']);
  });

  it('catches the issue’s ZIP "ABCDE" with state "ZZ", naming both fields', () => {
    expect(checkAddress(address({ postalCode: 'ABCDE', regionCode: 'ZZ' })).problems).toEqual([
      'postal code "ABCDE" is not valid for US',
      'state "ZZ" is not a known US state code',
    ]);
  });

  it('catches a German postal code with four digits', () => {
    expect(checkAddress(address({ city: 'Berlin', regionCode: null, postalCode: '1011', countryCode: 'DE' })).problems).toEqual(['postal code "1011" is not valid for DE']);
  });

  it('needs the province in Canada and the state in Australia and the US', () => {
    expect(checkAddress(address({ city: 'Ottawa', regionCode: null, postalCode: 'K2P 0V6', countryCode: 'CA' })).problems).toEqual(['province is missing (Canada addresses need one)']);
    expect(checkAddress(address({ city: 'Sydney', regionCode: '', postalCode: '2000', countryCode: 'AU' })).problems).toEqual(['state is missing (Australia addresses need one)']);
    expect(checkAddress(address({ regionCode: null })).problems).toEqual(['state is missing (United States addresses need one)']);
  });

  it('names an unknown country and missing fields', () => {
    expect(checkAddress(address({ countryCode: 'ZZ' })).problems).toEqual(['country "ZZ" is not a country code']);
    expect(checkAddress(address({ line1: ' ', city: '' })).problems).toEqual(['street address is missing', 'city is missing']);
  });
});

describe('an order with a bad address', () => {
  const clock = new ManualClock(new Date('2026-11-02T10:00:00Z'));
  let app: Awaited<ReturnType<typeof tempApp>>;
  const reserved = async () => (await app.store.raw<{ n: number }>('select coalesce(sum(quantity), 0) as n from reservation'))[0].n;

  beforeEach(async () => {
    app = await tempApp({ clock });
    await app.invoke('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '94107', country: 'US' });
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug', priceCents: 1500 });
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 1, warehouse: 'MAIN' });
  });
  afterEach(() => app.cleanup());

  const create = (shipTo: AddressDto) =>
    app.invoke('orders.create', { customer: { name: 'Ada Lovelace', email: null, phone: null }, shipTo, lines: [{ sku: 'MUG', quantity: 1 }] });

  it('is held at intake with a one-line reason, nothing reserved; the edit is recorded, and the release allocates', async () => {
    const held = await create(address({ postalCode: 'ABCDE', regionCode: 'ZZ' }));
    expect(held.status).toBe('on_hold');
    expect(held.holdReason).toBe('address needs attention: postal code "ABCDE" is not valid for US; state "ZZ" is not a known US state code');
    expect(await reserved()).toBe(0);
    // The only mug is still sellable: another order gets it.
    const other = await create(address({ name: 'Grace Hopper' }));
    expect(other.status).toBe('allocated');
    await app.invoke('orders.cancel', { id: other.id, reason: 'test' });

    // Still wrong after the first edit: still held, the reason now names what is left.
    const halfFixed = await app.invoke('orders.updateAddress', { id: held.id, address: address({ regionCode: 'CA' }) });
    expect(halfFixed.status).toBe('on_hold');
    expect(halfFixed.holdReason).toBe('address needs attention: ZIP 10001 is in NY (New York), not CA');
    expect(await reserved()).toBe(0);

    const fixed = await app.invoke('orders.updateAddress', { id: held.id, address: address({}) });
    expect(fixed.status).toBe('allocated');
    expect(fixed.holdReason).toBeNull();
    expect(fixed.shipTo).toMatchObject({ postalCode: '10001', regionCode: 'NY' });
    expect(await reserved()).toBe(1);
    const reasons = fixed.events.map((e) => e.reason);
    expect(reasons).toContain('address changed: Ada Lovelace, 1 Main St, New York, ZZ, ABCDE, US → Ada Lovelace, 1 Main St, New York, CA, 10001, US');
    expect(reasons).toContain('hold released');
    const audit = await app.invoke('audit.list', { limit: 20 });
    expect(JSON.stringify(audit)).toContain('orders.updateAddress');
  });

  it('holds an allocated order whose address is edited into a bad one, releasing its stock', async () => {
    const order = await create(address({}));
    expect(order.status).toBe('allocated');
    expect(await reserved()).toBe(1);
    const edited = await app.invoke('orders.updateAddress', { id: order.id, address: address({ city: 'Ottawa', regionCode: null, postalCode: 'K2P 0V6', countryCode: 'CA' }) });
    expect(edited.status).toBe('on_hold');
    expect(edited.holdReason).toBe('address needs attention: province is missing (Canada addresses need one)');
    expect(await reserved()).toBe(0);
  });

  it('refuses to change the address of a shipped or cancelled order', async () => {
    const order = await create(address({}));
    await app.invoke('orders.cancel', { id: order.id, reason: 'customer asked' });
    await expect(app.invoke('orders.updateAddress', { id: order.id, address: address({}) })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('cancelled') });
  });

  it('holds a webhook order from Shopify whose ZIP and state disagree', async () => {
    const server: StationServer = await startStationServer(app, { port: 0 });
    try {
      const channel = await app.invoke('channels.upsert', { name: 'My Shopify', kind: 'shopify', secret: 'shpss_secret_123456' });
      const res = await postShopifyWebhook(server.url, channel.webhookPath, shopifyOrderBody({ id: 5001, lines: [{ sku: 'MUG', quantity: 1 }], zip: '10001', province: 'CA' }), 'shpss_secret_123456');
      expect(res.status).toBe(200);
      const row = (await app.store.raw<{ status: string; hold_reason: string }>('select status, hold_reason from sales_order where external_id = ?', '5001'))[0];
      expect(row).toEqual({ status: 'on_hold', hold_reason: 'address needs attention: ZIP 10001 is in NY (New York), not CA' });
      expect(await reserved()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
