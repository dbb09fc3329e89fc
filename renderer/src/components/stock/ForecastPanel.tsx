import { useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ForecastDto } from '../../../../shared/api/forecasting';
import { call } from '../../bridge';
import { useQuery } from '../../hooks';

interface ChartRow {
  date: string;
  sold?: number;
  forecast?: number;
  band?: [number, number];
}

/** Runs of consecutive censored days (no stock all day), drawn as shaded spans. */
function censoredSpans(f: ForecastDto): { from: string; to: string; days: number }[] {
  const spans: { from: string; to: string; days: number }[] = [];
  f.history.forEach((d, i) => {
    if (!d.censored) return;
    const last = spans.at(-1);
    if (last && i > 0 && f.history[i - 1].censored) {
      last.to = d.date;
      last.days++;
    } else spans.push({ from: d.date, to: d.date, days: 1 });
  });
  return spans;
}

function chartRows(f: ForecastDto): ChartRow[] {
  // No line through days without stock: nothing was measured there.
  const rows: ChartRow[] = f.history.map((d) => ({ date: d.date, sold: d.censored ? undefined : d.units }));
  // The forecast line starts at the last day of history, so the two join.
  const last = rows.at(-1);
  if (last && f.next.length) {
    last.forecast = last.sold;
    last.band = [last.sold ?? 0, last.sold ?? 0];
  }
  for (const p of f.next) rows.push({ date: p.date, forecast: p.units, band: [p.lo, p.hi] });
  return rows;
}

const fmt = (x: number | null, digits = 2) => (x === null ? 'n/a' : x.toFixed(digits));

/**
 * The product's demand: units sold per day (days without stock shaded: they are not zero demand),
 * the forecast with its 80 % band, the method chosen and the sentence saying why.
 */
export function ForecastPanel({ sku }: { sku: string }) {
  const warehouses = useQuery('warehouses.list', {});
  const [warehouseId, setWarehouseId] = useState<number | undefined>(undefined);
  const forecast = useQuery('forecasting.get', { sku, warehouseId, historyDays: 120, horizonDays: 30 }, ['forecasting.']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const f = forecast.data;
  const spans = f ? censoredSpans(f) : [];
  const refresh = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('forecasting.refresh', { skus: [sku], warehouseId });
      await forecast.reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="panel" data-testid="forecast-panel">
      <div className="row">
        <h2>Demand forecast</h2>
        {(warehouses.data?.length ?? 0) > 1 && (
          <select aria-label="Warehouse" data-testid="forecast-warehouse" value={warehouseId ?? ''} onChange={(e) => setWarehouseId(e.target.value ? Number(e.target.value) : undefined)}>
            <option value="">All warehouses</option>
            {warehouses.data!.map((w) => (
              <option key={w.id} value={w.id}>
                {w.code}
              </option>
            ))}
          </select>
        )}
        <button className="secondary" onClick={() => void refresh()} disabled={busy} data-testid="forecast-refresh" title="Recompute from the last year of orders">
          {busy ? 'Recomputing…' : 'Recompute'}
        </button>
      </div>
      {!f ? (
        <p className="muted">{forecast.error ?? 'Loading…'}</p>
      ) : (
        <>
          <dl className="facts facts-inline" data-testid="forecast-facts">
            <dt>Method</dt>
            <dd data-testid="forecast-method">{f.methodLabel}</dd>
            <dt>Demand</dt>
            <dd title="ADI: average days between days with a sale (1 = sells every day). CV²: how much the size of a day's sales varies (0 = always the same).">
              {f.demandClass} (ADI {fmt(f.adi)}, CV² {fmt(f.cv2)})
            </dd>
            <dt>Per day</dt>
            <dd data-testid="forecast-per-day">
              {f.perDay.toFixed(2)} units/day (80 % of days within ± {(1.28 * f.sdPerDay).toFixed(1)})
            </dd>
            <dt>Next 30 days</dt>
            <dd>{Math.round(f.next.reduce((s, p) => s + p.units, 0))} units</dd>
            <dt>Backtest error</dt>
            <dd title="MASE: the forecast's error on the last weeks, against repeating the same weekday of the week before. Below 1 is better than that.">
              {f.mase === null ? 'n/a' : `MASE ${fmt(f.mase)}`}
            </dd>
          </dl>
          <p className="muted" data-testid="forecast-reason">
            {f.reason} {f.stored ? `Computed ${f.computedAt.slice(0, 16).replace('T', ' ')}.` : 'Not stored yet: computed for this page.'}
          </p>
          {error && <p className="error">{error}</p>}
          <div className="chart" style={{ height: 264 }} data-testid="forecast-chart">
            <ResponsiveContainer width="100%" height={264}>
              <ComposedChart data={chartRows(f)} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ec" />
                <XAxis dataKey="date" tickFormatter={(v: string) => v.slice(5)} minTickGap={24} fontSize={11} />
                <YAxis allowDecimals={false} width={44} fontSize={11} label={{ value: 'units/day', angle: -90, position: 'insideLeft', fontSize: 11, fill: '#667085' }} />
                {/* Dark item text: the band's own colour is too pale to read on white. */}
                <Tooltip itemStyle={{ color: '#1d2433' }} formatter={(value) => (Array.isArray(value) ? value.map((v) => Number(v).toFixed(1)).join('–') : Number(value).toFixed(1))} />
                <Legend verticalAlign="top" height={22} iconSize={10} wrapperStyle={{ fontSize: 12 }} formatter={(name) => <span style={{ color: '#1d2433' }}>{name}</span>} />
                {spans.map((s) => (
                  <ReferenceArea key={s.from} x1={s.from} x2={s.to} fill="#f1d9a6" fillOpacity={0.6} ifOverflow="extendDomain" label={{ value: 'no stock', position: 'insideTop', fontSize: 10 }} />
                ))}
                <Area type="monotone" dataKey="band" name="80 % band" stroke="none" fill="#ffd9c2" isAnimationActive={false} />
                <Line type="linear" dataKey="sold" name="Sold" stroke="#2457d6" dot={false} strokeWidth={1.5} isAnimationActive={false} />
                <Line type="linear" dataKey="forecast" name="Forecast" stroke="#d6572a" dot={false} strokeWidth={2} strokeDasharray="5 3" isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          <p className="muted small" data-testid="forecast-censored">
            {spans.length
              ? `Shaded: ${spans.reduce((s, x) => s + x.days, 0)} days with nothing on the shelf. They are left out of the fit: no stock is not zero demand.`
              : 'No stockouts in this period.'}
          </p>
        </>
      )}
    </div>
  );
}
