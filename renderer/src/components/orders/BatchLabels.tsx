import { useEffect, useState } from 'react';
import type { BatchDto, BatchProgressEvent } from '../../../../shared/api/shipping-batch';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useEvents, useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { LabelKindPill } from '../shipping/shipping-ui';

const totalText = (totals: { currency: string; cents: number }[]) => (totals.length ? totals.map((t) => formatMoney(t.cents, t.currency)).join(' + ') : formatMoney(0, 'USD'));

/**
 * Batch labels for the queue's selection: every order rated on its recommended service (rules
 * applied) with the total and the exceptions, then one action creates all shipments in pick
 * order, prints the labels (and the packing slips), shows progress as it goes, states what
 * shipped and what failed with the reason, and can void the whole batch.
 */
export function BatchLabels({ orderIds, onClose }: { orderIds: number[]; onClose(): void }) {
  const notify = useToast();
  const plan = useQuery('shipping.batchPlan', { orderIds });
  const printers = useQuery('printers.list', {}, ['devices.']);
  const enabled = (printers.data ?? []).filter((p) => p.enabled);
  const labelPrinters = enabled.filter((p) => p.language === 'zpl').map((p) => p.name);
  const officePrinters = enabled.filter((p) => p.language === 'pdf').map((p) => p.name);
  const [printer, setPrinter] = useState('');
  const [slipPrinter, setSlipPrinter] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<BatchProgressEvent | null>(null);
  const [batch, setBatch] = useState<BatchDto | null>(null);
  useEffect(() => {
    if (!printer && labelPrinters.length) setPrinter(labelPrinters[0]);
  }, [labelPrinters.join('|')]);
  useEvents(['shipping.batch'], (e) => {
    const p = e.data as Partial<BatchProgressEvent>;
    if (busy && typeof p.done === 'number') setProgress(p as BatchProgressEvent);
  });

  const create = async () => {
    setBusy(true);
    setProgress(null);
    try {
      const b = await call('shipping.batchCreate', { orderIds, printer: printer || undefined, slipPrinter: slipPrinter || undefined });
      setBatch(b);
      notify(b.failed.length ? 'error' : 'success', `Labels: ${b.summary}`);
    } catch {
      // the toast says why; nothing was created
    } finally {
      setBusy(false);
    }
  };

  const voidBatch = async () => {
    if (!batch) return;
    const reason = window.prompt('Why void this batch?', 'labels printed on the wrong stock');
    if (!reason) return;
    const b = await call('shipping.batchVoid', { id: batch.id, reason }).catch(() => null);
    if (b) setBatch(b);
  };

  const openSlip = async (orderId: number) => {
    if (!batch) return;
    const slip = await call('shipping.batchSlip', { id: batch.id, orderId }).catch(() => null);
    if (!slip) return;
    // Saved as a file (the console's CSP opens no new windows); the OS opens or prints it from there.
    const bytes = Uint8Array.from(atob(slip.pdfBase64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `packing-slip-${batch.shipped.find((s) => s.orderId === orderId)?.orderNumber ?? orderId}.pdf`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const p = plan.data;
  return (
    <div className="panel" role="region" aria-label="Batch labels" data-testid="batch-labels">
      <div className="row">
        <h2>
          Labels for {orderIds.length} order{orderIds.length === 1 ? '' : 's'}
        </h2>
        <span className="spacer" />
        <button className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {plan.error && <p className="error">{plan.error}</p>}
      {!p && !plan.error && <p className="muted">Rating {orderIds.length} orders…</p>}
      {p && !batch && (
        <>
          <p className="callout" data-testid="batch-total">
            Total {totalText(p.totals)} for {p.orders.length - p.exceptions} order{p.orders.length - p.exceptions === 1 ? '' : 's'}
            {p.exceptions > 0 && <strong> · {p.exceptions} exception{p.exceptions === 1 ? '' : 's'} (not labelled)</strong>}
          </p>
          <table className="table" data-testid="batch-plan">
            <thead>
              <tr>
                <th>Order</th>
                <th>Service</th>
                <th className="num">Price</th>
                <th>Label</th>
              </tr>
            </thead>
            <tbody>
              {p.orders.map((o) => (
                <tr key={o.orderId} data-testid={`batch-plan-${o.orderNumber}`}>
                  <td className="mono">{o.orderNumber}</td>
                  {o.exception ? (
                    <td colSpan={3} className="error" style={{ whiteSpace: 'normal' }} data-testid="batch-exception">
                      {o.exception}
                    </td>
                  ) : (
                    <>
                      <td>{o.serviceName}</td>
                      <td className="num">{formatMoney(o.priceCents!, o.currency!)}</td>
                      <td>{o.labelKind && <LabelKindPill kind={o.labelKind} />}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <form
            className="action-form"
            onSubmit={(e) => {
              e.preventDefault();
              void create();
            }}
          >
            <label>
              Label printer
              <select aria-label="Batch label printer" value={printer} onChange={(e) => setPrinter(e.target.value)}>
                <option value="">Don’t print</option>
                {labelPrinters.map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            </label>
            {officePrinters.length > 0 && (
              <label>
                Packing slips
                <select aria-label="Packing slip printer" value={slipPrinter} onChange={(e) => setSlipPrinter(e.target.value)}>
                  <option value="">Don’t print slips</option>
                  {officePrinters.map((name) => (
                    <option key={name}>{name}</option>
                  ))}
                </select>
              </label>
            )}
            <button type="submit" disabled={busy || p.orders.length === p.exceptions} data-testid="batch-create">
              Create {p.orders.length - p.exceptions} labels{printer ? ' and print' : ''}
            </button>
            {busy && progress && (
              <span data-testid="batch-progress">
                <progress max={progress.total} value={progress.done} /> {progress.done} of {progress.total}
              </span>
            )}
          </form>
          {officePrinters.length === 0 && (
            // A select with only "Don't print" left the owner guessing how slips would ever print.
            <p className="muted" data-testid="batch-no-slip-printer">
              Packing slips: add an office printer under <a href="#/settings">Settings → Printers</a> to print them with the labels.
            </p>
          )}
        </>
      )}
      {batch && (
        <>
          <p className={batch.failed.length ? 'callout warn-callout' : 'callout'} data-testid="batch-summary">
            Batch {batch.id}: {batch.summary} · {totalText(batch.totals)}
          </p>
          {batch.failed.length > 0 && (
            <ul className="plain" data-testid="batch-failed">
              {batch.failed.map((f) => (
                <li key={f.orderId}>
                  <strong className="mono">{f.orderNumber}</strong>: <span className="error">{f.reason}</span>
                </li>
              ))}
            </ul>
          )}
          {batch.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          <table className="table" data-testid="batch-shipped">
            <thead>
              <tr>
                <th>Order</th>
                <th>Service</th>
                <th>Tracking / reference</th>
                <th>Label</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {batch.shipped.map((s) => (
                <tr key={s.shipmentId} data-testid={`batch-shipped-${s.orderNumber}`}>
                  <td className="mono">{s.orderNumber}</td>
                  <td>{s.serviceName}</td>
                  <td className="mono">{s.trackingNumbers.join(', ')}</td>
                  <td>
                    <LabelKindPill kind={s.labelKind} />
                  </td>
                  <td>{s.status.replace(/_/g, ' ')}</td>
                  <td>
                    <button className="secondary" onClick={() => void openSlip(s.orderId)} data-testid="batch-slip">
                      Packing slip
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {batch.status !== 'voided' && batch.shipped.some((s) => s.status === 'label_created' || s.status === 'manifested') && (
            <button className="danger" onClick={() => void voidBatch()} data-testid="batch-void">
              Void this batch
            </button>
          )}
        </>
      )}
    </div>
  );
}
