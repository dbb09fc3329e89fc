import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../main/app';
import type { TypedEvent } from '../../../shared/events';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';
import { waitFor } from './cluster-helpers';

// A file of its own: node prints a deprecation warning once per process, so a test before this one
// in the same process could have used it up. pg warns "Calling client.query() when the client is
// already executing a query is deprecated" (and pg 9 will refuse it) when queries are piled onto
// one connection — as events published back to back on the listening connection used to be.
describe('live events published back to back', () => {
  let pg: TestPostgres;
  const apps: App[] = [];
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeAll(async () => {
    pg = await startPostgres('burst');
    process.on('warning', onWarning);
  }, 60_000);
  afterAll(async () => {
    process.off('warning', onWarning);
    for (const app of apps.splice(0)) await app.close();
    await pg?.stop();
  });

  it('reach the other app all, in the order published, one query at a time on the listening connection', async () => {
    const url = pg.createDatabase('burst_events');
    for (let i = 0; i < 2; i++) apps.push(await openApp({ dbPath: url, workers: false }));
    const [app1, app2] = apps;
    const received: number[] = [];
    app2.events.subscribe((e: TypedEvent) => {
      if (e.topic === 'print.changed') received.push((e.data as { queued: number }).queued);
    });

    const count = 200;
    for (let n = 1; n <= count; n++) app1.events.publish('print.changed', { printer: 'Zebra', queued: n, jobIds: [n] });

    await waitFor(() => received.length === count);
    expect(received).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    // Let any warning emitted on the way reach the listener before looking.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((w) => w.message).filter((m) => /already executing a query/.test(m))).toEqual([]);
  }, 60_000);
});
