import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../shared/api/contract';
import type { ProgressEvent } from '../../../shared/progress';
import { progressTiming, startProgress, withProgress } from '../../../main/logging/progress';
import { EventBus } from '../../../main/events';
import { systemClock } from '../../../main/clock';
import { tempApp } from '../../helpers/temp-app';
import { PLAIN_HEADER } from '../../helpers/products-csv';

function productsCsv(rows: number): string {
  const lines = [PLAIN_HEADER];
  for (let i = 1; i <= rows; i++) lines.push(`SKU-${i},Product ${i},,100,10,10,10,9.99,5.00,EUR,,,,true,0,0,false,`);
  return `${lines.join('\n')}\n`;
}

function progressOf(events: AppEvent[]): ProgressEvent[] {
  return events.filter((e) => e.topic === 'progress').map((e) => e.data as ProgressEvent);
}

/** Within each label (a phase), done never goes down. */
function expectDoneNeverDecreases(events: ProgressEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    if (events[i].label === events[i - 1].label) expect(events[i].done).toBeGreaterThanOrEqual(events[i - 1].done);
  }
}

describe('progress of a product import', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  beforeEach(async () => {
    app = await tempApp();
    progressTiming.intervalMs = 0; // every step, so the test sees the rows go by
  });
  afterEach(async () => {
    progressTiming.intervalMs = 100;
    await app.cleanup();
  });

  for (const readOn of ['main', 'worker'] as const) {
    it(`reports rows done of total, reading on the ${readOn} thread, and ends finished with done = total`, async () => {
      const file = path.join(app.dir, 'products.csv');
      writeFileSync(file, productsCsv(5000));
      const seen: AppEvent[] = [];
      const unsubscribe = app.events.subscribe((e) => seen.push(e));
      const report = await app.services.inventory.productImport.importFile('csv', file, { skipBadRows: false, readOn });
      unsubscribe();
      expect(report).toMatchObject({ created: 5000, failed: 0, written: true });

      const events = progressOf(seen);
      expect(new Set(events.map((e) => e.jobId)).size).toBe(1);
      expect(events[0]).toMatchObject({ kind: 'product-import', label: 'Importing products.csv', done: 0 });
      expectDoneNeverDecreases(events);
      // Rows go by in batches while the file is read (more than the first and last event).
      const reading = events.filter((e) => e.label === 'Importing products.csv' && e.done > 0 && !e.finished);
      expect(reading.length).toBeGreaterThan(1);
      expect(events.some((e) => e.label === 'Writing products.csv')).toBe(true);
      const last = events.at(-1)!;
      expect(last).toMatchObject({ finished: true, done: 5000, total: 5000 });
      expect(last.error).toBeUndefined();
      expect(events.filter((e) => e.finished)).toHaveLength(1);
    });
  }

  it('an order import reports the rows of the file read, two rows an order, and ends with done = total', async () => {
    const channel = await app.invoke('channels.upsert', { name: 'Files', kind: 'csv' });
    const lines = ['order_id,placed_at,ship_name,address1,city,country,sku,quantity,unit_price,currency'];
    for (let i = 1; i <= 300; i++) {
      for (const sku of ['MUG', 'CAP']) lines.push(`PO-${i},2026-11-02T10:00:00Z,Ann Lee,1 Main St,Springfield,US,${sku},1,9.99,USD`);
    }
    const seen: AppEvent[] = [];
    app.events.subscribe((e) => seen.push(e));
    const report = await app.services.orders.importText(channel.id, 'csv', `${lines.join('\n')}\n`, 'test');
    expect(report.created + report.failed).toBe(300);
    const events = progressOf(seen);
    expect(events[0]).toMatchObject({ kind: 'order-import', label: 'Importing orders from (uploaded text)', done: 0 });
    expectDoneNeverDecreases(events);
    expect(events.filter((e) => e.done > 0 && e.done < 600 && !e.finished).length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({ finished: true, done: 600, total: 600 });
  });

  it('a rejected file still finishes its progress', async () => {
    const seen: AppEvent[] = [];
    app.events.subscribe((e) => seen.push(e));
    const report = await app.services.inventory.productImport.importText('csv', `${PLAIN_HEADER}\n,No SKU,,100,10,10,10,9.99,5.00,EUR,,,,true,0,0,false,\n`, { skipBadRows: false });
    expect(report.written).toBe(false);
    expect(progressOf(seen).at(-1)).toMatchObject({ finished: true, label: 'Importing (uploaded text)' });
  });
});

describe('startProgress', () => {
  it('throttles a burst of steps to one event, and the last event always goes out', () => {
    const bus = new EventBus(systemClock);
    const seen: AppEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    const progress = startProgress(bus, { kind: 'batch-labels', label: 'Labels', total: 1000 });
    for (let i = 0; i < 1000; i++) progress.advance();
    // The first event went out at start; the burst of 1,000 steps waits for the interval.
    expect(progressOf(seen)).toHaveLength(1);
    progress.done();
    const events = progressOf(seen);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ kind: 'batch-labels', done: 1000, total: 1000, finished: true });
    progress.advance();
    expect(progressOf(seen)).toHaveLength(2);
  });

  it('a failed job ends with its error', async () => {
    const bus = new EventBus(systemClock);
    const seen: AppEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    await expect(withProgress(bus, { kind: 'backup', label: 'Backing up' }, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(progressOf(seen).at(-1)).toMatchObject({ finished: true, error: 'disk full', total: null });
  });

  it('an estimate that fell short grows with the work', () => {
    const bus = new EventBus(systemClock);
    const seen: AppEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    progressTiming.intervalMs = 0;
    try {
      const progress = startProgress(bus, { kind: 'order-import', label: 'Orders', total: 2 });
      progress.advance(3);
      expect(progressOf(seen).at(-1)).toMatchObject({ done: 3, total: 3 });
    } finally {
      progressTiming.intervalMs = 100;
    }
  });
});
