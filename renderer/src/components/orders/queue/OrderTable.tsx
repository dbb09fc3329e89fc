import type { RefObject } from 'react';
import type { OrderColumnSort, OrderSummaryDto } from '../../../../../shared/api/orders';
import { QUEUE_COLUMNS } from './queue-columns';
import { ariaSort, type QueueSort } from './queue-sort';

const ARROW = { ascending: '▲', descending: '▼', none: '' } as const;

/**
 * The queue's table: sortable headers (a click sorts by the column, again reverses it; aria-sort
 * says which), one focusable row per order (the roving cursor of useRowFocus), a tick box per row.
 */
export function OrderTable(props: {
  rows: OrderSummaryDto[];
  sort: QueueSort;
  onSort(column: OrderColumnSort): void;
  cursor: number;
  onCursor(index: number): void;
  selected: Set<number>;
  onToggle(id: number): void;
  onOpen(o: OrderSummaryDto): void;
  bodyRef: RefObject<HTMLTableSectionElement | null>;
}) {
  const { rows, sort, cursor, selected } = props;
  return (
    <table className="table order-table" aria-label="Orders">
      <thead>
        <tr>
          <th className="col-select" aria-label="Select" />
          {QUEUE_COLUMNS.map((c) => {
            const state = c.sort ? ariaSort(sort, c.sort) : undefined;
            return (
              <th
                key={c.id}
                className={[c.className === 'num' ? 'num' : '', c.optional ? 'col-optional' : ''].join(' ').trim() || undefined}
                style={c.width ? { width: c.width } : undefined}
                aria-sort={state}
                data-testid={`order-col-${c.id}`}
              >
                {c.sort ? (
                  <button type="button" className="th-sort" onClick={() => props.onSort(c.sort!)} title={`Sort by ${c.label.toLowerCase()}`}>
                    {c.label}
                    <span aria-hidden="true" className="sort-arrow">
                      {ARROW[state!]}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody ref={props.bodyRef} data-testid="order-rows" aria-label="Order rows">
        {rows.map((o, i) => (
          <tr
            key={o.id}
            tabIndex={i === cursor ? 0 : -1}
            className={i === cursor ? 'selected' : ''}
            data-testid={`order-row-${o.number}`}
            aria-label={`${o.number}, ${o.customer}`}
            onFocus={() => props.onCursor(i)}
            onClick={() => props.onOpen(o)}
          >
            <td className="col-select" onClick={(e) => e.stopPropagation()}>
              <input type="checkbox" tabIndex={-1} aria-label={`Select ${o.number}`} checked={selected.has(o.id)} onChange={() => props.onToggle(o.id)} />
            </td>
            {QUEUE_COLUMNS.map((c) => {
              const { content, title } = c.cell(o);
              return (
                <td key={c.id} className={[c.className ?? '', c.optional ? 'col-optional' : ''].join(' ').trim() || undefined} title={title} data-col={c.id}>
                  {content}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
