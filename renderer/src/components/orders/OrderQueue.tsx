import { useCallback, useEffect, useRef, useState } from 'react';
import type { OrderPageDto, OrderSort, OrderStatus, OrderSummaryDto, PromiseCursor } from '../../../../shared/api/orders';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useEvents, useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { BatchLabels } from './BatchLabels';
import { useDebounced } from '../stock/usePagedRows';
import { QUEUE_TABS, STATUS_LABELS, statusPillClass, typingIn } from './order-format';

const PAGE = 50;
/** A selective filter may come back with short pages (each request reads a bounded slice); keep asking up to this many times. */
const MAX_CONTINUE = 20;
type Tab = OrderStatus | 'all';
/** Promise filter presets; dates are the station's local calendar days. */
type PromiseFilter = '' | 'overdue' | 'today' | 'tomorrow' | 'by';
const NOT_ALLOCATED = '\u0000none';
/** Where the next page starts: below an id (newest first) or after a (promised, id) key (promise order). */
type Cursor = { before: number } | { after: PromiseCursor };
const nextCursor = (page: OrderPageDto): Cursor | null => (page.nextAfter ? { after: page.nextAfter } : page.nextBefore ? { before: page.nextBefore } : null);

/** The calendar day `offset` days from `today` (the shop's date, from its calendar), as YYYY-MM-DD. */
function dayFrom(today: string, offset: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

function promisedTo(promise: PromiseFilter, date: string, today: string): string | undefined {
  if (promise === 'overdue') return dayFrom(today, -1);
  if (promise === 'today') return today;
  if (promise === 'tomorrow') return dayFrom(today, 1);
  if (promise === 'by' && /^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return undefined;
}

/**
 * The live order queue, the packers' home screen: a tab per state with counts, filters for
 * channel, warehouse, promised date and tag (the counts follow them), search by number or customer,
 * a sort switch (state tabs default to the earliest promise first, All to the newest first), keyset
 * paging ("Load more" continues from the last row's key, so it is as fast on page 2,000 as on
 * page 1), and rows that update as orders arrive.
 *
 * Keys: / search · ↑/↓ choose · Enter open · Space select · [ and ] switch tabs · N new order.
 */
export function OrderQueue({ navigate }: { navigate(path: string): void }) {
  const notify = useToast();
  const [tab, setTab] = useState<Tab>('all');
  // The sort chosen for the state tabs (default: earliest promise) and for All (default: newest: its
  // earliest promises are long-delivered orders).
  const [stateSort, setStateSort] = useState<OrderSort>('promise');
  const [allSort, setAllSort] = useState<OrderSort>('newest');
  const sort = tab === 'all' ? allSort : stateSort;
  const setSort = tab === 'all' ? setAllSort : setStateSort;
  const [channel, setChannel] = useState<number | ''>('');
  const [warehouse, setWarehouse] = useState('');
  const [promise, setPromise] = useState<PromiseFilter>('');
  const [promiseDate, setPromiseDate] = useState('');
  const [tagText, setTagText] = useState('');
  const tag = useDebounced(tagText.trim(), 300);
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 200);
  // "Due today" is the shop's today (its time zone), the day promises were counted on, not this screen's.
  const calendar = useQuery('calendar.get', {}, ['calendar.']);
  const shopToday = calendar.data?.today ?? new Date().toISOString().slice(0, 10);
  const [rows, setRows] = useState<OrderSummaryDto[] | undefined>(undefined);
  const [next, setNext] = useState<Cursor | null>(null);
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [bulkReason, setBulkReason] = useState('');
  // Batch labels for these orders (the selection when "Create labels" was pressed).
  const [batchOrders, setBatchOrders] = useState<number[] | null>(null);
  const filters = {
    channel: channel === '' ? undefined : channel,
    warehouse: warehouse === '' ? undefined : warehouse === NOT_ALLOCATED ? null : warehouse,
    promisedTo: promisedTo(promise, promiseDate, shopToday),
    tag: tag || undefined,
  };
  const filtersKey = JSON.stringify(filters);
  const filtered = channel !== '' || warehouse !== '' || promise !== '' || tagText.trim() !== '';
  const clearFilters = () => {
    setChannel('');
    setWarehouse('');
    setPromise('');
    setPromiseDate('');
    setTagText('');
  };
  const counts = useQuery('orders.counts', filters, ['orders.']);
  const channels = useQuery('channels.list', {}, ['channels.']);
  const warehouses = useQuery('warehouses.list', {}, ['warehouses.']);
  const knownTags = useQuery('orders.tags', {});
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLTableSectionElement>(null);
  const seq = useRef(0);
  const loaded = useRef(0);

  const filter = useCallback(
    () => ({ status: tab === 'all' ? undefined : tab, ...(JSON.parse(filtersKey) as typeof filters), query: query || undefined, sort }),
    [tab, filtersKey, query, sort],
  );

  /** Up to `limit` rows from `from` (the top when null), following short pages of a selective filter a bounded number of times. */
  const fetchRows = useCallback(
    async (from: Cursor | null, limit: number) => {
      const rows: OrderSummaryDto[] = [];
      let next = from;
      for (let i = 0; i < MAX_CONTINUE; i++) {
        const page = await call('orders.list', { ...filter(), ...next, limit: limit - rows.length });
        rows.push(...page.rows);
        next = nextCursor(page);
        if (!next || rows.length >= limit) break;
      }
      return { rows, next };
    },
    [filter],
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
      setNext(page.next);
    },
    [fetchRows],
  );

  useEffect(() => {
    setCursor(0);
    setSelected(new Set());
    void loadHead(false);
  }, [loadHead]);

  // Live: orders arriving or changing state reload the visible rows (coalesced while a flash sale pours in).
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEvents(['orders.'], () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void loadHead(true), 150);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  const loadMore = async () => {
    if (!next) return;
    const mine = ++seq.current;
    const page = await fetchRows(next, PAGE);
    if (mine !== seq.current) return;
    setRows((r) => [...(r ?? []), ...page.rows]);
    loaded.current += page.rows.length;
    setNext(page.next);
  };

  const open = (o: OrderSummaryDto | undefined) => o && navigate(`orders/${o.id}`);
  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'n' || e.key === 'N') {
        e.preventDefault();
        navigate('orders/new');
      } else if (e.key === '[' || e.key === ']') {
        e.preventDefault();
        const i = QUEUE_TABS.indexOf(tab);
        setTab(QUEUE_TABS[(i + (e.key === ']' ? 1 : QUEUE_TABS.length - 1)) % QUEUE_TABS.length]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tab, navigate]);
  useEffect(() => searchRef.current?.focus(), []);

  const onListKey = (e: React.KeyboardEvent) => {
    const list = rows ?? [];
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const to = e.key === 'Home' ? 0 : e.key === 'End' ? list.length - 1 : Math.max(0, Math.min(list.length - 1, cursor + (e.key === 'ArrowDown' ? 1 : -1)));
      setCursor(to);
      listRef.current?.querySelectorAll('tr')[to]?.scrollIntoView({ block: 'nearest' });
      if (to === list.length - 1 && next) void loadMore();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(list[cursor]);
    } else if (e.key === ' ') {
      e.preventDefault();
      if (list[cursor]) toggle(list[cursor].id);
    }
  };

  /** Bulk actions run one order at a time; each is its own transaction, a refusal does not stop the rest. */
  const bulk = async (action: 'allocate' | 'hold' | 'release' | 'cancel') => {
    const ids = [...selected];
    let ok = 0;
    for (const id of ids) {
      try {
        if (action === 'allocate') await call('orders.allocate', { id });
        else if (action === 'release') await call('orders.release', { id });
        else if (action === 'hold') await call('orders.hold', { id, reason: bulkReason.trim() });
        else await call('orders.cancel', { id, reason: bulkReason.trim() });
        ok++;
      } catch {
        // Shown as a toast by the shell; carry on with the rest.
      }
    }
    notify(ok === ids.length ? 'success' : 'error', `${action}: ${ok} of ${ids.length} orders`);
    setSelected(new Set());
    setBulkReason('');
  };

  /** A state's open-order count under the filters; "120+" when it was counted over its newest orders only. */
  const countOf = (t: Tab) => {
    const n = t === 'all' ? undefined : counts.data?.[t];
    return n === undefined ? undefined : counts.data?.capped?.includes(t as OrderStatus) ? `${n}+` : String(n);
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
      <div className="row">
        <input
          ref={searchRef}
          type="search"
          className="grow-input"
          aria-label="Search orders"
          placeholder="Order number or customer (/ to focus)"
          value={text}
          data-testid="order-search"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'Enter') {
              e.preventDefault();
              if (e.key === 'Enter' && rows?.length === 1) open(rows[0]);
              else listRef.current?.parentElement?.focus();
            } else if (e.key === 'Escape') setText('');
          }}
        />
        <select aria-label="Channel" value={channel} onChange={(e) => setChannel(e.target.value ? Number(e.target.value) : '')} data-testid="order-channel">
          <option value="">All channels</option>
          {channels.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <select aria-label="Warehouse" value={warehouse} onChange={(e) => setWarehouse(e.target.value)} data-testid="order-warehouse">
          <option value="">All warehouses</option>
          <option value={NOT_ALLOCATED}>Not allocated</option>
          {warehouses.data?.map((w) => (
            <option key={w.id} value={w.code}>
              {w.code}
            </option>
          ))}
        </select>
        <select aria-label="Promised" value={promise} onChange={(e) => setPromise(e.target.value as PromiseFilter)} data-testid="order-promise">
          <option value="">Any promise date</option>
          <option value="overdue">Overdue (promised before today)</option>
          <option value="today">Due today or earlier</option>
          <option value="tomorrow">Due by tomorrow</option>
          <option value="by">Due by date…</option>
        </select>
        {promise === 'by' && (
          <input type="date" aria-label="Due by date" value={promiseDate} onChange={(e) => setPromiseDate(e.target.value)} data-testid="order-promise-date" />
        )}
        <input
          type="search"
          aria-label="Tag"
          placeholder="Tag"
          list="order-tag-list"
          size={10}
          value={tagText}
          onChange={(e) => setTagText(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setTagText('')}
          data-testid="order-tag"
        />
        <datalist id="order-tag-list">
          {knownTags.data?.map((t) => <option key={t} value={t} />)}
        </datalist>
        {filtered && (
          <button className="secondary" onClick={clearFilters} data-testid="order-clear-filters">
            Clear filters
          </button>
        )}
        <span className="spacer" />
        <span role="group" aria-label="Sort" className="sort-switch" data-testid="order-sort">
          {(['promise', 'newest'] as const).map((s) => (
            <button
              key={s}
              className={sort === s ? '' : 'secondary'}
              aria-pressed={sort === s}
              title={s === 'promise' ? 'Earliest promised date first; orders without one last' : 'Newest orders first'}
              onClick={() => setSort(s)}
              data-testid={`order-sort-${s}`}
            >
              {s === 'promise' ? 'Promise' : 'Newest'}
            </button>
          ))}
        </span>
        <button className="secondary" onClick={() => void call('orders.releaseBackorders', {}).then((r) => notify('success', `Backorders: ${r.allocated} allocated, ${r.still} still waiting`))}>
          Release backorders
        </button>
        <button onClick={() => navigate('orders/new')} title="N" data-testid="new-order">
          New order
        </button>
      </div>
      {selected.size > 0 && (
        <div className="row callout" role="toolbar" aria-label="Bulk actions" data-testid="bulk-bar">
          <strong>{selected.size} selected</strong>
          <button className="secondary" onClick={() => void bulk('allocate')}>
            Allocate
          </button>
          <button className="secondary" onClick={() => void bulk('release')}>
            Release
          </button>
          <input aria-label="Reason for hold or cancel" placeholder="Reason (hold / cancel)" value={bulkReason} onChange={(e) => setBulkReason(e.target.value)} />
          <button className="secondary" disabled={!bulkReason.trim()} onClick={() => void bulk('hold')}>
            Hold
          </button>
          <button className="danger" disabled={!bulkReason.trim()} onClick={() => void bulk('cancel')}>
            Cancel orders
          </button>
          <button onClick={() => setBatchOrders([...selected])} data-testid="bulk-labels">
            Create labels
          </button>
          <button className="secondary" disabled title="Pick lists arrive with the picking area">
            Print pick list
          </button>
          <button className="secondary" onClick={() => setSelected(new Set())}>
            Clear
          </button>
        </div>
      )}
      {batchOrders && (
        <BatchLabels
          orderIds={batchOrders}
          onClose={() => {
            setBatchOrders(null);
            setSelected(new Set());
          }}
        />
      )}
      <div className="panel table-panel">
        <table className="table order-table" aria-label="Orders">
          <thead>
            <tr>
              <th aria-label="Select" />
              <th>Order</th>
              <th>Status</th>
              <th>Channel</th>
              <th>Customer</th>
              <th>Ship to</th>
              <th>Lines</th>
              <th className="num">Total</th>
              <th>Placed</th>
              <th>Promised</th>
              <th>Warehouse</th>
            </tr>
          </thead>
          <tbody ref={listRef} tabIndex={0} onKeyDown={onListKey} data-testid="order-rows" aria-label="Order rows">
            {(rows ?? []).map((o, i) => (
              <tr key={o.id} className={i === cursor ? 'selected' : ''} data-testid={`order-row-${o.number}`} onClick={() => open(o)}>
                <td onClick={(e) => e.stopPropagation()}>
                  <input type="checkbox" aria-label={`Select ${o.number}`} checked={selected.has(o.id)} onChange={() => toggle(o.id)} />
                </td>
                <td className="mono">
                  <a href={`#/orders/${o.id}`} onClick={(e) => e.stopPropagation()}>
                    {o.number}
                  </a>
                  {o.priority > 0 && <span className="pill warn" title="Priority">!</span>}
                </td>
                <td>
                  <span className={statusPillClass(o.status)} data-testid="order-status">
                    {STATUS_LABELS[o.status]}
                  </span>
                  {o.holdReason && (
                    <span className="muted hold-reason" title={o.holdReason}>
                      {' '}
                      {o.holdReason}
                    </span>
                  )}
                </td>
                <td>{o.channel}</td>
                <td className="ellipsis cell-wide">{o.customer}</td>
                <td className="ellipsis cell-wide">{o.destination}</td>
                <td className="ellipsis cell-wide mono" title={o.lines.map((l) => `${l.qty}× ${l.sku}`).join(', ')}>
                  {o.lines.map((l) => `${l.qty}× ${l.sku}`).join(', ')}
                </td>
                <td className="num">{formatMoney(o.totalCents, o.currency)}</td>
                <td>{o.placedAt.slice(0, 10)}</td>
                <td>{o.promisedDate ?? ''}</td>
                <td>{o.warehouse ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows?.length === 0 && !next && (
          <p className="muted empty">{filtered ? 'No orders match these filters.' : "No orders here. Orders from your channels' webhooks appear the moment they arrive."}</p>
        )}
        {rows === undefined && <p className="muted empty">Loading…</p>}
        {next && (
          <div className="row">
            <button className="secondary" onClick={() => void loadMore()} data-testid="load-more">
              Load more
            </button>
          </div>
        )}
      </div>
    </>
  );
}
