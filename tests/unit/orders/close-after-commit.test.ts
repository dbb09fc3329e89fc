import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../shared/api/contract';
import { closeLogging, configureLogging } from '../../../main/logging/logger';
import { tempApp } from '../../helpers/temp-app';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * close() right after a unit of work: the work that follows its commit (the stock-feed
 * recompute, the backorder pass) ends before the connection does. It used to run on a closed
 * pool ("Cannot use a pool after calling end on the pool") or a closed SQLite handle, or not at all.
 */
describe('closing the app right after a stock movement', () => {
  it('lets the after-commit work finish first: the feed change is published and nothing fails', async () => {
    const app = await tempApp();
    const logFile = configureLogging({ dir: path.join(app.dir, 'logs') });
    try {
      await app.invoke('channels.upsert', { name: 'Shop', kind: 'csv' });
      await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
      const published: string[] = [];
      app.events.subscribe((e: AppEvent) => {
        if (e.topic === 'stockFeed.changed') published.push((e.data as { sku: string }).sku);
      });
      await app.invoke('stock.receive', { sku: 'MUG', quantity: 5 });
      await app.close(); // no stockFeedPublished() first
      expect(published).toEqual(['MUG']);
    } finally {
      closeLogging();
      await app.cleanup().catch(() => undefined);
    }
    const errors = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter((l) => l.startsWith('{"level":50') || l.startsWith('{"level":60')) : [];
    expect(errors.map((l) => l.slice(0, 300))).toEqual([]);
  });
});
