import { useEffect, useState, type FormEvent } from 'react';
import type { StockDetailDto } from '../../../../shared/api/inventory';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';
import { useHotkeys } from '../../hooks/useHotkeys';
import { FieldError } from '../forms/FieldError';
import { useApiForm } from '../forms/useApiForm';
import { useToast } from '../Toasts';
import { formatCount } from '../../../../shared/money';

type Action = 'adjust' | 'move' | 'transfer' | 'count';
const ACTIONS: { id: Action; label: string; key: string }[] = [
  { id: 'adjust', label: 'Adjust', key: 'a' },
  { id: 'move', label: 'Move between bins', key: 'm' },
  { id: 'transfer', label: 'Transfer to warehouse', key: 't' },
  { id: 'count', label: 'Start cycle count', key: 'c' },
];

/** Stock actions from the product detail: adjust (reason required), move, transfer, count. Alt+A/M/T/C. */
export function StockActions({ detail, onDone, navigate }: { detail: StockDetailDto; onDone(): void; navigate(path: string): void }) {
  const [action, setAction] = useState<Action | null>(null);
  // Alt+A/M/T/C open each action, from any field too (a kit has none).
  useHotkeys(Object.fromEntries(ACTIONS.map((a) => [`alt+${a.key}`, () => setAction(a.id)])), { enabled: !detail.product.isKit, allowInInputs: true });

  if (detail.product.isKit) return <p className="callout">A kit holds no stock of its own: adjust, move or count its components.</p>;
  const done = () => {
    setAction(null);
    onDone();
  };
  return (
    <div className="panel">
      <div className="row" role="toolbar" aria-label="Stock actions">
        {ACTIONS.map((a) => (
          <button key={a.id} className={action === a.id ? '' : 'secondary'} onClick={() => setAction(action === a.id ? null : a.id)} title={`Alt+${a.key.toUpperCase()}`} aria-pressed={action === a.id}>
            {a.label}
          </button>
        ))}
      </div>
      {action === 'adjust' && <AdjustForm detail={detail} onDone={done} onCancel={() => setAction(null)} />}
      {action === 'move' && <MoveForm detail={detail} onDone={done} onCancel={() => setAction(null)} />}
      {action === 'transfer' && <TransferForm detail={detail} onDone={done} onCancel={() => setAction(null)} />}
      {action === 'count' && <CountForm detail={detail} onCancel={() => setAction(null)} navigate={navigate} />}
    </div>
  );
}

interface FormProps {
  detail: StockDetailDto;
  onDone(): void;
  onCancel(): void;
}

function useWarehouseBins(warehouse: string) {
  const warehouses = useQuery('warehouses.list', {});
  const bins = useQuery('bins.list', { warehouse: warehouse || 'MAIN' });
  return { warehouses: warehouses.data ?? [], bins: bins.data ?? [] };
}

/** Lots of this product in a warehouse (from its balances), for lot-tracked products. */
function lotsIn(detail: StockDetailDto, warehouse: string, bin?: string) {
  const seen = new Map<string, string | null>();
  for (const b of detail.balances) if (b.lot && b.warehouse === warehouse && (!bin || b.bin === bin)) seen.set(b.lot, b.expiresOn);
  return [...seen];
}

type Balance = StockDetailDto['balances'][number];
/** A stocked (warehouse, bin, lot) as one select value: "MAIN|A-01|L7". */
const sourceKey = (b: Balance) => `${b.warehouse}|${b.bin}|${b.lot ?? ''}`;

/** Where stock comes from (move, transfer): every stocked bin and lot with its free quantity. */
function SourceSelect({ balances, value, onChange, label }: { balances: Balance[]; value: string; onChange(v: string): void; label: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={label}>
      {balances.map((b) => (
        <option key={sourceKey(b)} value={sourceKey(b)}>
          {b.warehouse} {b.bin}
          {b.lot ? ` lot ${b.lot}` : ''} ({b.onHand - b.reserved} free)
        </option>
      ))}
    </select>
  );
}

function FormButtons({ busy, onCancel, label }: { busy: boolean; onCancel(): void; label: string }) {
  return (
    <div className="row">
      <button type="submit" disabled={busy}>
        {label}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** The adjust form's fields as their labels read: the API's refusals are said next to them. */
const ADJUST_LABELS = { delta: { label: 'Change', whole: true }, reason: 'Reason', lot: 'Lot', expiresOn: 'Expiry date', bin: 'Bin', warehouse: 'Warehouse' };

function AdjustForm({ detail, onDone, onCancel }: FormProps) {
  const notify = useToast();
  const form = useApiForm(ADJUST_LABELS);
  const p = detail.product;
  const [warehouse, setWarehouse] = useState(detail.availability[0]?.warehouse ?? 'MAIN');
  const { warehouses, bins } = useWarehouseBins(warehouse);
  // Start where the product is: its first stocked bin (and lot) in the warehouse, else the default bin.
  const stockedHere = (code: string) => detail.balances.find((b) => b.warehouse === code && b.onHand > 0);
  const [bin, setBin] = useState(stockedHere(warehouse)?.bin ?? '');
  const [lot, setLot] = useState(stockedHere(warehouse)?.lot ?? '');
  useEffect(() => {
    setBin(stockedHere(warehouse)?.bin ?? '');
    setLot(stockedHere(warehouse)?.lot ?? '');
    // Only when the warehouse changes.
  }, [warehouse]);
  const [expiresOn, setExpiresOn] = useState('');
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const lots = lotsIn(detail, warehouse, bin || undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await form.submit('stock.adjust', {
      sku: p.sku,
      warehouse,
      bin: bin || undefined,
      lot: p.lotTracked ? lot : undefined,
      expiresOn: p.lotTracked && expiresOn ? expiresOn : undefined,
      // An empty field goes as missing, so the refusal says "Change is required" rather than "must not be 0".
      delta: (delta.trim() === '' ? undefined : Number(delta)) as number,
      reason,
    });
    setBusy(false);
    if (!r) return; // the refusal is shown next to its field (or as a toast when it names none of them)
    notify('success', `Adjusted ${p.sku} by ${delta}: ${formatCount(r.available)} available in ${warehouse}`);
    onDone();
  };
  // noValidate: the API checks every field and its answer is shown next to the field, in plain words.
  return (
    <form className="action-form" onSubmit={submit} data-testid="adjust-form" noValidate>
      <label>
        Warehouse
        <select value={warehouse} onChange={(e) => setWarehouse(e.target.value)}>
          {warehouses.map((w) => (
            <option key={w.code}>{w.code}</option>
          ))}
        </select>
      </label>
      <label>
        Bin
        <select value={bin} onChange={(e) => setBin(e.target.value)} aria-label="Bin">
          <option value="">Default bin</option>
          {bins.map((b) => (
            <option key={b.code} value={b.code}>
              {b.code} ({b.kind})
            </option>
          ))}
        </select>
      </label>
      {p.lotTracked && (
        <>
          <label>
            Lot
            <input list="adjust-lots" value={lot} onChange={(e) => (setLot(e.target.value), form.clear('lot'))} required aria-label="Lot" {...form.fieldProps('lot')} />
            <datalist id="adjust-lots">
              {lots.map(([code]) => (
                <option key={code} value={code} />
              ))}
            </datalist>
            <FieldError form={form} field="lot" />
          </label>
          <label>
            Expires (new lot)
            <input type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} aria-label="Expires" {...form.fieldProps('expiresOn')} />
            <FieldError form={form} field="expiresOn" />
          </label>
        </>
      )}
      <label>
        Change (+/−)
        <input type="number" step={1} required value={delta} onChange={(e) => (setDelta(e.target.value), form.clear('delta'))} aria-label="Change" autoFocus placeholder="-2" {...form.fieldProps('delta')} />
        <FieldError form={form} field="delta" />
      </label>
      <label className="grow">
        Reason
        <input required value={reason} onChange={(e) => (setReason(e.target.value), form.clear('reason'))} aria-label="Reason" placeholder="e.g. damaged in handling" maxLength={200} {...form.fieldProps('reason')} />
        <FieldError form={form} field="reason" />
      </label>
      <FormButtons busy={busy} onCancel={onCancel} label="Save adjustment" />
    </form>
  );
}

/** Move and transfer: how much, and where to (a transfer's quantity is its line's, `lines.0.quantity`). */
const QUANTITY_LABELS = { quantity: { label: 'Quantity', whole: true }, toBin: 'To bin' };

function MoveForm({ detail, onDone, onCancel }: FormProps) {
  const notify = useToast();
  const p = detail.product;
  const stocked = detail.balances.filter((b) => b.onHand > b.reserved);
  const [source, setSource] = useState(stocked[0] ? sourceKey(stocked[0]) : '');
  const [warehouse, fromBin, lot] = source.split('|');
  const { bins } = useWarehouseBins(warehouse ?? '');
  const [toBin, setToBin] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [busy, setBusy] = useState(false);
  const form = useApiForm(QUANTITY_LABELS);
  if (!stocked.length) return <p className="muted">No free stock to move.</p>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const moved = await form.submit('stock.move', { sku: p.sku, warehouse, fromBin, toBin, lot: lot || undefined, quantity: Number(quantity) });
    setBusy(false);
    if (!moved) return;
    notify('success', `Moved ${quantity} × ${p.sku} from ${fromBin} to ${toBin}`);
    onDone();
  };
  return (
    <form className="action-form" onSubmit={submit} noValidate>
      <label>
        From
        <SourceSelect balances={stocked} value={source} onChange={setSource} label="From bin" />
      </label>
      <label>
        To bin
        <select value={toBin} onChange={(e) => (setToBin(e.target.value), form.clear('toBin'))} required aria-label="To bin" {...form.fieldProps('toBin')}>
          <option value="">Choose…</option>
          {bins
            .filter((b) => b.code !== fromBin)
            .map((b) => (
              <option key={b.code} value={b.code}>
                {b.code} ({b.kind})
              </option>
            ))}
        </select>
        <FieldError form={form} field="toBin" />
      </label>
      <label>
        Quantity
        <input type="number" min={1} step={1} required value={quantity} onChange={(e) => (setQuantity(e.target.value), form.clear('quantity'))} aria-label="Quantity" {...form.fieldProps('quantity')} />
        <FieldError form={form} field="quantity" />
      </label>
      <FormButtons busy={busy || !toBin} onCancel={onCancel} label="Move" />
    </form>
  );
}

function TransferForm({ detail, onDone, onCancel }: FormProps) {
  const notify = useToast();
  const p = detail.product;
  const stocked = detail.balances.filter((b) => b.onHand > b.reserved && !b.expired);
  const [source, setSource] = useState(stocked[0] ? sourceKey(stocked[0]) : '');
  const [from, fromBin, lot] = source.split('|');
  const { warehouses } = useWarehouseBins(from ?? '');
  const destinations = warehouses.filter((w) => w.code !== from);
  const [to, setTo] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [busy, setBusy] = useState(false);
  const form = useApiForm(QUANTITY_LABELS);
  if (!stocked.length) return <p className="muted">No free stock to transfer.</p>;
  const target = to || destinations[0]?.code || '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const t = await form.submit('stock.transfer', { from, to: target, lines: [{ sku: p.sku, quantity: Number(quantity), fromBin, lot: lot || undefined }] });
    setBusy(false);
    if (!t) return;
    notify('success', `Transfer ${t.id}: ${quantity} × ${p.sku} in transit to ${target}`);
    onDone();
  };
  return (
    <form className="action-form" onSubmit={submit} noValidate>
      <label>
        From
        <SourceSelect balances={stocked} value={source} onChange={setSource} label="Transfer from" />
      </label>
      <label>
        To warehouse
        <select value={target} onChange={(e) => setTo(e.target.value)} aria-label="To warehouse">
          {destinations.map((w) => (
            <option key={w.code}>{w.code}</option>
          ))}
        </select>
      </label>
      <label>
        Quantity
        <input type="number" min={1} step={1} required value={quantity} onChange={(e) => (setQuantity(e.target.value), form.clear('quantity'))} aria-label="Quantity" {...form.fieldProps('quantity')} />
        <FieldError form={form} field="quantity" />
      </label>
      <FormButtons busy={busy || !target} onCancel={onCancel} label="Send transfer" />
    </form>
  );
}

function CountForm({ detail, onCancel, navigate }: { detail: StockDetailDto; onCancel(): void; navigate(path: string): void }) {
  const warehouseCodes = [...new Set(detail.balances.map((b) => b.warehouse))];
  const [warehouse, setWarehouse] = useState(warehouseCodes[0] ?? 'MAIN');
  const { bins } = useWarehouseBins(warehouse);
  const zones = [...new Set(bins.map((b) => b.zone).filter(Boolean))];
  const [scope, setScope] = useState<'bin' | 'zone'>('bin');
  const productBins = detail.balances.filter((b) => b.warehouse === warehouse).map((b) => b.bin);
  const [bin, setBin] = useState(productBins[0] ?? '');
  const [zone, setZone] = useState('');
  const [blind, setBlind] = useState(true);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const count = await call('counts.create', { warehouse, blind, ...(scope === 'bin' ? { bin: bin || productBins[0] } : { zone: zone || zones[0] }) });
      navigate(`stock/counts/${count.id}`);
    } catch {
      // toast
    }
  };
  return (
    <form className="action-form" onSubmit={submit}>
      <label>
        Warehouse
        <select value={warehouse} onChange={(e) => setWarehouse(e.target.value)} aria-label="Count warehouse">
          {(warehouseCodes.length ? warehouseCodes : ['MAIN']).map((w) => (
            <option key={w}>{w}</option>
          ))}
        </select>
      </label>
      <label>
        Count by
        <select value={scope} onChange={(e) => setScope(e.target.value as 'bin' | 'zone')} aria-label="Count by">
          <option value="bin">Bin</option>
          <option value="zone">Zone</option>
        </select>
      </label>
      {scope === 'bin' ? (
        <label>
          Bin
          <select value={bin} onChange={(e) => setBin(e.target.value)} aria-label="Count bin">
            {[...new Set([...productBins, ...bins.map((b) => b.code)])].map((code) => (
              <option key={code}>{code}</option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          Zone
          <select value={zone} onChange={(e) => setZone(e.target.value)} aria-label="Count zone">
            {zones.map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </label>
      )}
      <label className="inline">
        <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} /> Blind count (hide expected figures)
      </label>
      <FormButtons busy={false} onCancel={onCancel} label="Create count sheet" />
    </form>
  );
}
