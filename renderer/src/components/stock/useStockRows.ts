import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { StockRowDto } from '../../../../shared/api/inventory';
import { call } from '../../bridge';
import { useEvents } from '../../hooks';
import { useHotkeys } from '../../hooks/useHotkeys';
import { usePagedRows } from './usePagedRows';

export const STOCK_ROW_HEIGHT = 34;
const PAGE_SIZE = 200;
/** Rows PageUp/PageDown move by. */
const PAGE_STEP = 15;
export type StockFilter = 'all' | 'low' | 'out' | 'expiring' | 'aging';

/**
 * The stock list's rows: paged from the server as they scroll into view (only the visible rows
 * exist in the DOM), reloaded live on stock and catalog changes, and a keyboard cursor over them
 * (↑/↓/PageUp/PageDown/Home/End move it, Enter opens the row) on the scroll element.
 */
export function useStockRows(
  request: { query: string; warehouse: string; filter: StockFilter; days: number },
  scrollRef: RefObject<HTMLDivElement | null>,
  open: (row: StockRowDto | undefined) => void,
) {
  const [selected, setSelected] = useState(0);
  const listFilter = request.filter === 'aging' ? 'all' : request.filter;
  const key = JSON.stringify({ query: request.query, warehouse: request.warehouse, listFilter, days: request.days });
  const paged = usePagedRows<StockRowDto>(key, PAGE_SIZE, (offset, limit) =>
    call('stock.list', { query: request.query || undefined, warehouse: request.warehouse || undefined, filter: listFilter, expiringDays: request.days, offset, limit }),
  );
  const total = paged.total ?? 0;

  // Live: any stock or catalog change reloads the loaded pages (coalesced).
  const refreshTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEvents(['stock.', 'catalog.'], () => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(paged.refresh, 300);
  });
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => STOCK_ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (total > 0) paged.ensure(first, last);
  }, [first, last, total, paged.ensure, paged.version]);
  useEffect(() => setSelected(0), [key]);

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setSelected(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  useHotkeys(
    {
      ArrowDown: () => moveTo(selected + 1),
      ArrowUp: () => moveTo(selected - 1),
      PageDown: () => moveTo(selected + PAGE_STEP),
      PageUp: () => moveTo(selected - PAGE_STEP),
      Home: () => moveTo(0),
      End: () => moveTo(total - 1),
      Enter: () => open(paged.row(selected)),
    },
    { target: scrollRef },
  );

  return { paged, total, virtualizer, items, selected, setSelected };
}
