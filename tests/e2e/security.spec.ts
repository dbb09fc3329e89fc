import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StationAccessPanel } from './pages/settings-access';
import { StockPage } from './pages/stock';
import { expect, test } from './station';

/**
 * A hostile page on another origin (a second loopback server, another port) that the owner happens
 * to open: it tries to write a stock movement on the station server with the requests a page may
 * send without a CORS preflight (a `no-cors` fetch with text/plain, HTML form posts).
 */
function attackerPage(stationUrl: string): string {
  const target = `${stationUrl}/api/stock.adjust`;
  const body = JSON.stringify({ sku: 'MUG', delta: -7, reason: 'cross-site' });
  return `<!doctype html><title>Cheap flights</title>
<iframe name="sink"></iframe><iframe name="sink2"></iframe>
<form id="plain" method="POST" action="${target}" enctype="text/plain" target="sink"><input name='${body.slice(0, -1)},"x":"' value='"}'></form>
<form id="urlencoded" method="POST" action="${target}" target="sink2"><input name="sku" value="MUG"><input name="delta" value="-7"></form>
<script>
  window.attack = async () => {
    const results = [];
    try { await fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: ${JSON.stringify(body)} }); results.push('fetch sent'); } catch (e) { results.push('fetch failed: ' + e); }
    try { const r = await fetch(${JSON.stringify(target)}, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: ${JSON.stringify(body)} }); results.push('cors fetch ' + r.status); } catch (e) { results.push('cors fetch blocked'); }
    const loaded = (name) => new Promise((resolve) => { const f = document.querySelector('iframe[name=' + name + ']'); f.addEventListener('load', resolve, { once: true }); setTimeout(resolve, 5000); });
    const a = loaded('sink'); document.getElementById('plain').submit(); await a;
    const b = loaded('sink2'); document.getElementById('urlencoded').submit(); await b;
    return results;
  };
</script>`;
}

test('a page on another site cannot write to the station server (no-cors fetch, CORS fetch, form posts)', async ({ page, station }) => {
  await station.api('catalog.upsert', { sku: 'MUG', name: 'Mug' });
  await station.api('stock.receive', { sku: 'MUG', quantity: 10 });
  const stationRequests: string[] = [];
  page.on('response', (res) => {
    if (res.url().startsWith(station.url)) stationRequests.push(`${res.request().method()} ${res.status()}`);
  });

  const attacker = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(attackerPage(station.url));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    const results = await page.evaluate(() => (window as unknown as { attack(): Promise<string[]> }).attack());
    // The no-cors fetch leaves the browser; its answer is then withheld from the page by our
    // Cross-Origin-Resource-Policy ("Failed to fetch"). The CORS fetch is refused too.
    expect(results).toHaveLength(2);
    // Every request that reached the server was refused (403 for the foreign Origin).
    expect(stationRequests.length).toBeGreaterThan(0);
    for (const r of stationRequests) expect(r).toMatch(/ 4\d\d$/);
  } finally {
    await new Promise((resolve) => attacker.close(resolve));
  }

  // Nothing was written: still 10 on hand, and the only movement is the receipt.
  const stock = await station.api<{ rows: { sku: string; onHand: number }[] }>('stock.list', { query: 'MUG' });
  expect(stock.rows[0].onHand).toBe(10);
  const detail = await station.api<{ movements: unknown[] }>('stock.detail', { productId: (await station.api<{ id: number }>('catalog.get', { sku: 'MUG' })).id });
  expect(detail.movements).toHaveLength(1);
});

test('the owner adds and removes a reverse proxy host name in Settings → Station server access', async ({ page, station }) => {
  const panel = new StationAccessPanel(page);
  await panel.open(station.url);
  await expect(panel.panel()).toContainText('No extra host names');
  await panel.add('Shop.Example.com');
  await expect(panel.hosts()).toContainText('shop.example.com');
  expect(await station.api('stationAccess.get', {})).toEqual({ allowedHosts: ['shop.example.com'] });
  // A typo is refused with the name in the message; nothing changes.
  await panel.add('not a host');
  await expect(page.getByText(/"not a host" is not a host name/)).toBeVisible();
  expect(await station.api('stationAccess.get', {})).toEqual({ allowedHosts: ['shop.example.com'] });
  // The same typo again does not stack a second copy of the same message (checked once the next
  // change's confirmation, sent after it, is shown).
  await panel.add('not a host');
  await panel.add('proxy.example.com');
  await expect(page.getByText('proxy.example.com added')).toBeVisible();
  await expect(page.getByTestId('toast-error')).toHaveCount(1);
  await panel.remove('proxy.example.com');
  await panel.remove('shop.example.com');
  await expect(panel.panel()).toContainText('No extra host names');
  expect(await station.api('stationAccess.get', {})).toEqual({ allowedHosts: [] });
});

test('the products import streams a file larger than the 5 MB API body from the browser console', async ({ page, station }) => {
  const lines = ['sku,name,price'];
  for (let i = 0; lines.length <= 70_000; i++) lines.push(`BIG-${String(i).padStart(6, '0')},A product with a name long enough to make the file large ${i},12.50`);
  const file = Buffer.from(lines.join('\n'));
  expect(file.length).toBeGreaterThan(5 * 1024 * 1024);
  await page.goto(`${station.url}/#/stock/import`);
  const panel = page.getByTestId('import-products');
  await panel.getByLabel('Products file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: file });
  await panel.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-report')).toContainText('70000 created, 0 updated, 0 failed', { timeout: 60_000 });
  const stock = new StockPage(page);
  await stock.open(station.url);
  await stock.search().fill('BIG-069999');
  await expect(stock.row('BIG-069999', 'MAIN')).toBeVisible();
});
