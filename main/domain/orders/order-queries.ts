import { isColumnSort, type OrderCountsDto, type OrderDetailDto, type OrderPageDto } from '../../../shared/api/orders';
import type { Core } from '../../core';
import { orderDetail, summaries } from './order-summaries';
import { columnPage } from './queue-columns';
import { filterPredicates, type OrderListQuery, type OrderQueueFilter } from './queue-common';
import { orderCounts } from './queue-counts';
import { newestPage } from './queue-newest';
import { promiseOrderPage } from './queue-promise';

export type { OrderListQuery, OrderQueueFilter } from './queue-common';
export { comparePromise } from './queue-promise';
export { compareColumn } from './queue-columns';

/**
 * Read side of orders: the queue (keyset-paged so page 1 of a million orders is as fast as page 1
 * of ten) in one of its orders — newest first (queue-newest.ts), earliest promise first
 * (queue-promise.ts) or a column sort (queue-columns.ts) — its counts per state, and details.
 */
export class OrderQueries {
  constructor(private readonly core: Core) {}

  async list(q: OrderListQuery): Promise<OrderPageDto> {
    const { store } = this.core;
    const preds = await filterPredicates(store, q);
    const sort = q.sort;
    if (!preds) return isColumnSort(sort) ? { rows: [], nextBefore: null, nextAfter: null, nextFrom: null } : { rows: [], nextBefore: null, nextAfter: null };
    if (isColumnSort(sort)) {
      const page = await columnPage(store, { ...q, sort }, preds);
      return { rows: await summaries(store, page.rows), nextBefore: null, nextAfter: null, nextFrom: page.next };
    }
    if (sort === 'promise') {
      const page = await promiseOrderPage(store, q, preds);
      return { rows: await summaries(store, page.rows), nextBefore: null, nextAfter: page.next };
    }
    const page = await newestPage(store, q, preds);
    return { rows: await summaries(store, page.rows), nextBefore: page.next, nextAfter: null };
  }

  /** Open orders per status under the queue's filters (see queue-counts.ts). */
  async counts(f: OrderQueueFilter = {}): Promise<OrderCountsDto> {
    return await orderCounts(this.core.store, f);
  }

  async get(id: number): Promise<OrderDetailDto> {
    return await orderDetail(this.core.store, id);
  }
}
