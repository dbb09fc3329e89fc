import { call } from '../../../bridge';
import { useQuery } from '../../../hooks';
import { formatCount } from '../../../../../shared/money';

export function Shortages() {
  const { data } = useQuery('picking.shortages', { status: 'open', limit: 200 }, ['picking.', 'stock.']);
  return (
    <div className="panel">
      <p className="muted">Units a picker could not find. They stay on the books but are held (not sold) until checked; a blind cycle count of the bin was started. Mark a shortage checked before posting its count.</p>
      <table className="table">
        <thead>
          <tr>
            <th>When</th>
            <th>Bin</th>
            <th>SKU</th>
            <th>Expected</th>
            <th>Found</th>
            <th>Order</th>
            <th>Outcome</th>
            <th>Count</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((s) => (
            <tr key={s.id}>
              <td>{s.createdAt.slice(0, 16).replace('T', ' ')}</td>
              <td className="mono">
                {s.warehouse}/{s.bin}
              </td>
              <td className="mono">{s.sku}</td>
              <td>{formatCount(s.expectedQty)}</td>
              <td>{formatCount(s.foundQty)}</td>
              <td>{s.orderNumber}</td>
              <td>{s.outcome}</td>
              <td>{s.countId ? <a href={`#/stock/counts/${s.countId}`}>count {s.countId}</a> : '–'}</td>
              <td>
                <button onClick={() => void call('picking.checkShortage', { id: s.id })}>Checked</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
