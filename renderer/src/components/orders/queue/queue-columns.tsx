import type { ReactNode } from 'react';
import type { OrderColumnSort, OrderSummaryDto } from '../../../../../shared/api/orders';
import { formatMoney } from '../../../../../shared/units';
import { STATUS_LABELS, statusPillClass } from '../order-format';

/**
 * The queue's columns. `width` is fixed for short values (the table has a fixed layout, so a long
 * hold reason or address cannot push Total, Promised and Warehouse off screen); the rest share what
 * is left, truncated with the whole value as a tooltip. `optional` columns give way first on a
 * narrow window (styles.css: .order-table .col-optional).
 */
export interface QueueColumn {
  id: string;
  label: string;
  sort?: OrderColumnSort;
  width?: string;
  className?: string;
  optional?: boolean;
  /** The cell's content and its tooltip (the full text of a truncated cell). */
  cell(o: OrderSummaryDto): { content: ReactNode; title?: string };
}

const linesText = (o: OrderSummaryDto) => o.lines.map((l) => `${l.qty}× ${l.sku}`).join(', ');

export const QUEUE_COLUMNS: QueueColumn[] = [
  {
    id: 'number',
    label: 'Order',
    sort: 'number',
    width: '7.5em',
    className: 'mono',
    cell: (o) => ({
      content: (
        <>
          <a href={`#/orders/${o.id}`} onClick={(e) => e.stopPropagation()} tabIndex={-1}>
            {o.number}
          </a>
          {o.priority > 0 && (
            <span className="pill warn" title="Priority">
              !
            </span>
          )}
        </>
      ),
      title: o.number,
    }),
  },
  {
    id: 'status',
    label: 'Status',
    width: '10.5em',
    cell: (o) => ({
      content: (
        <>
          <span className={statusPillClass(o.status)} data-testid="order-status">
            {STATUS_LABELS[o.status]}
          </span>
          {o.holdReason && <span className="muted hold-reason"> {o.holdReason}</span>}
        </>
      ),
      title: o.holdReason ? `${STATUS_LABELS[o.status]}: ${o.holdReason}` : STATUS_LABELS[o.status],
    }),
  },
  { id: 'channel', label: 'Channel', width: '8em', optional: true, cell: (o) => ({ content: o.channel, title: o.channel }) },
  { id: 'customer', label: 'Customer', cell: (o) => ({ content: o.customer, title: o.customer }) },
  { id: 'destination', label: 'Ship to', cell: (o) => ({ content: o.destination, title: o.destination }) },
  { id: 'lines', label: 'Lines', className: 'mono', optional: true, cell: (o) => ({ content: linesText(o), title: linesText(o) }) },
  {
    id: 'total',
    label: 'Total',
    sort: 'total',
    width: '8.5em',
    className: 'num',
    cell: (o) => ({ content: formatMoney(o.totalCents, o.currency), title: formatMoney(o.totalCents, o.currency) }),
  },
  { id: 'placed', label: 'Placed', sort: 'placed', width: '8.5em', optional: true, cell: (o) => ({ content: o.placedAt.slice(0, 10), title: o.placedAt }) },
  { id: 'promised', label: 'Promised', sort: 'promised', width: '8.5em', cell: (o) => ({ content: o.promisedDate ?? '', title: o.promisedDate ?? 'No promised date' }) },
  { id: 'warehouse', label: 'Warehouse', width: '8.5em', cell: (o) => ({ content: o.warehouse ?? '', title: o.warehouse ?? 'Not allocated' }) },
];
