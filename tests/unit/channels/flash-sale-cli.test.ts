import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tempDbPath } from '../../helpers/temp-app';

/** `shipshape channels drop`: the real binary in a child process on a temp database. */
describe('shipshape channels drop', () => {
  const tmp = tempDbPath();
  const cli = (...args: string[]) => runCli([...args, '--db', tmp.dbPath]);
  afterAll(() => tmp.cleanup());

  it('marks a SKU as a drop and back, and names an unknown SKU', () => {
    const products = path.join(tmp.dir, 'products.csv');
    writeFileSync(products, 'sku,name\nDROP-1,Sneaker drop\n');
    expect(cli('import', 'products', '--format', 'csv', products, '--json').status).toBe(0);
    expect(cli('stock', 'adjust', '--sku', 'DROP-1', '--delta', '12', '--reason', 'opening stock').status).toBe(0);

    const on = cli('channels', 'drop', '--sku', 'DROP-1', '--json');
    expect(on.status).toBe(0);
    // No channel is connected to a store yet: all 12 are in no quota.
    expect(on.json()).toMatchObject({ mode: 'owner', available: 12, channels: [], unassigned: 12 });
    expect(cli('channels', 'drop', '--sku', 'DROP-1').stdout).toContain('DROP-1: flash-sale mode (marked as a drop): unassigned 12');

    const off = cli('channels', 'drop', '--sku', 'DROP-1', '--off', '--json');
    expect(off.json()).toMatchObject({ mode: null, available: 12 });

    const unknown = cli('channels', 'drop', '--sku', 'NOPE');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('NOPE');
  });
});
