import { useState } from 'react';
import { call } from '../../../bridge';
import { useQuery } from '../../../hooks';
import { useToast } from '../../Toasts';
import { formatCount } from '../../../../../shared/money';

/** One batch: its pick list in route order, totes, Scan to pick, printing and cancelling. */
export function BatchDetail({ id, navigate }: { id: number; navigate(path: string): void }) {
  const { data: batch } = useQuery('picking.batch', { id }, ['picking.']);
  const { data: printers } = useQuery('printers.list', {});
  const [printer, setPrinter] = useState('');
  const notify = useToast();
  if (!batch) return null;
  const receipt = (printers ?? []).filter((p) => p.language === 'escpos');
  const print = async () => {
    const r = await call('picking.printList', { batchId: id, printer: printer || receipt[0]?.name });
    notify('success', `Pick list sent to ${r.printer} (job ${r.jobId})`);
  };
  return (
    <div className="panel" data-testid="batch-detail">
      <div className="row">
        <h2 className="detail-title">
          Batch {batch.id} · {batch.warehouse}
        </h2>
        <span className="pill">{batch.status}</span>
        <span className="spacer" />
        <strong data-testid="route-length">{batch.routeM.toFixed(1)} m</strong>
        <span className="muted">({batch.routeMethod === 'exact' ? 'shortest route' : batch.routeMethod})</span>
      </div>
      <div className="row">
        {batch.status !== 'done' && batch.status !== 'cancelled' ? (
          <button className="primary" onClick={() => navigate(`picking/scan/${id}`)}>
            Scan to pick
          </button>
        ) : null}
        <select value={printer} onChange={(e) => setPrinter(e.target.value)} aria-label="Pick-list printer">
          {receipt.map((p) => (
            <option key={p.name}>{p.name}</option>
          ))}
        </select>
        <button onClick={() => void print()} disabled={receipt.length === 0}>
          Print pick list
        </button>
        {batch.status === 'open' ? <button onClick={() => void call('picking.cancelBatch', { id, reason: 'cancelled from the batch list' })}>Cancel batch</button> : null}
      </div>
      <p className="muted">
        Totes: {batch.totes.map((t) => `${t.tote} → ${t.orderNumber}${t.status !== 'picking' ? ` (${t.status})` : ''}`).join(' · ')}
      </p>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>Stop</th>
              <th>Bin</th>
              <th>SKU</th>
              <th>Name</th>
              <th>Qty</th>
              <th>Lot</th>
              <th>Tote</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {batch.tasks.map((t) => (
              <tr key={t.id} className={t.status === 'cancelled' ? 'muted' : ''}>
                <td>{t.stop ?? '–'}</td>
                <td className="mono">{t.bin}</td>
                <td className="mono">{t.sku}</td>
                <td className="cell-text cell-wide">{t.name}</td>
                <td>
                  {formatCount(t.pickedQty)}/{formatCount(t.qty)}
                </td>
                <td>{t.lot ?? ''}</td>
                <td>{t.tote}</td>
                <td>{t.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
