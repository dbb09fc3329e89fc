import { expect, test } from './station';
import { StockPage } from './pages/stock';

test("the product page shows the demand forecast: history with the stockout shaded, the forecast, the method and why", async ({ page, demoStation }) => {
  // The demo's candle ran out for three weeks when a delivery came late (main/demo/demand-history.ts).
  const candle = await demoStation.api<{ id: number }>('catalog.get', { sku: 'CANDLE-CEDAR' });
  const stock = new StockPage(page);
  await page.goto(`${demoStation.url}/#/stock/${candle.id}`);
  await expect(stock.detail()).toContainText('CANDLE-CEDAR');
  const panel = stock.forecast();
  await expect(panel.getByTestId('forecast-method')).toHaveText(/Holt–Winters \(weekly\)|Simple exponential smoothing/);
  await expect(panel.getByTestId('forecast-reason')).toContainText('had the lowest error in a 4×14-day backtest');
  await expect(panel.getByTestId('forecast-censored')).toContainText(/Shaded: \d+ days with nothing on the shelf/);
  // The chart draws the sold line, the forecast line and the shaded stockout.
  const chart = panel.getByTestId('forecast-chart');
  await expect(chart.locator('.recharts-line')).toHaveCount(2);
  await expect(chart.locator('.recharts-reference-area')).not.toHaveCount(0);
  const perDay = Number((await panel.getByTestId('forecast-per-day').innerText()).split(' ')[0]);
  expect(perDay).toBeGreaterThan(2.5); // the empty shelf did not pull it towards zero (true mean 4/day)

  // One warehouse's demand: the candle is sold from MAIN only; EAST never had one on the shelf.
  await panel.getByTestId('forecast-warehouse').selectOption({ label: 'EAST' });
  await expect(panel.getByTestId('forecast-reason')).toContainText('No day with stock to learn from: forecast zero.');
  await expect(panel.getByTestId('forecast-reason')).toContainText('Not stored yet');
  await panel.getByTestId('forecast-warehouse').selectOption({ label: 'All warehouses' });
  await expect(panel.getByTestId('forecast-reason')).toContainText('had the lowest error');

  // Recompute: stored again, and the audit log says who did it.
  const refreshes = async () => (await demoStation.api<{ entries: { action: string }[] }>('audit.list', { action: 'forecasting.refresh' })).entries.length;
  expect(await refreshes()).toBe(0); // the demo's own forecasts were computed while seeding
  await stock.recomputeForecast();
  await expect.poll(refreshes).toBe(1);
  await expect(panel.getByTestId('forecast-refresh')).toHaveText('Recompute');
  await expect(panel.getByTestId('forecast-reason')).toContainText('Computed');
});
