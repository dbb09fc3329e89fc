import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import { clusterJobsHeld } from '../../../main/cluster/once-per-cluster';
import { ClusterLock } from '../../../main/cluster/cluster-lock';
import { startStationServer } from '../../../main/server/server';
import type { TypedEvent } from '../../../shared/events';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';
import { restartablePostgres, waitFor } from './cluster-helpers';

/** The jobs that run once across every app on one database (main/workers.ts). */
const ONCE_PER_CLUSTER = ['channel-sync', 'tracking-refresh', 'daily-backup', 'replenishment-daily'];

// Several apps on one PostgreSQL database. Each file starts a server of its own, whatever
// SHIPSHAPE_TEST_ENGINE says: these tests are about PostgreSQL (the SQLite behaviour is tested below).
describe('several apps on one PostgreSQL database', () => {
  let pg: TestPostgres;
  const apps: App[] = [];
  beforeAll(async () => {
    pg = await startPostgres('cluster');
  }, 60_000);
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });
  afterAll(async () => await pg?.stop());

  const open = async (url: string, workers = false) => {
    const app = await openApp({ dbPath: url, workers, clusterRetryMs: 100 });
    apps.push(app);
    return app;
  };

  it('a change made in one app reaches the screens of the other', async () => {
    const url = pg.createDatabase('live_events');
    const app1 = await open(url);
    const app2 = await open(url);
    const on1: TypedEvent[] = [];
    const on2: TypedEvent[] = [];
    app1.events.subscribe((e) => on1.push(e));
    app2.events.subscribe((e) => on2.push(e));
    const product = await app1.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });

    await waitFor(() => on2.some((e) => e.topic === 'catalog.changed'));
    expect(on2.filter((e) => e.topic === 'catalog.changed').map((e) => e.data)).toEqual([{ productId: product.id }]);
    // The publishing app got it at once, and does not get its own echo a second time.
    expect(on1.filter((e) => e.topic === 'catalog.changed')).toHaveLength(1);
    app1.events.publish('shipping.config', {});
    await waitFor(() => on2.some((e) => e.topic === 'shipping.config'));
    expect(on1.filter((e) => e.topic === 'catalog.changed')).toHaveLength(1);
  });

  it('an event published inside a transaction is delivered, in both apps, once and only after the commit', async () => {
    const url = pg.createDatabase('after_commit');
    const app1 = await open(url);
    const app2 = await open(url);
    await app1.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
    // What a screen reads when the event arrives: the committed name, never the old one.
    const seen: Record<string, string[]> = { app1: [], app2: [] };
    const reader = (name: 'app1' | 'app2', app: App) => (e: TypedEvent) => {
      if (e.topic !== 'calendar.changed') return;
      void app.invoke('catalog.get', { sku: 'MUG' }).then((p) => seen[name].push(p.name));
    };
    app1.events.subscribe(reader('app1', app1));
    app2.events.subscribe(reader('app2', app2));
    await app1.store.tx(async () => {
      await app1.store.raw("update product set name = 'Big mug' where sku = 'MUG'");
      app1.events.publish('calendar.changed', {});
      // Still inside: nobody has been told yet.
      await app1.store.raw('select pg_sleep(0.2)');
      expect(seen).toEqual({ app1: [], app2: [] });
    });
    await waitFor(() => seen.app1.length === 1 && seen.app2.length === 1);
    expect(seen).toEqual({ app1: ['Big mug'], app2: ['Big mug'] });
  });

  it('a transaction that rolls back publishes nothing, to either app', async () => {
    const url = pg.createDatabase('rolled_back');
    const app1 = await open(url);
    const app2 = await open(url);
    const on2: TypedEvent[] = [];
    const on1: TypedEvent[] = [];
    app1.events.subscribe((e) => on1.push(e));
    app2.events.subscribe((e) => on2.push(e));
    await expect(
      app1.store.tx(async () => {
        app1.events.publish('calendar.changed', {});
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // A marker published after it: once it has crossed, the rolled-back one would have too.
    app1.events.publish('shipping.config', {});
    await waitFor(() => on2.some((e) => e.topic === 'shipping.config'));
    expect(on2.map((e) => e.topic)).toEqual(['shipping.config']);
    expect(on1.map((e) => e.topic)).toEqual(['shipping.config']);
  });

  it('an event too large for a notification crosses as its topic alone', async () => {
    const url = pg.createDatabase('large_event');
    const app1 = await open(url);
    const app2 = await open(url);
    const on2: TypedEvent[] = [];
    app2.events.subscribe((e) => on2.push(e));
    app1.events.publish('print.changed', { printer: 'x'.repeat(10_000), queued: 1, jobIds: [1] });
    await waitFor(() => on2.some((e) => e.topic === 'print.changed'));
    expect(on2[0].data).toEqual({});
  });

  it('each once-per-cluster job runs in exactly one app; when it closes, the other takes over', async () => {
    const url = pg.createDatabase('locks');
    const app1 = await open(url, true);
    const app2 = await open(url, true);
    await waitFor(() => clusterJobsHeld(app1).length + clusterJobsHeld(app2).length === ONCE_PER_CLUSTER.length);
    const held1 = clusterJobsHeld(app1);
    const held2 = clusterJobsHeld(app2);
    expect([...held1, ...held2].sort()).toEqual([...ONCE_PER_CLUSTER].sort());
    expect(held1.filter((job) => held2.includes(job))).toEqual([]);
    // The first app to start took them all; the second stands by.
    expect(held1.sort()).toEqual([...ONCE_PER_CLUSTER].sort());

    await app1.close();
    apps.splice(apps.indexOf(app1), 1);
    await waitFor(() => clusterJobsHeld(app2).length === ONCE_PER_CLUSTER.length);
    expect(clusterJobsHeld(app2).sort()).toEqual([...ONCE_PER_CLUSTER].sort());
  });

  it('a lock held by one app is refused to another until its connection ends', async () => {
    const url = pg.createDatabase('lock_raw');
    const app1 = await open(url);
    const app2 = await open(url);
    const a = app1.cluster.lock('some-job');
    const b = app2.cluster.lock('some-job');
    expect(await a.acquire()).toBe(true);
    expect(a.isHeld).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(b.isHeld).toBe(false);
    await a.release();
    expect(a.isHeld).toBe(false);
    expect(await b.acquire()).toBe(true);
    // The lock goes with the connection: kill app2's lock session on the server, app1 can take it.
    pg.psql(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'shipshape-locks' and datname = 'lock_raw'`);
    await waitFor(async () => await a.acquire());
    await waitFor(() => !b.isHeld);
  });
});

describe('a site that loses its PostgreSQL database', () => {
  it('answers calls with a clear error, pauses its jobs, saves nothing half-written, and resumes when the database is back', async () => {
    const server = await restartablePostgres();
    const app = await openApp({ dbPath: server.url, workers: true, clusterRetryMs: 100 });
    try {
      await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
      await waitFor(() => clusterJobsHeld(app).length === ONCE_PER_CLUSTER.length);

      server.stopServer();
      const result = await app.call('catalog.upsert', { sku: 'MUG', name: 'Renamed mug' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.message).toBe(`The shop database at 127.0.0.1:${server.port} cannot be reached; nothing was saved`);
      // Its own code, not INTERNAL: a console says so plainly and tries again.
      expect(result.error).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'database-unreachable', database: `127.0.0.1:${server.port}` } });
      // A station's HTTP call gets 503 Service Unavailable, with when to try again.
      const station = await startStationServer(app, { port: 0 });
      try {
        const res = await fetch(`${station.url}/api/catalog.get`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sku: 'MUG' }) });
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect((await res.json()).error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/cannot be reached/) });
      } finally {
        await station.close();
      }
      // The system status says so too.
      const status = await app.call('system.info', {});
      expect(status.ok ? '' : status.error.message).toMatch(/cannot be reached/);
      expect(app.cluster.databaseReachable).toBe(false);
      // Its background jobs pause: nothing is queued that it cannot keep.
      await waitFor(() => clusterJobsHeld(app).length === 0);

      server.startServer();
      await waitFor(() => app.cluster.databaseReachable);
      await waitFor(() => clusterJobsHeld(app).length === ONCE_PER_CLUSTER.length);
      // Nothing of the failed call was written: on hand is what it was before.
      expect((await app.invoke('catalog.get', { sku: 'MUG' })).name).toBe('Mug');
      expect((await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Renamed mug' })).name).toBe('Renamed mug');
    } finally {
      await app.close();
      await server.stop();
    }
  }, 60_000);
});

describe('on SQLite (one machine)', () => {
  it('every cluster lock is held and the jobs simply run', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-cluster-'));
    const app = await openApp({ dbPath: path.join(dir, 'shop.sqlite'), workers: true });
    try {
      expect(clusterJobsHeld(app).sort()).toEqual([...ONCE_PER_CLUSTER].sort());
      const lock = app.cluster.lock('channel-sync');
      expect(lock).toBeInstanceOf(ClusterLock);
      expect(await lock.acquire()).toBe(true);
      expect(lock.isHeld).toBe(true);
      expect(app.cluster.databaseReachable).toBe(true);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
