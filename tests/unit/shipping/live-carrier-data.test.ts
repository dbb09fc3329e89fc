/**
 * Live carrier data through the postage account, against a real HTTP server on 127.0.0.1 serving
 * EasyPost's recorded responses (tests/fixtures/shipping/easypost/): live rates in rate shopping
 * with the fallback to the rate cards when the provider is down or slow, and the tracking worker
 * (refreshFrom over the bought labels) moving shipments, orders and the on-time record.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEasyPost } from '../../helpers/easypost-server';
import { placeOrder, shippingShop, type TestApp } from './service-setup';

const API_KEY = 'EZTK_shop_live_data';
let app: TestApp;
let api: FakeEasyPost;

beforeEach(async () => {
  api = await new FakeEasyPost(API_KEY, { zplLabels: true }).start();
});
afterEach(async () => {
  await app?.cleanup();
  await api.close();
});

const connect = () => app.invoke('shipping.updatePostage', { apiKey: API_KEY, baseUrl: api.baseUrl, carriers: ['usps'] });
const option = (rates: Awaited<ReturnType<TestApp['invoke']>>, key: string) => (rates as { options: { serviceKey: string }[] }).options.find((o) => o.serviceKey === key);

describe('live rates', () => {
  it('shows the provider’s live prices for the account’s carriers, rate cards for the rest', async () => {
    app = await shippingShop();
    const order = await placeOrder(app);
    const offline = await app.invoke('shipping.rateOrder', { orderId: order.id });
    expect(offline.live).toEqual({ status: 'off', provider: null, reason: null });
    expect(option(offline, 'usps:ground_advantage')).toMatchObject({ priceCents: 500, priceSource: 'rate-card', labelKind: 'reference' });

    await connect();
    const rates = await app.invoke('shipping.rateOrder', { orderId: order.id });
    expect(rates.live).toEqual({ status: 'live', provider: 'EasyPost', reason: null });
    // EasyPost's recorded rates: Ground Advantage $6.07, Priority $8.50.
    expect(option(rates, 'usps:ground_advantage')).toMatchObject({ priceCents: 607, priceSource: 'live', labelKind: 'postage' });
    expect(option(rates, 'usps:priority')).toMatchObject({ priceCents: 850, priceSource: 'live', labelKind: 'postage' });
    // UPS is not on the account: its price is the rate card's and its label would not be postage.
    expect(option(rates, 'ups:ground')).toMatchObject({ priceCents: 1040, priceSource: 'rate-card', labelKind: 'reference' });
    expect(api.requests[0]).toMatchObject({ method: 'POST', url: '/v2/shipments', body: { shipment: { to_address: { zip: '20001' }, from_address: { zip: '10001' } } } });
  });

  it('falls back to the rate cards when the provider is down, and says so', async () => {
    app = await shippingShop();
    await connect();
    const order = await placeOrder(app);
    api.mode = 'down';
    const rates = await app.invoke('shipping.rateOrder', { orderId: order.id });
    expect(rates.live).toMatchObject({ status: 'unavailable', provider: 'EasyPost', reason: expect.stringMatching(/^easypost failed: .*503|unavailable/i) });
    expect(option(rates, 'usps:ground_advantage')).toMatchObject({ priceCents: 500, priceSource: 'rate-card' });
    expect(rates.recommended?.serviceKey).toBeTruthy();
  });

  it('falls back to the rate cards when the provider is slow (gives up after the live-rates timeout)', async () => {
    app = await shippingShop();
    await connect();
    await app.store.raw("insert into setting (key, value) values ('shipping.live_rates_timeout_ms', '300')");
    const order = await placeOrder(app);
    api.mode = 'hang';
    const rates = await app.invoke('shipping.rateOrder', { orderId: order.id });
    expect(rates.live).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/timed out: no answer within 300 ms/) });
    expect(option(rates, 'usps:priority')).toMatchObject({ priceCents: 800, priceSource: 'rate-card' });
  });
});

describe('tracking worker', () => {
  it('refreshes bought labels from the provider’s trackers: in transit, then delivered (order delivered, on-time record from the real scans)', async () => {
    app = await shippingShop();
    await connect();
    const order = await placeOrder(app);
    const shipment = await app.invoke('shipping.ship', { orderId: order.id, service: 'usps/priority', overrideReason: 'customer paid for Priority' });
    expect(shipment.labelKind).toBe('postage');
    expect(shipment.packages[0].trackingNumber).toBe('9405500208303109884137');
    // A reference-only label (UPS is not on the account) is never sent to the provider.
    const other = await placeOrder(app);
    const reference = await app.invoke('shipping.ship', { orderId: other.id, service: 'ups/ground', overrideReason: 'test' });
    expect(reference.labelKind).toBe('reference');

    const first = await app.services.shipping.trackingRefresh.refreshOpen();
    expect(first).toEqual({ checked: 1, changed: 1, errors: [] });
    expect(api.requests.filter((r) => r.url === '/v2/trackers').map((r) => r.body)).toEqual([{ tracker: { tracking_code: '9405500208303109884137', carrier: 'usps' } }]);
    const inTransit = await app.invoke('shipping.shipment', { id: shipment.id });
    expect(inTransit.status).toBe('in_transit');
    expect(inTransit.events.map((e) => e.message)).toEqual(['Arrived at USPS Regional Origin Facility']);

    api.tracker = 'tracker-delivered.json';
    const second = await app.services.shipping.trackingRefresh.refreshOpen();
    expect(second).toEqual({ checked: 1, changed: 1, errors: [] });
    const delivered = await app.invoke('shipping.shipment', { id: shipment.id });
    expect(delivered).toMatchObject({ status: 'delivered', deliveredDate: expect.stringMatching(/^2025-05-1[34]$/) });
    expect(delivered.events[0]).toMatchObject({ status: 'delivered', message: 'Delivered, In/At Mailbox', location: 'WASHINGTON, DC, 20001' });
    expect((await app.invoke('orders.get', { id: order.id })).status).toBe('delivered');
    // The on-time record counts from the carrier's first scan to its delivery scan, not from the planned pickup.
    const record = await app.store.raw<{ pickup_date: string; delivered_date: string; source: string }>('select pickup_date, delivered_date, source from delivery_record');
    expect(record).toEqual([{ pickup_date: expect.stringMatching(/^2025-05-(09|10)$/), delivered_date: delivered.deliveredDate, source: 'tracking:easypost' }]);

    // Delivered parcels are not asked about again.
    expect(await app.services.shipping.trackingRefresh.refreshOpen()).toEqual({ checked: 0, changed: 0, errors: [] });
  });

  it('an app closed within its first minute never starts a pass on the closed database', async () => {
    app = await shippingShop();
    await connect();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      app.services.shipping.trackingRefresh.start();
      await app.services.shipping.trackingRefresh.stop();
      await app.close();
      // The first pass was due a minute after start: it would read the closed database and throw
      // from a timer (an uncaught exception in the app's process).
      expect(() => vi.advanceTimersByTime(61_000)).not.toThrow();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a provider that is down is reported per shipment and changes nothing', async () => {
    app = await shippingShop();
    await connect();
    const order = await placeOrder(app);
    const shipment = await app.invoke('shipping.ship', { orderId: order.id, service: 'usps/priority', overrideReason: 'customer paid for Priority' });
    api.mode = 'down';
    const report = await app.services.shipping.trackingRefresh.refreshOpen();
    expect(report).toMatchObject({ checked: 1, changed: 0, errors: [{ shipmentId: shipment.id, message: expect.stringMatching(/503|unavailable/i) }] });
    expect((await app.invoke('shipping.shipment', { id: shipment.id })).status).toBe('label_created');
  });
});
