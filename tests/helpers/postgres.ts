import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL server for tests: its own data directory in a temp folder, owned by the
 * unprivileged `postgres` user (initdb and the server refuse to run as root, and CI runs as root),
 * listening on a free loopback port with its unix socket inside the temp folder, so it never
 * meets the machine's own cluster or another test file's server. Start one per test file
 * (initdb + start take ~2 s); `stop()` shuts it down and removes every file.
 */
export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/DATABASE (trust authentication, loopback only). */
  url: string;
  port: number;
  database: string;
  /** The temp folder holding the data directory, socket and server log (gone after stop). */
  dir: string;
  /** Runs SQL through psql on the test database and returns its unaligned, tuples-only output. */
  psql(sql: string): string;
  /** Another empty database on the same server (cheaper than another server); returns its URL. */
  createDatabase(name: string): string;
  stop(): Promise<void>;
}

export const POSTGRES_INSTALL = 'apt-get install -y postgresql';
const MIN_VERSION = 15;

/** The newest installed server's bin directory (Debian keeps them in /usr/lib/postgresql/N/bin). */
export function postgresBinDir(root = '/usr/lib/postgresql'): string {
  const versions = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter((v) => v >= MIN_VERSION && existsSync(join(root, String(v), 'bin', 'initdb')))
        .sort((a, b) => b - a)
    : [];
  if (versions.length === 0) {
    throw new Error(`PostgreSQL ${MIN_VERSION} or newer is not installed (no ${root}/N/bin/initdb). Install it with: ${POSTGRES_INSTALL}`);
  }
  return join(root, String(versions[0]), 'bin');
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a server binary as the `postgres` user when we are root; as ourselves otherwise. */
function asServerUser(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${bin.split('/').at(-1)} failed (exit ${result.status}): ${result.stderr || result.stdout || result.error?.message}`);
  }
}

/** `durable`: keep PostgreSQL's crash-safe defaults (fsync, full-page writes) — for benchmarks, which measure commits as a shop's server makes them. */
export async function startPostgres(database = 'shipshape', options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-pg-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'socket');
  mkdirSync(socket);
  if (process.getuid?.() === 0) {
    const { uid, gid } = serverUser();
    chownSync(dir, uid, gid);
    chownSync(socket, uid, gid);
  }
  let started = false;
  const stopNow = () => {
    process.off('exit', stopNow);
    try {
      if (started) asServerUser(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
    } finally {
      started = false;
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const stop = async () => stopNow();
  // A test run that ends without calling stop() (a crash, a forgotten afterAll) leaves no server behind.
  process.once('exit', stopNow);
  try {
    // --no-sync and fsync=off: a test cluster is thrown away, so durability buys nothing here.
    asServerUser(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    const port = await freeLoopbackPort();
    const durability = options.durable ? '' : ' -c fsync=off -c full_page_writes=off';
    const serverOptions = `-p ${port} -k ${socket} -c listen_addresses=127.0.0.1${durability}`;
    try {
      asServerUser(join(bin, 'pg_ctl'), ['start', '-w', '-D', data, '-l', join(dir, 'server.log'), '-o', serverOptions]);
    } catch (error) {
      const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
      throw new Error(`${(error as Error).message}\n${log}`, { cause: error });
    }
    started = true;
    const psqlAt = (db: string, sql: string) =>
      execFileSync(join(bin, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-c', sql], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    psqlAt('postgres', `create database ${database}`);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/${database}`,
      port,
      database,
      dir,
      psql: (sql) => psqlAt(database, sql),
      createDatabase: (name) => {
        psqlAt('postgres', `create database ${name}`);
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function serverUser(): { uid: number; gid: number } {
  const out = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`There is no "postgres" user to run the test server as. Install PostgreSQL with: ${POSTGRES_INSTALL}`);
  return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
