import { describe, expect } from 'vitest';
import { insertAllocatedOrders, testMigration } from '../../helpers/migration';

describe('migration 0025_customs_address', () => {
  testMigration('0025_customs_address', {
    async before(store) {
      await insertAllocatedOrders(store, 1);
      await store.raw("insert into product (sku, name, hs_code, origin_country, created_at, updated_at) values ('TEA-1', 'Tea', '0902.10', 'CN', 'now', 'now')");
    },
    async after(store) {
      // Products keep their HS code and origin; the customs description starts empty.
      expect(await store.raw("select sku, hs_code, origin_country, customs_description from product")).toEqual([{ sku: 'TEA-1', hs_code: '0902.10', origin_country: 'CN', customs_description: null }]);
      await store.raw("update product set customs_description = 'Green tea' where sku = 'TEA-1'");
      expect(await store.raw('select customs_description from product')).toEqual([{ customs_description: 'Green tea' }]);
      expect(await store.raw("select name from pragma_table_info('shipment') where name = 'customs'")).toEqual([{ name: 'customs' }]);
      expect(await store.raw('select number, customs_choice from sales_order')).toEqual([{ number: '#1', customs_choice: null }]);
      expect((await store.raw("select name from pragma_table_info('shipment_document') order by cid")).map((r) => (r as { name: string }).name)).toEqual(['id', 'shipment_id', 'kind', 'content_type', 'bytes', 'created_at']);
    },
  });
});
