import { useState } from 'react';
import type { RatesDto } from '../../../shared/api/shipping';
import type { ShipmentStatusDto } from '../../../shared/api/shipping';
import { SHIPMENT_STATUSES } from '../../../shared/statuses';
import { formatMoney } from '../../../shared/units';
import { call } from '../bridge';
import { LabelKindPill, RateTable, ShipmentActions, ShipmentStatusPill, kg } from '../components/shipping/shipping-ui';
import { useToast } from '../components/Toasts';
import { useQuery } from '../hooks';
import type { ScreenProps } from './index';
import { formatCount } from '../../../shared/money';

const TABS = [
  { id: 'quote', label: 'Quick quote' },
  { id: 'shipments', label: 'Shipments' },
  { id: 'manifests', label: 'End of day' },
  { id: 'exceptions', label: 'Exceptions' },
] as const;

/** Shipping: quick quotes, shipments (void/reprint), end-of-day manifests and tracking exceptions. */
export function ShippingScreen({ params, navigate }: ScreenProps) {
  const tab = TABS.some((t) => t.id === params[0]) ? params[0] : 'quote';
  return (
    <div className="screen" data-testid="shipping-screen">
      <h1>Shipping</h1>
      <nav className="tabs">
        {TABS.map((t) => (
          <a key={t.id} href={`#/shipping/${t.id}`} className={tab === t.id ? 'active' : ''}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'quote' && <QuickQuote />}
      {tab === 'shipments' && <Shipments navigate={navigate} />}
      {tab === 'manifests' && <Manifests />}
      {tab === 'exceptions' && <Exceptions navigate={navigate} />}
    </div>
  );
}

function QuickQuote() {
  const [postalCode, setPostalCode] = useState('');
  const [country, setCountry] = useState('US');
  const [weight, setWeight] = useState('1000');
  const [dims, setDims] = useState('250x200x100');
  const [residential, setResidential] = useState(true);
  const [promised, setPromised] = useState('');
  const [result, setResult] = useState<RatesDto>();
  const quote = async () => {
    const [l, w, h] = dims.split(/[x×*]/).map((n) => Number(n.trim()));
    setResult(
      await call('shipping.quote', {
        postalCode,
        country,
        weightG: Number(weight),
        ...(l && w && h ? { lengthMm: l, widthMm: w, heightMm: h } : {}),
        residential,
        promisedDate: promised || undefined,
      }),
    );
  };
  return (
    <div className="panel" data-testid="quick-quote">
      <h2>Quick quote</h2>
      <form
        className="action-form"
        onSubmit={(e) => {
          e.preventDefault();
          void quote().catch(() => undefined);
        }}
      >
        <label>
          Postal code
          <input aria-label="Quote postal code" value={postalCode} onChange={(e) => setPostalCode(e.target.value)} required />
        </label>
        <label>
          Country
          <input aria-label="Quote country" className="narrow" value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} maxLength={2} />
        </label>
        <label>
          Weight (g)
          <input aria-label="Quote weight" className="narrow" type="number" min={1} value={weight} onChange={(e) => setWeight(e.target.value)} required />
        </label>
        <label>
          Size L×W×H (mm)
          <input aria-label="Quote size" value={dims} onChange={(e) => setDims(e.target.value)} />
        </label>
        <label>
          Promised by
          <input aria-label="Quote promised date" type="date" value={promised} onChange={(e) => setPromised(e.target.value)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={residential} onChange={(e) => setResidential(e.target.checked)} /> Residential
        </label>
        <button type="submit">Quote</button>
      </form>
      {result && (
        <>
          <p className="callout" data-testid="quote-reason">
            {result.reason}
          </p>
          <RateTable options={result.options} recommendedKey={result.recommended?.serviceKey ?? null} />
        </>
      )}
    </div>
  );
}

function Shipments({ navigate }: { navigate(path: string): void }) {
  const [status, setStatus] = useState<ShipmentStatusDto | ''>('');
  const q = useQuery('shipping.shipments', { status: status || undefined, limit: 200 }, ['shipping.shipments']);
  const printers = useQuery('printers.list', {}, ['devices.']);
  const labelPrinters = (printers.data ?? []).filter((p) => p.language === 'zpl').map((p) => p.name);
  return (
    <div className="panel" data-testid="shipments">
      <div className="row">
        <h2>Shipments</h2>
        <select aria-label="Shipment status" value={status} onChange={(e) => setStatus(e.target.value as ShipmentStatusDto | '')}>
          <option value="">All</option>
          {SHIPMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </div>
      <div className="scroll-box">
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>Order</th>
              <th>Service</th>
              <th>Tracking</th>
              <th>To</th>
              <th className="num">Price</th>
              <th>Expected</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(q.data ?? []).map((s) => (
              <tr key={s.id} data-testid={`shipment-row-${s.id}`}>
                <td>
                  {s.id} {s.direction === 'return' && <span className="pill">Return</span>}
                </td>
                <td>{s.orderId ? <a href={`#/orders/${s.orderId}`} onClick={(e) => (e.preventDefault(), navigate(`orders/${s.orderId}`))}>{s.orderNumber}</a> : '—'}</td>
                <td>{s.serviceName}</td>
                <td className="mono">
                  {s.packages.map((p) => p.trackingNumber).join(' ')} {s.labelKind !== 'postage' && <LabelKindPill kind={s.labelKind} />}
                </td>
                <td>
                  {s.shipTo.name}, {s.shipTo.postalCode} {s.shipTo.country}
                </td>
                <td className="num">{formatMoney(s.priceCents, s.currency)}</td>
                <td>{s.deliveredDate ? `delivered ${s.deliveredDate}` : s.expectedDeliveryDate}</td>
                <td>
                  <ShipmentStatusPill status={s.status} />
                </td>
                <td>
                  <ShipmentActions shipment={s} printers={labelPrinters} onDone={() => void q.reload()} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {q.data?.length === 0 && <p className="muted empty">No shipments yet.</p>}
      </div>
    </div>
  );
}

function Manifests() {
  const notify = useToast();
  const open = useQuery('shipping.openForManifest', {}, ['shipping.shipments']);
  const done = useQuery('shipping.manifests', { limit: 30 }, ['shipping.shipments']);
  const printers = useQuery('printers.list', {}, ['devices.']);
  const [printer, setPrinter] = useState('');
  const close = async (carrier: string) => {
    const m = await call('shipping.closeManifest', { carrier, printer: printer || undefined });
    notify('success', `${carrier.toUpperCase()} manifest ${m.id}: ${m.shipments} shipments closed`);
    void open.reload();
    void done.reload();
  };
  const download = (csv: string, name: string) => {
    const a = document.createElement('a');
    a.href = `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
    a.download = name;
    a.click();
  };
  return (
    <div className="grid2">
      <div className="panel" data-testid="open-manifests">
        <h2>Today, not yet manifested</h2>
        <div className="row">
          <label>
            Print summary on{' '}
            <select aria-label="Manifest printer" value={printer} onChange={(e) => setPrinter(e.target.value)}>
              <option value="">don’t print</option>
              {(printers.data ?? []).map((p) => (
                <option key={p.name}>{p.name}</option>
              ))}
            </select>
          </label>
        </div>
        <table className="table">
          <tbody>
            {(open.data ?? []).map((c) => (
              <tr key={c.carrier}>
                <td>{c.carrier.toUpperCase()}</td>
                <td>
                  {formatCount(c.shipments)} shipments, {formatCount(c.packages)} packages
                </td>
                <td className="num">{formatMoney(c.totalCents)}</td>
                <td>
                  <button onClick={() => void close(c.carrier).catch(() => undefined)}>Close {c.carrier.toUpperCase()}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {open.data?.length === 0 && <p className="muted">Nothing waiting: every label is on a manifest.</p>}
      </div>
      <div className="panel" data-testid="manifests">
        <h2>Manifests</h2>
        <table className="table">
          <tbody>
            {(done.data ?? []).map((m) => (
              <tr key={m.id}>
                <td>#{m.id}</td>
                <td>{m.date}</td>
                <td>{m.carrier.toUpperCase()}</td>
                <td>
                  {formatCount(m.shipments)} shipments · {kg(m.totalWeightG)}
                </td>
                <td className="num">{formatMoney(m.totalCents)}</td>
                <td>
                  <button className="secondary" onClick={() => download(m.csv, `manifest-${m.carrier}-${m.date}-${m.id}.csv`)}>
                    CSV
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Exceptions({ navigate }: { navigate(path: string): void }) {
  const notify = useToast();
  const q = useQuery('shipping.exceptions', {}, ['shipping.shipments']);
  const [csv, setCsv] = useState('');
  const importCsv = async () => {
    const r = await call('shipping.trackingImport', { csv });
    notify(r.ok ? 'success' : 'error', `${r.updated} of ${r.rows} tracking rows applied${r.errors.length ? `; ${r.errors[0].message} (row ${r.errors[0].row})` : ''}`);
    void q.reload();
  };
  return (
    <>
      <div className="panel" data-testid="exceptions">
        <h2>Exceptions</h2>
        <table className="table">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Order</th>
              <th>Service</th>
              <th>Tracking</th>
              <th>Promised</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {(q.data ?? []).map((e) => (
              <tr key={`${e.shipmentId}-${e.kind}`}>
                <td>
                  <span className={e.kind === 'late' || e.kind === 'stalled' ? 'pill warn' : 'pill bad'}>{e.kind}</span>
                </td>
                <td>{e.orderId ? <a href={`#/orders/${e.orderId}`} onClick={(ev) => (ev.preventDefault(), navigate(`orders/${e.orderId}`))}>{e.orderNumber}</a> : '—'}</td>
                <td>{e.serviceName}</td>
                <td className="mono">{e.trackingNumber}</td>
                <td>{e.promisedDate ?? '—'}</td>
                <td className="wrap">{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {q.data?.length === 0 && <p className="muted">No late, stalled or returned parcels.</p>}
      </div>
      <div className="panel">
        <h2>Import tracking</h2>
        <p className="muted">CSV with columns tracking_number,status,at (optional message,location); status is in_transit, out_for_delivery, delivered, exception or returned.</p>
        <textarea aria-label="Tracking CSV" rows={5} className="wide-text" value={csv} onChange={(e) => setCsv(e.target.value)} />
        <div className="row">
          <input type="file" accept=".csv,text/csv" aria-label="Tracking CSV file" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />
          <button disabled={!csv.trim()} onClick={() => void importCsv().catch(() => undefined)}>
            Import tracking
          </button>
        </div>
      </div>
    </>
  );
}
