import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach } from 'vitest';
import { migrateStore, openStore, type AnyStore } from '../../main/store/open-store';
import { startPostgres, type TestPostgres } from './postgres';

export type Engine = 'sqlite' | 'postgres';
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/**
 * The engines the service tests run on: `SHIPSHAPE_TEST_ENGINES` (comma-separated), SQLite alone
 * by default so a plain `npm run test:unit` needs no PostgreSQL; CI sets `sqlite,postgres`.
 */
export function enabledEngines(setting = process.env.SHIPSHAPE_TEST_ENGINES): Engine[] {
  const names = (setting ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) return ['sqlite'];
  for (const name of names) {
    if (!ENGINES.includes(name as Engine)) throw new Error(`SHIPSHAPE_TEST_ENGINES: unknown engine "${name}" (use ${ENGINES.join(', ')}, comma-separated)`);
  }
  return ENGINES.filter((e) => names.includes(e));
}

export interface TestEngine {
  engine: Engine;
  /** A migrated database of this test's own, not yet opened: a SQLite file path or a postgres:// URL. */
  freshLocation(): Promise<string>;
  /** A store open on a fresh migrated database; closed after the test. */
  freshStore(): Promise<AnyStore>;
  /** A new database with nothing in it (not even migrations), for tests of migrating itself. */
  emptyLocation(): Promise<string>;
}

/**
 * One entry per enabled engine, for `describe.each(testEngines())('… on $engine', (db) => …)`.
 * Call it at the top of a test file (it registers that file's clean-up hooks).
 *
 * Each test gets a database of its own, copied from a template migrated once per file (migrating
 * every test would cost far more than the test): SQLite copies the template file; PostgreSQL
 * starts one throwaway server per file on first use (tests/helpers/postgres.ts) and runs
 * `create database … template …` per test.
 */
export function testEngines(engines: readonly Engine[] = enabledEngines()): TestEngine[] {
  const opened: AnyStore[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    const stores = opened.splice(0);
    await Promise.all(stores.map((store) => store.close()));
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const harness = (engine: Engine, { freshLocation, emptyLocation }: Locations): TestEngine => ({
    engine,
    freshLocation,
    emptyLocation,
    async freshStore() {
      const store = openStore(await freshLocation());
      opened.push(store);
      return store;
    },
  });

  const onCleanup: OnCleanup = (cleanup) => cleanups.push(cleanup);
  return engines.map((engine) => harness(engine, engine === 'sqlite' ? sqliteTemplate(onCleanup) : postgresTemplate(onCleanup)));
}

type OnCleanup = (cleanup: () => Promise<void> | void) => void;
interface Locations {
  freshLocation(): Promise<string>;
  emptyLocation(): Promise<string>;
}

function sqliteTemplate(onCleanup: OnCleanup): Locations {
  let dir: string | null = null;
  let template: Promise<string> | null = null;
  let count = 0;
  onCleanup(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const folder = () => (dir ??= mkdtempSync(join(tmpdir(), 'shipshape-engines-')));
  const emptyLocation = async () => join(folder(), `test-${++count}.sqlite`);
  const freshLocation = async () => {
    template ??= (async () => {
      const path = join(folder(), 'template.sqlite');
      const store = openStore(path);
      try {
        await migrateStore(store);
      } finally {
        await store.close(); // checkpoints the WAL into the file, so the file alone is the database
      }
      return path;
    })();
    const path = await template;
    const copy = await emptyLocation();
    copyFileSync(path, copy);
    return copy;
  };
  return { freshLocation, emptyLocation };
}

function postgresTemplate(onCleanup: OnCleanup): Locations {
  const TEMPLATE = 'shipshape_template';
  let server: Promise<{ pg: TestPostgres; admin: pg.Client }> | null = null;
  let count = 0;
  onCleanup(async () => {
    if (!server) return;
    const started = await server.catch(() => null);
    await started?.admin.end();
    await started?.pg.stop();
  });
  const started = () =>
    (server ??= (async () => {
      const test = await startPostgresInMemory(TEMPLATE);
      try {
        const store = openStore(test.url);
        try {
          await migrateStore(store);
        } finally {
          await store.close(); // a template database must have no connections when it is copied
        }
        const admin = new pg.Client({ connectionString: urlOf(test, 'postgres') });
        await admin.connect();
        return { pg: test, admin };
      } catch (error) {
        await test.stop();
        throw error;
      }
    })());
  const created = async (from: string) => {
    const { pg: test, admin } = await started();
    const name = `test_${++count}`;
    await admin.query(`create database ${name} template ${from}`);
    return urlOf(test, name);
  };
  return { freshLocation: () => created(TEMPLATE), emptyLocation: () => created('template0') };
}

/**
 * The throwaway server with its data directory on /dev/shm (tmpfs) when there is one: measured
 * here, `create database … template` took ~650 ms on the ext4 disk and ~50 ms in memory, and the
 * server starts in half the time. startPostgres() makes its folder under os.tmpdir() (TMPDIR)
 * synchronously, before its first await, so TMPDIR is pointed there only for that moment.
 * (Better as an option of tests/helpers/postgres.ts; until then, here.)
 */
function startPostgresInMemory(database: string): Promise<TestPostgres> {
  if (!existsSync('/dev/shm')) return startPostgres(database);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = '/dev/shm';
  try {
    return startPostgres(database);
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

function urlOf(test: TestPostgres, database: string): string {
  return `postgres://postgres@127.0.0.1:${test.port}/${database}`;
}
