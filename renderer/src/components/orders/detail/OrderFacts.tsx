import type { OrderDetailDto } from '../../../../../shared/api/orders';
import { AddressEditor } from '../AddressEditor';

/** The order's customer, ship-to address (editable) and delivery facts. */
export function OrderFacts({ order, onChanged }: { order: OrderDetailDto; onChanged(o: OrderDetailDto): void }) {
  return (
    <div className="grid3">
      <div className="panel">
        <h2>Customer</h2>
        <dl className="facts">
          <dt>Name</dt>
          <dd data-testid="order-customer">{order.customer}</dd>
          <dt>Email</dt>
          <dd>{order.customerEmail ?? '—'}</dd>
          <dt>Phone</dt>
          <dd>{order.customerPhone ?? '—'}</dd>
        </dl>
      </div>
      <div className="panel">
        <h2>Ship to</h2>
        <AddressEditor order={order} onSaved={onChanged} />
      </div>
      <div className="panel">
        <h2>Delivery</h2>
        <dl className="facts">
          <dt>Method</dt>
          <dd>{order.shippingMethod ?? '—'}</dd>
          <dt>Promised by</dt>
          <dd data-testid="order-promised">{order.promisedDate ?? '—'}</dd>
          <dt>Warehouse</dt>
          <dd>{order.warehouse ?? (order.orderLines.some((l) => l.warehouse) ? 'split' : '—')}</dd>
          {order.tags.length > 0 && (
            <>
              <dt>Tags</dt>
              <dd>{order.tags.map((t) => <span key={t} className="pill">{t}</span>)}</dd>
            </>
          )}
          {order.note && (
            <>
              <dt>Note</dt>
              <dd>{order.note}</dd>
            </>
          )}
        </dl>
      </div>
    </div>
  );
}
