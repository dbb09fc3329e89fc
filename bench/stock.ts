import { sqliteOnly } from '../main/store/store';
import { mapInOrder } from '../main/util/in-order';
// stock: the stock view at 100,000 SKUs and the product import.
//   stock_search_p95_ms       — `stock.list` with a search (what the stock screen's search box
//                                calls) over HTTP to the station server: SKU prefixes, name
//                                substrings, exact barcodes.
//   catalog_search_p95_ms     — `catalog.search` the same way (informational).
//   product_import_rows_per_s — a generated 100,000-row plain products CSV through the import
//                                service (validate pass + write pass), into an empty catalog.
//   product_import_rss_growth_mb — peak RSS growth while importing, sampled every 20 ms during the
//                                import (streaming: should stay flat as the file grows).
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import { openApp } from '../main/app';
import { gs1CheckDigit } from '../main/util/gs1';
import { startStationServer } from '../main/server/server';
import { percentile, report } from './_harness';

const N = Number(process.env.BENCH_STOCK_PRODUCTS ?? 100_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-stock-'));

const ADJECTIVES = ['Enamel', 'Stoneware', 'Merino', 'Canvas', 'Brass', 'Cedar', 'Organic', 'Waxed', 'Linen', 'Bamboo', 'Copper', 'Recycled'];
const NOUNS = ['Mug', 'Bowl', 'Tee', 'Hoodie', 'Sock', 'Tote', 'Notebook', 'Candle', 'Pen', 'Cap', 'Tea', 'Coffee', 'Plate', 'Bottle', 'Apron'];
const COLOURS = ['Red', 'Blue', 'Navy', 'Olive', 'Sand', 'Black', 'White', 'Rust', 'Sage', 'Teal'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const sku = (i: number) => `SKU-${String(i).padStart(6, '0')}`;
const name = (i: number) => `${ADJECTIVES[i % 12]} ${NOUNS[(i >> 2) % 15]} ${COLOURS[(i >> 4) % 10]} ${SIZES[(i >> 3) % 5]} #${i}`;
const gtin = (i: number) => {
  const body = `086${String(i).padStart(9, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
};

// BENCH_STOCK_SKIP_SEARCH=1 runs only the import part (below); BENCH_STOCK_PRODUCTS sets the size of both.
if (process.env.BENCH_STOCK_SKIP_SEARCH !== '1') {
  // ---------- seed 100,000 products with stock (direct SQL, one transaction) ----------
  const app = await openApp({ dbPath: path.join(dir, 'search.sqlite') });
  const t0 = performance.now();
  {
    const db = sqliteOnly(app.store, "This bench").sqlite;
    const now = new Date().toISOString();
    const insertProduct = db.prepare(
      'insert into product (id, sku, name, weight_g, price_cents, cost_cents, avg_cost_cents, reorder_point, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?)',
    );
    const insertBarcode = db.prepare("insert into barcode (code, product_id, kind) values (?, ?, 'gtin')");
    const insertSearch = db.prepare('insert into product_search (rowid, sku, name, codes) values (?,?,?,?)');
    const insertBalance = db.prepare('insert into stock_balance (product_id, warehouse_id, bin_id, lot_id, on_hand, reserved) values (?, 1, 1, null, ?, 0)');
    const insertMovement = db.prepare("insert into stock_movement (at, kind, product_id, warehouse_id, bin_id, quantity, unit_cost_cents, reason, actor) values (?, 'receive', ?, 1, 1, ?, ?, 'received', 'bench')");
    const insertLevel = db.prepare('insert into stock_level (product_id, warehouse_id, on_hand, sellable, reserved) values (?, 1, ?, ?, 0)');
    db.transaction(() => {
      for (let i = 1; i <= N; i++) {
        const cost = 200 + (i % 5000);
        insertProduct.run(i, sku(i), name(i), 100 + (i % 900), cost * 2, cost, cost, i % 20, now, now);
        insertBarcode.run(gtin(i), i);
        insertSearch.run(i, sku(i), name(i), gtin(i));
        const qty = i % 7 === 0 ? 0 : (i * 37) % 200;
        if (qty > 0) {
          insertBalance.run(i, qty);
          insertMovement.run(now, i, qty, cost);
          insertLevel.run(i, qty, qty);
        }
      }
    })();
    db.pragma('optimize');
  }
  report('stock_seed_100k_ms', performance.now() - t0, 'ms');

  const server = await startStationServer(app, { port: 0 });
  async function api(method: string, input: unknown): Promise<unknown> {
    const res = await fetch(`${server.url}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    const body = (await res.json()) as { data?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.data;
  }

  // Varied queries, as people and scanners type them.
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const queries: string[] = [];
  for (let k = 0; k < 400; k++) {
    const i = 1 + rnd(N);
    switch (k % 6) {
      case 0: queries.push(sku(i).slice(0, 6 + rnd(4))); break; // SKU prefix: "SKU-01", "SKU-0123"
      case 1: queries.push(sku(i)); break; // a whole SKU
      case 2: queries.push(gtin(i)); break; // a scanned barcode
      case 3: queries.push(NOUNS[rnd(15)].toLowerCase()); break; // one word: "mug"
      case 4: queries.push(`${COLOURS[rnd(10)].toLowerCase()} ${SIZES[rnd(5)]}`.slice(0, 4 + rnd(3))); break; // a fragment
      default: queries.push(`${ADJECTIVES[rnd(12)].slice(1)} ${NOUNS[rnd(15)]}`); break; // substring across words
    }
  }

  async function measure(method: string, input: (q: string) => unknown): Promise<number[]> {
    for (const q of queries.slice(0, 30)) await api(method, input(q)); // warm up
    const samples: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await api(method, input(q));
      samples.push(performance.now() - t);
    }
    return samples;
  }

  const listSamples = await measure('stock.list', (q) => ({ query: q, offset: 0, limit: 100 }));
  report('stock_search_p95_ms', percentile(listSamples, 95), 'ms', { max: 20 });
  report('stock_search_p50_ms', percentile(listSamples, 50), 'ms');
  // The same queries in-process: the server's own work, without HTTP and scheduling (on a busy
  // machine the round trip, not the query, dominates the figure above).
  const serviceSamples = await mapInOrder(queries, async (q) => {
    const t = performance.now();
    await app.services.inventory.stock.list({ query: q, filter: 'all', expiringDays: 30, offset: 0, limit: 100 });
    return performance.now() - t;
  });
  report('stock_search_service_p95_ms', percentile(serviceSamples, 95), 'ms');
  const searchSamples = await measure('catalog.search', (q) => ({ query: q, limit: 20 }));
  report('catalog_search_p95_ms', percentile(searchSamples, 95), 'ms');
  const scroll: number[] = [];
  for (let k = 0; k < 50; k++) {
    const t = performance.now();
    await api('stock.list', { offset: rnd(N - 200), limit: 200 });
    scroll.push(performance.now() - t);
  }
  report('stock_list_page_p95_ms', percentile(scroll, 95), 'ms');
  await server.close();
  await app.close();
}

// ---------- import a generated 100,000-row plain CSV ----------
const csvPath = path.join(dir, 'products.csv');
{
  const out = createWriteStream(csvPath);
  out.write('sku,name,barcodes,weight_g,length_mm,width_mm,height_mm,price,cost,currency,hs_code,origin_country,tags,active,reorder_point,safety_stock,lot_tracked,kit_components\n');
  for (let i = 1; i <= N; i++) {
    const line = `IMP-${String(i).padStart(6, '0')},"${name(i)}",${gtin(i + N)},${100 + (i % 900)},${100 + (i % 300)},${80 + (i % 200)},${10 + (i % 90)},${(19.99 + (i % 50)).toFixed(2)},${(7.4 + (i % 20)).toFixed(2)},USD,6109.10,PT,apparel|summer,true,${i % 30},${i % 5},false,\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
const importApp = await openApp({ dbPath: path.join(dir, 'import.sqlite') });
// A full collection before the baseline, so garbage from generating the file is neither counted nor
// left as free heap for the import to grow into unseen.
v8.setFlagsFromString('--expose-gc');
(vm.runInNewContext('gc') as () => void)();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t1 = performance.now();
const cpu0 = process.cpuUsage();
const result = await importApp.services.inventory.productImport.importFile('csv', csvPath, { skipBadRows: false });
const seconds = (performance.now() - t1) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
if (result.created !== N || result.failed !== 0) throw new Error(`import went wrong: ${JSON.stringify({ ...result, errors: result.errors.slice(0, 3) })}`);
const cpu = process.cpuUsage(cpu0);
report('product_import_rows_per_s', N / seconds, 'rows/s', { min: 20_000 });
// Rows per second of this process's CPU time: less sensitive to other load on the machine.
report('product_import_rows_per_cpu_s', N / ((cpu.user + cpu.system) / 1e6), 'rows/s');
report('product_import_file_mb', statSync(csvPath).size / 1e6, 'MB');
report('product_import_rss_growth_mb', (peak - baseline) / 1e6, 'MB');
await importApp.close();
rmSync(dir, { recursive: true, force: true });
