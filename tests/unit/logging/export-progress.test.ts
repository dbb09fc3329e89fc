/**
 * Exports report real steps: rows (stock) or journal entries (bookkeeping) written of the total,
 * a chunk at a time with the event loop running between chunks — not only a start and an end.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../shared/api/contract';
import type { ProgressEvent } from '../../../shared/progress';
import { ManualClock } from '../../../main/clock';
import { chunking, progressTiming } from '../../../main/logging/progress';
import { tempApp } from '../../helpers/temp-app';

let app: Awaited<ReturnType<typeof tempApp>>;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock(new Date(2026, 2, 2, 10, 0));
  app = await tempApp({ clock });
  progressTiming.intervalMs = 0; // every step
  chunking.size = 2; // small chunks, so a small shop shows several steps
});
afterEach(async () => {
  progressTiming.intervalMs = 100;
  chunking.size = 500;
  await app.cleanup();
});

/** The export's progress events, checking there was one job and that the event loop ran between steps. */
async function progressOf(run: () => Promise<unknown>): Promise<ProgressEvent[]> {
  const seen: ProgressEvent[] = [];
  // Turns of the event loop seen while the export runs: a setImmediate only runs between chunks
  // (not a 1-ms timer: on PostgreSQL a few chunks take less than a millisecond together).
  let ticks = 0;
  let ticker: NodeJS.Immediate;
  const tick = () => {
    ticks++;
    ticker = setImmediate(tick);
  };
  ticker = setImmediate(tick);
  const unsubscribe = app.events.subscribe((e: AppEvent) => {
    if (e.topic === 'progress') seen.push({ ...(e.data as ProgressEvent), ticksBefore: ticks } as ProgressEvent);
  });
  await run();
  unsubscribe();
  clearImmediate(ticker);
  const events = seen.filter((e) => e.kind === 'export');
  expect(new Set(events.map((e) => e.jobId)).size).toBe(1);
  return events;
}

function expectSteps(events: ProgressEvent[], total: number): void {
  const steps = events.filter((e) => !e.finished && e.done > 0);
  // More than one step before the end, done rising, each of the same total.
  expect(steps.length).toBeGreaterThan(1);
  for (let i = 1; i < steps.length; i++) expect(steps[i].done).toBeGreaterThan(steps[i - 1].done);
  expect(steps.every((e) => e.total === total)).toBe(true);
  expect(events.at(-1)).toMatchObject({ finished: true, done: total, total });
  expect(events.filter((e) => e.finished)).toHaveLength(1);
}

describe('export progress', () => {
  it('the stock export reports rows written of the total before it finishes', async () => {
    for (let i = 1; i <= 7; i++) await app.invoke('catalog.upsert', { sku: `SKU-${i}`, name: `Product ${i}`, priceCents: 100 });
    let csv = '';
    const events = await progressOf(async () => ({ csv } = await app.invoke('stock.exportCsv', {})));
    expect(csv.trim().split('\n')).toHaveLength(8);
    expect(events[0]).toMatchObject({ label: 'Exporting stock (all warehouses)', done: 0 });
    expectSteps(events, 7);
    expect(events.filter((e) => !e.finished && e.done > 0).map((e) => e.done)).toEqual([2, 4, 6, 7]);
    // The event loop ran between the steps (a window or station hears each one as it happens).
    const ticksAt = events.map((e) => (e as ProgressEvent & { ticksBefore: number }).ticksBefore);
    expect(ticksAt.at(-1)!).toBeGreaterThan(ticksAt[1]);
  });

  it('the bookkeeping export reports journal entries written of the total before it finishes', async () => {
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug', priceCents: 1500, costCents: 600 });
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 10, unitCostCents: 600 });
    for (let i = 0; i < 5; i++) {
      const order = await app.invoke('orders.create', {
        customer: { name: 'Ada Lovelace', email: null, phone: null },
        shipTo: { name: 'Ada Lovelace', company: null, line1: '1 Main St', line2: null, city: 'New York', regionCode: 'NY', postalCode: '10001', countryCode: 'US', phone: null, residential: true },
        lines: [{ sku: 'MUG', quantity: 1 }],
      });
      for (const to of ['picking', 'packed', 'shipped'] as const) await app.invoke('orders.transition', { id: order.id, to, reason: 'shipped by hand' });
    }
    clock.set(new Date(2026, 2, 3, 9, 0));
    const period = await app.invoke('accounting.closePeriod', { from: '2026-03-01', to: '2026-03-02' });
    expect(period.entries).toBeGreaterThanOrEqual(5);
    const same = await app.invoke('accounting.export', { period: period.id, format: 'iif' });
    const events = await progressOf(async () => expect(await app.invoke('accounting.export', { period: period.id, format: 'iif' })).toEqual(same));
    expect(events[0]).toMatchObject({ label: 'Exporting 2026-03-01 – 2026-03-02 (iif)', done: 0, total: period.entries });
    expectSteps(events, period.entries);
  });
});
