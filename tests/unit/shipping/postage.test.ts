/**
 * Real postage through the postage account: the service is still chosen from the shop's rate
 * cards; the label is then bought at EasyPost (a real HTTP server on 127.0.0.1 serving EasyPost's
 * recorded responses), and its ZPL reaches a label printer on loopback unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPrinterSimulator, type PrinterSimulator } from '../../../main/devices/simulators';
import { isSameService } from '../../../main/domain/shipping/service/postage';
import { BOUGHT_LABEL_ZPL, FakeEasyPost } from '../../helpers/easypost-server';
import { placeOrder, shippingShop, type TestApp } from './service-setup';

const API_KEY = 'EZTK_shop_postage';
let app: TestApp;
let api: FakeEasyPost;
let printer: PrinterSimulator | undefined;

beforeEach(async () => {
  api = await new FakeEasyPost(API_KEY, { zplLabels: true }).start();
});
afterEach(async () => {
  await app?.cleanup();
  await api.close();
  await printer?.close();
  printer = undefined;
});

const connect = (carriers = ['usps']) => app.invoke('shipping.updatePostage', { apiKey: API_KEY, baseUrl: api.baseUrl, carriers });
const shipmentCount = async () => (await app.store.raw<{ n: number }>('select count(*) as n from shipment'))[0].n;

describe('postage account', () => {
  it('buys the chosen service’s label, prints the carrier’s ZPL unchanged and books what it cost', async () => {
    printer = await startPrinterSimulator();
    app = await shippingShop({ printerUri: printer.uri, workers: true });
    expect(await connect()).toEqual({ provider: 'easypost', apiKeyHint: '…tage', baseUrl: api.baseUrl, carriers: ['usps'] });
    const order = await placeOrder(app);

    const shipment = await app.invoke('shipping.ship', { orderId: order.id, service: 'usps/priority', overrideReason: 'customer paid for Priority', printer: 'Zebra' });
    // EasyPost was asked for rates as ZPL, and the Priority rate (not the cheapest) was bought.
    expect(api.requests.map((r) => r.url)).toEqual(['/v2/shipments', '/v2/shipments/shp_7f1c3a2e4b5d4e6f8a9b0c1d2e3f4a5b/buy', '/files/postage_label/e8a4b6c.zpl']);
    expect(api.requests[0].body).toMatchObject({ shipment: { options: { label_format: 'ZPL' }, to_address: { zip: '20001' }, from_address: { zip: '10001' } } });
    expect(api.requests[1].body).toEqual({ rate: { id: 'rate_pri_0002' } });
    expect(shipment.packages[0].trackingNumber).toBe('9405500208303109884137');
    expect(shipment.costCents).toBe(850);

    const [job] = await printer.waitForJobs(1, 10_000);
    expect(job.bytes.toString('utf8')).toBe(BOUGHT_LABEL_ZPL);
    // A reprint sends the same bought label again; nothing is bought twice.
    await app.invoke('shipping.reprint', { id: shipment.id, printer: 'Zebra' });
    const jobs = await printer.waitForJobs(2, 10_000);
    expect(jobs[1].bytes.equals(jobs[0].bytes)).toBe(true);
    expect(api.requests).toHaveLength(3);
  });

  it('voiding refunds the postage at EasyPost; a refund that fails leaves the shipment as it was', async () => {
    app = await shippingShop();
    await connect();
    const order = await placeOrder(app);
    const shipment = await app.invoke('shipping.ship', { orderId: order.id, service: 'usps/priority', overrideReason: 'customer paid for Priority' });

    api.mode = 'down';
    await expect(app.invoke('shipping.void', { id: shipment.id, reason: 'wrong address' })).rejects.toThrow(/could not be refunded/);
    expect((await app.invoke('shipping.shipment', { id: shipment.id })).status).toBe('label_created');

    api.mode = 'normal';
    const voided = await app.invoke('shipping.void', { id: shipment.id, reason: 'wrong address' });
    expect(voided).toMatchObject({ status: 'voided', refundCents: 850 });
    expect(api.requests.at(-1)!.url).toBe('/v2/shipments/shp_7f1c3a2e4b5d4e6f8a9b0c1d2e3f4a5b/refund');
  });

  it('refuses to ship, writing nothing, when EasyPost is down or does not offer the service', async () => {
    app = await shippingShop();
    await connect(['usps', 'ups']);
    const order = await placeOrder(app);
    api.mode = 'down';
    await expect(app.invoke('shipping.ship', { orderId: order.id, service: 'usps/priority', overrideReason: 'x' })).rejects.toThrow(/Buying postage failed: EasyPost \/shipments: Service temporarily unavailable/);
    api.mode = 'normal';
    // The recorded quote has no UPS 2nd Day Air: nothing to buy, nothing bought.
    await app.invoke('shipping.importRateCard', { carrier: 'ups', service: '2nd_day_air', csv: 'zone,max_weight_g,price\n5,2000,20.00\n' });
    await expect(app.invoke('shipping.ship', { orderId: order.id, service: 'ups/2nd_day_air', overrideReason: 'x' })).rejects.toThrow(/does not offer UPS 2nd Day Air.*USPS Priority/);
    expect(await shipmentCount()).toBe(0);
    expect((await app.invoke('orders.get', { id: order.id })).status).toBe('allocated');
  });

  it('makes the label from the rate cards for carriers not on the account, and after disconnecting', async () => {
    app = await shippingShop();
    await connect(['ups']);
    const order = await placeOrder(app);
    const shipment = await app.invoke('shipping.ship', { orderId: order.id });
    expect(shipment.carrier).toBe('usps');
    expect(shipment.packages[0].trackingNumber).not.toBe('9405500208303109884137');
    expect(api.requests).toHaveLength(0);
    expect(await app.invoke('shipping.updatePostage', { off: true })).toMatchObject({ provider: null, carriers: [] });
    await expect(app.invoke('shipping.updatePostage', { carriers: ['usps'] })).rejects.toThrow(/API key is needed/);
    await expect(app.invoke('shipping.updatePostage', { apiKey: API_KEY, carriers: ['royalmail'] })).rejects.toThrow(/royalmail/);
  });

  it('matches EasyPost’s service names to ours', () => {
    expect(isSameService({ carrier: 'USPS', service: 'GroundAdvantage' }, 'usps:ground_advantage')).toBe(true);
    expect(isSameService({ carrier: 'USPS', service: 'Express' }, 'usps:priority_express')).toBe(true);
    expect(isSameService({ carrier: 'USPS', service: 'Priority' }, 'usps:priority_express')).toBe(false);
    expect(isSameService({ carrier: 'UPS', service: '2ndDayAir' }, 'ups:2nd_day_air')).toBe(true);
    expect(isSameService({ carrier: 'FedEx', service: 'FEDEX_GROUND' }, 'fedex:ground')).toBe(true);
    expect(isSameService({ carrier: 'FedEx', service: 'GROUND_HOME_DELIVERY' }, 'fedex:home_delivery')).toBe(true);
    expect(isSameService({ carrier: 'UPS', service: 'Ground' }, 'fedex:ground')).toBe(false);
  });
});
