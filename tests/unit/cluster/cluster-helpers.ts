import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { postgresBinDir, startPostgres, type TestPostgres } from '../../helpers/postgres';

/** Polls until `condition` holds (no timing assertion: only a generous cap so a broken build fails). */
export async function waitFor(condition: () => boolean | Promise<boolean>, capMs = 20_000): Promise<void> {
  const until = Date.now() + capMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`condition not met within ${capMs} ms: ${condition.toString()}`);
    await sleep(25);
  }
}

/** A test server of our own that can be stopped and started again under a running app (same data, same port). */
export async function restartablePostgres(): Promise<TestPostgres & { stopServer(): void; startServer(): void }> {
  const server = await startPostgres('site');
  const data = join(server.dir, 'data');
  const pgCtl = join(postgresBinDir(), 'pg_ctl');
  const run = (args: string[]) => {
    const [cmd, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...args]] : [pgCtl, args];
    const result = spawnSync(cmd, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pg_ctl ${args[0]} failed: ${result.stderr || result.stdout}`);
  };
  const options = `-p ${server.port} -k ${join(server.dir, 'socket')} -c listen_addresses=127.0.0.1 -c fsync=off`;
  return Object.assign(server, {
    stopServer: () => run(['stop', '-D', data, '-m', 'immediate', '-w']),
    startServer: () => run(['start', '-w', '-D', data, '-l', join(server.dir, 'server.log'), '-o', options]),
  });
}
