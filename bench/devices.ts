// label_render_zpl_us: median µs to render one 4×6 in product label to ZPL (203 dpi).
// print_enqueue_to_bytes_p95_ms: from `printers.testPrint`-style enqueue through the service
// (job row committed, sender woken) to the last byte received by a loopback printer simulator.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp } from '../main/app';
import { labelSizeOf, renderLabelFor } from '../main/devices/print-documents';
import { productLabel, renderZpl, ZEBRA_203_DPI } from '../main/devices/labels';
import { startPrinterSimulator } from '../main/devices/simulators';
import { median, percentile, report } from './_harness';

// ---- render ----
const inputs = Array.from({ length: 200 }, (_, i) => ({
  name: `Hand-thrown stoneware mug, glazed “Tōkyō blue” No. ${i}`,
  sku: `MUG-${String(i).padStart(5, '0')}`,
  barcode: '09506000134352',
  priceCents: 1250 + i,
  currency: 'EUR',
}));
for (let i = 0; i < 2000; i++) renderZpl(productLabel(inputs[i % inputs.length]), ZEBRA_203_DPI); // warm up
const renderSamples: number[] = [];
for (let round = 0; round < 50; round++) {
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) renderZpl(productLabel(inputs[(round * 100 + i) % inputs.length]), ZEBRA_203_DPI);
  renderSamples.push(((performance.now() - t0) * 1000) / 100);
}
report('label_render_zpl_us', median(renderSamples), 'us', { max: 500 });

// ---- enqueue → bytes at the printer ----
const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-devices-'));
const printer = await startPrinterSimulator();
const app = await openApp({ dbPath: path.join(dir, 'bench.sqlite'), workers: true });
try {
  await app.invoke('printers.upsert', { name: 'Bench Zebra', language: 'zpl', uri: printer.uri });
  const row = await app.services.devices.registry.printer('Bench Zebra');
  const size = labelSizeOf(row);
  const latencies: number[] = [];
  for (let i = 0; i < 220; i++) {
    const rendered = renderLabelFor(row, productLabel(inputs[i % inputs.length], size));
    const t0 = performance.now();
    await app.services.devices.queue.enqueue(row, rendered, { kind: 'product_label', reference: inputs[i % inputs.length].sku, actor: 'bench' });
    await printer.waitForJobs(i + 1, 5000);
    if (i >= 20) latencies.push(performance.now() - t0); // the first 20 warm up the JIT and the statement cache
  }
  report('print_enqueue_to_bytes_p95_ms', percentile(latencies, 95), 'ms', { max: 50 });
  report('print_enqueue_to_bytes_median_ms', median(latencies), 'ms');
} finally {
  await app.close();
  await printer.close();
  rmSync(dir, { recursive: true, force: true });
}
