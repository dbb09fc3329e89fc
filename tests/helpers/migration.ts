import { expect, it } from 'vitest';
import { SqliteStore } from '../../main/store/store';
import { appliedMigrations, migrateTo } from '../../main/store/migrate';
import { MIGRATIONS } from '../../main/store/migrations/index';
import { tempSqlitePath } from './temp-app';

/**
 * The test every migration gets (tests/unit/migrations/<name>.test.ts): migrate a fresh file to
 * N-1, insert data with raw SQL (app code follows the latest schema), migrate to N, check.
 */
export function testMigration(name: string, steps: { before(store: SqliteStore): Promise<void> | void; after(store: SqliteStore): Promise<void> | void }): void {
  it(`${name} keeps data written by the previous schema`, async () => {
    const names = Object.keys(MIGRATIONS).sort();
    const index = names.indexOf(name);
    expect(index, `${name} is listed in main/store/migrations/index.ts`).toBeGreaterThanOrEqual(0);
    const tmp = tempSqlitePath();
    const store = new SqliteStore(tmp.dbPath);
    try {
      if (index > 0) await migrateTo(store, names[index - 1]);
      await steps.before(store);
      await migrateTo(store, name);
      expect((await appliedMigrations(store)).at(-1)).toBe(name);
      await steps.after(store);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });
}

/**
 * A Shopify channel (id 1) and `count` allocated orders (ids 1..count, external ids x1.., numbers
 * #1..), in raw SQL valid from 0003_orders on.
 */
export async function insertAllocatedOrders(store: SqliteStore, count: number): Promise<void> {
  await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
  for (let n = 1; n <= count; n++) {
    await store.raw(
      "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, ?, ?, 'allocated', 'USD', 0, 0, 'now', 'now', 'now')",
      `x${n}`,
      `#${n}`,
    );
  }
}

/**
 * A channel, a shipped order and its USPS Priority shipment (id 1), in raw SQL valid from
 * 0005_shipping on: the rows later shipping migrations must keep.
 */
export async function insertShippedOrder(store: SqliteStore): Promise<void> {
  await store.raw("insert into channel (name, kind, webhook_key, created_at) values ('Shop', 'shopify', 'k1', 'now')");
  await store.raw(
    "insert into sales_order (channel_id, external_id, number, status, currency, subtotal_cents, total_cents, placed_at, created_at, updated_at) values (1, 'x1', '#1', 'shipped', 'USD', 0, 0, 'now', 'now', 'now')",
  );
  await store.raw(
    `insert into shipment (order_id, carrier_code, service_key, service_name, status, zone, ship_from, ship_to, dest_postal_code, dest_country, pickup_date, expected_delivery_date, price_cents, currency, actor, created_at, updated_at)
     values (1, 'usps', 'usps:priority', 'Priority', 'label_created', '5', '{}', '{}', '10001', 'US', '2026-11-02', '2026-11-04', 900, 'USD', 'owner', 'now', 'now')`,
  );
}
