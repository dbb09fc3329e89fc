import type { VirtualItem } from '@tanstack/react-virtual';
import type { StockRowDto } from '../../../../shared/api/inventory';
import { useFormat } from '../ShopFormat';
import { STOCK_ROW_HEIGHT } from './useStockRows';

/** The stock list's header row. */
export function StockHeader() {
  return (
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
  );
}

/** One virtual row: a product in a warehouse, or a placeholder while its page loads. */
export function StockRow({ item, row, selected, onOpen }: { item: VirtualItem; row: StockRowDto | undefined; selected: boolean; onOpen(): void }) {
  const r = row;
  const { count } = useFormat();
  return (
    <div
      role="row"
      aria-rowindex={item.index + 2}
      className={`vrow stock-cols${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${item.start}px)`, height: STOCK_ROW_HEIGHT }}
      onClick={onOpen}
      data-testid={r ? `stock-row-${r.sku}-${r.warehouse}` : undefined}
    >
      {r ? (
        <>
          <span role="gridcell" className="mono">{r.sku}</span>
          <span role="gridcell" className="ellipsis" title={r.name}>
            {r.name} {r.isKit && <span className="pill">kit</span>}
          </span>
          <span role="gridcell">{r.warehouse}</span>
          <span role="gridcell" className="num">{count(r.onHand)}</span>
          <span role="gridcell" className="num">{count(r.reserved)}</span>
          <span role="gridcell" className="num">
            {r.available === 0 && !r.isKit ? <span className="pill bad">out</span> : r.low ? <span className="pill warn" title="At or below the reorder point">low</span> : null} {count(r.available)}
          </span>
          <span role="gridcell" className="num muted">{r.isKit ? '—' : count(r.reorderPoint)}</span>
          <span role="gridcell" className={r.nextExpiry && r.nextExpiry <= new Date().toISOString().slice(0, 10) ? 'error' : ''}>
            {r.nextExpiry ?? ''}
          </span>
        </>
      ) : (
        <span role="gridcell" className="muted">…</span>
      )}
    </div>
  );
}
