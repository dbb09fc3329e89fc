import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { openApp } from '../../../main/app';
import { runCli } from '../../helpers/cli';
import { tempDbPath } from '../../helpers/temp-app';

const DAY_MS = 86_400_000;

/** `shipshape forecast` end to end: the real binary on a database with 70 days of orders for 2 mugs a day. */
describe('shipshape forecast', () => {
  const tmp = tempDbPath();
  const cli = (...args: string[]) => runCli([...args, '--db', tmp.dbPath]);

  beforeAll(async () => {
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const clock = new ManualClock(new Date(today - 70 * DAY_MS + 3_600_000)); // stock arrives the morning of the first sale
    const app = await openApp({ dbPath: tmp.dbPath, clock });
    await app.invoke('calendar.update', { timeZone: 'UTC' });
    await app.invoke('catalog.upsert', { sku: 'MUG-BLUE', name: 'Blue mug' });
    await app.invoke('stock.receive', { sku: 'MUG-BLUE', quantity: 500 });
    const shipTo = { name: 'Ava Nguyen', line1: '12 Elm St', city: 'Portland', regionCode: 'OR', postalCode: '97214', countryCode: 'US' };
    for (let daysAgo = 70; daysAgo >= 1; daysAgo--) {
      clock.set(new Date(today - daysAgo * DAY_MS + 12 * 3_600_000));
      await app.invoke('orders.create', { customer: { name: 'Ava Nguyen' }, shipTo, lines: [{ sku: 'MUG-BLUE', quantity: 2, unitPriceCents: 1200 }] });
    }
    await app.close();
  }, 60_000);
  afterAll(() => tmp.cleanup());

  it('prints method, class, per day, the next 30 days and MASE as JSON', () => {
    const r = cli('forecast', '--sku', 'MUG-BLUE', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const f = r.json();
    expect(f).toMatchObject({ sku: 'MUG-BLUE', warehouse: null, method: 'ses', class: 'smooth', per_day: 2, mase: 0, stored: false });
    expect(f.next_30_days).toEqual(Array(30).fill(2));
    expect(f.reason).toMatch(/lowest error/);
  });

  it('--refresh stores the forecast first; the human output names the method', () => {
    const r = cli('forecast', '--sku', 'MUG-BLUE', '--refresh', '--json');
    expect(r.status).toBe(0);
    expect(r.json()).toMatchObject({ stored: true, per_day: 2 });
    const human = cli('forecast', '--sku', 'MUG-BLUE');
    expect(human.stdout).toContain('2.00 units/day, Simple exponential smoothing, smooth demand');
    // One warehouse's demand, by its code: all of it was sold from MAIN.
    const main = cli('forecast', '--sku', 'MUG-BLUE', '--warehouse', 'main', '--json');
    expect(main.status).toBe(0);
    expect(main.json()).toMatchObject({ warehouse: 'MAIN', per_day: 2, stored: false });
  });

  it('refuses an unknown SKU and a bad warehouse with clear errors', () => {
    const unknown = cli('forecast', '--sku', 'NOPE', '--json');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr + unknown.stdout).toContain('Product with SKU "NOPE" not found');
    const bad = cli('forecast', '--sku', 'MUG-BLUE', '--warehouse', 'NOPE');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--warehouse: no warehouse "NOPE" (known: MAIN)');
    expect(cli('forecast').stderr).toContain('--sku is required');
  });
});
