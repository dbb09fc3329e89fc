import { useEffect } from 'react';
import { ManualOrderForm } from '../components/orders/ManualOrderForm';
import { OrderDetail } from '../components/orders/OrderDetail';
import { OrderQueue } from '../components/orders/OrderQueue';
import { typingIn } from '../components/orders/order-format';
import type { ScreenProps } from './index';

/**
 * The orders area, where a packer's day starts. Routes: '#/orders' (the live queue),
 * '#/orders/<id>' (one order), '#/orders/new' (manual entry). Channels, order-file import and
 * stock feeds live in Settings.
 */
export function OrdersScreen({ params, navigate }: ScreenProps) {
  const orderId = params[0] && /^\d+$/.test(params[0]) ? Number(params[0]) : undefined;
  // Esc on a sub-view goes back to the queue (unless a form field has focus).
  useEffect(() => {
    if (params.length === 0) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !typingIn(e.target)) navigate('orders');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [params.length, navigate]);

  return (
    <section className="screen orders-screen">
      <h1>Orders</h1>
      {orderId !== undefined ? (
        <OrderDetail key={orderId} orderId={orderId} navigate={navigate} />
      ) : params[0] === 'new' ? (
        <ManualOrderForm navigate={navigate} />
      ) : (
        <OrderQueue navigate={navigate} />
      )}
    </section>
  );
}
