import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { BookkeepingPanel } from '../components/BookkeepingPanel';
import { useFormat } from '../components/ShopFormat';
import { useQuery } from '../hooks';
import type { ScreenProps } from './index';

const CHANNEL_COLOURS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2'];
const KIND_LABELS = { late: 'Past its promise', stuck: 'Stuck', on_hold: 'On hold' } as const;

/**
 * Reports: the owner's dashboard — today's work, thirty days of orders and shipping, the stock that
 * needs a look, and the exceptions queue (orders past their promise or stuck in a state), each a
 * click away from the order. Live: it reloads as orders, stock and shipments change.
 */
export function ReportsScreen({ navigate }: ScreenProps) {
  // Live, but at most every 3 s: at 100,000 SKUs the dashboard takes ~0.4 s of the server, which a
  // flash sale's stream of order events must not turn into a busy loop.
  const board = useQuery('reports.dashboard', {}, ['orders.', 'stock.', 'shipping.shipments', 'calendar.'], { liveEveryMs: 3000 });
  const { money: formatMoney, count } = useFormat();
  const d = board.data;
  if (!d) return <section className="screen">{board.error ? <p className="error">{board.error}</p> : <p className="muted">Loading…</p>}</section>;
  const tile = (label: string, value: string | number, testId: string, onClick?: () => void) => (
    <div className="kpi" data-testid={testId} onClick={onClick} role={onClick ? 'button' : undefined}>
      <div className="kpi-value">{typeof value === 'number' ? count(value) : value}</div>
      <div className="kpi-label">{label}</div>
    </div>
  );
  const chart = d.ordersPerDay.map((day) => ({ date: day.date.slice(5), ...day.byChannel }));
  const ordersInWindow = d.ordersPerDay.reduce((sum, day) => sum + Object.values(day.byChannel).reduce((a, b) => a + b, 0), 0);
  const revenue = d.ordersPerDay.reduce((sum, day) => sum + day.revenueCents, 0);

  return (
    <section className="screen" data-testid="reports">
      <h1>Reports</h1>
      <div className="panel">
        <h2>Today ({d.today})</h2>
        <div className="kpis">
          {tile('orders received', d.orders.receivedToday, 'kpi-received')}
          {tile('due to ship today', d.orders.dueToday, 'kpi-due', () => navigate('orders'))}
          {tile('past their promise', d.orders.late, 'kpi-late')}
          {tile('on hold', d.orders.onHold, 'kpi-on-hold')}
          {tile('backordered', d.orders.backordered, 'kpi-backordered')}
          {tile('open orders', d.orders.open, 'kpi-open')}
          {tile('parcels labelled', d.orders.shippedToday, 'kpi-shipped')}
        </div>
      </div>

      <div className="panel">
        <h2>
          Orders, last {d.ordersPerDay.length} days: {count(ordersInWindow)} orders, {formatMoney(revenue, d.currency)}
        </h2>
        <div data-testid="orders-chart">
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={chart}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" fontSize={11} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              <Legend />
              {d.channels.map((c, i) => (
                <Bar key={c} dataKey={c} stackId="orders" fill={CHANNEL_COLOURS[i % CHANNEL_COLOURS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </div>

      <div className="panel">
        <h2>Exceptions ({d.exceptions.length})</h2>
        <table className="table" data-testid="exceptions">
          <thead>
            <tr>
              <th>Order</th>
              <th>What</th>
              <th>Detail</th>
              <th>Promised</th>
            </tr>
          </thead>
          <tbody>
            {d.exceptions.map((e) => (
              <tr key={e.orderId} className="clickable" onClick={() => navigate(`orders/${e.orderId}`)}>
                <td>{e.number}</td>
                <td>{KIND_LABELS[e.kind]}</td>
                <td>{e.detail}</td>
                <td>{e.promisedDate ?? '—'}</td>
              </tr>
            ))}
            {d.exceptions.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  Nothing past its promise, stuck or on hold.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <div className="panel">
        <h2>Shipping, last {d.ordersPerDay.length} days</h2>
        <table className="table" data-testid="shipping-record">
          <thead>
            <tr>
              <th>Carrier</th>
              <th className="num">Parcels</th>
              <th className="num">Delivered</th>
              <th className="num">On time</th>
              <th className="num">Postage</th>
            </tr>
          </thead>
          <tbody>
            {d.shipping.map((s) => (
              <tr key={s.carrier}>
                <td>{s.carrierName}</td>
                <td className="num">{count(s.shipments)}</td>
                <td className="num">{count(s.delivered)}</td>
                <td className="num">{s.delivered ? `${Math.round((100 * s.onTime) / s.delivered)} %` : '—'}</td>
                <td className="num">{formatMoney(s.costCents, d.currency)}</td>
              </tr>
            ))}
            {d.shipping.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No parcels labelled in this window.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <div className="panel">
        <h2>Stock</h2>
        <div className="kpis">
          {tile('stock value (moving-average cost)', formatMoney(d.stock.valueCents, d.stock.currency), 'kpi-stock-value')}
          {tile('low stock', d.stock.lowStock, 'kpi-low', () => navigate('stock'))}
          {tile('out of stock', d.stock.outOfStock, 'kpi-out', () => navigate('stock'))}
          {tile('expiring within 30 days', d.stock.expiringSoon, 'kpi-expiring', () => navigate('stock'))}
        </div>
      </div>

      <BookkeepingPanel today={d.today} />
    </section>
  );
}
