import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface SiteServer {
  url: string;
  /** Calls this site's station API over HTTP as the local owner. */
  api<T = any>(method: string, input?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Several sites on one database, as issue #20's shops run them: a throwaway PostgreSQL server and
 * one real `shipshape serve` process per site, each with `--db postgres://…` on the same database.
 */
export async function startPostgresCluster(sites: number): Promise<{ postgres: TestPostgres; servers: SiteServer[]; stop(): Promise<void> }> {
  const postgres = await startPostgres('e2e_cluster');
  const servers: SiteServer[] = [];
  try {
    // One after the other: the first migrates the empty database, the next finds it migrated.
    for (let i = 0; i < sites; i++) servers.push(await startSiteServer(postgres.url));
  } catch (error) {
    for (const s of servers) await s.stop();
    await postgres.stop();
    throw error;
  }
  return {
    postgres,
    servers,
    async stop() {
      for (const s of servers) await s.stop();
      await postgres.stop();
    },
  };
}

/** One `shipshape serve` process on the database at `dbUrl`. */
export async function startSiteServer(dbUrl: string): Promise<SiteServer> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'shipshape.mjs'), 'serve', '--port', '0', '--db', dbUrl], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`station server did not start: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`station server exited (${code}): ${stderr}`)));
  });
  return {
    url,
    async api(method, input = {}) {
      const res = await fetch(`${url}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await res.json()) as { data?: unknown; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.data as never;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
