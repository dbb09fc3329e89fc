import { useState } from 'react';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { formatDateTime } from './format';

/** Transfers between warehouses; stock is in transit until received at the destination. */
export function TransfersView() {
  const notify = useToast();
  const [status, setStatus] = useState<'' | 'in_transit' | 'received'>('in_transit');
  const transfers = useQuery('stock.transfers', { status: status || undefined }, ['stock.']);
  const [bins, setBins] = useState<Record<number, string>>({});
  const receive = async (id: number) => {
    const t = await call('stock.receiveTransfer', { id, bin: bins[id] || undefined });
    notify('success', `Transfer ${t.id} received at ${t.to}`);
    void transfers.reload();
  };
  return (
    <div className="panel">
      <div className="row">
        <h2>Transfers</h2>
        <select aria-label="Transfer status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="in_transit">In transit</option>
          <option value="received">Received</option>
          <option value="">All</option>
        </select>
      </div>
      {transfers.data?.length ? (
        <table className="table" data-testid="transfers">
          <thead>
            <tr>
              <th>#</th>
              <th>From</th>
              <th>To</th>
              <th>Lines</th>
              <th>Sent</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {transfers.data.map((t) => (
              <tr key={t.id}>
                <td>{t.id}</td>
                <td>{t.from}</td>
                <td>{t.to}</td>
                <td>{t.lines.map((l) => `${l.quantity} × ${l.sku}${l.lot ? ` (lot ${l.lot})` : ''}`).join(', ')}</td>
                <td>{formatDateTime(t.createdAt)}</td>
                <td>{t.status === 'received' ? `received ${formatDateTime(t.receivedAt ?? '')}` : <span className="pill warn">in transit</span>}</td>
                <td>
                  {t.status === 'in_transit' && (
                    <span className="row nowrap">
                      <input className="narrow" placeholder="bin (default)" aria-label={`Receive transfer ${t.id} into bin`} value={bins[t.id] ?? ''} onChange={(e) => setBins({ ...bins, [t.id]: e.target.value })} />
                      <button onClick={() => void receive(t.id)}>Receive</button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{transfers.loading ? 'Loading…' : 'No transfers.'}</p>
      )}
    </div>
  );
}
