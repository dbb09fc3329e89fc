import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { OrderStatus, OrderSummaryDto } from '../../../../shared/api/orders';
import { useQuery } from '../../hooks';
import { useHotkeys } from '../../hooks/useHotkeys';
import { useDebounced } from '../stock/usePagedRows';
import { BatchLabels } from './BatchLabels';
import { QUEUE_TABS, STATUS_LABELS } from './order-format';
import { BulkBar } from './queue/BulkBar';
import { OrderTable } from './queue/OrderTable';
import { QueueToolbar } from './queue/QueueToolbar';
import { nextSort, type QueueSort } from './queue/queue-sort';
import { useOrderPages } from './queue/useOrderPages';
import { useQueueFilters } from './queue/useQueueFilters';
import { useRowFocus } from './queue/useRowFocus';
import { formatCount } from '../../../../shared/money';

type Tab = OrderStatus | 'all';

/**
 * The live order queue, the packers' home screen: a tab per state with counts, filters for
 * channel, warehouse, promised date and tag (the counts follow them), search by number or customer,
 * sorting by a column header or the presets (state tabs default to the earliest promise first, All
 * to the newest first), keyset paging ("Load more" continues from the last row's key, so it is as
 * fast on page 2,000 as on page 1), and rows that update as orders arrive.
 *
 * Keys: / search · ↓ from the search to the list · ↑/↓ choose · Enter open (from the search: the
 * first row) · Space select · [ and ] switch tabs · N new order.
 */
export function OrderQueue({ navigate }: { navigate(path: string): void }) {
  const [tab, setTab] = useState<Tab>('all');
  // The sort chosen for the state tabs (default: earliest promise) and for All (default: newest:
  // its earliest promises are long-delivered orders).
  const [stateSort, setStateSort] = useState<QueueSort>({ sort: 'promise' });
  const [allSort, setAllSort] = useState<QueueSort>({ sort: 'newest' });
  const sort = tab === 'all' ? allSort : stateSort;
  const setSort = tab === 'all' ? setAllSort : setStateSort;
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 200);
  // "Due today" is the shop's today (its time zone), the day promises were counted on, not this screen's.
  const calendar = useQuery('calendar.get', {}, ['calendar.']);
  const filters = useQueueFilters(calendar.data?.today ?? new Date().toISOString().slice(0, 10));
  const counts = useQuery('orders.counts', filters.filters, ['orders.']);
  // Batch labels for these orders (the selection when "Create labels" was pressed).
  const [batchOrders, setBatchOrders] = useState<number[] | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const pages = useOrderPages({ status: tab === 'all' ? undefined : tab, ...filters.filters, query: query || undefined, ...sort });
  const open = (o: OrderSummaryDto) => navigate(`orders/${o.id}`);
  const rowFocus = useRowFocus(pages.rows, { resetKey: pages.requestKey, open, hasMore: pages.hasMore, loadMore: () => void pages.loadMore() });

  // Enter in the search box opens the first row of the search typed, once its rows are in.
  const openFirstFor = useRef<string | null>(null);
  useEffect(() => {
    if (openFirstFor.current === null || openFirstFor.current !== query || !pages.upToDate) return;
    openFirstFor.current = null;
    const first = pages.rows?.[0];
    if (first) open(first);
  });
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      rowFocus.focusRow(0);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      openFirstFor.current = text.trim();
    }
  };

  useHotkeys({
    '/': () => searchRef.current?.focus(),
    n: () => navigate('orders/new'),
    '[': () => setTab(QUEUE_TABS[(QUEUE_TABS.indexOf(tab) + QUEUE_TABS.length - 1) % QUEUE_TABS.length]),
    ']': () => setTab(QUEUE_TABS[(QUEUE_TABS.indexOf(tab) + 1) % QUEUE_TABS.length]),
  });
  useEffect(() => searchRef.current?.focus(), []);

  /** A state's open-order count under the filters; "120+" when it was counted over its newest orders only. */
  const countOf = (t: Tab) => {
    const n = t === 'all' ? undefined : counts.data?.[t];
    return n === undefined ? undefined : counts.data?.capped?.includes(t as OrderStatus) ? `${formatCount(n)}+` : formatCount(n);
  };

  return (
    <>
      <nav className="tabs status-tabs" aria-label="Order states" data-testid="order-tabs">
        {QUEUE_TABS.map((t) => (
          <a
            key={t}
            href="#/orders"
            className={tab === t ? 'active' : ''}
            aria-current={tab === t ? 'page' : undefined}
            data-testid={`order-tab-${t}`}
            onClick={(e) => {
              e.preventDefault();
              setTab(t);
            }}
          >
            {t === 'all' ? 'All' : STATUS_LABELS[t]}
            {countOf(t) !== undefined && <span className="count" data-testid={`order-count-${t}`}>{countOf(t)}</span>}
          </a>
        ))}
      </nav>
      <QueueToolbar
        searchRef={searchRef}
        text={text}
        onText={(t) => {
          openFirstFor.current = null;
          setText(t);
        }}
        onSearchKey={onSearchKey}
        filters={filters}
        sort={sort.sort}
        onPreset={(s) => setSort({ sort: s })}
        navigate={navigate}
      />
      <BulkBar selected={rowFocus.selected} onClear={() => rowFocus.setSelected(new Set())} onLabels={setBatchOrders} />
      {batchOrders && (
        <BatchLabels
          orderIds={batchOrders}
          onClose={() => {
            setBatchOrders(null);
            rowFocus.setSelected(new Set());
          }}
        />
      )}
      <div className="panel table-panel order-table-panel">
        <OrderTable
          rows={pages.rows ?? []}
          sort={sort}
          onSort={(column) => setSort(nextSort(sort, column))}
          cursor={rowFocus.cursor}
          onCursor={rowFocus.setCursor}
          selected={rowFocus.selected}
          onToggle={rowFocus.toggle}
          onOpen={open}
          bodyRef={rowFocus.bodyRef}
        />
        {pages.rows?.length === 0 && !pages.hasMore && (
          <p className="muted empty">{filters.filtered ? 'No orders match these filters.' : "No orders here. Orders from your channels' webhooks appear the moment they arrive."}</p>
        )}
        {pages.rows === undefined && <p className="muted empty">Loading…</p>}
        {pages.hasMore && (
          <div className="row">
            <button className="secondary" onClick={() => void pages.loadMore()} data-testid="load-more">
              Load more
            </button>
          </div>
        )}
      </div>
    </>
  );
}
