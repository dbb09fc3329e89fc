import { useState } from 'react';
import type { OrderDetailDto } from '../../../../../shared/api/orders';
import { formatMoney } from '../../../../../shared/units';
import { call } from '../../../bridge';
import { useToast } from '../../Toasts';
import { ProductPicker } from '../ProductPicker';
import { formatCount } from '../../../../../shared/money';

/** The order's lines with their reservations (warehouse, bin, lot), and its totals. An unknown SKU can be fixed right here. */
export function OrderLines({ order, onFixed }: { order: OrderDetailDto; onFixed(o: OrderDetailDto): void }) {
  const money = (c: number) => formatMoney(c, order.currency);
  return (
    <div className="panel">
      <h2>Lines</h2>
      <div className="table-scroll">
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
              <th className="cell-text">Reserved (warehouse / bin / lot)</th>
            </tr>
          </thead>
          <tbody>
            {order.orderLines.map((l) => (
              <tr key={l.id} data-testid={`order-line-${l.sku}`}>
                <td className="mono">
                  {l.sku} {l.productId === null && <span className="pill bad">unknown SKU</span>}
                </td>
                <td className="cell-text cell-wide">{l.name}</td>
                <td className="num">
                  {formatCount(l.quantity)}
                  {l.shippedQty > 0 && <span className="muted"> ({formatCount(l.shippedQty)} shipped)</span>}
                </td>
                <td className="num">{money(l.unitPriceCents)}</td>
                <td className="num">{l.discountCents ? `−${money(l.discountCents)}` : ''}</td>
                <td className="num">{l.taxCents ? money(l.taxCents) : ''}</td>
                <td className="num">{money(l.unitPriceCents * l.quantity - l.discountCents + l.taxCents)}</td>
                <td className="cell-text">
                  {l.productId === null ? (
                    <FixLine orderId={order.id} lineId={l.id} sku={l.sku} onFixed={onFixed} />
                  ) : l.reserved.length ? (
                    <ul className="plain" data-testid="reservations">
                      {l.reserved.map((r, i) => (
                        <li key={i}>
                          {formatCount(r.quantity)} × {r.sku !== l.sku ? <span className="mono">{r.sku} </span> : null}
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
      </div>
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
