import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { migrateStore, openStore } from '../../main/store/open-store';
import { postgresBinDir, startPostgres } from '../helpers/postgres';

/**
 * The whole unit and service suite on PostgreSQL: `SHIPSHAPE_TEST_ENGINE=postgres npm run test:unit`.
 * This global setup starts ONE throwaway PostgreSQL server for the run (its data directory in
 * /dev/shm when there is one), migrates a template database once, and hands the server to the
 * test processes through the environment. tests/helpers/temp-app.ts then gives every test a
 * database of its own, `create database … template …` (tens of milliseconds), instead of a
 * SQLite file.
 */
export const TEST_ENGINE = process.env.SHIPSHAPE_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
const TEMPLATE = 'shipshape_template';

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (TEST_ENGINE !== 'postgres') return;
  const previous = process.env.TMPDIR;
  if (existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';
  const server = await startPostgres(TEMPLATE).finally(() => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  });
  const store = openStore(server.url);
  try {
    await migrateStore(store);
  } finally {
    await store.close(); // a template must have no connections when it is copied
  }
  process.env.SHIPSHAPE_TEST_PG_PORT = String(server.port);
  return () => server.stop();
}

let created = 0;

function psql(sql: string): void {
  const port = process.env.SHIPSHAPE_TEST_PG_PORT;
  if (!port) throw new Error('SHIPSHAPE_TEST_ENGINE=postgres, but no test server is running (vitest.config.ts globalSetup starts it)');
  execFileSync(join(postgresBinDir(), 'psql'), ['-X', '-q', '-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A fresh migrated database on the run's server: its URL, and how to drop it. */
export function postgresTestDatabase(): { url: string; drop(): void } {
  const name = `t_${process.pid}_${++created}`;
  psql(`create database ${name} template ${TEMPLATE}`);
  return {
    url: `postgres://postgres@127.0.0.1:${process.env.SHIPSHAPE_TEST_PG_PORT}/${name}`,
    drop: () => psql(`drop database if exists ${name} with (force)`),
  };
}
