import { test } from '@playwright/test';
import { startPrinterSimulator, startScaleSimulator, type PrinterSimulator, type ScaleSimulator } from '../../main/devices/simulators';
import { OrdersPage } from './pages/orders';
import { PackingPage } from './pages/packing';
import { StockPage } from './pages/stock';
import { StoreConnectionsPanel } from './pages/store-connections';
import { findSimulatedShopify, ShopifyStoreClient, unlessThrottled } from './simulated-shopify';
import { expect, startStation, type Station } from './station';

/**
 * Channel sync end to end: `shipshape serve --demo --simulate-channels` (the demo shop, its Shopify
 * and WooCommerce channels connected to simulated stores in the server's process). The test talks
 * to the simulated Shopify store only through its own HTTP API, as a buyer (the simulator's
 * storefront checkout) and as an Admin API client would, and drives Shipshape through Chromium.
 */
interface ChannelStatus {
  channel: string;
  kind: string;
}

let station: Station & { stop(): Promise<void>; stderr(): string };
let shopify: ShopifyStoreClient;
let shopifyChannel: string;
let wooChannel: string;
let printer: PrinterSimulator;
let scale: ScaleSimulator;

test.beforeAll(async () => {
  station = await startStation({ demo: true, args: ['--simulate-channels'] });
  const status = await station.api<{ channels: ChannelStatus[] }>('sync.status');
  shopifyChannel = status.channels.find((c) => c.kind === 'shopify')!.channel;
  wooChannel = status.channels.find((c) => c.kind === 'woocommerce')!.channel;
  await expect.poll(() => findSimulatedShopify(station.stderr(), shopifyChannel), { message: 'the simulated Shopify store announces itself' }).not.toBeNull();
  shopify = new ShopifyStoreClient(findSimulatedShopify(station.stderr(), shopifyChannel)!);
  // A packing station of our own: a ZPL printer on loopback TCP and an NCI scale on a socat pty.
  printer = await startPrinterSimulator();
  scale = await startScaleSimulator({ protocol: 'nci', nciUnit: 'kg' });
  scale.setWeight(0);
  await station.api('printers.upsert', { name: 'E2E Zebra', language: 'zpl', uri: printer.uri });
  await station.api('scales.upsert', { name: 'E2E scale', protocol: 'nci', port: scale.path });
  await station.api('stations.upsert', { name: 'E2E station', shippingLabelPrinter: 'E2E Zebra', scale: 'E2E scale' });
});

test.afterAll(async () => {
  await printer?.close();
  await scale?.close();
  await station?.stop();
});

/** A demo product with free stock in MAIN as a plain item (no lots, not a kit), its MAIN figure well below `below`. */
async function plainProduct(below = Infinity, skip: string[] = []): Promise<{ sku: string; productId: number; available: number }> {
  const list = await station.api<{ rows: { productId: number; sku: string; available: number; isKit: boolean; nextExpiry: string | null }[] }>('stock.list', { warehouse: 'MAIN', limit: 300 });
  for (const row of list.rows) {
    if (row.isKit || row.nextExpiry || row.available < 5 || row.available + 10 > below || skip.includes(row.sku)) continue;
    const product = await station.api<{ lotTracked: boolean; weightG: number | null }>('catalog.get', { id: row.productId });
    if (!product.lotTracked && product.weightG) return row;
  }
  throw new Error('no plain demo product with stock in MAIN');
}

/** A SKU's available-to-sell in the active warehouses other than MAIN. */
async function availableOutsideMain(sku: string): Promise<number> {
  let sum = 0;
  for (const w of await station.api<{ code: string; active: boolean }[]>('warehouses.list', {})) {
    if (w.code === 'MAIN' || !w.active) continue;
    const list = await station.api<{ rows: { sku: string; available: number }[] }>('stock.list', { warehouse: w.code, query: sku, limit: 50 });
    sum += Math.max(0, list.rows.find((r) => r.sku === sku)?.available ?? 0);
  }
  return sum;
}

test('a storefront sale is packed and shipped at the station, and the Shopify store shows it fulfilled, with no made-up tracking number', async ({ page }) => {
  const product = await plainProduct();
  const sale = await shopify.checkout([{ sku: product.sku, quantity: 1 }]);

  // The order arrives (by the store's webhook) and waits in the queue.
  let order: { id: number; number: string; warehouse: string | null } | undefined;
  await expect
    .poll(async () => {
      const queue = await station.api<{ rows: { id: number; number: string; externalId: string; warehouse: string | null }[] }>('orders.list', { limit: 20 });
      order = queue.rows.find((o) => o.externalId === sale.legacyResourceId || o.externalId === sale.id);
      return order?.number ?? null;
    }, { message: 'the order arrives from the store' })
    .not.toBeNull();
  if (!order) throw new Error('unreachable');
  const orders = new OrdersPage(page);
  await orders.open(station.url);
  await orders.search().fill(order.number);
  await expect(orders.row(order.number)).toBeVisible();

  // Picked into a tote in the warehouse it was allocated to (the picking flow has its own e2e), then packed and shipped from the station.
  expect(order.warehouse, 'the order is allocated').toBeTruthy();
  const [batch] = await station.api<{ id: number; totes: { toteCode: string }[] }[]>('picking.createBatches', { warehouse: order.warehouse, orderIds: [order.id] });
  for (;;) {
    const step = await station.api<{ done: boolean; task: { id: number; bin: string; sku: string; qty: number } | null }>('picking.next', { batchId: batch.id });
    if (step.done || !step.task) break;
    await station.api('picking.scanBin', { taskId: step.task.id, code: step.task.bin });
    await station.api('picking.confirm', { taskId: step.task.id, code: step.task.sku, qty: step.task.qty });
  }
  const packing = new PackingPage(page);
  await packing.open(station.url, 'E2E station');
  await packing.scan(batch.totes[0].toteCode);
  await expect(packing.orderTitle()).toHaveText(order.number);
  await packing.scan(product.sku);
  await expect(packing.line(product.sku)).toContainText('1/1');
  // The parcel on the scale weighs what the station expects (item + the suggested box).
  const session = await station.api<{ weight: { expectedG: number } }>('packing.current', { station: 'E2E station' });
  scale.setWeight(session.weight.expectedG);
  await expect(packing.shipButton()).toBeEnabled();
  await packing.shipAndPrint();
  await expect(packing.info()).toContainText(`${order.number} shipped ✓`);
  await printer.waitForJobs(1, 15_000);
  const [shipment] = await station.api<{ id: number; packages: { trackingNumber: string | null }[] }[]>('shipping.shipments', { orderId: order.id });
  const tracking = shipment.packages[0].trackingNumber;
  expect(tracking).toBeTruthy();

  // The store, asked as any Admin API client would: fulfilled — and without a tracking number, because
  // no postage was bought for this label (its number is Shipshape's internal reference, never sent).
  await expect
    .poll(
      () =>
        unlessThrottled(async () => {
          const o = await shopify.order(sale.id);
          return { status: o.displayFulfillmentStatus, tracking: o.fulfillments.filter((f) => f.status === 'SUCCESS').flatMap((f) => f.trackingInfo.map((t) => t.number).filter(Boolean)) };
        }),
      { timeout: 20_000 },
    )
    .toEqual({ status: 'FULFILLED', tracking: [] });
  expect(tracking).toMatch(/^REF\d{10}$/);

  // And the order in the console says so.
  await orders.open(station.url);
  await orders.search().fill(order.number);
  await orders.row(order.number).click();
  await expect(orders.detail().getByTestId(`fulfilment-sync-${shipment.id}`)).toHaveText(/Fulfilment sent to Shopify \d{1,2}:\d{2}.* ✓/);
});

test("adjusting stock in the console changes the storefront's available count to the new available-to-sell figure", async ({ page }) => {
  // The simulated store's one location is mapped to MAIN (suggested by name on connect); being the store's only
  // location, it shows the available-to-sell of all active warehouses together (stock-targets.ts).
  const status = await station.api<{ channels: (ChannelStatus & { locations: { warehouse: string | null }[] })[] }>('sync.status');
  expect(status.channels.find((c) => c.channel === shopifyChannel)!.locations.map((l) => l.warehouse)).toEqual(['MAIN']);
  const channel = (await station.api<{ name: string; safetyBuffer: number; maxExportQty: number | null }[]>('channels.list')).find((c) => c.name === shopifyChannel)!;
  // What the store should show for an available figure: minus the channel's buffer, capped by its max export.
  const toSell = (available: number) => Math.max(0, Math.min(channel.maxExportQty ?? Infinity, available - channel.safetyBuffer));
  // Not the SKU the first test sold (each test stands alone).
  const product = await plainProduct(channel.maxExportQty ?? Infinity, [(await plainProduct()).sku]);

  const stock = new StockPage(page);
  await page.goto(`${station.url}/#/stock/${product.productId}`);
  await expect(stock.detail()).toContainText(product.sku);
  await expect(stock.figure('MAIN', 'available')).toHaveText(String(product.available));
  const elsewhere = await availableOutsideMain(product.sku);
  await expect.poll(() => unlessThrottled(() => shopify.available(product.sku)), { message: 'the store starts from our figure' }).toBe(toSell(product.available + elsewhere));

  await stock.adjust({ delta: 4, reason: 'found in e2e test' });
  await expect(page.getByTestId('toast-success')).toContainText(`Adjusted ${product.sku}`);
  await expect(stock.figure('MAIN', 'available')).toHaveText(String(product.available + 4));
  await expect.poll(() => unlessThrottled(() => shopify.available(product.sku)), { message: "the store's count follows", timeout: 15_000 }).toBe(toSell(product.available + elsewhere + 4));
});

test('Settings → Store connections shows each store, and a bad token is refused in plain words', async ({ page }) => {
  const panel = new StoreConnectionsPanel(page);
  await panel.open(station.url);
  for (const channel of [shopifyChannel, wooChannel]) {
    await expect(panel.status(channel)).toContainText('connected');
    await expect(panel.status(channel)).toContainText('(simulated)');
    await expect(panel.simulatedLabel(channel)).toContainText('SIMULATED');
    await expect(panel.lastPull(channel)).not.toHaveText('never');
    // In the shop's clock, as the audit log writes it (not this browser's locale, with seconds).
    await expect(panel.lastPull(channel)).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // The demo's channel names already say their platform: the card does not say it twice.
    await expect(panel.store(channel).locator('h3')).not.toContainText(') (');
    await expect(panel.backlog(channel)).toHaveText('0 changes — every shipment and stock change has reached the store');
  }
  // WooCommerce has one count per product: no location to map, and the panel says what it gets instead.
  await expect(panel.store(wooChannel).getByTestId('woocommerce-stock-note')).toContainText('all your warehouses together');
  await expect(panel.store(wooChannel).locator('[data-testid^="location-"]')).toHaveCount(0);
  // The connect form opens with the cursor in its first field, and Enter connects.
  await panel.store(shopifyChannel).getByTestId('show-connect').click();
  const form = panel.connectForm(shopifyChannel);
  await expect(form.getByLabel('Shop domain', { exact: false })).toBeFocused();
  await form.getByLabel('Shop domain', { exact: false }).fill(shopify.store.url);
  await form.getByLabel('Admin API access token').fill('shpat_not-the-right-token');
  await form.getByLabel('Admin API access token').press('Enter');
  await expect(panel.connectError(shopifyChannel)).toContainText('Shopify refused the access token');
  // A refused reconnect leaves the working connection as it was.
  await expect(panel.status(shopifyChannel)).toContainText('connected');

  // "Tell the customer" changes without reconnecting, is saved at once and survives a reload.
  await expect(panel.notifyCustomer(shopifyChannel)).toBeChecked();
  await panel.notifyCustomer(shopifyChannel).uncheck();
  await expect(page.getByTestId('toast-success')).toContainText('no longer be told');
  await page.reload();
  await panel.panel().waitFor();
  await expect(panel.notifyCustomer(shopifyChannel)).not.toBeChecked();
  await expect(panel.notifyCustomer(wooChannel)).toBeChecked();
  await panel.notifyCustomer(shopifyChannel).check();
  await expect(page.getByTestId('toast-success').last()).toContainText('will be told');
});
