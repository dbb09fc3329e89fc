import { useState } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AvailabilityDto, StockDetailDto } from '../../../../shared/api/inventory';
import { useQuery } from '../../hooks';
import { FlashSalePanel } from './FlashSalePanel';
import { ForecastPanel } from './ForecastPanel';
import { StockActions } from './StockActions';
import { ProductCustoms } from '../shipping/ProductCustoms';
import { formatCount } from '../../../../shared/money';
import { formatDateTime, formatMoney } from './format';

type Figure = 'onHand' | 'sellable' | 'reserved' | 'safetyStock' | 'inTransit' | 'available';
const FIGURES: { key: Figure; label: string }[] = [
  { key: 'onHand', label: 'On hand' },
  { key: 'sellable', label: 'Sellable' },
  { key: 'reserved', label: 'Reserved' },
  { key: 'safetyStock', label: 'Safety' },
  { key: 'inTransit', label: 'In transit' },
  { key: 'available', label: 'Available' },
];

/**
 * One product: availability per warehouse (each figure opens what makes it), stock over time,
 * bins and lots, the ledger, and the actions that change stock.
 */
export function ProductDetail({ productId, navigate }: { productId: number; navigate(path: string): void }) {
  const detail = useQuery('stock.detail', { productId }, ['stock.', 'catalog.']);
  const [open, setOpen] = useState<{ warehouse: string; figure: Figure } | null>(null);
  const d = detail.data;
  if (!d) return <p className="muted">{detail.error ?? 'Loading…'}</p>;
  const p = d.product;
  return (
    <div data-testid="product-detail">
      <div className="row">
        <button className="secondary" onClick={() => navigate('stock')} title="Back to the stock list (Esc)" data-testid="back-to-stock">
          ← Stock
        </button>
        <h2 className="detail-title">
          <span className="mono">{p.sku}</span> — {p.name} {p.isKit && <span className="pill">kit</span>} {p.lotTracked && <span className="pill">lot-tracked</span>}
          {!p.active && <span className="pill warn">inactive</span>}
        </h2>
      </div>
      <dl className="facts facts-inline">
        <dt>Barcodes</dt>
        <dd className="mono">{p.barcodes.map((b) => b.code).join(', ') || '—'}</dd>
        <dt>Price / avg cost</dt>
        <dd>
          {formatMoney(p.priceCents, p.currency)} / {formatMoney(p.avgCostCents, p.currency)}
        </dd>
        <dt>Weight, size</dt>
        <dd>
          {p.weightG} g, {p.lengthMm}×{p.widthMm}×{p.heightMm} mm
        </dd>
        <dt>Reorder point / safety</dt>
        <dd>
          {p.reorderPoint} / {p.safetyStock}
        </dd>
        <ProductCustoms product={p} onSaved={() => void detail.reload()} />
        {p.isKit && (
          <>
            <dt>Components</dt>
            <dd>{p.components.map((c) => `${c.quantity} × ${c.sku}`).join(', ')}</dd>
          </>
        )}
      </dl>

      <div className="panel">
        <h2>Availability</h2>
        <table className="table" data-testid="availability">
          <thead>
            <tr>
              <th>Warehouse</th>
              {FIGURES.map((f) => (
                <th key={f.key} className="num">
                  {f.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.availability.map((a) => (
              <tr key={a.warehouse} data-testid={`availability-${a.warehouse}`}>
                <td>{a.warehouse}</td>
                {FIGURES.map((f) => (
                  <td key={f.key} className="num">
                    <button
                      className={`figure${open?.warehouse === a.warehouse && open.figure === f.key ? ' active' : ''}`}
                      aria-label={`${f.label} in ${a.warehouse}: ${a[f.key]}, show what makes it`}
                      data-testid={`figure-${a.warehouse}-${f.key}`}
                      onClick={() => setOpen(open?.warehouse === a.warehouse && open.figure === f.key ? null : { warehouse: a.warehouse, figure: f.key })}
                    >
                      {a[f.key]}
                    </button>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {open && <Explain detail={d} availability={d.availability.find((a) => a.warehouse === open.warehouse)!} figure={open.figure} />}
      </div>

      <StockActions detail={d} onDone={() => void detail.reload()} navigate={navigate} />

      <FlashSalePanel productId={p.id} sku={p.sku} />

      <div className="grid2">
        <div className="panel">
          <h2>Stock over the last 90 days</h2>
          <div className="chart" data-testid="stock-chart">
            <ResponsiveContainer width="100%" height={220}>
              <AreaChart data={d.history} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ec" />
                <XAxis dataKey="date" tickFormatter={(v: string) => v.slice(5)} minTickGap={24} fontSize={11} />
                <YAxis allowDecimals={false} width={44} fontSize={11} />
                <Tooltip />
                <Area type="stepAfter" dataKey="onHand" name="On hand" stroke="#2457d6" fill="#c8d6ff" isAnimationActive={false} />
              </AreaChart>
            </ResponsiveContainer>
          </div>
        </div>
        <div className="panel">
          <h2>Bins and lots</h2>
          <BalancesTable rows={d.balances} />
        </div>
      </div>

      {!p.isKit && <ForecastPanel sku={p.sku} />}

      <div className="panel">
        <h2>Ledger (latest {d.movements.length})</h2>
        <MovementsTable rows={d.movements} />
      </div>
    </div>
  );
}

/** What makes one figure: the formula and the rows behind it. */
function Explain({ detail, availability: a, figure }: { detail: StockDetailDto; availability: AvailabilityDto; figure: Figure }) {
  const inWarehouse = detail.balances.filter((b) => b.warehouse === a.warehouse);
  const sellable = inWarehouse.filter((b) => ['pick', 'bulk', 'receiving'].includes(b.binKind) && !b.expired);
  const reservations = detail.reservations.filter((r) => r.warehouse === a.warehouse);
  const movements = detail.movements.filter((m) => m.warehouse === a.warehouse).slice(0, 20);
  const transfersIn = movements.filter((m) => m.kind.startsWith('transfer'));
  const formula: Record<Figure, string> = {
    onHand: `On hand ${formatCount(a.onHand)} = the sum of every bin and lot below (all bin kinds, expired included).`,
    sellable: `Sellable ${a.sellable} = on hand in pick, bulk and receiving bins, not expired (returns and quarantine wait for a decision).`,
    reserved: `Reserved ${formatCount(a.reserved)} = stock held for orders, listed below.`,
    safetyStock: `Safety buffer ${a.safetyStock} per warehouse, set on the product; it is never offered for sale.`,
    inTransit: `In transit ${a.inTransit} = units sent here by a transfer and not yet received.`,
    available: detail.product.isKit
      ? `Available ${formatCount(a.available)} = the minimum over components of floor(component available ÷ quantity per kit).`
      : `Available ${formatCount(a.available)} = sellable ${formatCount(a.sellable)} − reserved ${formatCount(a.reserved)} − safety ${formatCount(a.safetyStock)} (never below 0).`,
  };
  const balanceRows = figure === 'sellable' || figure === 'available' ? sellable : inWarehouse;
  return (
    <div className="explain" data-testid="explain">
      <p className="callout">{formula[figure]}</p>
      {figure === 'reserved' || figure === 'available' ? (
        <>
          <h3>Reservations</h3>
          {reservations.length ? (
            <table className="table">
              <thead>
                <tr>
                  <th>Held by</th>
                  <th>Bin</th>
                  <th>Lot</th>
                  <th className="num">Qty</th>
                  <th>Since</th>
                </tr>
              </thead>
              <tbody>
                {reservations.map((r, i) => (
                  <tr key={i}>
                    <td>{r.holder}</td>
                    <td>{r.bin}</td>
                    <td>{r.lot ?? '—'}</td>
                    <td className="num">{formatCount(r.quantity)}</td>
                    <td>{formatDateTime(r.since)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No reservations.</p>
          )}
        </>
      ) : null}
      {figure !== 'reserved' && figure !== 'safetyStock' && figure !== 'inTransit' && (
        <>
          <h3>{figure === 'onHand' ? 'Balances' : 'Sellable balances'}</h3>
          <BalancesTable rows={balanceRows} />
        </>
      )}
      <h3>Recent movements in {a.warehouse}</h3>
      <MovementsTable rows={figure === 'inTransit' ? transfersIn : movements} />
    </div>
  );
}

function BalancesTable({ rows }: { rows: StockDetailDto['balances'] }) {
  if (!rows.length) return <p className="muted">No stock in any bin.</p>;
  return (
    <table className="table" data-testid="balances">
      <thead>
        <tr>
          <th>Warehouse</th>
          <th>Bin</th>
          <th>Kind</th>
          <th>Lot</th>
          <th>Expires</th>
          <th className="num">On hand</th>
          <th className="num">Reserved</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((b, i) => (
          <tr key={i}>
            <td>{b.warehouse}</td>
            <td className="mono">{b.bin}</td>
            <td>{b.binKind}</td>
            <td>{b.lot ?? '—'}</td>
            <td>{b.expiresOn ? <span className={b.expired ? 'pill bad' : ''}>{b.expiresOn}{b.expired ? ' expired' : ''}</span> : '—'}</td>
            <td className="num">{formatCount(b.onHand)}</td>
            <td className="num">{formatCount(b.reserved)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MovementsTable({ rows }: { rows: StockDetailDto['movements'] }) {
  if (!rows.length) return <p className="muted">No movements yet.</p>;
  return (
    <div className="scroll-y">
      <table className="table" data-testid="ledger">
        <thead>
          <tr>
            <th>When</th>
            <th>Kind</th>
            <th>Warehouse</th>
            <th>Bin</th>
            <th>Lot</th>
            <th className="num">Qty</th>
            <th>Reason</th>
            <th>Reference</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id} data-testid="ledger-row">
              <td>{formatDateTime(m.at)}</td>
              <td>{m.kind}</td>
              <td>{m.warehouse}</td>
              <td className="mono">{m.bin}</td>
              <td>{m.lot ?? '—'}</td>
              <td className={`num ${m.quantity < 0 ? 'error' : ''}`}>{m.quantity > 0 ? `+${formatCount(m.quantity)}` : formatCount(m.quantity)}</td>
              <td>{m.reason}</td>
              <td>{m.reference ?? ''}</td>
              <td>{m.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
