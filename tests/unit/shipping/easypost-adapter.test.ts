/**
 * The EasyPost adapter against a real HTTP server on 127.0.0.1 that serves the recorded
 * responses in tests/fixtures/shipping/easypost/, and the rate-card fallback when that
 * server errors, hangs, is gone, or has no rates.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileShippingTables,
  createEasyPostAdapter,
  gramsToTenthsOfOunceUp,
  LiveRateError,
  makeRateCardShop,
  mmToTenthsOfInchUp,
  withFallback,
  type LiveRateRequest,
} from '../../../main/domain/shipping';
import { FakeEasyPost, type EasyPostMode } from '../../helpers/easypost-server';
import { craftedService, flatCard } from './helpers';

const API_KEY = 'EZTK_test_key';
const api = new FakeEasyPost(API_KEY);
let baseUrl: string;
const requests = api.requests;

beforeAll(async () => {
  await api.start();
  baseUrl = api.baseUrl;
});

afterAll(() => api.close());

const request: LiveRateRequest = {
  from: { name: 'Shipshape Demo Shop', street1: '417 Montgomery St', city: 'San Francisco', state: 'CA', zip: '94104', country: 'US' },
  to: { name: 'Dr. Steve Brule', street1: '179 N Harbor Dr', city: 'Redondo Beach', state: 'CA', zip: '90277', country: 'US', residential: true },
  parcel: { lengthMm: 254, widthMm: 203, heightMm: 102, weightG: 450 },
  reference: 'order-1001',
};

describe('EasyPost adapter (recorded responses on a loopback server)', () => {
  it('converts mm and g to EasyPost inches and ounces, rounding up to 0.1', () => {
    expect(mmToTenthsOfInchUp(254)).toBe(10);
    expect(mmToTenthsOfInchUp(255)).toBe(10.1);
    expect(mmToTenthsOfInchUp(203)).toBe(8);
    expect(gramsToTenthsOfOunceUp(450)).toBe(15.9); // 15.873 oz
    expect(gramsToTenthsOfOunceUp(28)).toBe(1); // 0.988 oz
  });

  it('rates: POST /v2/shipments with to/from/parcel and basic auth → rates in cents', async () => {
    {
      api.mode = 'normal';
      requests.length = 0;
      const quote = await createEasyPostAdapter({ apiKey: API_KEY, baseUrl }).rates(request);
      expect(requests[0]).toMatchObject({ method: 'POST', url: '/v2/shipments', authorization: `Basic ${Buffer.from('EZTK_test_key:').toString('base64')}` });
      expect(requests[0].body).toMatchObject({
        shipment: {
          to_address: { zip: '90277', country: 'US', residential: true },
          from_address: { zip: '94104' },
          parcel: { length: 10, width: 8, height: 4.1, weight: 15.9 },
          reference: 'order-1001',
        },
      });
      expect(quote.source).toBe('live');
      expect(quote.shipmentId).toBe('shp_7f1c3a2e4b5d4e6f8a9b0c1d2e3f4a5b');
      expect(quote.messages).toEqual(['DHLExpress: Unable to retrieve DHLExpress rates for domestic US shipments.']);
      expect(quote.rates.map((r) => [r.carrier, r.service, r.totalCents, r.deliveryDays, r.deliveryDate, r.guaranteed])).toEqual([
        ['USPS', 'GroundAdvantage', 607, 3, null, false],
        ['USPS', 'Priority', 850, 2, null, false],
        ['USPS', 'Express', 2_995, 1, '2025-05-12', true],
        ['UPS', 'Ground', 1_104, 2, '2025-05-13', false],
      ]);
    }
  });

  it('buys a label, voids it, and tracks it', async () => {
    api.mode = 'normal';
    requests.length = 0;
    const adapter = createEasyPostAdapter({ apiKey: API_KEY, baseUrl });
    const label = await adapter.buyLabel({ shipmentId: 'shp_7f1c3a2e4b5d4e6f8a9b0c1d2e3f4a5b', rateId: 'rate_pri_0002', insuredValueCents: 12_000 });
    expect(requests[0]).toMatchObject({ url: '/v2/shipments/shp_7f1c3a2e4b5d4e6f8a9b0c1d2e3f4a5b/buy', body: { rate: { id: 'rate_pri_0002' }, insurance: '120.00' } });
    expect(label).toEqual({
      shipmentId: 'shp_7f1c3a2e4b5d4e6f8a9b0c1d2e3f4a5b',
      trackingCode: '9405500208303109884137',
      labelUrl: 'https://easypost-files.s3.us-west-2.amazonaws.com/files/postage_label/20250509/e8a4b6c.png',
      labelZplUrl: null,
      labelFormat: 'image/png',
      carrier: 'USPS',
      service: 'Priority',
      totalCents: 850,
      currency: 'USD',
      trackerId: 'trk_5c2d9e1f0a3b4c8d',
    });

    expect(await adapter.void(label.shipmentId)).toEqual({ shipmentId: label.shipmentId, status: 'submitted' });
    expect(requests[1]).toMatchObject({ url: '/v2/shipments/shp_7f1c3a2e4b5d4e6f8a9b0c1d2e3f4a5b/refund' });

    const tracking = await adapter.track(label.trackingCode, 'USPS');
    expect(requests[2]).toMatchObject({ url: '/v2/trackers', body: { tracker: { tracking_code: '9405500208303109884137', carrier: 'USPS' } } });
    expect(tracking).toMatchObject({ trackingCode: '9405500208303109884137', carrier: 'USPS', status: 'in_transit', estDeliveryDate: '2025-05-12T20:41:30Z' });
    expect(tracking.events).toHaveLength(3);
    expect(tracking.events[2]).toEqual({
      status: 'in_transit',
      message: 'Arrived at USPS Regional Origin Facility',
      at: '2025-05-10T14:02:11Z',
      city: 'SAN FRANCISCO CA DISTRIBUTION CENTER',
      state: 'CA',
      zip: '94124',
      country: null,
    });
  });

  it('turns an EasyPost error body into a typed error', async () => {
    api.mode = 'normal';
    const error = await createEasyPostAdapter({ apiKey: 'wrong', baseUrl }).rates(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveRateError);
    expect(error).toMatchObject({ kind: 'http', status: 401, code: 'APIKEY.INACTIVE' });
  });
});

describe('withFallback to rate cards', () => {
  const service = craftedService({ carrierCode: 'usps', code: 'ground_advantage', name: 'USPS Ground Advantage', transitDaysByZone: { '8': 5 } });
  const tables = compileShippingTables({
    services: [service],
    zoneCharts: [{ id: 'usps', rows: [{ originPrefix: '941', destPrefix: '902', zone: '8' }] }],
    rateCards: [flatCard(service, 745)],
  });
  const rateCardShop = makeRateCardShop([service], () => ({ tables, shipAt: '2025-05-09T10:00' }));

  async function ratesWhen(m: EasyPostMode, options: { timeoutMs?: number; url?: string } = {}) {
    api.mode = m;
    const reasons: string[] = [];
    const adapter = withFallback(createEasyPostAdapter({ apiKey: API_KEY, baseUrl: options.url ?? baseUrl, timeoutMs: 5_000 }), rateCardShop, {
      timeoutMs: options.timeoutMs ?? 2_000,
      onFallback: (reason) => reasons.push(reason),
    });
    return { quote: await adapter.rates(request), reasons };
  }

  it('uses live rates when the API answers', async () => {
    const { quote, reasons } = await ratesWhen('normal');
    expect(quote.source).toBe('live');
    expect(reasons).toEqual([]);
  });

  it('falls back when the API is down (HTTP 503)', async () => {
    const { quote, reasons } = await ratesWhen('down');
    expect(quote).toMatchObject({ source: 'rate-card', shipmentId: null, fallbackReason: 'easypost failed: EasyPost /shipments: Service temporarily unavailable' });
    expect(quote.rates).toEqual([
      { source: 'rate-card', rateId: null, carrier: 'usps', service: 'USPS Ground Advantage', serviceKey: 'usps:ground_advantage', totalCents: 745, currency: 'USD', deliveryDays: 5, deliveryDate: '2025-05-16', guaranteed: false },
    ]);
    expect(reasons).toHaveLength(1);
  });

  it('falls back when the API hangs past the timeout', async () => {
    const started = Date.now();
    const { quote } = await ratesWhen('hang', { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(quote.source).toBe('rate-card');
    expect(quote.fallbackReason).toBe('easypost timed out: no answer within 300 ms');
  });

  it('falls back when nothing listens at the address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { quote } = await ratesWhen('normal', { url: `http://127.0.0.1:${port}/v2` });
    expect(quote.source).toBe('rate-card');
    expect(quote.fallbackReason).toMatch(/^easypost failed: EasyPost unreachable/);
  });

  it('falls back when the API returns no rates, keeping the carrier messages', async () => {
    const { quote } = await ratesWhen('empty');
    expect(quote).toMatchObject({ source: 'rate-card', fallbackReason: 'easypost returned no rates' });
    expect(quote.messages).toHaveLength(1);
  });

  it('never fakes a label: buying still fails loudly when the API is down', async () => {
    api.mode = 'down';
    const adapter = withFallback(createEasyPostAdapter({ apiKey: API_KEY, baseUrl }), rateCardShop);
    await expect(adapter.buyLabel({ shipmentId: 'shp_abc', rateId: 'rate_x' })).rejects.toMatchObject({ kind: 'http', status: 503 });
  });
});
