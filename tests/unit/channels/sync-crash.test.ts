import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../main/app';
import { connectedShopify, orderOf, syncShop, type SyncApp } from './sync-setup';

/**
 * kill -9 with a backlog: the real `shipshape serve` (its channel-sync worker) is killed while it
 * drains the outbox, started again, and left to finish: every fulfilment reaches the store exactly
 * once and the storefront ends at our stock figure. The simulated store runs in this process, so
 * the children are spawned asynchronously (a blocking spawn would stop it from answering).
 */
const BIN = path.resolve(import.meta.dirname, '..', '..', '..', 'bin', 'shipshape.mjs');
let app: SyncApp;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await app.cleanup();
});

function serve(dbPath: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', dbPath], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SHIPSHAPE_ALLOW_LOOPBACK_STORES: '1' } });
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}
const exited = (child: ChildProcess) => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, SHIPSHAPE_ALLOW_LOOPBACK_STORES: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI', () => {
  it('channels connect, sync run and sync status --json', { timeout: 60_000 }, async () => {
    app = await syncShop();
    const { startShopifyStore } = await import('../../../main/simulators/shopify-store');
    const store = await startShopifyStore({ shopName: 'Field Goods', locations: ['Main warehouse'] });
    closers.push(() => store.close());
    store.addProduct({ sku: 'MUG', name: 'Enamel Mug', stock: 100 });
    const missed = await store.sell([{ sku: 'MUG', quantity: 1 }], { skipWebhook: true });
    const channel = await app.invoke('channels.upsert', { name: 'Shopify', kind: 'shopify', secret: 'shpss_sync_test_secret' });
    const db = ['--db', app.store.path];
    const connected = await cli(['channels', 'connect', '--channel', String(channel.id), '--url', store.url, '--token', store.credentials.token!, '--json', ...db]);
    expect(connected.code, connected.stderr).toBe(0);
    expect(JSON.parse(connected.stdout)).toMatchObject({ connected: true, shop: 'Field Goods', locations: [{ name: 'Main warehouse', warehouse: 'MAIN' }] });
    const run = await cli(['sync', 'run', '--json', ...db]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).channels[0].pull).toMatchObject({ created: 1 });
    expect(await orderOf(app, channel.id, missed!.externalId)).toBeDefined();
    const status = await cli(['sync', 'status', '--json', ...db]);
    expect(JSON.parse(status.stdout).channels[0]).toMatchObject({ status: 'connected', shop: 'Field Goods', credentialHint: store.credentials.token!.slice(-4) });
    expect(status.stdout).not.toContain(store.credentials.token);
    const bad = await cli(['channels', 'connect', '--channel', String(channel.id), '--url', store.url, '--token', 'shpat_nope', ...db]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/refused the credentials/);
  });
});

describe('the outbox across kill -9', () => {
  it('a backlog of fulfilments and stock survives SIGKILL mid-drain: 0 lost, 0 duplicated', { timeout: 120_000 }, async () => {
    app = await syncShop();
    const { store, channelId } = await connectedShopify(app);
    closers.push(() => store.close());
    const sold: string[] = [];
    for (let i = 0; i < 8; i++) sold.push((await store.sell([{ sku: 'MUG', quantity: 1 }], { skipWebhook: true }))!.externalId);
    await app.invoke('sync.run', {});
    for (const externalId of sold) {
      // Labels made without postage: no tracking number goes to Shopify, so a retry after the kill is
      // recognised by its lines (nothing left to fulfil), not by a number.
      const shipment = await app.invoke('shipping.ship', { orderId: (await orderOf(app, channelId, externalId))!.id });
      expect(shipment.labelKind).toBe('reference');
    }
    await app.invoke('stock.adjust', { sku: 'TEE', delta: -30, warehouse: 'MAIN', reason: 'count' });
    // The figure is queued by the pass the adjustment scheduled just after its commit.
    await app.services.channelSync.runner.stockQueued();
    const backlog = (await app.store.raw<{ n: number }>("select count(*) as n from sync_outbox where state = 'pending'"))[0].n;
    expect(backlog).toBeGreaterThanOrEqual(9);
    const dbPath = app.store.path;
    await app.close();

    // Each answer takes a while, so the kill lands in the middle of the drain.
    store.fail({ kind: 'slow', ms: 150 });
    const first = serve(dbPath);
    const fulfilmentsSeen = () => sold.reduce((n, id) => n + store.fulfilmentsOf(id).length, 0);
    await until(() => fulfilmentsSeen() >= 2, 'the first fulfilments');
    first.kill('SIGKILL');
    await exited(first);
    expect(fulfilmentsSeen()).toBeLessThan(sold.length);

    store.fail(null);
    const second = serve(dbPath);
    closers.push(async () => {
      second.kill('SIGTERM');
      await exited(second);
    });
    await until(() => fulfilmentsSeen() >= sold.length && store.stockOf('TEE') === 70, 'the backlog to drain');
    // Let it settle, then look: the rows are all sent.
    const check = await openApp({ dbPath });
    try {
      await until(async () => (await check.store.raw<{ n: number }>("select count(*) as n from sync_outbox where state = 'pending'"))[0].n === 0, 'no pending rows');
    } finally {
      await check.close();
    }
    for (const externalId of sold) {
      expect(store.fulfilmentsOf(externalId)).toMatchObject([{ status: 'success', trackingNumber: null }]);
    }
    expect(store.stockOf('TEE')).toBe(70);
    expect(store.stockOf('MUG')).toBe(92);
  });
});
