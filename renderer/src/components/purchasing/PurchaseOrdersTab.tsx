import { useState } from 'react';
import type { PoDetailDto, PoStatus } from '../../../../shared/api/purchasing';
import { formatCount } from '../../../../shared/money';
import { formatMoney } from '../../../../shared/units';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useToast } from '../Toasts';
import { useConfirm } from '../ConfirmDialog';
import { centsToDecimal, decimalToCents, downloadBase64, PO_STATUS_LABELS, poStatusPill } from './format';
import { RecordBill } from './RecordBill';
import type { PurchasingTabProps } from './types';

const FILTERS: (PoStatus | 'open' | 'all')[] = ['all', 'draft', 'open', 'received', 'closed', 'cancelled'];

/** Purchase orders (#/purchasing/orders[/<id>|/new]): the list, a new PO, and one PO's lines, costs, history and actions. */
export function PurchaseOrdersTab({ params, navigate }: PurchasingTabProps) {
  if (params[0] === 'new') return <NewPurchaseOrder navigate={navigate} />;
  if (params[0]) return <PurchaseOrderDetail poRef={params[0]} navigate={navigate} />;
  return <PurchaseOrderList navigate={navigate} />;
}

function PurchaseOrderList({ navigate }: { navigate(path: string): void }) {
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const list = useQuery('po.list', { ...(filter === 'all' ? {} : { status: filter }), overdueOnly }, ['purchasing.']);
  return (
    <div data-testid="po-list-tab">
      <div className="row">
        {FILTERS.map((f) => (
          <button key={f} className={f === filter ? '' : 'secondary'} onClick={() => setFilter(f)}>
            {f === 'all' ? 'All' : f === 'open' ? 'Open' : PO_STATUS_LABELS[f]}
          </button>
        ))}
        <label>
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} /> overdue only
        </label>
        <span style={{ flex: 1 }} />
        <button onClick={() => navigate('/purchasing/orders/new')} data-testid="po-new">
          New purchase order
        </button>
      </div>
      <table className="table" data-testid="po-list">
        <thead>
          <tr>
            <th>PO</th>
            <th>Supplier</th>
            <th>Status</th>
            <th>Expected</th>
            <th className="num">Lines</th>
            <th className="num">Open units</th>
            <th className="num">Total</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((p) => (
            <tr key={p.id} onClick={() => navigate(`/purchasing/orders/${p.id}`)} style={{ cursor: 'pointer' }} data-testid={`po-row-${p.number}`}>
              <td>
                <a href={`#/purchasing/orders/${p.id}`}>{p.number}</a>
              </td>
              <td>{p.supplierName}</td>
              <td>
                <span className={poStatusPill(p.status)}>{PO_STATUS_LABELS[p.status]}</span> {p.overdue ? <span className="pill bad">overdue</span> : null}
              </td>
              <td>{p.expectedOn ?? '—'}</td>
              <td className="num">{p.lineCount}</td>
              <td className="num">{formatCount(p.openUnits)}</td>
              <td className="num">{formatMoney(p.totalCents, p.currency)}</td>
              <td className="muted">{p.createdBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.length === 0 ? <p className="muted">No purchase orders here.</p> : null}
    </div>
  );
}

function NewPurchaseOrder({ navigate }: { navigate(path: string): void }) {
  const suppliers = useQuery('suppliers.list', {});
  const [supplierId, setSupplierId] = useState<number | null>(null);
  const items = useQuery('suppliers.listItems', supplierId ? { supplierId } : {});
  const [qty, setQty] = useState<Record<number, string>>({});
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    if (!supplierId) return setError('Choose a supplier');
    const lines = Object.entries(qty)
      .filter(([, q]) => q.trim() && Number(q) > 0)
      .map(([productId, q]) => ({ productId: Number(productId), quantity: Number(q) }));
    if (lines.length === 0) return setError('Enter a quantity for at least one item');
    try {
      const po = await call('po.create', { supplierId, lines });
      navigate(`/purchasing/orders/${po.id}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form className="panel" onSubmit={(e) => (e.preventDefault(), void create())} data-testid="po-new-form">
      <h2>New purchase order</h2>
      <label className="field">
        Supplier
        <select value={supplierId ?? ''} onChange={(e) => (setSupplierId(Number(e.target.value) || null), setQty({}))} data-testid="po-new-supplier">
          <option value="">Choose…</option>
          {(suppliers.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {supplierId && items.data ? (
        <table className="table">
          <thead>
            <tr>
              <th>SKU</th>
              <th className="num">Unit cost</th>
              <th className="num">Case pack</th>
              <th className="num" title="Minimum order quantity">Min. order</th>
              <th className="num">Units</th>
            </tr>
          </thead>
          <tbody>
            {items.data.map((it) => (
              <tr key={it.id}>
                <td>
                  {it.sku} <span className="muted">{it.productName}</span>
                </td>
                <td className="num">{centsToDecimal(it.unitCostCents, suppliers.data?.find((s) => s.id === supplierId)?.currency)}</td>
                <td className="num">{it.casePack}</td>
                <td className="num">{it.moq}</td>
                <td className="num">
                  <input size={5} aria-label={`Units of ${it.sku}`} value={qty[it.productId] ?? ''} onChange={(e) => setQty({ ...qty, [it.productId]: e.target.value })} data-testid={`po-new-qty-${it.sku}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {error ? <div className="field-error" role="alert">{error}</div> : null}
      <div className="row">
        <button type="submit">Create draft</button>
        <button type="button" className="secondary" onClick={() => navigate('/purchasing/orders')}>
          Back
        </button>
      </div>
    </form>
  );
}

function PurchaseOrderDetail({ poRef, navigate }: { poRef: string; navigate(path: string): void }) {
  const notify = useToast();
  const po = useQuery('po.get', { po: /^\d+$/.test(poRef) ? Number(poRef) : poRef }, ['purchasing.']);
  const [error, setError] = useState<string | null>(null);
  const [, confirmDialog, askReason] = useConfirm();
  const d = po.data;
  if (po.error) return <div className="callout warn-callout">{po.error}</div>;
  if (!d) return <p className="muted">Loading…</p>;
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      setError(null);
      notify('success', done);
      void po.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const editable = d.status === 'draft' || d.status === 'sent' || d.status === 'partially_received';
  const money = (c: number) => formatMoney(c, d.currency);
  const download = async (format: 'pdf' | 'csv') => {
    const doc = await call('po.exportDocument', { po: d.id, format });
    downloadBase64(doc.filename, doc.mime, doc.base64);
  };
  return (
    <div data-testid="po-detail">
      {confirmDialog}
      <div className="row">
        <button className="secondary" onClick={() => navigate('/purchasing/orders')}>
          ← All purchase orders
        </button>
        <h2 className="detail-title" data-testid="po-number">
          {d.number}
        </h2>
        <span className={poStatusPill(d.status)} data-testid="po-status">
          {PO_STATUS_LABELS[d.status]}
        </span>
        {d.overdue ? <span className="pill bad">overdue</span> : null}
        <span style={{ flex: 1 }} />
        {d.status === 'draft' ? (
          <button onClick={() => void act(async () => {
            const r = await call('po.send', { po: d.id });
            r.warnings.forEach((w) => notify('error', w));
          }, `${d.number} sent`)} data-testid="po-send">
            Send
          </button>
        ) : null}
        {(d.status === 'sent' || d.status === 'partially_received') ? (
          <button onClick={() => navigate(`/purchasing/receiving/${d.number}`)} data-testid="po-receive">
            Receive
          </button>
        ) : null}
        {(d.status === 'received' || d.status === 'partially_received') ? (
          <button className="secondary" onClick={() => void act(() => call('po.close', { po: d.id }), `${d.number} closed`)} data-testid="po-close" title="Nothing more is expected from the supplier on this PO">
            Close PO
          </button>
        ) : null}
        {(d.status === 'draft' || d.status === 'sent') ? (
          <button className="secondary" onClick={() => {
            // A cancelled PO cannot be reopened: ask first, with the reason for its history.
            void askReason({ title: `Cancel ${d.number}?`, body: 'A cancelled purchase order cannot be sent or received again.', confirmLabel: 'Cancel PO', cancelLabel: 'Keep it', reason: { label: 'Reason' } }).then(
              (reason) => (reason === null ? undefined : act(() => call('po.cancel', { po: d.id, reason }), `${d.number} cancelled`)),
            );
          }} data-testid="po-cancel">
            Cancel PO
          </button>
        ) : null}
        <button className="secondary" onClick={() => void download('pdf')} data-testid="po-pdf">
          PDF
        </button>
        <button className="secondary" onClick={() => void download('csv')} data-testid="po-csv">
          CSV
        </button>
      </div>
      <p className="muted">
        {d.supplierName} · to {d.warehouse} · expected {d.expectedOn ?? '—'} · created by {d.createdBy} {d.createdAt.slice(0, 10)}
        {d.sentAt ? ` · sent ${d.sentAt.slice(0, 10)}` : ''}
      </p>
      {error ? <div className="callout warn-callout" role="alert" data-testid="po-error">{error}</div> : null}
      <table className="table" data-testid="po-lines">
        <thead>
          <tr>
            <th>#</th>
            <th>SKU</th>
            <th>Supplier SKU</th>
            <th className="num">Quantity</th>
            <th className="num">Unit cost</th>
            <th className="num">Total</th>
            <th className="num">Received</th>
            <th className="num">Damaged</th>
            <th className="num">Open</th>
          </tr>
        </thead>
        <tbody>
          {d.lines.map((l) => (
            <tr key={l.lineNo} data-testid={`po-line-${l.sku}`}>
              <td>{l.lineNo}</td>
              <td className="wrap">
                {l.sku} <span className="muted">{l.name}</span>
                {l.reason ? <div className="muted">{l.reason}</div> : null}
              </td>
              <td>{l.supplierSku ?? '—'}</td>
              <td className="num">
                {editable ? <EditNumber value={l.quantity} onSave={(v) => act(() => call('po.updateLine', { po: d.id, lineNo: l.lineNo, quantity: v }), `Line ${l.lineNo} changed`)} testId={`po-qty-${l.sku}`} /> : formatCount(l.quantity)}
                {l.cases != null ? <span className="muted"> ({l.cases} × {l.casePack})</span> : null}
              </td>
              <td className="num">{money(l.unitCostCents)}</td>
              <td className="num">{money(l.lineTotalCents)}</td>
              <td className="num">{formatCount(l.receivedQty)}</td>
              <td className="num">{formatCount(l.damagedQty)}</td>
              <td className="num">{formatCount(l.openQty)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable ? <AddLine po={d} onAdd={(productId, quantity) => act(() => call('po.addLine', { po: d.id, line: { productId, quantity } }), 'Line added')} /> : null}
      <LandedCosts po={d} editable={editable} onSave={(changes) => act(() => call('po.updateHeader', { po: d.id, ...changes }), 'Costs changed')} />
      <div className="grid-side">
        <section className="panel" data-testid="po-history">
          <h3>History</h3>
          <ul>
            {d.events.map((e) => (
              <li key={e.id}>
                <span className="muted">{e.at.slice(0, 16).replace('T', ' ')} {e.actor}:</span> {e.summary}
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" data-testid="po-receipts">
          <h3>Receipts</h3>
          {d.receipts.length === 0 ? <p className="muted">Nothing received yet.</p> : null}
          {d.receipts.map((r) => (
            <div key={r.id}>
              <strong>#{r.id}</strong> <span className="muted">{r.receivedAt.slice(0, 16).replace('T', ' ')} {r.actor}</span>
              <ul>
                {r.lines.map((l, i) => (
                  <li key={i}>
                    {l.sku} +{formatCount(l.quantity)}{l.overQty ? ` (${formatCount(l.overQty)} over)` : ''}{l.damagedQty ? `, ${formatCount(l.damagedQty)} damaged` : ''} → {l.bin ?? '—'}{l.lot ? ` lot ${l.lot}` : ''} @ {money(l.unitCostCents + l.landedUnitCents)}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      </div>
      {d.status !== 'draft' && d.status !== 'cancelled' ? <RecordBill poId={d.id} currency={d.currency} /> : null}
    </div>
  );
}

function EditNumber({ value, onSave, testId }: { value: number; onSave(v: number): Promise<void>; testId: string }) {
  const [text, setText] = useState(String(value));
  const commit = () => {
    const n = Number(text);
    if (Number.isInteger(n) && n > 0 && n !== value) void onSave(n);
    else setText(String(value));
  };
  return <input size={5} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} data-testid={testId} style={{ textAlign: 'right' }} />;
}

function LandedCosts({ po, editable, onSave }: { po: PoDetailDto; editable: boolean; onSave(changes: { freightCents?: number; dutyCents?: number; otherCostCents?: number; landedCostMethod?: 'value' | 'weight' }): Promise<void> }) {
  const [freight, setFreight] = useState(centsToDecimal(po.freightCents, po.currency));
  const [duty, setDuty] = useState(centsToDecimal(po.dutyCents, po.currency));
  const [other, setOther] = useState(centsToDecimal(po.otherCostCents, po.currency));
  const [method, setMethod] = useState(po.landedCostMethod);
  const [error, setError] = useState<string | null>(null);
  const money = (c: number) => formatMoney(c, po.currency);
  const save = () => {
    const f = decimalToCents(freight, po.currency);
    const du = decimalToCents(duty, po.currency);
    const o = decimalToCents(other, po.currency);
    if (f === null || du === null || o === null) return setError('Freight, duty and other costs are amounts such as 25.00');
    setError(null);
    void onSave({ freightCents: f, dutyCents: du, otherCostCents: o, landedCostMethod: method });
  };
  return (
    <form className="panel" onSubmit={(e) => (e.preventDefault(), save())} data-testid="po-costs">
      <div className="field-row">
        <span>Goods {money(po.goodsCents)}</span>
        <label className="field">
          Freight
          <input value={freight} onChange={(e) => setFreight(e.target.value)} size={8} disabled={!editable} data-testid="po-freight" />
        </label>
        <label className="field">
          Duty
          <input value={duty} onChange={(e) => setDuty(e.target.value)} size={8} disabled={!editable} />
        </label>
        <label className="field">
          Other
          <input value={other} onChange={(e) => setOther(e.target.value)} size={8} disabled={!editable} />
        </label>
        <label className="field">
          Spread landed costs by
          <select value={method} onChange={(e) => setMethod(e.target.value as 'value' | 'weight')} disabled={!editable}>
            <option value="value">value</option>
            <option value="weight">weight</option>
          </select>
        </label>
        {editable ? <button type="submit" className="secondary">Save costs</button> : null}
        <strong data-testid="po-total">Total {money(po.totalCents)}</strong>
      </div>
      {error ? <div className="field-error" role="alert">{error}</div> : null}
    </form>
  );
}

/** Adds a line by our SKU (the supplier must sell it; whole case packs). */
function AddLine({ po, onAdd }: { po: PoDetailDto; onAdd(productId: number, quantity: number): Promise<void> }) {
  const [sku, setSku] = useState('');
  const [qty, setQty] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!/^\d+$/.test(qty.trim()) || Number(qty) <= 0) return setError(`"${qty}" is not a quantity`);
    try {
      const product = await call('catalog.get', { sku: sku.trim() });
      setError(null);
      await onAdd(product.id, Number(qty));
      setSku('');
      setQty('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form className="row" onSubmit={(e) => (e.preventDefault(), void submit())} data-testid="po-add-line">
      <input placeholder="SKU" value={sku} onChange={(e) => setSku(e.target.value)} size={14} aria-label={`SKU to add to ${po.number}`} />
      <input placeholder="units" value={qty} onChange={(e) => setQty(e.target.value)} size={6} aria-label="Units" />
      <button type="submit" className="secondary" disabled={!sku.trim()}>
        Add line
      </button>
      {error ? <span className="field-error" role="alert">{error}</span> : null}
    </form>
  );
}

