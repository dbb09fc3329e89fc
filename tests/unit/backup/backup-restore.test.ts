import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../main/app';
import { planRestore } from '../../../main/domain/backup/restore';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { runCli } from '../../helpers/cli';
import { postShopifyWebhook, shopifyOrderBody } from '../../helpers/shopify';
import { onPostgres, tempApp } from '../../helpers/temp-app';

const SECRET = 'shpss_backup_secret';
const SHIP_TO = { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true };

let app: Awaited<ReturnType<typeof tempApp>>;
let server: StationServer | null;

async function api<T>(method: string, input: unknown): Promise<T> {
  const res = await fetch(`${server!.url}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { data?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.data as T;
}

function ordersIn(file: string): Set<number> {
  const db = new Database(file, { readonly: true });
  try {
    return new Set((db.prepare('select id from sales_order').all() as { id: number }[]).map((r) => r.id));
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  app = await tempApp({ workers: true });
  server = await startStationServer(app, { port: 0 });
  await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Enamel mug', priceCents: 1800 });
  await app.invoke('stock.receive', { sku: 'MUG', quantity: 100_000 });
});
afterEach(async () => {
  await server?.close();
  await app.cleanup();
});

// Copies and restores of the SQLite file; PostgreSQL's pg_dump backups: pg-dump-backups.test.ts.
describe.skipIf(onPostgres)('backup and restore', () => {
  it('a backup taken during webhook and API order intake holds every order acknowledged before it began; restored, it passes check', async () => {
    const channel = await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: SECRET });
    const acked: number[] = [];
    let sentAfterBackup = false;
    const sentLate: number[] = [];
    let running = true;
    let next = 1;
    // Four webhook senders and one person typing orders at the console, without pause.
    const webhookSender = async () => {
      while (running) {
        const late = sentAfterBackup;
        const res = await postShopifyWebhook(server!.url, channel.webhookPath, shopifyOrderBody({ id: 5_000 + next++, lines: [{ sku: 'MUG', quantity: 1 }] }), SECRET);
        expect(res.status).toBe(200);
        (late ? sentLate : acked).push(res.body.orderId);
      }
    };
    const consoleSender = async () => {
      while (running) {
        const late = sentAfterBackup;
        const order = await api<{ id: number }>('orders.create', { customer: { name: 'Grace Hopper' }, shipTo: SHIP_TO, lines: [{ sku: 'MUG', quantity: 2 }] });
        (late ? sentLate : acked).push(order.id);
      }
    };
    const senders = [webhookSender(), webhookSender(), webhookSender(), webhookSender(), consoleSender()];
    while (acked.length < 60) await new Promise((r) => setTimeout(r, 5));
    const ackedBeforeBackup = [...acked];
    const backup = await api<{ path: string; bytes: number; verified: boolean; problems: string[] }>('backup.run', {});
    sentAfterBackup = true;
    while (sentLate.length < 10) await new Promise((r) => setTimeout(r, 5));
    running = false;
    await Promise.all(senders);

    expect(backup).toMatchObject({ verified: true, problems: [] });
    expect(path.dirname(backup.path)).toBe(path.join(app.dir, 'backups'));
    expect(existsSync(`${backup.path}-wal`)).toBe(false);
    const inCopy = ordersIn(backup.path);
    expect(ackedBeforeBackup.filter((id) => !inCopy.has(id))).toEqual([]);
    // A snapshot: orders sent after the backup answered are not in it.
    expect(sentLate.filter((id) => inCopy.has(id))).toEqual([]);
    expect((await app.services.system.check()).ok).toBe(true);
    const status = await api<{ last: { path: string; bytes: number; verified: boolean }; backups: { path: string }[] }>('backup.status', {});
    expect(status.last).toMatchObject({ path: backup.path, bytes: backup.bytes, verified: true });
    expect(status.backups.map((b) => b.path)).toEqual([backup.path]);

    // Restore: the server stops first (restore refuses while it runs, see below).
    const liveOrders = ordersIn(app.store.path);
    await server!.close();
    server = null;
    await app.close();
    const restored = runCli(['restore', backup.path, '--yes', '--json', '--db', app.store.path]);
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    const report = restored.json();
    expect(report.before).toEqual({ products: 1, orders: liveOrders.size });
    expect(report.after).toEqual({ products: 1, orders: inCopy.size });
    expect(report.check.ok).toBe(true);
    expect(report.backup).toMatchObject({ path: backup.path, bytes: backup.bytes });
    // The replaced database is kept, whole: every order it had, the late ones included.
    expect(report.setAside).toMatch(/test\.sqlite\.replaced-\d{8}-\d{6}Z$/);
    expect(ordersIn(report.setAside)).toEqual(liveOrders);
    expect(ordersIn(app.store.path)).toEqual(inCopy);
    const reopened = await openApp({ dbPath: app.store.path });
    expect((await reopened.services.system.check()).ok).toBe(true);
    await reopened.close();
  });

  it('refuses to restore while the database is open, and changes nothing', async () => {
    const backup = await app.invoke('backup.run', {});
    await expect((async () => await planRestore(app.store.path, backup.path))()).rejects.toThrow(/in use by another program.*Stop it, then restore again/);
    const cli = runCli(['restore', backup.path, '--yes', '--db', app.store.path]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/is in use by another program/);
    expect((await app.services.system.check()).ok).toBe(true);
  });

  it('refuses a truncated or corrupted backup and a SQLite file that is not Shipshape’s, leaving the database as it was', async () => {
    await app.invoke('backup.configure', { folder: path.join(app.dir, 'nas') });
    const good = await app.invoke('backup.run', {});
    expect(path.dirname(good.path)).toBe(path.join(app.dir, 'nas'));
    await server!.close();
    server = null;
    await app.close();
    const bytes = readFileSync(good.path);

    const truncated = path.join(app.dir, 'truncated.sqlite');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const corrupted = path.join(app.dir, 'corrupted.sqlite');
    const damaged = Buffer.from(bytes);
    for (let page = 1; page * 4096 < damaged.length; page += 2) damaged.fill(0x5a, page * 4096 + 100, page * 4096 + 300);
    writeFileSync(corrupted, damaged);
    const stranger = path.join(app.dir, 'notes.sqlite');
    const db = new Database(stranger);
    db.exec("create table note (id integer primary key, text text); insert into note (text) values ('not a shop')");
    db.close();
    const future = path.join(app.dir, 'future.sqlite');
    copyFileSync(good.path, future);
    const f = new Database(future);
    f.prepare("insert into schema_migration (name, timestamp) values ('9999_from_the_future', 'now')").run();
    f.close();
    const text = path.join(app.dir, 'text.sqlite');
    writeFileSync(text, 'SQLite format 3 is what this pretends to be, but it is text.\n'.repeat(200));

    const dbBefore = readFileSync(app.store.path);
    for (const [file, why] of [
      [truncated, /damaged|malformed|integrity/],
      [corrupted, /damaged|malformed|integrity/],
      [stranger, /not a Shipshape database/],
      [future, /unknown migrations 9999_from_the_future/],
      [text, /not a SQLite database/],
    ] as const) {
      const cli = runCli(['restore', file, '--yes', '--db', app.store.path]);
      expect(cli.status, file).toBe(1);
      expect(cli.stderr, file).toMatch(/Refusing to restore/);
      expect(cli.stderr, file).toMatch(why);
      expect(cli.stderr, file).toMatch(/The current database was not touched/);
    }
    expect(readFileSync(app.store.path).equals(dbBefore)).toBe(true);
    expect(runCli(['restore', good.path, '--yes', '--db', app.store.path]).status).toBe(0);
  });

  it('`shipshape backup --to` writes a verified copy to a chosen file or folder', async () => {
    await server!.close();
    server = null;
    await app.close();
    const file = path.join(app.dir, 'usb', 'shop-copy.sqlite');
    const toFile = runCli(['backup', '--to', file, '--json', '--db', app.store.path]);
    expect(toFile.status).toBe(0);
    expect(toFile.json()).toMatchObject({ path: file, verified: true });
    expect(toFile.json().bytes).toBeGreaterThan(0);
    const again = runCli(['backup', '--to', file, '--json', '--db', app.store.path]);
    expect(again.status).toBe(1);
    expect(again.json().error.message).toMatch(/already exists/);
    const toFolder = runCli(['backup', '--to', path.join(app.dir, 'usb'), '--db', app.store.path]);
    expect(toFolder.status).toBe(0);
    expect(toFolder.stdout).toMatch(/Backed up to .*usb\/shipshape-\d{8}-\d{9}Z-manual\.sqlite/);
    expect(toFolder.stdout).toMatch(/Verified: integrity check and every invariant passed/);
  });
});
