/** Optional address verification through the postage account, against EasyPost's shapes on loopback. */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeEasyPost } from '../../helpers/easypost-server';
import { placeOrder, shippingShop, type TestApp } from '../shipping/service-setup';

const KEY = 'EZTK_verify';
let app: TestApp | undefined;
let api: FakeEasyPost | undefined;
afterEach(async () => {
  await app?.cleanup();
  await api?.close();
  app = undefined;
  api = undefined;
});
const reserved = async () => (await app!.store.raw<{ n: number }>('select coalesce(sum(quantity), 0) as n from reservation'))[0].n;

describe('address verification with the postage provider', () => {
  it('needs a connected postage account', async () => {
    app = await shippingShop();
    const order = await placeOrder(app);
    await expect(app.invoke('orders.verifyAddress', { id: order.id })).rejects.toMatchObject({ code: 'CONFLICT', message: 'Connect a postage account (Settings → Postage) to verify addresses with the provider' });
  });

  it('records a deliverable address in the history and leaves the order as it was', async () => {
    api = await new FakeEasyPost(KEY).start();
    app = await shippingShop();
    await app.invoke('shipping.updatePostage', { apiKey: KEY, baseUrl: api.baseUrl, carriers: ['usps'] });
    const order = await placeOrder(app);
    expect(await app.invoke('orders.verifyAddress', { id: order.id })).toEqual({ deliverable: true, errors: [], status: 'allocated' });
    const sent = api.requests.find((r) => r.url === '/v2/addresses')!;
    expect(sent.body).toMatchObject({ verify: true, address: { street1: '12 Analytical Way', city: 'Washington', state: 'DC', zip: '20001', country: 'US' } });
    const detail = await app.invoke('orders.get', { id: order.id });
    expect(detail.events.at(-1)!.reason).toBe('address verified by easypost');
    expect(await reserved()).toBe(1);
  });

  it('holds an order EasyPost cannot deliver to, with its reasons, releasing the stock; the edit re-checks and releases', async () => {
    api = await new FakeEasyPost(KEY).start();
    app = await shippingShop();
    await app.invoke('shipping.updatePostage', { apiKey: KEY, baseUrl: api.baseUrl, carriers: ['usps'] });
    const order = await placeOrder(app);
    const shipTo = { name: 'Ada Lovelace', company: null, line1: '1 Nowhere Lane', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false };
    // Passes the offline checks: the format and the state are right.
    expect((await app.invoke('orders.updateAddress', { id: order.id, address: shipTo })).status).toBe('allocated');
    expect(await app.invoke('orders.verifyAddress', { id: order.id })).toEqual({ deliverable: false, errors: ['Address not found', 'House number is missing'], status: 'on_hold' });
    const held = await app.invoke('orders.get', { id: order.id });
    expect(held.holdReason).toBe('address needs attention: EasyPost: Address not found; House number is missing');
    expect(await reserved()).toBe(0);
    const fixed = await app.invoke('orders.updateAddress', { id: order.id, address: { ...shipTo, line1: '12 Analytical Way' } });
    expect(fixed.status).toBe('allocated');
    expect(await reserved()).toBe(1);
  });
});
