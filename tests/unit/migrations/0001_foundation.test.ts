import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0001_foundation', () => {
  testMigration('0001_foundation', {
    before() {},
    after(store) {
      store.raw("insert into setting (key, value) values ('k', 'v')");
      store.raw("insert into station_token (name, role, token_hash, created_at) values ('A', 'packer', 'h', 'now')");
      expect(store.raw('select value from setting')).toEqual([{ value: 'v' }]);
      expect(() => store.raw("insert into station_token (name, role, token_hash, created_at) values ('B', 'boss', 'h2', 'now')")).toThrow(/CHECK/);
    },
  });
});
