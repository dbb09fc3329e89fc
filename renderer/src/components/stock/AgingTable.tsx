import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { useQuery } from '../../hooks';
import { formatCount } from '../../../../shared/money';
import { formatMoney } from './format';

const ROW_HEIGHT = 34;

/** Inventory aging per lot / receipt layer, oldest first, for stock older than `minDays`. */
export function AgingTable({ warehouse, minDays, query }: { warehouse?: string; minDays: number; query: string }) {
  const aging = useQuery('stock.aging', { warehouse, minDays }, ['stock.']);
  const rows = useMemo(() => {
    const q = query.toLowerCase();
    return (aging.data ?? []).filter((r) => !q || r.sku.toLowerCase().includes(q)).sort((a, b) => b.ageDays - a.ageDays);
  }, [aging.data, query]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const totalValue = rows.reduce((s, r) => s + r.valueCents, 0);
  return (
    <div className="vtable" role="grid" aria-label="Inventory aging">
      <div className="vrow vhead aging-cols" role="row">
        <span role="columnheader">SKU</span>
        <span role="columnheader">Warehouse</span>
        <span role="columnheader">Lot</span>
        <span role="columnheader">Received</span>
        <span role="columnheader" className="num">Age (days)</span>
        <span role="columnheader" className="num">Quantity</span>
        <span role="columnheader" className="num">Value</span>
      </div>
      <div className="vbody" ref={scrollRef} tabIndex={0}>
        <div className="vspacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = rows[item.index];
            return (
              <div key={item.key} role="row" className="vrow aging-cols" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                <span role="gridcell" className="mono">{r.sku}</span>
                <span role="gridcell">{r.warehouse}</span>
                <span role="gridcell">{r.lot ?? '—'}</span>
                <span role="gridcell">{r.receivedOn || 'unknown'}</span>
                <span role="gridcell" className="num">{r.ageDays}</span>
                <span role="gridcell" className="num">{formatCount(r.quantity)}</span>
                <span role="gridcell" className="num">{formatMoney(r.valueCents)}</span>
              </div>
            );
          })}
        </div>
      </div>
      <p className="muted">
        {aging.loading ? 'Loading…' : `${formatCount(rows.length)} receipt layers, ${formatMoney(totalValue)} at moving-average cost`}
      </p>
    </div>
  );
}
