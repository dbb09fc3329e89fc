import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tempDbPath } from '../../helpers/temp-app';

/** The purchasing CLI end to end: the real `shipshape` binary on a temp database. */
describe('shipshape suppliers / po', () => {
  const tmp = tempDbPath();
  const cli = (...args: string[]) => runCli([...args, '--db', tmp.dbPath]);
  let supplierId: number;
  let poId: number;

  beforeAll(() => {
    const products = path.join(tmp.dir, 'products.csv');
    // A shop pricing these in euros; LAMP is in dollars (no currency conversion: a EUR PO cannot buy it).
    writeFileSync(products, 'sku,name,currency\nCANDLE,Soy candle,EUR\nWICK,Spare wick,EUR\nLAMP,Desk lamp,USD\n');
    expect(cli('import', 'products', '--format', 'csv', products, '--json').status).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('adds a supplier and its items with decimal prices, case packs and price breaks', () => {
    const r = cli('suppliers', 'add', '--name', 'Wax Works', '--lead-time-days', '5', '--currency', 'EUR', '--json');
    expect(r.status, r.stderr).toBe(0);
    supplierId = r.json().id;
    expect(supplierId).toBeGreaterThan(0);
    const item = cli('suppliers', 'item', '--supplier', String(supplierId), '--sku', 'CANDLE', '--cost', '2.50', '--case-pack', '6', '--moq', '12', '--supplier-sku', 'WW-C1', '--break', '48:2.10', '--json');
    expect(item.status, item.stderr).toBe(0);
    expect(cli('suppliers', 'item', '--supplier', String(supplierId), '--sku', 'WICK', '--cost', '0.35', '--json').status).toBe(0);
    const bad = cli('suppliers', 'item', '--supplier', String(supplierId), '--sku', 'WICK', '--cost', '0.355', '--json');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--cost: "0.355" has more than 2 decimals for EUR');
  });

  it('creates, shows and sends a PO; errors name the line', () => {
    const refused = cli('po', 'create', '--supplier', String(supplierId), '--line', 'CANDLE:12', '--line', 'GHOST:1', '--json');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("line 2: unknown SKU 'GHOST'");
    expect(cli('suppliers', 'item', '--supplier', String(supplierId), '--sku', 'LAMP', '--cost', '9.00', '--json').status).toBe(0);
    const otherCurrency = cli('po', 'create', '--supplier', String(supplierId), '--line', 'CANDLE:12', '--line', 'LAMP:1', '--json');
    expect(otherCurrency.status).toBe(1);
    expect(otherCurrency.stderr).toContain('line 2: LAMP is costed in USD but this order is in EUR (Wax Works); Shipshape does not convert currencies');
    const created = cli('po', 'create', '--supplier', String(supplierId), '--line', 'CANDLE:48', '--line', 'WICK:10:0.30', '--freight', '12.00', '--json');
    expect(created.status, created.stderr).toBe(0);
    poId = created.json().id;
    const shown = cli('po', 'show', '--po', String(poId), '--json').json();
    expect(shown.lines.map((l: { sku: string; quantity: number; unitCostCents: number }) => [l.sku, l.quantity, l.unitCostCents])).toEqual([
      ['CANDLE', 48, 210],
      ['WICK', 10, 30],
    ]);
    expect(shown).toMatchObject({ status: 'draft', currency: 'EUR', freightCents: 1200 });
    const pdf = path.join(tmp.dir, 'po.pdf');
    expect(cli('po', 'show', shown.number, '--pdf', pdf).status).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(cli('po', 'send', '--po', String(poId), '--json').json()).toMatchObject({ status: 'sent' });
    const list = cli('po', 'list', '--status', 'open', '--json').json();
    expect(list.map((p: { id: number }) => p.id)).toEqual([poId]);
    expect(existsSync(pdf)).toBe(true);
  });

  it('receives with damaged units and prints the putaway list', () => {
    const r = cli('po', 'receive', '--po', String(poId), '--line', 'WW-C1:46', '--damaged', 'WW-C1:2', '--line', 'WICK:4', '--json');
    expect(r.status, r.stderr).toBe(0);
    const result = r.json();
    expect(result.status).toBe('partially_received');
    expect(result.lines.map((l: { sku: string; received: number; damaged: number; stillOpen: number }) => [l.sku, l.received, l.damaged, l.stillOpen])).toEqual([
      ['CANDLE', 46, 2, 0],
      ['WICK', 4, 0, 6],
    ]);
    expect(result.putaway.map((p: { sku: string; bin: string }) => [p.sku, p.bin])).toEqual([
      ['CANDLE', 'DEFAULT'],
      ['WICK', 'DEFAULT'],
    ]);
    const stock = cli('stock', '--sku', 'CANDLE', '--json').json();
    expect(stock[0].on_hand).toBe(46);
    const cancel = cli('po', 'cancel', '--po', String(poId), '--json');
    expect(cancel.status).toBe(1);
    expect(cancel.stderr).toContain('close it instead of cancelling');
    expect(cli('po', 'close', '--po', String(poId), '--json').json()).toMatchObject({ status: 'closed' });
  });
});
