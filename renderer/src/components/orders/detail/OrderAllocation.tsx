import { Fragment } from 'react';
import type { OrderDetailDto } from '../../../../../shared/api/orders';
import { shortDateTime, STATUS_LABELS } from '../order-format';

/** Why this warehouse (each warehouse's reason), and the order's history (who, when, why) with the channel's identifiers. */
export function OrderAllocation({ order }: { order: OrderDetailDto }) {
  return (
    <div className="grid2">
      <div className="panel" data-testid="allocation">
        <h2>Why this warehouse</h2>
        {order.allocation ? (
          <>
            <p className="callout">{order.allocation.explanation}</p>
            <table className="table">
              <thead>
                <tr>
                  <th>Warehouse</th>
                  <th />
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {order.allocation.warehouses.map((w) => (
                  <tr key={w.warehouse} data-testid={`allocation-${w.warehouse}`}>
                    <td>{w.warehouse}</td>
                    <td>{w.chosen ? <span className="pill ok">chosen</span> : ''}</td>
                    <td className="wrap">{w.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p className="muted">Not allocated yet.</p>
        )}
      </div>
      <div className="panel">
        <h2>History</h2>
        <ol className="timeline" data-testid="order-history">
          {[...order.events].reverse().map((e, i) => (
            <li key={i} data-testid="order-event">
              <span className="muted">{shortDateTime(e.at)}</span> <strong>{e.from ? `${STATUS_LABELS[e.from as keyof typeof STATUS_LABELS] ?? e.from} → ` : ''}{STATUS_LABELS[e.to as keyof typeof STATUS_LABELS] ?? e.to}</strong>{' '}
              <span className="muted">by {e.actor}</span>
              <div>{e.reason}</div>
            </li>
          ))}
        </ol>
        {Object.keys(order.rawIdentifiers).length > 0 && (
          <details>
            <summary className="muted">Identifiers from the channel</summary>
            <dl className="facts">
              {Object.entries(order.rawIdentifiers).map(([k, v]) => (
                <Fragment key={k}>
                  <dt>{k}</dt>
                  <dd className="mono">{v}</dd>
                </Fragment>
              ))}
            </dl>
          </details>
        )}
      </div>
    </div>
  );
}
