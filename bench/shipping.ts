// shipping: rate shopping and the ship command.
//   rate_shop_p95_ms           — shopRates for one package across 10 carriers × 5 services (50 priced
//                                options, demo zone charts and rate cards, compiled once).
//   ship_to_label_bytes_p95_ms — `shipping.ship` with a printer on a real temp database, until the
//                                label's bytes have arrived at a ZPL printer simulator on loopback
//                                (rating, rules, shipment + packages + tracking, label render, stock
//                                pick, order state, print queue, TCP).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp } from '../main/app';
import { startPrinterSimulator } from '../main/devices/simulators';
import {
  BUILT_IN_CARRIERS,
  compileShippingTables,
  findBuiltInService,
  generateDemoRateCard,
  generateDemoShippingTables,
  shopRates,
  type Carrier,
  type ShippingService,
} from '../main/domain/shipping';
import { percentile, report } from './_harness';

function rateShop(): void {
  const tables = generateDemoShippingTables({ originPrefixes: ['100'] });
  const picks = ['usps:ground_advantage', 'usps:priority', 'ups:ground', 'fedex:2day', 'dhl:ecommerce_ground'].map((k) => findBuiltInService(k)!);
  const carriers: Carrier[] = [];
  const services: ShippingService[] = [];
  for (let i = 0; i < 10; i++) {
    for (const base of picks) {
      const carrierCode = `${base.carrierCode}${i}`;
      if (!carriers.some((c) => c.code === carrierCode)) carriers.push({ code: carrierCode, name: carrierCode, zoneChartId: BUILT_IN_CARRIERS.find((c) => c.code === base.carrierCode)!.zoneChartId });
      services.push({ ...base, carrierCode });
    }
  }
  const compiled = compileShippingTables({ services, carriers, zoneCharts: tables.zoneCharts, rateCards: services.map((s) => generateDemoRateCard(s)) });
  const ctx = { tables: compiled, origin: { country: 'US', postalCode: '10001' }, shipAt: '2025-03-10T15:30', promisedBy: '2025-03-14' };
  const destinations = ['94105', '60601', '30301', '99501', '02108', '73301'];
  const samples: number[] = [];
  for (let i = 0; i < 5_500; i++) {
    const pkg = {
      weightG: 300 + (i % 40) * 250,
      lengthMm: 300,
      widthMm: 200,
      heightMm: 100,
      destination: { country: 'US', postalCode: destinations[i % destinations.length], residential: i % 2 === 0 },
    };
    const start = performance.now();
    const r = shopRates(pkg, services, ctx);
    const ms = performance.now() - start;
    if (r.options.length !== 50) throw new Error(`expected 50 options, got ${r.options.length}`);
    if (i >= 500) samples.push(ms); // the first runs warm the JIT
  }
  report('rate_shop_p95_ms', percentile(samples, 95), 'ms', { max: 5 });
}

async function shipToLabel(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-shipping-'));
  const printer = await startPrinterSimulator();
  const app = await openApp({ dbPath: path.join(dir, 'bench.sqlite'), workers: true });
  try {
    await app.invoke('warehouses.upsert', { code: 'NYC', name: 'New York', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
    const runs = Number(process.env.BENCH_SHIP_RUNS ?? 60);
    await app.invoke('stock.receive', { sku: 'MUG', quantity: runs + 10, warehouse: 'NYC' });
    await app.invoke('shipping.upsertBox', { code: 'BOX-S', name: 'Small', innerLengthMm: 200, innerWidthMm: 150, innerHeightMm: 120, tareG: 100 });
    const tables = generateDemoShippingTables({ originPrefixes: ['100'] });
    for (const chart of tables.zoneCharts) app.services.shipping.config.saveZoneChart(chart, 'bench', 'demo');
    for (const card of tables.rateCards) app.services.shipping.config.saveRateCard(card, 'bench', 'demo');
    await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: printer.uri });
    const orders: number[] = [];
    for (let i = 0; i < runs; i++) {
      const o = await app.invoke('orders.create', {
        customer: { name: `Customer ${i}`, email: null, phone: null },
        shipTo: { name: `Customer ${i}`, company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: true },
        lines: [{ sku: 'MUG', quantity: 1 }],
      });
      orders.push(o.id);
    }
    const samples: number[] = [];
    for (const [i, orderId] of orders.entries()) {
      const start = performance.now();
      await app.invoke('shipping.ship', { orderId, printer: 'Zebra' });
      await printer.waitForJobs(i + 1, 10_000);
      if (i >= 5) samples.push(performance.now() - start);
    }
    report('ship_to_label_bytes_p95_ms', percentile(samples, 95), 'ms', { max: 250 });
  } finally {
    await app.close();
    await printer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

rateShop();
await shipToLabel();
