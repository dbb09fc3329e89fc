import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { EventBus } from '../../../main/events';
import { matchesPrefix, type EventPrefix, type TypedEvent } from '../../../shared/events';

/**
 * The typed event map (shared/events.ts). The `@ts-expect-error` lines are the real test: the
 * typecheck (tsconfig.test.json) fails if a wrong topic or payload ever compiles again.
 */
describe('typed events', () => {
  it('a topic nobody publishes, or a payload of the wrong shape, does not compile', () => {
    const bus = new EventBus(new ManualClock(new Date('2026-03-02T09:00:00Z')));
    const publishWrong = () => {
      // @ts-expect-error the id of orders.changed is a number
      bus.publish('orders.changed', { id: '7' });
      // @ts-expect-error there is no topic 'order.changed' (the area is 'orders')
      bus.publish('order.changed', { id: 7 });
      // @ts-expect-error progress needs its counts
      bus.publish('progress', { jobId: 'j', kind: 'export', label: 'Exporting' });
      // @ts-expect-error 'warehouses.' is no area anyone publishes in
      const prefix: EventPrefix = 'warehouses.';
      return prefix;
    };
    expect(typeof publishWrong).toBe('function');
  });

  it('delivers what was published, and the topic narrows the payload for the subscriber', () => {
    const bus = new EventBus(new ManualClock(new Date('2026-03-02T09:00:00Z')));
    const seen: string[] = [];
    const off = bus.subscribe((event: TypedEvent) => {
      if (event.topic === 'orders.changed') seen.push(`order ${event.data.id} ${event.data.status}`);
      if (event.topic === 'progress') seen.push(`${event.data.kind} ${event.data.done}/${event.data.total}`);
    });
    bus.publish('orders.changed', { id: 7, status: 'packed' });
    bus.publish('progress', { jobId: 'export-1', kind: 'export', label: 'Exporting stock', done: 3, total: 10 });
    bus.publish('stock.changed', { productId: 1 });
    off();
    bus.publish('orders.changed', { id: 8 });
    expect(seen).toEqual(['order 7 packed', 'export 3/10']);
  });

  it('a prefix covers its whole topic or its area, nothing that merely starts alike', () => {
    expect(matchesPrefix('orders.changed', ['orders.'])).toBe(true);
    expect(matchesPrefix('shipping.changed', ['shipping.changed'])).toBe(true);
    expect(matchesPrefix('progress', ['progress'])).toBe(true);
    expect(matchesPrefix('stockFeed.changed', ['stock.'])).toBe(false);
    expect(matchesPrefix('shipping.config', ['shipping.changed', 'orders.'])).toBe(false);
  });
});
