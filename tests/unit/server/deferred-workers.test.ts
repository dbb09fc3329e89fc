import { afterEach, describe, expect, it } from 'vitest';
import { startWorkersAfterFirstAnswer } from '../../../main/cli/serve-workers';
import type { App } from '../../../main/app';
import { startStationServer } from '../../../main/server/server';
import { tempApp } from '../../helpers/temp-app';

// `serve` starts its background workers after the first page's API calls, not with the server:
// they competed with it. Observed through channel sync's worker, which runs on both engines (on
// SQLite the first of them, the WAL checkpointer thread, has started too by then).
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function deferredServer(opts: { quietMs?: number; latestMs?: number }) {
  const app = await tempApp({ workers: 'deferred' });
  const server = await startStationServer(app, { port: 0 });
  const deferred = startWorkersAfterFirstAnswer(app, server.server, opts);
  close = async () => {
    deferred.cancel();
    await server.close();
    await app.cleanup();
  };
  return { app, server };
}

const workersRunning = (app: App) =>
  app.services.channelSync.workerRunning && (app.store.engine !== 'sqlite' || app.store.backgroundCheckpoints !== null);

const until = async (check: () => boolean) => {
  // Up to 20 s: the workers start threads of their own, slow on a loaded machine.
  for (let i = 0; i < 800 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  return check();
};

describe('serve: background workers after the first answer', () => {
  it('starts them once the first API call is answered and the API is quiet', async () => {
    const { app, server } = await deferredServer({ quietMs: 50, latestMs: 60_000 });
    expect(workersRunning(app)).toBe(false);
    const res = await fetch(`${server.url}/api/system.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    expect(await until(() => workersRunning(app))).toBe(true);
  });

  it('starts them anyway when no console connects', async () => {
    const { app } = await deferredServer({ latestMs: 100 });
    expect(workersRunning(app)).toBe(false);
    expect(await until(() => workersRunning(app))).toBe(true);
  });

  it('a closed app starts nothing (a deferred start that comes too late)', async () => {
    const app = await tempApp({ workers: 'deferred' });
    await app.close();
    await expect(app.startWorkers()).resolves.toBeUndefined();
    await app.cleanup().catch(() => undefined);
  });
});
