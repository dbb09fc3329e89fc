import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tempDbPath } from '../../helpers/temp-app';

/** `shipshape po bill`: the real binary in a child process on a temp database. */
describe('shipshape po bill', () => {
  const tmp = tempDbPath();
  const cli = (...args: string[]) => runCli([...args, '--db', tmp.dbPath]);
  afterAll(() => tmp.cleanup());

  it("records a supplier's bill on a received PO and names what is wrong with a bad one", () => {
    const products = path.join(tmp.dir, 'products.csv');
    writeFileSync(products, 'sku,name\nLAMP,Brass Lamp\n');
    expect(cli('import', 'products', '--format', 'csv', products, '--json').status).toBe(0);
    const supplier = cli('suppliers', 'add', '--name', 'Acme Supply', '--terms-days', '14', '--json');
    expect(supplier.status).toBe(0);
    const supplierId = String(supplier.json().id);
    expect(cli('suppliers', 'item', '--supplier', supplierId, '--sku', 'LAMP', '--cost', '7.00').status).toBe(0);
    const po = cli('po', 'create', '--supplier', supplierId, '--line', 'LAMP:10', '--json').json() as { id: number; number: string };
    expect(cli('po', 'send', '--po', String(po.id)).status).toBe(0);

    const early = cli('po', 'bill', '--po', String(po.id), '--number', 'INV-1', '--amount', '70.00');
    expect(early.status).not.toBe(0);
    expect(early.stderr).toContain('received nothing yet');

    expect(cli('po', 'receive', '--po', po.number, '--line', 'LAMP:10').status).toBe(0);
    const bill = cli('po', 'bill', '--po', po.number, '--number', 'INV-1', '--amount', '71.50', '--json');
    expect(bill.status).toBe(0);
    expect(bill.json()).toMatchObject({ po: po.number, supplier: 'Acme Supply', number: 'INV-1', amount_cents: 7150, received_cents: 7000 });

    const badAmount = cli('po', 'bill', '--po', po.number, '--number', 'INV-2', '--amount', '1.234');
    expect(badAmount.status).not.toBe(0);
    expect(badAmount.stderr).toContain('--amount');
    const twice = cli('po', 'bill', '--po', po.number, '--number', 'INV-1', '--amount', '1.00');
    expect(twice.status).not.toBe(0);
    expect(twice.stderr).toContain('already recorded');
  });
});
