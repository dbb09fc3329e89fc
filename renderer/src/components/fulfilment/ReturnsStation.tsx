import { useRef, useState } from 'react';
import type { RmaDto } from '../../../../shared/api/fulfilment';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useFormat } from '../ShopFormat';

/** Packing → Returns: scan an RMA or order number to receive a return, then grade each unit. */
export function ReturnsStation({ station }: { station: string }) {
  const [rma, setRma] = useState<RmaDto | null>(null);
  const { count } = useFormat();
  const [code, setCode] = useState('');
  const { data: list } = useQuery('returns.list', { status: 'open', limit: 50 }, ['returns.']);
  const { data: reasons } = useQuery('returns.reasons', { days: 90 }, ['returns.']);
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const grade = async (lineId: number, g: 'resellable' | 'damaged' | 'defective') => {
    if (!rma) return;
    try {
      setRma(await call('returns.grade', { rmaId: rma.id, lineId, grade: g }));
      setProblem(null);
    } catch (err) {
      setProblem((err as Error).message);
    }
    input.current?.focus();
  };
  return (
    <div className="grid-side">
      <div>
        <form
          className="panel"
          onSubmit={(e) => {
            e.preventDefault();
            const c = code.trim();
            setCode('');
            void call('returns.receive', { code: c, station }).then(
              (r) => {
                setRma(r);
                setProblem(null);
              },
              (err: Error) => setProblem(err.message),
            );
          }}
        >
          <label className="muted">Scan an RMA or order number to receive a return</label>
          <input ref={input} className="big-input" autoFocus value={code} onChange={(e) => setCode(e.target.value)} data-testid="return-scan" />
        </form>
        {problem ? (
          <div className="pack-refusal" role="alert">
            {problem}
          </div>
        ) : null}
        {rma ? (
          <div className="panel">
            <h2 className="detail-title">
              {rma.number} · {rma.orderNumber} <span className="pill">{rma.status}</span>
            </h2>
            <p className="muted">
              {rma.reason} · refund {formatMoney(rma.refundCents, rma.currency)}
            </p>
            <table className="table">
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>Graded</th>
                  <th>Grade each unit</th>
                </tr>
              </thead>
              <tbody>
                {rma.lines.map((l) => (
                  <tr key={l.id}>
                    <td className="mono">{l.sku}</td>
                    <td>
                      {count(l.gradedQty)}/{count(l.qty)}
                    </td>
                    <td className="wrap">
                      {l.gradedQty < l.qty ? (
                        <span className="grade-buttons">
                          <button onClick={() => void grade(l.id, 'resellable')}>Resellable</button>
                          <button onClick={() => void grade(l.id, 'damaged')}>Damaged</button>
                          <button onClick={() => void grade(l.id, 'defective')}>Defective</button>
                        </span>
                      ) : (
                        l.units.map((u) => `${u.grade} → ${u.bin}`).join(', ')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
      <div>
        <div className="panel">
          <h3>Expected returns</h3>
          <table className="table">
            <thead>
              <tr>
                <th>RMA</th>
                <th>Order</th>
                <th>Items</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {(list ?? []).map((r) => (
                <tr key={r.id}>
                  <td className="mono">{r.number}</td>
                  <td>{r.orderNumber}</td>
                  <td>{r.lines.map((l) => `${l.qty}×${l.sku}`).join(', ')}</td>
                  <td className="ellipsis cell-wide">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="panel">
          <h3>Return reasons per product (90 days)</h3>
          <table className="table">
            <thead>
              <tr>
                <th>SKU</th>
                <th>Reason</th>
                <th className="num">Units</th>
                <th className="num">Return rate</th>
              </tr>
            </thead>
            <tbody>
              {(reasons ?? []).slice(0, 50).map((r) => (
                <tr key={`${r.sku}-${r.reasonCode}`}>
                  <td className="mono">{r.sku}</td>
                  <td>{r.reason}</td>
                  <td className="num">{count(r.units)}</td>
                  <td className="num">{r.returnRate === null ? '' : `${Math.round(r.returnRate * 100)} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
