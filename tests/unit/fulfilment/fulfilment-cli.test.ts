import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { fulfilmentShop, order, type FulfilmentApp } from './fulfilment-setup';

let app: FulfilmentApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

describe('pick CLI', () => {
  it('creates a batch and prints its route as JSON', async () => {
    app = await fulfilmentShop();
    await order(app, [{ sku: 'SOCK', quantity: 1 }, { sku: 'CAP', quantity: 1 }], '2099-03-09');
    await order(app, [{ sku: 'BOOK', quantity: 2 }], '2099-03-09');
    await order(app, [{ sku: 'CAP', quantity: 1 }], '2099-03-10');
    const dbPath = app.store.path;
    await app.close();

    const created = runCli(['pick', 'create', '--warehouse', 'MAIN', '--max-orders', '2', '--json', '--db', dbPath]);
    expect(created.status, created.stderr).toBe(0);
    const batch = created.json();
    expect(batch.orders).toHaveLength(2);
    expect(batch.route_m).toBeGreaterThan(0);
    expect(batch.stops.map((s: { bin: string; sku: string; qty: number }) => [s.bin, s.sku, s.qty]).sort()).toEqual([
      ['A01-01', 'SOCK', 1],
      ['A01-05', 'BOOK', 2],
      ['A02-05', 'CAP', 1],
    ]);

    const route = runCli(['pick', 'route', '--batch', String(batch.batch_id), '--json', '--db', dbPath]);
    expect(route.status, route.stderr).toBe(0);
    expect(route.json()).toMatchObject({ batch_id: batch.batch_id, route_m: batch.route_m, stops: batch.stops, method: 'exact' });

    expect(runCli(['pick', 'create', '--json', '--db', dbPath]).status).toBe(2);
    const missing = runCli(['pick', 'route', '--batch', '999', '--json', '--db', dbPath]);
    expect(missing.status).not.toBe(0);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });
});
