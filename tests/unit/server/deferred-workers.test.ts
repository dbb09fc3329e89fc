import { afterEach, describe, expect, it } from 'vitest';
import { startWorkersAfterFirstAnswer } from '../../../main/cli/serve-workers';
import { startStationServer } from '../../../main/server/server';
import { tempApp } from '../../helpers/temp-app';

// `serve` starts its background workers (here observed through the WAL checkpointer thread, the
// first of them) after the first page's API calls, not with the server: they competed with it.
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

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  return check();
};

describe('serve: background workers after the first answer', () => {
  it('starts them once the first API call is answered and the API is quiet', async () => {
    const { app, server } = await deferredServer({ quietMs: 50, latestMs: 60_000 });
    expect(app.store.backgroundCheckpoints).toBeNull();
    const res = await fetch(`${server.url}/api/system.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    expect(await until(() => app.store.backgroundCheckpoints !== null)).toBe(true);
  });

  it('starts them anyway when no console connects', async () => {
    const { app } = await deferredServer({ latestMs: 100 });
    expect(app.store.backgroundCheckpoints).toBeNull();
    expect(await until(() => app.store.backgroundCheckpoints !== null)).toBe(true);
  });

  it('a closed app starts nothing (a deferred start that comes too late)', async () => {
    const app = await tempApp({ workers: 'deferred' });
    await app.close();
    await expect(app.startWorkers()).resolves.toBeUndefined();
    await app.cleanup().catch(() => undefined);
  });
});
