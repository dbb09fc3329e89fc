import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../../../main/app';
import { runCli } from '../../helpers/cli';
import { tempDbPath } from '../../helpers/temp-app';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/**
 * The CLI's money: amounts in the currency they are in (a yen supplier's bill is yen), written in
 * the shop's locale (Settings → Shop format). The real binary in a child process on a temp database.
 */
describe('CLI money', () => {
  const tmp = tempDbPath();
  const cli = (...args: string[]) => runCli([...args, '--db', tmp.dbPath]);
  afterAll(() => tmp.cleanup());

  it("reads and prints a yen supplier's bill in yen, with the shop's separators", async () => {
    const products = path.join(tmp.dir, 'products.csv');
    writeFileSync(products, 'sku,name,price,currency\nKETTLE,Iron kettle,3000,JPY\n');
    expect(cli('import', 'products', '--format', 'csv', products, '--json').status).toBe(0);
    const supplierId = String(cli('suppliers', 'add', '--name', 'Nambu Ironworks', '--currency', 'JPY', '--json').json().id);
    expect(cli('suppliers', 'item', '--supplier', supplierId, '--sku', 'KETTLE', '--cost', '1500').status).toBe(0);
    const po = cli('po', 'create', '--supplier', supplierId, '--line', 'KETTLE:10', '--json').json() as { id: number; number: string };
    expect(cli('po', 'send', '--po', String(po.id)).status).toBe(0);
    expect(cli('po', 'receive', '--po', po.number, '--line', 'KETTLE:10').status).toBe(0);

    const bill = cli('po', 'bill', '--po', po.number, '--number', 'INV-1', '--amount', '15500');
    expect(bill.stderr).toBe('');
    expect(bill.stdout).toContain('¥15,500 (received ¥15,000)');

    // The shop switches to de-DE (Settings → Shop format); the next command prints that way.
    const app = await openApp({ dbPath: tmp.dbPath });
    await app.invoke('shopFormat.update', { locale: 'de-DE' });
    await app.close();
    const second = cli('po', 'bill', '--po', po.number, '--number', 'INV-2', '--amount', '1,000');
    expect(second.stderr).toBe('');
    expect(plain(second.stdout)).toContain('1.000 ¥ (received 15.000 ¥)');
  });
});
