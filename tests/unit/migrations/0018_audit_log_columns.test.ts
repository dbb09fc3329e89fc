import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0018_audit_log_columns', () => {
  testMigration('0018_audit_log_columns', {
    async before(store) {
      await store.raw("insert into audit_log (at, actor, action, detail) values ('2026-01-01T00:00:00.000Z', 'owner', 'stock.adjust', '{}')");
    },
    async after(store) {
      // The old row is kept, with no role or transport (unknown) and outcome ok.
      expect(await store.raw('select actor, action, role, transport, area, target, outcome from audit_log')).toEqual([
        { actor: 'owner', action: 'stock.adjust', role: null, transport: null, area: null, target: null, outcome: 'ok' },
      ]);
      await store.raw(
        "insert into audit_log (at, actor, action, detail, role, transport, area, target) values ('2026-01-02T00:00:00.000Z', 'station:Pack 1', 'stock.adjust', '{}', 'packer', 'http', 'stock', 'sku=MUG')",
      );
      // Append-only from now on.
      await expect((async () => await store.raw("update audit_log set actor = 'x'"))()).rejects.toThrow(/append-only/);
      await expect((async () => await store.raw('delete from audit_log where id = 1'))()).rejects.toThrow(/append-only/);
      expect((await store.raw<{ n: number }>('select count(*) as n from audit_log'))[0].n).toBe(2);
      // The viewer's pages (newest first, by actor) read the indexes, not the table.
      const plan = async (sql: string) => (await store.raw<{ detail: string }>(`explain query plan ${sql}`)).map((r) => r.detail).join(' | ');
      expect(await plan("select * from audit_log where actor = 'x' order by at desc, id desc limit 50")).toMatch(/USING INDEX audit_log_actor_at/);
      expect(await plan("select * from audit_log where at >= '2026' order by at desc, id desc limit 50")).toMatch(/USING INDEX audit_log_at/);
      expect(await plan("select * from audit_log where at >= '2026' order by at desc, id desc limit 50")).not.toMatch(/TEMP B-TREE/);
    },
  });
});
