import { useState } from 'react';
import type { OrderDetailDto } from '../../../../../shared/api/orders';
import { useEvents, useQuery } from '../../../hooks';

/**
 * One order, kept live: reloaded when the order changes anywhere. `changed(o)` shows an answer
 * from an action at once (its returned order) and then reloads.
 */
export function useOrderDetail(orderId: number) {
  const q = useQuery('orders.get', { id: orderId });
  const [fresh, setFresh] = useState<OrderDetailDto>();
  useEvents(['orders.'], (e) => {
    if ((e.data as { id?: number } | undefined)?.id === orderId) void q.reload().then(() => setFresh(undefined));
  });
  const changed = (o: OrderDetailDto) => {
    setFresh(o);
    void q.reload().then(() => setFresh(undefined));
  };
  return { order: fresh ?? q.data, error: q.error, changed, show: setFresh };
}
