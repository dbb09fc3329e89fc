import { lazy, Suspense } from 'react';
import { OrderQueue } from '../components/orders/OrderQueue';
import { useHotkeys } from '../hooks/useHotkeys';
import type { ScreenProps } from './index';

// The queue is the first page; one order's detail (rates, labels, returns, customs) and the manual
// entry form load on first use, keeping them out of the first bundle (start-up, bench/startup.ts).
const OrderDetail = lazy(() => import('../components/orders/OrderDetail').then((m) => ({ default: m.OrderDetail })));
const ManualOrderForm = lazy(() => import('../components/orders/ManualOrderForm').then((m) => ({ default: m.ManualOrderForm })));

/**
 * The orders area, where a packer's day starts. Routes: '#/orders' (the live queue),
 * '#/orders/<id>' (one order), '#/orders/new' (manual entry). Channels, order-file import and
 * stock feeds live in Settings.
 */
export function OrdersScreen({ params, navigate }: ScreenProps) {
  const orderId = params[0] && /^\d+$/.test(params[0]) ? Number(params[0]) : undefined;
  // Esc on a sub-view goes back to the queue (unless a form field has focus).
  useHotkeys({ Escape: () => navigate('orders') }, { enabled: params.length > 0 });

  return (
    <section className="screen orders-screen">
      <h1>Orders</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        {orderId !== undefined ? (
          <OrderDetail key={orderId} orderId={orderId} navigate={navigate} />
        ) : params[0] === 'new' ? (
          <ManualOrderForm navigate={navigate} />
        ) : (
          <OrderQueue navigate={navigate} />
        )}
      </Suspense>
    </section>
  );
}
