import { expect, it } from 'vitest';
import { Store } from '../../main/store/store';
import { appliedMigrations, migrateTo } from '../../main/store/migrate';
import { MIGRATIONS } from '../../main/store/migrations/index';
import { tempDbPath } from './temp-app';

/**
 * The test every migration gets (tests/unit/migrations/<name>.test.ts): migrate a fresh file to
 * N-1, insert data with raw SQL (app code follows the latest schema), migrate to N, check.
 */
export function testMigration(name: string, steps: { before(store: Store): void; after(store: Store): void }): void {
  it(`${name} keeps data written by the previous schema`, async () => {
    const names = Object.keys(MIGRATIONS).sort();
    const index = names.indexOf(name);
    expect(index, `${name} is listed in main/store/migrations/index.ts`).toBeGreaterThanOrEqual(0);
    const tmp = tempDbPath();
    const store = new Store(tmp.dbPath);
    try {
      if (index > 0) await migrateTo(store, names[index - 1]);
      steps.before(store);
      await migrateTo(store, name);
      expect(appliedMigrations(store).at(-1)).toBe(name);
      steps.after(store);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });
}
