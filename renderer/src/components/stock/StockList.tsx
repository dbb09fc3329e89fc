import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StockRowDto } from '../../../../shared/api/inventory';
import { call } from '../../bridge';
import { useEvents, useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { ScanDetector } from './scanner';
import { downloadText, useDebounced, usePagedRows } from './usePagedRows';
import { AgingTable } from './AgingTable';

const ROW_HEIGHT = 34;
const PAGE_SIZE = 200;
type Filter = 'all' | 'low' | 'out' | 'expiring' | 'aging';

/**
 * The stock view: one row per product and warehouse, virtualized (only the visible rows exist in
 * the DOM) and paged from the server as the user scrolls, so 100,000 SKUs scroll as smoothly as
 * 100. Search is debounced; a barcode scanned into the search box opens that product at once.
 */
export function StockList({ navigate }: { navigate(path: string): void }) {
  const notify = useToast();
  const warehouses = useQuery('warehouses.list', {}, ['warehouses.']);
  const [text, setText] = useState('');
  const [warehouse, setWarehouse] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [days, setDays] = useState(30);
  const [selected, setSelected] = useState(0);
  const query = useDebounced(text.trim(), 150);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const scanner = useRef(new ScanDetector());

  const listFilter = filter === 'aging' ? 'all' : filter;
  const key = JSON.stringify({ query, warehouse, listFilter, days });
  const paged = usePagedRows<StockRowDto>(key, PAGE_SIZE, (offset, limit) =>
    call('stock.list', { query: query || undefined, warehouse: warehouse || undefined, filter: listFilter, expiringDays: days, offset, limit }),
  );
  const total = paged.total ?? 0;

  // Live: any stock or catalog change reloads the loaded pages (coalesced).
  const refreshTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEvents(['stock.', 'catalog.'], () => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(paged.refresh, 300);
  });
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (total > 0) paged.ensure(first, last);
  }, [first, last, total, paged.ensure, paged.version]);
  useEffect(() => setSelected(0), [key]);

  const open = useCallback((row: StockRowDto | undefined) => row && navigate(`stock/${row.productId}`), [navigate]);

  /** Enter in the search box: a scanned (or typed) exact barcode, SKU or alias opens the product. */
  const onSearchEnter = async () => {
    const code = text.trim();
    const scanned = scanner.current.enter(performance.now());
    if (!code) return;
    const product = await call('catalog.lookup', { code });
    if (product) {
      if (scanned) setText('');
      navigate(`stock/${product.id}`);
    } else if (total === 1 && !scanned) {
      open(paged.row(0));
    } else {
      notify('error', `No product has the barcode or SKU ${code}`);
      // A scan replaces the box's content; typed text stays so it can be corrected.
      if (scanned) setText('');
    }
  };

  const onListKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'PageDown' || e.key === 'PageUp' || e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const step = e.key === 'PageDown' || e.key === 'PageUp' ? 15 : 1;
      const next =
        e.key === 'Home' ? 0 : e.key === 'End' ? total - 1 : Math.max(0, Math.min(total - 1, selected + (e.key === 'ArrowDown' || e.key === 'PageDown' ? step : -step)));
      setSelected(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    } else if (e.key === 'Enter') {
      open(paged.row(selected));
    }
  };

  // "/" focuses the search box from anywhere on the screen, as in most consoles.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => searchRef.current?.focus(), []);

  const exportCsv = async () => {
    const result = await call('stock.exportCsv', { warehouse: warehouse || undefined });
    downloadText(result.filename, result.csv);
    notify('success', `Exported ${result.filename}`);
  };

  const summary = useMemo(() => (paged.total === undefined ? 'Loading…' : `${paged.total.toLocaleString()} rows`), [paged.total]);

  return (
    <>
      <div className="row stock-toolbar">
        <input
          ref={searchRef}
          className="stock-search"
          type="search"
          aria-label="Search stock"
          placeholder="Search SKU, name or barcode — or scan (/ to focus)"
          value={text}
          data-testid="stock-search"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void onSearchEnter();
            } else if (e.key === 'Escape') {
              setText('');
              scanner.current.reset();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              scrollRef.current?.focus();
            } else if (e.key.length === 1) {
              scanner.current.key(performance.now());
            }
          }}
        />
        <select aria-label="Warehouse" value={warehouse} onChange={(e) => setWarehouse(e.target.value)}>
          <option value="">All warehouses</option>
          {warehouses.data?.map((w) => (
            <option key={w.code} value={w.code}>
              {w.code} — {w.name}
            </option>
          ))}
        </select>
        <select aria-label="Filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)} data-testid="stock-filter">
          <option value="all">All stock</option>
          <option value="low">Low stock</option>
          <option value="out">Out of stock</option>
          <option value="expiring">Expiring within…</option>
          <option value="aging">Aging (older than…)</option>
        </select>
        {(filter === 'expiring' || filter === 'aging') && (
          <label className="inline">
            <input type="number" min={0} max={3650} aria-label="Days" className="narrow" value={days} onChange={(e) => setDays(Math.max(0, Number(e.target.value) || 0))} /> days
          </label>
        )}
        <span className="muted" data-testid="stock-total">
          {summary}
        </span>
        <span className="spacer" />
        <button className="secondary" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </div>

      {filter === 'aging' ? (
        <AgingTable warehouse={warehouse || undefined} minDays={days} query={query} />
      ) : (
        <div className="vtable" role="grid" aria-label="Stock" aria-rowcount={total}>
          <div className="vrow vhead stock-cols" role="row">
            <span role="columnheader">SKU</span>
            <span role="columnheader">Name</span>
            <span role="columnheader">Warehouse</span>
            <span role="columnheader" className="num">On hand</span>
            <span role="columnheader" className="num">Reserved</span>
            <span role="columnheader" className="num">Available</span>
            <span role="columnheader" className="num">Reorder at</span>
            <span role="columnheader">Next expiry</span>
          </div>
          <div className="vbody" ref={scrollRef} tabIndex={0} onKeyDown={onListKey} data-testid="stock-rows">
            <div className="vspacer" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => {
                const r = paged.row(item.index);
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className={`vrow stock-cols${item.index === selected ? ' selected' : ''}`}
                    style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                    onClick={() => {
                      setSelected(item.index);
                      open(r);
                    }}
                    data-testid={r ? `stock-row-${r.sku}-${r.warehouse}` : undefined}
                  >
                    {r ? (
                      <>
                        <span role="gridcell" className="mono">{r.sku}</span>
                        <span role="gridcell" className="ellipsis" title={r.name}>
                          {r.name} {r.isKit && <span className="pill">kit</span>}
                        </span>
                        <span role="gridcell">{r.warehouse}</span>
                        <span role="gridcell" className="num">{r.onHand}</span>
                        <span role="gridcell" className="num">{r.reserved}</span>
                        <span role="gridcell" className="num">
                          {r.available === 0 && !r.isKit ? <span className="pill bad">out</span> : r.low ? <span className="pill warn" title="At or below the reorder point">low</span> : null} {r.available}
                        </span>
                        <span role="gridcell" className="num muted">{r.isKit ? '—' : r.reorderPoint}</span>
                        <span role="gridcell" className={r.nextExpiry && r.nextExpiry <= new Date().toISOString().slice(0, 10) ? 'error' : ''}>
                          {r.nextExpiry ?? ''}
                        </span>
                      </>
                    ) : (
                      <span role="gridcell" className="muted">…</span>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
          {paged.total === 0 && <p className="muted empty">No stock matches. Clear the search or filters, or import products.</p>}
        </div>
      )}
    </>
  );
}
