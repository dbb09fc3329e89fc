import { describe, expect } from 'vitest';
import { testMigration } from '../../helpers/migration';

describe('migration 0013_accounting_periods', () => {
  testMigration('0013_accounting_periods', {
    async before(store) {
      await store.raw("insert into setting (key, value) values ('calendar.time_zone', 'America/New_York')");
    },
    async after(store) {
      expect(await store.raw("select value from setting where key = 'calendar.time_zone'")).toEqual([{ value: 'America/New_York' }]);
      const period = "insert into accounting_period (from_date, to_date, journal, entries, sha256, closed_by, closed_at) values (?, ?, '{}', 0, 'x', 'owner', 'now')";
      await store.raw(period, '2026-10-01', '2026-10-31');
      // A period ends on or after its start, and two periods never start on the same day.
      await expect((async () => await store.raw(period, '2026-11-30', '2026-11-01'))()).rejects.toThrow(/CHECK/);
      await expect((async () => await store.raw(period, '2026-10-01', '2026-10-02'))()).rejects.toThrow(/UNIQUE/);
    },
  });
});
