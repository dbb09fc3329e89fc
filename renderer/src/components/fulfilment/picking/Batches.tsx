import { useState } from 'react';
import { call } from '../../../bridge';
import { useQuery } from '../../../hooks';
import { useToast } from '../../Toasts';
import { BatchDetail } from './BatchDetail';
import { useWarehouse } from './useWarehouse';
import { formatCount } from '../../../../../shared/money';

/** Pick batches of a warehouse, the form that makes new ones, and the chosen batch beside them. */
export function Batches({ selected, navigate }: { selected?: number; navigate(path: string): void }) {
  const [warehouse, setWarehouse, codes] = useWarehouse();
  const { data: batches } = useQuery('picking.batches', { warehouse: warehouse || undefined, limit: 100 }, ['picking.', 'orders.']);
  const allocated = useQuery('orders.counts', {}, ['orders.']).data;
  const [cart, setCart] = useState(8);
  const [maxOrders, setMaxOrders] = useState('');
  const notify = useToast();
  const create = async () => {
    const made = await call('picking.createBatches', { warehouse, cartCapacity: cart, maxOrders: maxOrders ? Number(maxOrders) : undefined });
    notify('success', made.length ? `${made.length} batch(es): ${made.map((b) => `#${b.id} ${b.routeM.toFixed(1)} m`).join(', ')}` : 'No allocated orders to batch');
    if (made[0]) navigate(`picking/batch/${made[0].id}`);
  };
  const counts = allocated;
  return (
    <div className="grid-side picking-layout">
      <div>
        <div className="panel">
          <div className="action-form">
            <label>
              Warehouse
              <select value={warehouse} onChange={(e) => setWarehouse(e.target.value)} aria-label="Warehouse">
                {codes.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            <label>
              Totes per cart
              <input className="narrow" type="number" min={1} max={64} value={cart} onChange={(e) => setCart(Number(e.target.value) || 1)} />
            </label>
            <label>
              Max orders
              <input className="narrow" type="number" min={1} placeholder="all" value={maxOrders} onChange={(e) => setMaxOrders(e.target.value)} />
            </label>
            <button className="primary" onClick={() => void create()} disabled={!warehouse} data-testid="create-batches">
              Create batches
            </button>
          </div>
          {counts && typeof counts.allocated === 'number' ? <p className="muted">{counts.allocated} allocated order(s) waiting</p> : null}
        </div>
        <div className="table-scroll">
          <table className="table" data-testid="batch-list">
            <thead>
              <tr>
                <th>#</th>
                <th>Status</th>
                <th>Orders</th>
                <th>Picks left</th>
                <th>Route</th>
              </tr>
            </thead>
            <tbody>
              {(batches ?? []).map((b) => (
                <tr key={b.id} className={b.id === selected ? 'selected' : ''} onClick={() => navigate(`picking/batch/${b.id}`)}>
                  <td>
                    {b.id}
                    {b.urgent ? <span className="pill"> urgent</span> : null}
                  </td>
                  <td>{b.status}</td>
                  <td>{formatCount(b.orderCount)}</td>
                  <td>
                    {formatCount(b.openTasks)}/{formatCount(b.taskCount)}
                  </td>
                  <td className="cell-text">
                    {b.routeM.toFixed(1)}
                    {'\u00a0'}m <span className="muted">{b.routeMethod}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div>{selected ? <BatchDetail id={selected} navigate={navigate} /> : <p className="placeholder">Choose a batch to see its pick list in route order.</p>}</div>
    </div>
  );
}
