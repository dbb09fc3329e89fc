import { CreateReturn } from '../fulfilment/CreateReturn';
import { CustomsPanel } from '../shipping/CustomsPanel';
import { OrderRates } from '../shipping/OrderRates';
import { OrderAllocation } from './detail/OrderAllocation';
import { OrderFacts } from './detail/OrderFacts';
import { OrderLines } from './detail/OrderLines';
import { useOrderDetail } from './detail/useOrderDetail';
import { FulfilmentSync } from './FulfilmentSync';
import { OrderActions } from './OrderActions';
import { PackingSlipButton } from './PackingSlipButton';
import { shortDateTime, STATUS_LABELS, statusPillClass } from './order-format';

/**
 * One order: customer, ship-to, lines with their reservations (warehouse, bin, lot), totals, the
 * promise, why this warehouse was chosen, the history (who, when, why) and the allowed actions.
 * A line whose SKU was unknown can be pointed at a catalog product right here.
 */
export function OrderDetail({ orderId, navigate }: { orderId: number; navigate(path: string): void }) {
  const { order, error, changed, show } = useOrderDetail(orderId);
  if (error && !order) return <p className="error">{error}</p>;
  if (!order) return <p className="muted">Loading…</p>;

  return (
    <div data-testid="order-detail">
      <div className="row">
        <button className="secondary" onClick={() => navigate('orders')} data-testid="back-to-orders" title="Esc">
          ← Orders
        </button>
        <h2 className="detail-title">
          Order <span className="mono">{order.number}</span>
        </h2>
        <span className={statusPillClass(order.status)} data-testid="order-detail-status">
          {STATUS_LABELS[order.status]}
        </span>
        {order.priority > 0 && <span className="pill warn">priority {order.priority}</span>}
        <span className="muted">
          {order.channel} · placed {shortDateTime(order.placedAt)} · {order.paymentStatus}
        </span>
      </div>
      {order.holdReason && (
        <p className="callout hold-callout" data-testid="hold-reason">
          <strong>On hold:</strong> {order.holdReason}
        </p>
      )}
      <FulfilmentSync orderId={order.id} />
      <PackingSlipButton order={order} />
      <OrderActions order={order} onDone={changed} />
      <OrderFacts order={order} onChanged={changed} />
      <CustomsPanel orderId={order.id} status={order.status} />
      <OrderRates orderId={order.id} status={order.status} />
      <CreateReturn order={order} />
      <OrderLines order={order} onFixed={show} />
      <OrderAllocation order={order} />
    </div>
  );
}
