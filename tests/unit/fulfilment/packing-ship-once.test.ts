/**
 * Ship & print pressed twice for one pack session (a double-click, or two stations on one order):
 * only one carrier label is ever bought. Both requests go through the station server over HTTP;
 * the postage is bought at EasyPost (a real HTTP server on 127.0.0.1 with its recorded responses),
 * reached through a small loopback gate that holds the first label request until the second ship
 * request has either reached the carrier too (the bug) or been answered (the fix).
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrinterSimulator, type PrinterSimulator } from '../../../main/devices/simulators';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { FakeEasyPost } from '../../helpers/easypost-server';
import { fulfilmentShop, order, pickEverything, type FulfilmentApp } from './fulfilment-setup';

const API_KEY = 'EZTK_pack_ship_once';
let app: FulfilmentApp | undefined;
let server: StationServer | undefined;
let printer: PrinterSimulator | undefined;
let api: FakeEasyPost | undefined;
let gate: LabelGate | undefined;
afterEach(async () => {
  await server?.close();
  await app?.cleanup();
  await printer?.close();
  await gate?.close();
  await api?.close();
  app = server = printer = api = gate = undefined;
});

/** Forwards to the carrier; `POST …/shipments` waits until `release()` (or the second one arrives). */
class LabelGate {
  private server: Server | null = null;
  private held: (() => void)[] = [];
  private released = false;
  shipmentRequests = 0;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v2`;
    return this;
  }

  release(): void {
    this.released = true;
    for (const go of this.held.splice(0)) go();
  }

  async close(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (req.method === 'POST' && req.url === '/v2/shipments') {
      this.shipmentRequests++;
      if (this.shipmentRequests >= 2) this.release();
      if (!this.released) await new Promise<void>((resolve) => this.held.push(resolve));
    }
    const to = new URL(this.target);
    const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.end(body);
  }
}

async function shipOverHttp(sessionId: number): Promise<{ status: number; body: { error?: { message: string }; data?: { trackingNumbers: string[] } } }> {
  const res = await fetch(`${server!.url}/api/packing.ship`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sessionId, service: 'usps/priority', overrideReason: 'customer paid for Priority' }),
  });
  return { status: res.status, body: await res.json() };
}

describe('packing: ship & print pressed twice', () => {
  // A picked order moves to packed as it ships; an allocated one is packed straight from the shelf.
  it.each(['picked', 'allocated'] as const)('buys one label (%s order): the second request is refused as a conflict while the first buys it, and the session ships once', async (how) => {
    api = await new FakeEasyPost(API_KEY, { zplLabels: true }).start();
    gate = await new LabelGate(api.baseUrl.replace(/\/v2$/, '')).start();
    printer = await startPrinterSimulator();
    const a = (app = await fulfilmentShop({ workers: true }));
    await a.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: printer.uri });
    await a.invoke('stations.upsert', { name: 'Station 2', shippingLabelPrinter: 'Zebra' });
    await a.invoke('shipping.updatePostage', { apiKey: API_KEY, baseUrl: gate.url, carriers: ['usps'] });
    const o = await order(a, [{ sku: 'CAP', quantity: 1 }, { sku: 'SOCK', quantity: 2 }]);
    if (how === 'picked') {
      const [batch] = await a.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: [o.id] });
      await pickEverything(a, batch.id);
    }
    const session = await a.invoke('packing.open', { station: 'Station 2', code: o.number });
    for (const code of ['SUP-CAP', 'SUP-SOCK', 'SUP-SOCK']) await a.invoke('packing.scanItem', { sessionId: session.id, code });
    expect((await a.invoke('packing.weigh', { sessionId: session.id, grams: 410 })).labelUnlocked).toBe(true);
    server = await startStationServer(a, { port: 0 });

    // Whichever request is answered first lets the held label request through.
    const both = [shipOverHttp(session.id), shipOverHttp(session.id)].map((p) => p.finally(() => gate!.release()));
    const results = await Promise.all(both);

    const buys = api.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/buy'));
    expect(buys).toHaveLength(1);
    expect(api.requests.filter((r) => r.url.endsWith('/refund'))).toHaveLength(0);
    const shipped = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(shipped).toHaveLength(1);
    expect(shipped[0].body.data?.trackingNumbers).toEqual(['9405500208303109884137']);
    expect(refused).toHaveLength(1);
    expect(refused[0].status).toBe(409);
    expect(refused[0].body.error?.message).toMatch(/label is being bought for this order|already shipped/i);
    expect((await a.invoke('orders.get', { id: o.id })).status).toBe('shipped');
    expect(await a.store.raw<{ n: number }>('select count(*) as n from shipment where order_id = ?', o.id)).toEqual([{ n: 1 }]);
    const after = await a.invoke('packing.get', { sessionId: session.id });
    expect(after).toMatchObject({ status: 'shipped', step: 'done' });
    expect(after.events.filter((e) => e.kind === 'label')).toHaveLength(1);
  });

  it('frees the session when the carrier refuses the label, so the packer can press Ship & print again', async () => {
    api = await new FakeEasyPost(API_KEY, { zplLabels: true }).start();
    printer = await startPrinterSimulator();
    const a = (app = await fulfilmentShop({ workers: true }));
    await a.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: printer.uri });
    await a.invoke('stations.upsert', { name: 'Station 2', shippingLabelPrinter: 'Zebra' });
    await a.invoke('shipping.updatePostage', { apiKey: API_KEY, baseUrl: api.baseUrl, carriers: ['usps'] });
    const o = await order(a, [{ sku: 'CAP', quantity: 1 }]);
    const [batch] = await a.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: [o.id] });
    await pickEverything(a, batch.id);
    const session = await a.invoke('packing.open', { station: 'Station 2', code: o.number });
    await a.invoke('packing.scanItem', { sessionId: session.id, code: 'SUP-CAP' });
    await a.invoke('packing.weigh', { sessionId: session.id, grams: 250 });
    server = await startStationServer(a, { port: 0 });

    api.mode = 'down';
    const failed = await shipOverHttp(session.id);
    expect(failed.status).not.toBe(200);
    expect((await a.invoke('packing.get', { sessionId: session.id })).status).toBe('packing');
    api.mode = 'normal';
    const retried = await shipOverHttp(session.id);
    expect(retried.status).toBe(200);
    expect(api.requests.filter((r) => r.url.endsWith('/buy'))).toHaveLength(1);
  });
});
