/**
 * Manual throughput check for the product importers (not a timed test: shared CI cores make timings
 * flaky). Run by hand:  npx tsx tests/unit/intake/products-throughput.manual.ts [megabytes]
 * Writes a plain and a Shopify (current header) products CSV of about that size to the OS temp folder,
 * streams each through its parser, and prints rows/s and heap growth. Target: >= 50,000 rows/s with
 * heap flat apart from the per-file SKU set.
 */
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { streamPlainProductsCsv } from '../../../main/domain/catalog/import/plain-products-csv';
import { streamShopifyProductsCsv } from '../../../main/domain/catalog/import/shopify-products-csv';
import { gs1CheckDigit } from '../../../main/util/gs1';
import type { ProductImportItem } from '../../../main/domain/catalog/import/incoming-product';

const targetBytes = Number(process.argv[2] ?? 50) * 1024 * 1024;

function gtin13(n: number): string {
  const data = `400${String(n).padStart(9, '0')}`;
  return data + gs1CheckDigit(data);
}

async function writeFile(path: string, header: string, rowFor: (i: number) => string): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let bytes = header.length + 1;
  let rows = 0;
  while (bytes < targetBytes) {
    const line = `${rowFor(rows)}\n`;
    bytes += Buffer.byteLength(line);
    rows++;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

async function measure(label: string, items: AsyncIterable<ProductImportItem>, expectedRows: number): Promise<void> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  let ok = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  for await (const item of items) {
    if (item.ok) ok++;
    else if (failed++ < 3) console.log('  error:', JSON.stringify(item.errors));
    if ((ok & 0x3fff) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU seconds as well as wall time: on a shared machine the wall number mostly measures the neighbours.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(
    JSON.stringify({ metric: `${label}_rows_per_s`, value: Math.round((ok + failed) / seconds), unit: 'rows/s' }),
    JSON.stringify({ metric: `${label}_rows_per_cpu_s`, value: Math.round((ok + failed) / cpuSeconds), unit: 'rows/s' }),
    `${ok} ok, ${failed} failed of ${expectedRows} in ${seconds.toFixed(2)} s (${cpuSeconds.toFixed(2)} CPU s); heap ${mb(heapBefore)} -> peak ${mb(peakHeap)} MB`,
  );
}

const plainPath = join(tmpdir(), `shipshape-products-plain-${process.pid}.csv`);
const shopifyPath = join(tmpdir(), `shipshape-products-shopify-${process.pid}.csv`);
try {
  const plainHeader = 'sku,name,barcodes,weight_g,length_mm,width_mm,height_mm,price,cost,currency,hs_code,origin_country,tags,active,reorder_point,safety_stock,lot_tracked,kit_components';
  const plainRows = await writeFile(plainPath, plainHeader, (i) =>
    `SKU-${i},"Product ${i}, size M",${gtin13(i)},${100 + (i % 900)},300,200,${10 + (i % 50)},${(i % 100) + 1}.99,${i % 50}.25,USD,6109.10,PT,apparel|summer,true,${i % 40},${i % 7},false,`,
  );
  await measure('plain_products', streamPlainProductsCsv(createReadStream(plainPath)), plainRows);

  const shopifyHeader = readFileSync(new URL('../../fixtures/shopify/products-csv-header-current.csv', import.meta.url), 'utf8').trim();
  const columns = shopifyHeader.split(',');
  const at = (name: string) => columns.indexOf(name);
  const shopifyRows = await writeFile(shopifyPath, shopifyHeader, (i) => {
    const cells = new Array<string>(columns.length).fill('');
    const handle = `product-${Math.floor(i / 3)}`;
    cells[at('URL handle')] = handle;
    if (i % 3 === 0) {
      cells[at('Title')] = `Product ${Math.floor(i / 3)}`;
      cells[at('Vendor')] = 'Acme';
      cells[at('Tags')] = '"cotton, summer"';
      cells[at('Status')] = 'active';
      cells[at('Option1 name')] = 'Size';
    }
    cells[at('SKU')] = `SKU-${i}`;
    cells[at('Barcode')] = gtin13(i);
    cells[at('Option1 value')] = ['S', 'M', 'L'][i % 3];
    cells[at('Price')] = `${(i % 100) + 1}.99`;
    cells[at('Cost per item')] = `${i % 50}.25`;
    cells[at('Inventory quantity')] = String(i % 200);
    cells[at('Weight value (grams)')] = String(100 + (i % 900));
    cells[at('Weight unit for display')] = 'g';
    return cells.join(',');
  });
  await measure('shopify_products', streamShopifyProductsCsv(createReadStream(shopifyPath)), shopifyRows);
} finally {
  rmSync(plainPath, { force: true });
  rmSync(shopifyPath, { force: true });
}
