import { Fragment, useState } from 'react';
import type { OrderDetailDto } from '../../../../shared/api/orders';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useEvents, useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { OrderActions } from './OrderActions';
import { PackingSlipButton } from './PackingSlipButton';
import { OrderRates } from '../shipping/OrderRates';
import { CreateReturn } from '../fulfilment/CreateReturn';
import { ProductPicker } from './ProductPicker';
import { FulfilmentSync } from './FulfilmentSync';
import { AddressEditor } from './AddressEditor';
import { CustomsPanel } from '../shipping/CustomsPanel';
import { shortDateTime, STATUS_LABELS, statusPillClass } from './order-format';

/**
 * One order: customer, ship-to, lines with their reservations (warehouse, bin, lot), totals, the
 * promise, why this warehouse was chosen, the history (who, when, why) and the allowed actions.
 * A line whose SKU was unknown can be pointed at a catalog product right here.
 */
export function OrderDetail({ orderId, navigate }: { orderId: number; navigate(path: string): void }) {
  const q = useQuery('orders.get', { id: orderId });
  const [fresh, setFresh] = useState<OrderDetailDto>();
  useEvents(['orders.'], (e) => {
    if ((e.data as { id?: number } | undefined)?.id === orderId) void q.reload().then(() => setFresh(undefined));
  });
  const order = fresh ?? q.data;
  if (q.error && !order) return <p className="error">{q.error}</p>;
  if (!order) return <p className="muted">Loading…</p>;
  const money = (c: number) => formatMoney(c, order.currency);

  return (
    <div data-testid="order-detail">
      <div className="row">
        <button className="secondary" onClick={() => navigate('orders')} data-testid="back-to-orders" title="Esc">
          ← Orders
        </button>
        <h2 className="detail-title">
          Order <span className="mono">{order.number}</span>
        </h2>
        <span className={statusPillClass(order.status)} data-testid="order-detail-status">
          {STATUS_LABELS[order.status]}
        </span>
        {order.priority > 0 && <span className="pill warn">priority {order.priority}</span>}
        <span className="muted">
          {order.channel} · placed {shortDateTime(order.placedAt)} · {order.paymentStatus}
        </span>
      </div>
      {order.holdReason && (
        <p className="callout hold-callout" data-testid="hold-reason">
          <strong>On hold:</strong> {order.holdReason}
        </p>
      )}
      <FulfilmentSync orderId={order.id} />
      <PackingSlipButton order={order} />
      <OrderActions
        order={order}
        onDone={(o) => {
          setFresh(o);
          void q.reload().then(() => setFresh(undefined));
        }}
      />
      <div className="grid3">
        <div className="panel">
          <h2>Customer</h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd data-testid="order-customer">{order.customer}</dd>
            <dt>Email</dt>
            <dd>{order.customerEmail ?? '—'}</dd>
            <dt>Phone</dt>
            <dd>{order.customerPhone ?? '—'}</dd>
          </dl>
        </div>
        <div className="panel">
          <h2>Ship to</h2>
          <AddressEditor
            order={order}
            onSaved={(o) => {
              setFresh(o);
              void q.reload().then(() => setFresh(undefined));
            }}
          />
        </div>
        <div className="panel">
          <h2>Delivery</h2>
          <dl className="facts">
            <dt>Method</dt>
            <dd>{order.shippingMethod ?? '—'}</dd>
            <dt>Promised by</dt>
            <dd data-testid="order-promised">{order.promisedDate ?? '—'}</dd>
            <dt>Warehouse</dt>
            <dd>{order.warehouse ?? (order.orderLines.some((l) => l.warehouse) ? 'split' : '—')}</dd>
            {order.tags.length > 0 && (
              <>
                <dt>Tags</dt>
                <dd>{order.tags.map((t) => <span key={t} className="pill">{t}</span>)}</dd>
              </>
            )}
            {order.note && (
              <>
                <dt>Note</dt>
                <dd>{order.note}</dd>
              </>
            )}
          </dl>
        </div>
      </div>

      <CustomsPanel orderId={order.id} status={order.status} />
      <OrderRates orderId={order.id} status={order.status} />
      <CreateReturn order={order} />
      <div className="panel">
        <h2>Lines</h2>
        <table className="table" data-testid="order-lines">
          <thead>
            <tr>
              <th>SKU</th>
              <th>Name</th>
              <th className="num">Qty</th>
              <th className="num">Unit price</th>
              <th className="num">Discount</th>
              <th className="num">Tax</th>
              <th className="num">Line total</th>
              <th>Reserved (warehouse / bin / lot)</th>
            </tr>
          </thead>
          <tbody>
            {order.orderLines.map((l) => (
              <tr key={l.id} data-testid={`order-line-${l.sku}`}>
                <td className="mono">
                  {l.sku} {l.productId === null && <span className="pill bad">unknown SKU</span>}
                </td>
                <td className="ellipsis cell-wide">{l.name}</td>
                <td className="num">
                  {l.quantity}
                  {l.shippedQty > 0 && <span className="muted"> ({l.shippedQty} shipped)</span>}
                </td>
                <td className="num">{money(l.unitPriceCents)}</td>
                <td className="num">{l.discountCents ? `−${money(l.discountCents)}` : ''}</td>
                <td className="num">{l.taxCents ? money(l.taxCents) : ''}</td>
                <td className="num">{money(l.unitPriceCents * l.quantity - l.discountCents + l.taxCents)}</td>
                <td>
                  {l.productId === null ? (
                    <FixLine orderId={order.id} lineId={l.id} sku={l.sku} onFixed={setFresh} />
                  ) : l.reserved.length ? (
                    <ul className="plain" data-testid="reservations">
                      {l.reserved.map((r, i) => (
                        <li key={i}>
                          {r.quantity} × {r.sku !== l.sku ? <span className="mono">{r.sku} </span> : null}
                          {r.warehouse} / <span className="mono">{r.bin}</span>
                          {r.lot && <> / lot {r.lot}</>}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted">{l.warehouse ? `${l.warehouse} (picked)` : 'nothing reserved'}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="facts totals" data-testid="order-totals">
          <dt>Subtotal</dt>
          <dd className="num">{money(order.subtotalCents)}</dd>
          {order.discountCents > 0 && (
            <>
              <dt>Discounts</dt>
              <dd className="num">−{money(order.discountCents)}</dd>
            </>
          )}
          <dt>Tax</dt>
          <dd className="num">{money(order.taxCents)}</dd>
          <dt>Shipping</dt>
          <dd className="num">{money(order.shippingCents)}</dd>
          <dt>
            <strong>Total</strong>
          </dt>
          <dd className="num">
            <strong data-testid="order-total">{money(order.totalCents)}</strong>
          </dd>
        </dl>
      </div>

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
    </div>
  );
}

/** Points an unknown-SKU line at a catalog product; the alias is remembered for the channel. */
function FixLine({ orderId, lineId, sku, onFixed }: { orderId: number; lineId: number; sku: string; onFixed(o: OrderDetailDto): void }) {
  const notify = useToast();
  const [open, setOpen] = useState(false);
  const [remember, setRemember] = useState(true);
  if (!open)
    return (
      <button className="secondary" onClick={() => setOpen(true)} data-testid={`fix-line-${sku}`}>
        Fix SKU…
      </button>
    );
  return (
    <div className="fix-line" data-testid="fix-line">
      <ProductPicker
        label={`Catalog product for ${sku}`}
        autoFocus
        testId="fix-line-picker"
        onPick={async (p) => {
          try {
            const updated = await call('orders.fixLine', { id: orderId, lineId, sku: p.sku, rememberAlias: remember });
            notify('success', `${sku} is now ${p.sku}${remember ? ' (remembered for this channel)' : ''}`);
            onFixed(updated);
          } catch {
            // toast shows why
          }
        }}
      />
      <label className="inline">
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember {sku} for this channel
      </label>
      <button className="secondary" onClick={() => setOpen(false)}>
        Close
      </button>
    </div>
  );
}
