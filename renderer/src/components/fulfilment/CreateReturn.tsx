import { useState } from 'react';
import type { RmaDto } from '../../../../shared/api/fulfilment';
import type { OrderDetailDto } from '../../../../shared/api/orders';
import { formatCount, parseMoney } from '../../../../shared/money';
import { formatMoney } from '../../../../shared/units';
import { RETURN_REASONS, type ReturnReasonCode } from '../../../../shared/return-reasons';
import { call } from '../../bridge';
import { useToast } from '../Toasts';

const RETURNABLE = ['shipped', 'partially_shipped', 'delivered'];

/**
 * Create an RMA from a shipped order: which units come back and why, the refund (computed from
 * what was paid unless typed in), and optionally a prepaid return label through shipping.
 */
export function CreateReturn({ order }: { order: OrderDetailDto }) {
  const notify = useToast();
  const [open, setOpen] = useState(false);
  const [qty, setQty] = useState<Record<number, number>>({});
  const [reasonCode, setReasonCode] = useState<ReturnReasonCode | ''>('');
  const [reason, setReason] = useState('');
  const [refund, setRefund] = useState('');
  const [label, setLabel] = useState(true);
  const [created, setCreated] = useState<RmaDto | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  if (!RETURNABLE.includes(order.status)) return null;
  const shippedLines = order.orderLines.filter((l) => l.shippedQty > 0);

  if (!open) {
    return (
      <div className="panel">
        <button className="secondary" onClick={() => setOpen(true)} data-testid="start-return">
          Create return (RMA)…
        </button>
      </div>
    );
  }
  return (
    <form
      className="panel"
      data-testid="create-return"
      onSubmit={async (e) => {
        e.preventDefault();
        const lines = shippedLines.filter((l) => (qty[l.id] ?? 0) > 0).map((l) => ({ orderLineId: l.id, qty: qty[l.id] }));
        // Exact, in the order currency's own decimals (JPY none); a bad amount goes to the API as NaN, which refuses it.
        const parsedRefund = refund.trim() ? parseMoney(refund, order.currency) : null;
        const refundCents = parsedRefund ? (parsedRefund.ok ? parsedRefund.minor : Number.NaN) : undefined;
        const rma = await call('returns.create', { orderId: order.id, reasonCode: reasonCode || undefined, reason: reason.trim() || undefined, lines, refundCents, returnLabel: label });
        setCreated(rma);
        notify('success', `${rma.number} created`);
        if (rma.returnLabel?.packageId) setPreview((await call('shipping.labelPreview', { packageId: rma.returnLabel.packageId })).svg);
      }}
    >
      <h2>Return</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>SKU</th>
              <th>Product</th>
              <th className="num">Shipped</th>
              <th>Return</th>
            </tr>
          </thead>
          <tbody>
            {shippedLines.map((l) => (
              <tr key={l.id}>
                <td className="mono">{l.sku}</td>
                <td className="cell-text">{l.name}</td>
                <td className="num">{formatCount(l.shippedQty)}</td>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={l.shippedQty}
                    aria-label={`Return quantity ${l.sku}`}
                    value={qty[l.id] ?? 0}
                    onChange={(e) => setQty({ ...qty, [l.id]: Number(e.target.value) })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <select aria-label="Return reason" value={reasonCode} onChange={(e) => setReasonCode(e.target.value as ReturnReasonCode)} required>
          <option value="" disabled>
            Reason…
          </option>
          {RETURN_REASONS.map((r) => (
            <option key={r.code} value={r.code}>
              {r.label}
            </option>
          ))}
        </select>
        <input aria-label="Reason note" placeholder={reasonCode === 'other' ? 'What is it? (required)' : 'Note (optional)'} value={reason} onChange={(e) => setReason(e.target.value)} required={reasonCode === 'other'} />
        <input aria-label="Refund" className="refund-input" placeholder="Refund (default: paid price)" inputMode="decimal" value={refund} onChange={(e) => setRefund(e.target.value)} />
        <label>
          <input type="checkbox" checked={label} onChange={(e) => setLabel(e.target.checked)} /> Prepaid return label
        </label>
        <button type="submit">Create RMA</button>
      </div>
      {created && (
        <div className="callout" data-testid="rma-created">
          <strong>{created.number}</strong> — refund {formatMoney(created.refundCents, created.currency)}
          {created.returnLabel && (
            <>
              {' '}
              · return label {created.returnLabel.service}, tracking <span className="mono">{created.returnLabel.trackingNumber}</span>
            </>
          )}
          {preview && <img className="label-preview" alt="Return label preview" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview)}`} />}
        </div>
      )}
    </form>
  );
}
