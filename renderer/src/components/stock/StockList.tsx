import { useCallback, useEffect, useRef, useState } from 'react';
import type { StockRowDto } from '../../../../shared/api/inventory';
import { useHotkeys } from '../../hooks/useHotkeys';
import { useFormat } from '../ShopFormat';
import { AgingTable } from './AgingTable';
import { StockHeader, StockRow } from './StockRows';
import { StockToolbar } from './StockToolbar';
import { useDebounced } from './usePagedRows';
import { useStockRows, type StockFilter } from './useStockRows';

/**
 * The stock view: one row per product and warehouse, virtualized (only the visible rows exist in
 * the DOM) and paged from the server as the user scrolls, so 100,000 SKUs scroll as smoothly as
 * 100. Search is debounced; a barcode scanned into the search box opens that product at once.
 */
export function StockList({ navigate }: { navigate(path: string): void }) {
  const [text, setText] = useState('');
  const [warehouse, setWarehouse] = useState('');
  const [filter, setFilter] = useState<StockFilter>('all');
  const [days, setDays] = useState(30);
  const query = useDebounced(text.trim(), 150);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const open = useCallback((row: StockRowDto | undefined) => row && navigate(`stock/${row.productId}`), [navigate]);
  const { paged, total, virtualizer, items, selected, setSelected } = useStockRows({ query, warehouse, filter, days }, scrollRef, open);

  // "/" focuses the search box from anywhere on the screen, as in most consoles.
  const { count } = useFormat();
  useHotkeys({ '/': () => searchRef.current?.focus() });
  useEffect(() => searchRef.current?.focus(), []);

  const summary = paged.total === undefined ? 'Loading…' : `${count(paged.total)} rows`;

  return (
    <>
      <StockToolbar
        searchRef={searchRef}
        text={text}
        onText={setText}
        warehouse={warehouse}
        onWarehouse={setWarehouse}
        filter={filter}
        onFilter={setFilter}
        days={days}
        onDays={setDays}
        summary={summary}
        onlyRow={() => (total === 1 ? paged.row(0) : undefined)}
        onDown={() => scrollRef.current?.focus()}
        navigate={navigate}
      />
      {filter === 'aging' ? (
        <AgingTable warehouse={warehouse || undefined} minDays={days} query={query} />
      ) : (
        <div className="vtable" role="grid" aria-label="Stock" aria-rowcount={total}>
          <StockHeader />
          <div className="vbody" ref={scrollRef} tabIndex={0} data-testid="stock-rows">
            <div className="vspacer" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => (
                <StockRow
                  key={item.key}
                  item={item}
                  row={paged.row(item.index)}
                  selected={item.index === selected}
                  onOpen={() => {
                    setSelected(item.index);
                    open(paged.row(item.index));
                  }}
                />
              ))}
            </div>
          </div>
          {paged.total === 0 && <p className="muted empty">No stock matches. Clear the search or filters, or import products.</p>}
        </div>
      )}
    </>
  );
}
