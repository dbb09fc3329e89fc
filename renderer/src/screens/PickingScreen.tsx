import { useEffect, useRef, useState } from 'react';
import type { PickStepDto } from '../../../shared/api/fulfilment';
import { call } from '../bridge';
import { useToast } from '../components/Toasts';
import { useQuery } from '../hooks';
import type { ScreenProps } from './index';

const TABS = [
  { path: 'picking', label: 'Batches', match: (p: string[]) => p.length === 0 || p[0] === 'batch' },
  { path: 'picking/shortages', label: 'Shortages', match: (p: string[]) => p[0] === 'shortages' },
  { path: 'picking/slotting', label: 'Slotting', match: (p: string[]) => p[0] === 'slotting' },
];

/**
 * Picking. Routes: '#/picking' (batches + create), '#/picking/batch/<id>' (pick list in route
 * order), '#/picking/scan/<id>' (scan-to-pick: one step at a time, big input, for a handheld
 * browser on the station server), '#/picking/shortages', '#/picking/slotting'.
 */
export function PickingScreen({ params, navigate }: ScreenProps) {
  if (params[0] === 'scan' && params[1]) return <ScanToPick batchId={Number(params[1])} navigate={navigate} />;
  return (
    <section className="screen picking-screen">
      <h1>Picking</h1>
      <nav className="tabs" aria-label="Picking views">
        {TABS.map((t) => (
          <a key={t.path} href={`#/${t.path}`} className={t.match(params) ? 'active' : ''} aria-current={t.match(params) ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {params[0] === 'shortages' ? <Shortages /> : params[0] === 'slotting' ? <Slotting /> : <Batches selected={params[0] === 'batch' ? Number(params[1]) : undefined} navigate={navigate} />}
    </section>
  );
}

function useWarehouse(): [string, (w: string) => void, string[]] {
  const { data } = useQuery('warehouses.list', {});
  const codes = (data ?? []).map((w) => w.code);
  const [warehouse, setWarehouse] = useState(() => localStorage.getItem('shipshape.picking.warehouse') ?? '');
  const chosen = warehouse && codes.includes(warehouse) ? warehouse : (codes[0] ?? '');
  return [chosen, (w) => (localStorage.setItem('shipshape.picking.warehouse', w), setWarehouse(w)), codes];
}

function Batches({ selected, navigate }: { selected?: number; navigate(path: string): void }) {
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
    <div className="grid-side">
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
                <td>{b.orderCount}</td>
                <td>
                  {b.openTasks}/{b.taskCount}
                </td>
                <td>
                  {b.routeM.toFixed(1)} m <span className="muted">{b.routeMethod}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>{selected ? <BatchDetail id={selected} navigate={navigate} /> : <p className="placeholder">Choose a batch to see its pick list in route order.</p>}</div>
    </div>
  );
}

function BatchDetail({ id, navigate }: { id: number; navigate(path: string): void }) {
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
              <td className="ellipsis cell-wide">{t.name}</td>
              <td>
                {t.pickedQty}/{t.qty}
              </td>
              <td>{t.lot ?? ''}</td>
              <td>{t.tote}</td>
              <td>{t.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Scan-to-pick for a handheld: one big input, one question at a time (bin → item → quantity).
 * Enter submits; a wrong scan is refused with the answer to the question.
 */
function ScanToPick({ batchId, navigate }: { batchId: number; navigate(path: string): void }) {
  const [step, setStep] = useState<PickStepDto | null>(null);
  const [phase, setPhase] = useState<'bin' | 'item' | 'qty'>('bin');
  const [itemCode, setItemCode] = useState('');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    void call('picking.next', { batchId }).then((s) => {
      setStep(s);
      setPhase(s.task?.binScanned ? 'item' : 'bin');
    });
  }, [batchId]);
  useEffect(() => input.current?.focus(), [step, phase, problem]);
  const task = step?.task ?? null;

  const submit = async () => {
    if (!task) return;
    const v = value.trim();
    setValue('');
    try {
      if (phase === 'bin') {
        setStep(await call('picking.scanBin', { taskId: task.id, code: v }));
        setPhase('item');
      } else if (phase === 'item') {
        setStep(await call('picking.scanItem', { taskId: task.id, code: v }));
        setItemCode(v);
        setPhase('qty');
      } else {
        const qty = v === '' ? task.qty - task.pickedQty : Number(v);
        const next = await call('picking.confirm', { taskId: task.id, code: itemCode, qty });
        setStep(next);
        setPhase(next.task?.binScanned ? 'item' : 'bin');
      }
      setProblem(null);
    } catch (err) {
      setProblem((err as Error).message);
    }
  };

  const prompt = !task ? '' : phase === 'bin' ? `Go to ${task.bin} and scan the bin` : phase === 'item' ? `Scan ${task.sku}` : `How many in tote ${task.tote}? (Enter = ${task.qty - task.pickedQty})`;
  return (
    <section className="screen scan-pick" data-testid="scan-to-pick">
      <div className="row">
        <a href={`#/picking/batch/${batchId}`}>← Batch {batchId}</a>
        <span className="spacer" />
        {step ? (
          <span className="muted">
            {step.total - step.remaining}/{step.total} picked
          </span>
        ) : null}
      </div>
      {step?.message ? <p className="scan-message">{step.message}</p> : null}
      {problem ? (
        <p className="scan-refused" role="alert">
          {problem}
        </p>
      ) : null}
      {step?.done ? (
        <div className="panel">
          <p className="scan-big">All picked ✓</p>
          <button className="primary" onClick={() => navigate('picking')}>
            Back to batches
          </button>
        </div>
      ) : task ? (
        <div className="panel">
          <div className="scan-big mono">{task.bin}</div>
          <div className="scan-task">
            <strong>{task.qty - task.pickedQty}</strong> × {task.sku} — {task.name}
            {task.lot ? ` · lot ${task.lot}` : ''} → tote <strong>{task.tote}</strong>
          </div>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <label className="muted">{prompt}</label>
            <input ref={input} className="big-input" value={value} onChange={(e) => setValue(e.target.value)} autoFocus inputMode={phase === 'qty' ? 'numeric' : 'text'} aria-label={prompt} data-testid="pick-input" />
          </form>
        </div>
      ) : null}
    </section>
  );
}

function Shortages() {
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
              <td>{s.expectedQty}</td>
              <td>{s.foundQty}</td>
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

function Slotting() {
  const [warehouse, setWarehouse, codes] = useWarehouse();
  const [days, setDays] = useState(30);
  const { data } = useQuery('picking.slotting', { warehouse, days, maxMoves: 25 });
  return (
    <div>
      <div className="panel row">
        <select value={warehouse} onChange={(e) => setWarehouse(e.target.value)} aria-label="Warehouse">
          {codes.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <label>
          Last <input className="narrow" type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value) || 30)} /> days
        </label>
        {data ? (
          <span>
            {data.totalPicks} picks · A {data.classCounts.A} / B {data.classCounts.B} / C {data.classCounts.C} · moves would save <strong>{data.simulation.savedM} m</strong> ({data.simulation.savedPercent}%) over {data.simulation.tours} tours
          </span>
        ) : null}
      </div>
      {data ? (
        <div className="grid-side">
          <div className="panel">
            <h3>Suggested moves</h3>
            <table className="table">
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>From</th>
                  <th>To</th>
                  <th>Swap</th>
                  <th>Metres</th>
                </tr>
              </thead>
              <tbody>
                {data.moves.map((m) => (
                  <tr key={m.sku}>
                    <td className="mono">{m.sku}</td>
                    <td className="mono">{m.fromBin}</td>
                    <td className="mono">{m.toBin}</td>
                    <td className="mono">{m.swappedSku ?? ''}</td>
                    <td>
                      {m.fromDistanceM} → {m.toDistanceM}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="panel scroll-box">
            <h3>Pick frequency (ABC)</h3>
            <table className="table">
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>Name</th>
                  <th>Picks</th>
                  <th>Class</th>
                  <th>Bin</th>
                  <th>From depot</th>
                </tr>
              </thead>
              <tbody>
                {data.skus.slice(0, 300).map((s) => (
                  <tr key={s.sku}>
                    <td className="mono">{s.sku}</td>
                    <td className="ellipsis cell-wide">{s.name}</td>
                    <td>{s.picks}</td>
                    <td>{s.class}</td>
                    <td className="mono">{s.bin}</td>
                    <td>{s.distanceM === null ? '–' : `${s.distanceM} m`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </div>
  );
}

