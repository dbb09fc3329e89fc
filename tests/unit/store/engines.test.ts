import { describe, expect, it } from 'vitest';
import { LATEST_MIGRATION } from '../../../main/store/migrate';
import { enabledEngines, testEngines } from '../../helpers/engines';

describe('SHIPSHAPE_TEST_ENGINES', () => {
  it('runs on SQLite alone unless told otherwise, and names an engine it does not know', () => {
    expect(enabledEngines('')).toEqual(['sqlite']);
    expect(enabledEngines(' , ')).toEqual(['sqlite']);
    expect(enabledEngines(' postgres , SQLite')).toEqual(['sqlite', 'postgres']);
    expect(() => enabledEngines('sqlite,mysql')).toThrow('SHIPSHAPE_TEST_ENGINES: unknown engine "mysql" (use sqlite, postgres, comma-separated)');
  });
});

describe.each(testEngines())('a fresh store per test on $engine', (db) => {
  it('is migrated to the latest migration', async () => {
    const store = await db.freshStore();
    const [latest] = await store.raw<{ name: string }>('select max(name) as name from schema_migration');
    expect(latest.name).toBe(LATEST_MIGRATION);
  });

  it("is this test's own: another fresh store does not see its rows", async () => {
    const [mine, other] = [await db.freshStore(), await db.freshStore()];
    await mine.run(mine.kysely.insertInto('warehouse').values({ code: 'ONLY-MINE', name: 'Mine' }));
    const codes = async (store: typeof mine) => (await store.all(store.kysely.selectFrom('warehouse').select('code').orderBy('code'))).map((r) => r.code);
    expect(await codes(mine)).toEqual(['MAIN', 'ONLY-MINE']);
    expect(await codes(other)).toEqual(['MAIN']);
  });
});
