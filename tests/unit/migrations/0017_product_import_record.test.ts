import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0017_product_import_record', () => {
  testMigration('0017_product_import_record', {
    async before(store) {
      await store.raw("insert into product (sku, name, currency, tags, active, created_at, updated_at) values ('A-1', 'Mug', 'USD', '', 1, 'now', 'now')");
    },
    async after(store) {
      // Products are untouched; the table records runs and refuses unknown states.
      expect(await store.raw('select sku from product')).toEqual([{ sku: 'A-1' }]);
      await store.raw("insert into product_import (format, source, status, staging_path, pid, started_at) values ('csv', 'p.csv', 'running', '/tmp/x', 1, 'now')");
      expect(await store.raw('select id, status, finished_at from product_import')).toEqual([{ id: 1, status: 'running', finished_at: null }]);
      await expect((async () => await store.raw("update product_import set status = 'half-done'"))()).rejects.toThrow(/CHECK/);
    },
  });
});
