import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput } from '../../../../../shared/api';
import type { OrderPageDto, OrderSummaryDto } from '../../../../../shared/api/orders';
import { call } from '../../../bridge';
import { useEvents } from '../../../hooks';

const PAGE = 50;
/** A selective filter may come back with short pages (each request reads a bounded slice); keep asking up to this many times. */
const MAX_CONTINUE = 20;

type ListInput = MethodInput<'orders.list'>;
/** The queue's request without its cursor and page size. */
export type QueueRequest = Omit<ListInput, 'before' | 'after' | 'from' | 'limit'>;
/** Where the next page starts: below an id (newest), after a (promised, id) key (promise order) or a (value, id) key (a column sort). */
type Cursor = Pick<ListInput, 'before' | 'after' | 'from'>;
const nextCursor = (page: OrderPageDto): Cursor | null =>
  page.nextFrom ? { from: page.nextFrom } : page.nextAfter ? { after: page.nextAfter } : page.nextBefore ? { before: page.nextBefore } : null;

/**
 * The queue's rows for `request`, keyset-paged: the first page when the request changes, "Load
 * more" from the last row's key, and a live reload of as many rows as are shown when orders
 * arrive or change state (coalesced while a flash sale pours in). `request` is compared by value.
 */
export function useOrderPages(request: QueueRequest) {
  const [rows, setRows] = useState<OrderSummaryDto[] | undefined>(undefined);
  const [next, setNext] = useState<Cursor | null>(null);
  /** The request `rows` answer (a new request's rows arrive a moment after it is made). */
  const [rowsKey, setRowsKey] = useState<string | null>(null);
  const seq = useRef(0);
  const loaded = useRef(0);
  const requestKey = JSON.stringify(request);

  /** Up to `limit` rows from `from` (the top when null), following short pages of a selective filter a bounded number of times. */
  const fetchRows = useCallback(
    async (from: Cursor | null, limit: number) => {
      const base = JSON.parse(requestKey) as QueueRequest;
      const rows: OrderSummaryDto[] = [];
      let cursor = from;
      for (let i = 0; i < MAX_CONTINUE; i++) {
        const page = await call('orders.list', { ...base, ...cursor, limit: limit - rows.length });
        rows.push(...page.rows);
        cursor = nextCursor(page);
        if (!cursor || rows.length >= limit) break;
      }
      return { rows, next: cursor };
    },
    [requestKey],
  );

  /** Loads from the top; `keep` reloads as many rows as are shown (live refresh keeps "Load more" pages). */
  const loadHead = useCallback(
    async (keep: boolean) => {
      const mine = ++seq.current;
      const limit = keep ? Math.min(500, Math.max(PAGE, loaded.current)) : PAGE;
      const page = await fetchRows(null, limit);
      if (mine !== seq.current) return;
      loaded.current = page.rows.length;
      setRows(page.rows);
      setRowsKey(requestKey);
      setNext(page.next);
    },
    [fetchRows, requestKey],
  );

  useEffect(() => {
    void loadHead(false);
  }, [loadHead]);

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEvents(['orders.'], () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void loadHead(true), 150);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  const loadMore = useCallback(async () => {
    if (!next) return;
    const mine = ++seq.current;
    const page = await fetchRows(next, PAGE);
    if (mine !== seq.current) return;
    setRows((r) => [...(r ?? []), ...page.rows]);
    loaded.current += page.rows.length;
    setNext(page.next);
  }, [next, fetchRows]);

  return { rows, hasMore: next !== null, loadMore, requestKey, upToDate: rowsKey === requestKey };
}
