// shipping: rate shopping and the ship command.
//   rate_shop_p95_ms           — shopRates for one package across 10 carriers × 5 services (50 priced
//                                options, demo zone charts and rate cards, compiled once).
//   ship_to_label_bytes_p95_ms — `shipping.ship` with a printer on a real temp database, until the
//                                label's bytes have arrived at a ZPL printer simulator on loopback
//                                (rating, rules, shipment + packages + tracking, label render, stock
//                                pick, order state, print queue, TCP).
//   pdf_label_render_ms        — one 4×6 in shipping label rendered to PDF (median).
//   address_check_us           — the intake address check of one US order (postal-code format, ZIP ↔ state
//                                from the zipcodes table, required fields), per order, in microseconds:
//                                median of 20 rounds of 5,000 varied addresses, after the table's first load.
//   batch_labels_100_orders_ms — batch labels for 100 orders on a real temp database: the plan (each
//                                order rated with its rules, total and exceptions), then one batch that
//                                creates every shipment, renders and queues its ZPL label and renders and
//                                queues its packing slip PDF for a system printer (the queue's sending
//                                is not timed: no workers run).
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
import { median, percentile, report } from './_harness';
import { renderLabelsPdf } from '../main/devices/labels';
import { shippingLabel } from '../main/domain/shipping/service/shipping-label';
import { checkAddress } from '../main/domain/orders/address-check';

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
    for (const chart of tables.zoneCharts) await app.services.shipping.config.saveZoneChart(chart, 'bench', 'demo');
    for (const card of tables.rateCards) await app.services.shipping.config.saveRateCard(card, 'bench', 'demo');
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

async function batchLabels(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-batch-'));
  const app = await openApp({ dbPath: path.join(dir, 'bench.sqlite'), workers: false });
  try {
    await app.invoke('warehouses.upsert', { code: 'NYC', name: 'New York', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St' });
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100 });
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 200, warehouse: 'NYC' });
    await app.invoke('shipping.upsertBox', { code: 'BOX-S', name: 'Small', innerLengthMm: 200, innerWidthMm: 150, innerHeightMm: 120, tareG: 100 });
    const tables = generateDemoShippingTables({ originPrefixes: ['100'] });
    for (const chart of tables.zoneCharts) await app.services.shipping.config.saveZoneChart(chart, 'bench', 'demo');
    for (const card of tables.rateCards) await app.services.shipping.config.saveRateCard(card, 'bench', 'demo');
    await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: 'tcp://127.0.0.1:9' });
    await app.invoke('printers.upsert', { name: 'Office', language: 'pdf', uri: 'system://Office' });
    const orderIds: number[] = [];
    for (let i = 0; i < 100; i++) {
      const o = await app.invoke('orders.create', {
        customer: { name: `Customer ${i}`, email: null, phone: null },
        shipTo: { name: `Customer ${i}`, company: null, line1: `${i} Analytical Way`, line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: true },
        lines: [{ sku: 'MUG', quantity: 1 }],
      });
      orderIds.push(o.id);
    }
    const start = performance.now();
    const plan = await app.invoke('shipping.batchPlan', { orderIds });
    const batch = await app.invoke('shipping.batchCreate', { orderIds, printer: 'Zebra', slipPrinter: 'Office' });
    const ms = performance.now() - start;
    if (plan.exceptions !== 0 || batch.shipped.length !== 100 || batch.slipJobIds.length !== 100 || batch.notes.length) {
      throw new Error(`batch did not label every order: ${batch.summary}; ${batch.notes.join('; ')}`);
    }
    report('batch_labels_100_orders_ms', ms, 'ms', { max: 3_000 });
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * pdf_label_render_ms — a 4×6 in shipping label (longest catalog service name, 22-digit IMpb
 * tracking barcode, reference barcode) rendered to PDF bytes, median of 200 after warm-up: what a
 * system printer's label or a "download label" costs.
 */
async function pdfLabelRender(): Promise<void> {
  const address = { name: 'Ada Lovelace', line1: '12 Analytical Way', city: 'Washington', region: 'DC', postalCode: '20001', country: 'US' };
  const layout = (i: number) =>
    shippingLabel({
      from: { ...address, name: 'Corner Shop' },
      to: address,
      carrierName: 'USPS',
      serviceName: 'USPS Priority Mail Express',
      weightG: 1360,
      packageSeq: 1,
      packageCount: 1,
      trackingNumber: `94001118992231974${String(10000 + i)}`,
      orderReference: `#${1000 + i}`,
      shipDate: '2026-12-07',
    });
  const samples: number[] = [];
  for (let i = 0; i < 230; i++) {
    const start = performance.now();
    const pdf = await renderLabelsPdf([layout(i)], '4x6');
    const ms = performance.now() - start;
    if (pdf.subarray(0, 5).toString() !== '%PDF-') throw new Error('not a PDF');
    if (i >= 30) samples.push(ms);
  }
  report('pdf_label_render_ms', median(samples), 'ms', { max: 50 });
}

function addressCheck(): void {
  // Real US ZIPs in many states, a tenth of them wrong (a ZIP in another state, a bad format), as intake sees them.
  const zips: [string, string][] = [['10001', 'NY'], ['94107', 'CA'], ['60601', 'IL'], ['73301', 'TX'], ['98101', 'WA'], ['02134', 'MA'], ['33101', 'FL'], ['80202', 'CO'], ['30301', 'GA'], ['97202', 'OR']];
  const addresses = Array.from({ length: 5_000 }, (_, i) => {
    const [zip, state] = zips[i % zips.length];
    const wrong = i % 10 === 9;
    return { name: `Customer ${i}`, line1: `${i} Main St`, city: 'Town', regionCode: wrong ? 'ZZ' : state, postalCode: i % 20 === 19 ? 'ABCDE' : zip, countryCode: 'US' };
  });
  checkAddress(addresses[0]); // loads the ZIP table once, as the first order of a process does
  const perOrderUs: number[] = [];
  let failed = 0;
  for (let round = 0; round < 20; round++) {
    const start = performance.now();
    for (const a of addresses) if (!checkAddress(a).ok) failed++;
    perOrderUs.push(((performance.now() - start) * 1000) / addresses.length);
  }
  if (failed !== 20 * 500) throw new Error(`expected 500 failing addresses per round, got ${failed / 20}`);
  report('address_check_us', median(perOrderUs), 'us', { max: 200 });
}

rateShop();
addressCheck();
await pdfLabelRender();
await shipToLabel();
await batchLabels();
