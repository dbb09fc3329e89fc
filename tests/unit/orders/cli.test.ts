import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tempDbPath } from '../../helpers/temp-app';

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake');
const SHOPIFY_EXPORT = path.join(FIXTURES, 'shopify-orders-export.csv');
const PLAIN = path.join(FIXTURES, 'plain-orders.csv');

interface OrderRow {
  id: number;
  channel: string;
  external_id: string;
  number: string;
  status: string;
  warehouse: string | null;
  lines: { sku: string; qty: number }[];
}

/** The orders CLI end to end: the real `shipshape` binary in a child process on a temp database. */
describe('shipshape channels / import orders / orders', () => {
  const tmp = tempDbPath();
  const cli = (...args: string[]) => runCli([...args, '--db', tmp.dbPath]);
  let shop: { id: number; webhook_path: string };
  let phone: { id: number; webhook_path: string };

  beforeAll(() => {
    // Every SKU in the fixtures except CUP-ESP (so one Shopify order is held for an unknown SKU).
    const products = path.join(tmp.dir, 'products.csv');
    writeFileSync(products, 'sku,name\nTEE-RED-M,Field Tee - Red / M\nTOTE-CANVAS,Canvas tote\nSTICKER-5,Sticker pack\nMUG-BLUE,Blue mug\n');
    expect(cli('import', 'products', '--format', 'csv', products, '--json').status).toBe(0);
    for (const sku of ['TEE-RED-M', 'TOTE-CANVAS', 'MUG-BLUE']) expect(cli('stock', 'adjust', '--sku', sku, '--delta', '20', '--reason', 'opening stock').status).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('channels add --json prints the id and the webhook path', () => {
    const r = cli('channels', 'add', '--kind', 'shopify', '--name', 'Harbor Shop', '--secret', 'shpss_cli_test_secret', '--json');
    expect(r.status).toBe(0);
    shop = r.json();
    expect(shop).toEqual({ id: expect.any(Number), webhook_path: expect.stringMatching(/^\/webhooks\/shopify\/[\w-]{12,}$/) });
    phone = cli('channels', 'add', '--kind', 'csv', '--name', 'Phone orders', '--json').json();
    expect(phone.id).not.toBe(shop.id);
    expect(phone.webhook_path).toMatch(/^\/webhooks\/csv\//);
  });

  it('channels add refuses a bad kind with a usage error', () => {
    const r = cli('channels', 'add', '--kind', 'ebay', '--name', 'X');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--kind');
  });

  it('imports a Shopify orders export; a re-import is all duplicates', () => {
    const first = cli('import', 'orders', '--channel', String(shop.id), '--format', 'shopify', SHOPIFY_EXPORT, '--json');
    expect(first.status).toBe(0);
    expect(first.json()).toEqual({ created: 3, cancelled: 0, duplicate: 0, on_hold: 1, failed: 0, errors: [] });
    const again = cli('import', 'orders', '--channel', String(shop.id), '--format', 'shopify', SHOPIFY_EXPORT, '--json');
    expect(again.status).toBe(0);
    expect(again.json()).toEqual({ created: 0, cancelled: 0, duplicate: 3, on_hold: 0, failed: 0, errors: [] });
  });

  it('imports the plain orders CSV, idempotently', () => {
    const first = cli('import', 'orders', '--channel', String(phone.id), '--format', 'csv', PLAIN, '--json');
    expect(first.status).toBe(0);
    expect(first.json()).toMatchObject({ created: 2, duplicate: 0, failed: 0, errors: [] });
    expect(cli('import', 'orders', '--channel', String(phone.id), '--format', 'csv', PLAIN, '--json').json()).toMatchObject({ created: 0, duplicate: 2, failed: 0 });
  });

  it('reports bad rows and exits 1 when nothing could be imported', () => {
    const bad = path.join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'order_id,placed_at,ship_name,address1,city,country,sku,quantity,unit_price,currency\nX-1,not a date,A,1 St,Town,US,TEE-RED-M,two,1.00,USD\n');
    const r = cli('import', 'orders', '--channel', String(phone.id), '--format', 'csv', bad, '--json');
    expect(r.status).toBe(1);
    const report = r.json();
    expect(report).toMatchObject({ created: 0, failed: 1 });
    expect(report.errors.length).toBeGreaterThan(0);
    expect(report.errors[0]).toMatchObject({ row: 2 });
  });

  it('orders --json lists every order with its channel, external id, status, warehouse and lines', () => {
    const all: OrderRow[] = cli('orders', '--json').json();
    expect(all).toHaveLength(5);
    for (const o of all) expect(Object.keys(o).sort()).toEqual(['channel', 'external_id', 'id', 'lines', 'number', 'status', 'warehouse']);
    // Newest first; external ids exactly as the channel sent them (19 digits survive as text).
    expect(all.map((o) => o.number)).toEqual(['PH-2002', 'PH-2001', '#1003', '#1002', '#1001']);
    expect(all.find((o) => o.number === '#1001')).toEqual({
      id: expect.any(Number),
      channel: 'Harbor Shop',
      external_id: '5678901234567890123',
      number: '#1001',
      status: 'allocated',
      warehouse: 'MAIN',
      lines: [
        { sku: 'TEE-RED-M', qty: 2 },
        { sku: 'TOTE-CANVAS', qty: 1 },
      ],
    });
    // No STICKER-5 in stock: backordered, no warehouse.
    expect(all.find((o) => o.number === '#1002')).toMatchObject({ status: 'backordered', warehouse: null, lines: [{ sku: 'STICKER-5', qty: 5 }] });

    const held: OrderRow[] = cli('orders', '--status', 'on_hold', '--json').json();
    expect(held.map((o) => [o.number, o.lines])).toEqual([
      [
        '#1003',
        [
          { sku: 'MUG-BLUE', qty: 1 },
          { sku: 'CUP-ESP', qty: 2 },
        ],
      ],
    ]);
    const phoneOrders: OrderRow[] = cli('orders', '--channel', String(phone.id), '--json').json();
    expect(phoneOrders.map((o) => o.external_id)).toEqual(['PH-2002', 'PH-2001']);
    expect(phoneOrders.every((o) => o.channel === 'Phone orders')).toBe(true);

    // --sort promise: the same orders, earliest promise first (every page followed through its cursor).
    const byPromise: OrderRow[] = cli('orders', '--sort', 'promise', '--limit', '2', '--json').json();
    expect(byPromise).toHaveLength(2);
    const allByPromise: OrderRow[] = cli('orders', '--sort', 'promise', '--json').json();
    expect(allByPromise.map((o) => o.number).sort()).toEqual(all.map((o) => o.number).sort());
    expect(cli('orders', '--sort', 'sideways').status).not.toBe(0);
  });

  it('the human-readable list names each order', () => {
    const r = cli('orders', '--status', 'on_hold');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/#1003\s+on_hold/);
  });

  it('the database stays consistent', () => {
    expect(cli('check').status).toBe(0);
  });
});
