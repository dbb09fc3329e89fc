import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface Station {
  url: string;
  dbPath: string;
  dir: string;
  /** Calls the station API over HTTP as the local owner. */
  api<T = any>(method: string, input?: unknown): Promise<T>;
  /** Runs `shipshape` against the same database. */
  cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts the real `shipshape serve` on a fresh temp database and waits for its address. */
export async function startStation(opts: { demo?: boolean; args?: string[] } = {}): Promise<Station & { stop(): Promise<void>; stderr(): string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-e2e-'));
  const dbPath = path.join(dir, 'e2e.sqlite');
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'bin', 'shipshape.mjs'), 'serve', '--port', '0', '--db', dbPath, ...(opts.demo ? ['--demo'] : []), ...(opts.args ?? [])],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`station server did not start: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`station server exited (${code}): ${stderr}`)));
  });
  const station: Station = {
    url,
    dbPath,
    dir,
    async api(method, input = {}) {
      const res = await fetch(`${url}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await res.json()) as { data?: unknown; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.data as never;
    },
    cli(args) {
      return new Promise((resolve) => {
        const p = spawn(process.execPath, [path.join(ROOT, 'bin', 'shipshape.mjs'), ...args, '--db', dbPath], { cwd: ROOT });
        let stdout = '';
        let err = '';
        p.stdout.on('data', (d) => (stdout += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('exit', (code) => resolve({ code, stdout, stderr: err }));
      });
    },
  };
  return Object.assign(station, {
    /** What the server wrote on stderr so far (e.g. the simulated stores' addresses). */
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** `station` is a fresh server on an empty database; `demoStation` one seeded with the demo shop. */
export const test = base.extend<{ station: Station; demoStation: Station }>({
  station: async ({}, use) => {
    const s = await startStation();
    await use(s);
    await s.stop();
  },
  demoStation: async ({}, use) => {
    const s = await startStation({ demo: true });
    await use(s);
    await s.stop();
  },
});
export { expect } from '@playwright/test';

/**
 * A packing-ready shop on a station server (fulfilment e2e): MAIN in New York with bins, three
 * products with supplier barcodes (MUG 400 g, TEE 200 g, SOCK), boxes, a zone chart and rate cards
 * to Washington DC, the given printer and scale as "Station 1", and one order (1 MUG + 2 TEE)
 * batched and picked through the API, waiting at packing in tote T<batch>-1.
 */
export async function setUpPackingShop(station: Station, devices: { printerUri: string; scalePort: string }) {
  const api = station.api.bind(station);
  await api('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St', depot: { xM: 0, yM: -1 } });
  for (const [code, aisle, xM, yM] of [['A01-01', '01', 2, 2], ['A01-02', '01', 2, 4], ['A02-01', '02', 5, 3]] as const) {
    await api('bins.upsert', { warehouse: 'MAIN', code, aisle, xM, yM, zone: 'A', kind: 'pick' });
  }
  const products = [
    { sku: 'MUG', name: 'Enamel Mug', weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100, bin: 'A01-01' },
    { sku: 'TEE', name: 'Field Tee', weightG: 200, lengthMm: 300, widthMm: 250, heightMm: 25, bin: 'A02-01' },
    { sku: 'SOCK', name: 'Wool Sock', weightG: 80, lengthMm: 100, widthMm: 80, heightMm: 40, bin: 'A01-02' },
  ];
  for (const { bin, ...p } of products) {
    await api('catalog.upsert', { ...p, priceCents: 2000, barcodes: [{ code: `SUP-${p.sku}`, kind: 'supplier' }] });
    await api('stock.receive', { sku: p.sku, warehouse: 'MAIN', bin, quantity: 20 });
  }
  await api('shipping.upsertBox', { code: 'BOX-S', name: 'Small', innerLengthMm: 200, innerWidthMm: 150, innerHeightMm: 120, tareG: 100 });
  await api('shipping.upsertBox', { code: 'BOX-L', name: 'Large', innerLengthMm: 400, innerWidthMm: 300, innerHeightMm: 250, tareG: 400 });
  const zones = 'origin_prefix,dest_prefix,zone\n100,200,5\n';
  await api('shipping.importZones', { carrier: 'usps', csv: zones });
  await api('shipping.importRateCard', { carrier: 'usps', service: 'ground_advantage', csv: 'zone,max_weight_g,price\n5,2000,5.00\n5,10000,9.00\n' });
  await api('shipping.importRateCard', { carrier: 'usps', service: 'priority', csv: 'zone,max_weight_g,price\n5,2000,8.00\n5,10000,14.00\n' });
  await api('printers.upsert', { name: 'Zebra', language: 'zpl', uri: devices.printerUri });
  await api('scales.upsert', { name: 'Bench scale', protocol: 'nci', port: devices.scalePort });
  await api('stations.upsert', { name: 'Station 1', shippingLabelPrinter: 'Zebra', scale: 'Bench scale' });
  return pickedIntoTote(station, [{ sku: 'MUG', quantity: 1 }, { sku: 'TEE', quantity: 2 }]);
}

/** An order for Ada Lovelace in Washington DC, batched and picked through the API: waiting at packing in its tote. */
export async function pickedIntoTote(station: Station, lines: { sku: string; quantity: number }[]) {
  const api = station.api.bind(station);
  const order = await api<{ id: number; number: string; status: string }>('orders.create', {
    customer: { name: 'Ada Lovelace', email: null, phone: null },
    shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
    lines,
  });
  const [batch] = await api<{ id: number; totes: { toteCode: string }[] }[]>('picking.createBatches', { warehouse: 'MAIN', orderIds: [order.id] });
  for (;;) {
    const step = await api<{ done: boolean; task: { id: number; bin: string; sku: string; qty: number } | null }>('picking.next', { batchId: batch.id });
    if (step.done || !step.task) break;
    await api('picking.scanBin', { taskId: step.task.id, code: step.task.bin });
    await api('picking.confirm', { taskId: step.task.id, code: step.task.sku, qty: step.task.qty });
  }
  return { orderId: order.id, orderNumber: order.number, toteCode: batch.totes[0].toteCode };
}
