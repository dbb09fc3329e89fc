import { useEffect, useState } from 'react';
import type { OrderStatus } from '../../../../shared/api/orders';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { LabelKindPill, LabelPreview, RateTable, ShipmentActions, ShipmentStatusPill, kg } from './shipping-ui';

const SHIPPABLE: OrderStatus[] = ['allocated', 'picking', 'packed', 'partially_shipped', 'shipped'];

/**
 * Shipping on an order: the rate table with the recommended service highlighted and the reason
 * in one sentence, the alternatives with price and on-time odds, an override (with a reason),
 * create shipment + print label, and the order's shipments with their labels.
 */
export function OrderRates({ orderId, status }: { orderId: number; status: OrderStatus }) {
  const shipments = useQuery('shipping.shipments', { orderId, limit: 50 }, ['shipping.shipments']);
  const printers = useQuery('printers.list', {}, ['devices.']);
  const labelPrinters = (printers.data ?? []).filter((p) => p.language === 'zpl' && p.enabled).map((p) => p.name);
  const left = useQuery('orders.get', { id: orderId }, ['orders.']);
  const unshipped = (left.data?.orderLines ?? []).reduce((n, l) => n + l.quantity - l.shippedQty, 0);
  const canShip = SHIPPABLE.includes(status) && left.data !== undefined && unshipped > 0;
  return (
    <div className="panel" data-testid="order-rates">
      <h2>Shipping</h2>
      {canShip && (
        <ShipForm
          orderId={orderId}
          labelPrinters={labelPrinters}
          onShipped={() => {
            void shipments.reload();
            void left.reload();
          }}
        />
      )}
      {!canShip && (shipments.data?.length ?? 0) === 0 && <p className="muted">This order cannot ship while it is {status.replace(/_/g, ' ')}.</p>}
      {(shipments.data ?? []).map((s) => (
        <div key={s.id} className="shipment-card" data-testid={`shipment-${s.id}`} data-direction={s.direction}>
          <div className="row">
            {/* A return label travels customer → warehouse: it is not an outgoing shipment. */}
            {s.direction === 'return' ? <strong>Return {s.id}</strong> : <strong>Shipment {s.id}</strong>} {s.direction === 'return' && <span className="pill">Return</span>}{' '}
            <ShipmentStatusPill status={s.status} /> {s.serviceName} · {formatMoney(s.priceCents, s.currency)} · expected {s.expectedDeliveryDate}
            {s.overrideReason && <span className="muted"> · override: {s.overrideReason}</span>} <LabelKindPill kind={s.labelKind} />
            <span className="spacer" />
            <ShipmentActions shipment={s} printers={labelPrinters} onDone={() => void shipments.reload()} />
          </div>
          <div className="row">
            {s.packages.map((p) => (
              <div key={p.id} className="package-card">
                <div className="mono" data-testid="tracking-number">
                  {p.trackingNumber}
                </div>
                {s.labelKind === 'reference' && <div className="muted">internal reference, not a tracking number</div>}
                <div className="muted">
                  {p.boxCode ?? 'no box'} · {kg(p.weightG)} · {formatMoney(p.priceCents, s.currency)}
                </div>
                {s.status !== 'voided' && <LabelPreview packageId={p.id} />}
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

/** The rate table and the create-shipment form (only mounted while something is left to ship). */
function ShipForm({ orderId, labelPrinters, onShipped }: { orderId: number; labelPrinters: string[]; onShipped(): void }) {
  const notify = useToast();
  const rates = useQuery('shipping.rateOrder', { orderId }, ['shipping.changed']);
  const [choice, setChoice] = useState<string>();
  const [reason, setReason] = useState('');
  const [printer, setPrinter] = useState('');
  const [busy, setBusy] = useState(false);
  const recommendedKey = rates.data?.recommended?.serviceKey ?? null;
  useEffect(() => setChoice(recommendedKey ?? undefined), [recommendedKey]);
  useEffect(() => {
    if (!printer && labelPrinters.length) setPrinter(labelPrinters[0]);
  }, [labelPrinters.join('|')]);
  const overriding = choice !== undefined && choice !== recommendedKey;

  const ship = async () => {
    if (!choice) return;
    setBusy(true);
    try {
      const s = await call('shipping.ship', { orderId, service: choice, overrideReason: overriding ? reason : undefined, printer: printer || undefined });
      const numbers = `${s.labelKind === 'reference' ? 'reference (NOT POSTAGE)' : 'tracking'} ${s.packages.map((p) => p.trackingNumber).join(', ')}`;
      notify('success', `Shipment ${s.id}: ${s.serviceName}, ${numbers}${printer ? ` — label sent to ${printer}` : ''}`);
      setReason('');
      onShipped();
    } catch {
      // the toast says why
    } finally {
      setBusy(false);
    }
  };

  if (rates.error) return <p className="error">{rates.error}</p>;
  if (!rates.data) return <p className="muted">Rating…</p>;
  const r = rates.data;
  return (
    <>
      <p className={r.recommendationMeetsPromise ? 'callout' : 'callout warn-callout'} data-testid="rate-reason">
        {r.reason}
      </p>
      <p className="muted">
        From {r.origin.warehouse ?? r.origin.postalCode} to {r.destination.postalCode} {r.destination.country}
        {r.destination.residential ? ' (residential)' : ''} · promised {r.promisedDate ?? '—'} · target {Math.round(r.targetProbability * 100)}% ·{' '}
        {r.packages.map((p) => `${p.boxCode ?? 'no box'} ${kg(p.weightG)}`).join(', ')}
        {r.rules && r.rules.fired.length > 0 && ` · rules: ${r.rules.trace.filter((t) => t.matched).map((t) => t.ruleName).join(', ')}`}
      </p>
      {r.live?.status === 'unavailable' && (
        <p className="callout warn-callout" data-testid="live-rates-status">
          Prices: rate card — live rates unavailable ({r.live.reason})
        </p>
      )}
      {r.live?.status === 'live' && (
        <p className="muted" data-testid="live-rates-status">
          Prices marked “live” are {r.live.provider}’s rates now; the others are the rate cards.
        </p>
      )}
      <RateTable options={r.options} recommendedKey={recommendedKey} selected={choice} onSelect={setChoice} />
      <form
        className="action-form ship-form"
        onSubmit={(e) => {
          e.preventDefault();
          void ship();
        }}
      >
        {overriding && (
          <label className="grow">
            Why not the recommended service?
            <input aria-label="Override reason" value={reason} onChange={(e) => setReason(e.target.value)} required placeholder="e.g. customer asked for UPS" />
          </label>
        )}
        <label>
          Label printer
          <select aria-label="Label printer" value={printer} onChange={(e) => setPrinter(e.target.value)}>
            <option value="">Don’t print</option>
            {labelPrinters.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !choice || (overriding && !reason.trim())} data-testid="create-shipment">
          Create shipment{printer ? ' and print label' : ''}
        </button>
      </form>
      {r.ineligible.length > 0 && (
        <details>
          <summary className="muted">{r.ineligible.length} services cannot ship this</summary>
          <ul className="plain">
            {r.ineligible.map((i) => (
              <li key={i.serviceKey}>
                {i.serviceName}: <span className="muted">{i.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
