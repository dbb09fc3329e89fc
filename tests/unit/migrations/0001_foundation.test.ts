import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0001_foundation', () => {
  testMigration('0001_foundation', {
    before() {},
    async after(store) {
      await store.raw("insert into setting (key, value) values ('k', 'v')");
      await store.raw("insert into station_token (name, role, token_hash, created_at) values ('A', 'packer', 'h', 'now')");
      expect(await store.raw('select value from setting')).toEqual([{ value: 'v' }]);
      await expect((async () => await store.raw("insert into station_token (name, role, token_hash, created_at) values ('B', 'boss', 'h2', 'now')"))()).rejects.toThrow(/CHECK/);
    },
  });
});
