import { useEffect, useState } from 'react';
import type { CountDto } from '../../../../shared/api/inventory';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useFormat } from '../ShopFormat';
import { useToast } from '../Toasts';
import { formatDateTime } from './format';

/** Cycle counts: the list, and one count sheet (blind counting -> submit -> variance review -> post). */
export function CountsView({ countId, navigate }: { countId?: number; navigate(path: string): void }) {
  const counts = useQuery('counts.list', {}, ['stock.']);
  return (
    <div className="grid-side">
      <div className="panel">
        <h2>Cycle counts</h2>
        {counts.data?.length ? (
          <table className="table">
            <thead>
              <tr>
                <th>#</th>
                <th>Warehouse</th>
                <th>Scope</th>
                <th>Status</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {counts.data.map((c) => (
                <tr key={c.id} className={c.id === countId ? 'selected' : ''}>
                  <td>
                    <a href={`#/stock/counts/${c.id}`}>{c.id}</a>
                  </td>
                  <td>{c.warehouse}</td>
                  <td>{c.scope}</td>
                  <td>
                    <span className={`pill ${c.status === 'posted' ? 'ok' : c.status === 'review' ? 'warn' : ''}`}>{c.status}</span>
                  </td>
                  <td>{formatDateTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No counts yet. Start one from a product (Start cycle count) for its bin or zone.</p>
        )}
      </div>
      {countId ? <CountSheet id={countId} onChanged={() => void counts.reload()} navigate={navigate} /> : null}
    </div>
  );
}

function CountSheet({ id, onChanged, navigate }: { id: number; onChanged(): void; navigate(path: string): void }) {
  const notify = useToast();
  const sheet = useQuery('counts.get', { id });
  const { count } = useFormat();
  const [counted, setCounted] = useState<Record<number, string>>({});
  const [approve, setApprove] = useState<Record<number, boolean>>({});
  const c = sheet.data;
  useEffect(() => {
    if (!c) return;
    setCounted(Object.fromEntries(c.lines.map((l) => [l.id, l.counted === null ? '' : String(l.counted)])));
    // Differences are approved by default in review; the reviewer unticks the doubtful ones.
    setApprove(Object.fromEntries(c.lines.map((l) => [l.id, l.decision ? l.decision === 'approve' : (l.variance ?? 0) !== 0])));
  }, [c]);
  if (!c) return <p className="muted">Loading…</p>;

  const apply = (next: CountDto) => {
    sheet.reload();
    onChanged();
    return next;
  };
  const save = async () => {
    const lines = c.lines.filter((l) => counted[l.id] !== '' && counted[l.id] !== undefined).map((l) => ({ lineId: l.id, counted: Number(counted[l.id]) }));
    if (!lines.length) return;
    apply(await call('counts.record', { id, lines }));
    notify('success', `Saved ${lines.length} counted line(s)`);
  };
  const submit = async () => {
    await save();
    apply(await call('counts.submit', { id }));
  };
  const post = async () => {
    const decisions = c.lines.map((l) => ({ lineId: l.id, approve: Boolean(approve[l.id]) }));
    apply(await call('counts.post', { id, decisions }));
    notify('success', `Count ${id} posted`);
  };
  const counting = c.status === 'counting';
  return (
    <div className="panel" data-testid="count-sheet">
      <div className="row">
        <h2>
          Count {c.id}: {c.warehouse}, {c.scope} <span className="pill">{c.status}</span> {c.blind && counting && <span className="pill">blind</span>}
        </h2>
        <span className="spacer" />
        <button className="secondary" onClick={() => navigate('stock/counts')}>
          Close
        </button>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Bin</th>
            <th>SKU</th>
            <th>Name</th>
            <th>Lot</th>
            {!counting || !c.blind ? <th className="num">Expected</th> : null}
            <th className="num">Counted</th>
            {!counting && <th className="num">Variance</th>}
            {c.status === 'review' && <th>Approve</th>}
            {c.status === 'posted' && <th>Decision</th>}
          </tr>
        </thead>
        <tbody>
          {c.lines.map((l) => (
            <tr key={l.id}>
              <td className="mono">{l.bin}</td>
              <td className="mono">{l.sku}</td>
              <td className="ellipsis">{l.name}</td>
              <td>{l.lot ?? '—'}</td>
              {!counting || !c.blind ? <td className="num">{l.expected === null ? null : count(l.expected)}</td> : null}
              <td className="num">
                {counting ? (
                  <input
                    className="narrow"
                    type="number"
                    min={0}
                    step={1}
                    aria-label={`Counted ${l.sku} in ${l.bin}`}
                    value={counted[l.id] ?? ''}
                    onChange={(e) => setCounted({ ...counted, [l.id]: e.target.value })}
                  />
                ) : l.counted === null ? null : (
                  count(l.counted)
                )}
              </td>
              {!counting && <td className={`num ${l.variance ? 'error' : ''}`}>{l.variance === null ? null : l.variance > 0 ? `+${count(l.variance)}` : count(l.variance)}</td>}
              {c.status === 'review' && (
                <td>
                  <input type="checkbox" aria-label={`Approve ${l.sku} in ${l.bin}`} checked={Boolean(approve[l.id])} onChange={(e) => setApprove({ ...approve, [l.id]: e.target.checked })} />
                </td>
              )}
              {c.status === 'posted' && <td>{l.decision}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        {counting && (
          <>
            <button className="secondary" onClick={() => void save()}>
              Save counts
            </button>
            <button onClick={() => void submit()}>Submit for review</button>
          </>
        )}
        {c.status === 'review' && (
          <>
            <span className="muted">Approved differences are posted as count movements; rejected lines change nothing.</span>
            <button onClick={() => void post()}>Post approved differences</button>
          </>
        )}
      </div>
    </div>
  );
}
