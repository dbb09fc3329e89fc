import { expect, test } from '@playwright/test';
import { StockPage } from './pages/stock';
import { startStation } from './station';

interface Row { productId: number; sku: string; available: number; isKit: boolean; nextExpiry: string | null }

test('mark a SKU as a drop on its product page: each simulated storefront gets its own quota, shown there', async ({ page }) => {
  test.setTimeout(180_000);
  // The demo shop with its two channels connected to simulated storefronts (SIMULATED, not real shops).
  const station = await startStation({ demo: true, args: ['--simulate-channels'] });
  try {
    const list = await station.api<{ rows: Row[] }>('stock.list', { warehouse: 'MAIN', limit: 300 });
    const row = list.rows.find((r) => !r.isKit && !r.nextExpiry && r.available >= 20)!;
    expect(row, 'a plain demo product with stock').toBeDefined();

    const stock = new StockPage(page);
    await page.goto(`${station.url}/#/stock/${row.productId}`);
    await expect(stock.detail()).toContainText(row.sku);
    await expect(stock.flashSaleSummary()).toContainText('Off: every storefront is shown the same available figure');

    await stock.markDrop();
    // Both channels' quotas, what each sold, and the units in no quota — all adding up to what is available.
    const summary = stock.flashSaleSummary();
    await expect(summary).toContainText('Flash-sale mode:');
    const sync = await station.api<{ channels: { channel: string; status: string }[] }>('sync.status', {});
    for (const c of sync.channels.filter((c) => c.status === 'connected')) await expect(summary).toContainText(`${c.channel} `);
    await expect(summary).toContainText('(0 sold)');
    // Once both storefronts confirmed their figures, no "…" is left, and the quotas sum to what is available.
    await expect(summary).not.toContainText('…', { timeout: 30_000 });
    const flash = await station.api<{ available: number; unassigned: number; channels: { quota: number }[] }>('flashSale.detail', { productId: row.productId });
    expect(flash.channels.reduce((s, c) => s + c.quota, 0) + flash.unassigned).toBe(flash.available);
    await expect(summary).toContainText(`unassigned ${flash.unassigned}`);
    await expect(stock.flashSale()).toContainText('Marked as a drop');

    await stock.endDrop();
    await expect(stock.flashSaleSummary()).toContainText('Off:');
  } finally {
    await station.stop();
  }
});
