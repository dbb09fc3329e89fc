// startup_to_first_page_ms: from launching `shipshape serve` on an existing demo database to the
// order screen's first paint in Chromium (browser already running, as on a packing station).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { openApp } from '../main/app';
import { seedDemo } from '../main/demo/index';
import { ensureRendererBuilt } from '../main/cli/system';
import { median, percentile, report } from './_harness';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-'));
const dbPath = path.join(dir, 'demo.sqlite');
ensureRendererBuilt();
const app = await openApp({ dbPath });
await seedDemo(app, { seed: 1 });
await app.close();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const samples: number[] = [];
for (let i = 0; i < 5; i++) {
  const page = await browser.newPage();
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin', 'shipshape.mjs'), 'serve', '--port', '0', '--db', dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  await page.goto(`${url}/#/orders`);
  await page.locator('main h1').waitFor();
  samples.push(performance.now() - t0);
  await page.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
await browser.close();
rmSync(dir, { recursive: true, force: true });
report('startup_to_first_page_ms', median(samples), 'ms', { max: 1000 });
report('startup_to_first_page_p95_ms', percentile(samples, 95), 'ms');
