import type { AddressDto, OrderStatus } from '../../../../shared/api/orders';
import { conflict } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { Orders } from '../../orders/index';
import { ADDRESS_EDITABLE, ADDRESS_HOLD_PREFIX } from '../../orders/address-check';
import { appendOrderEvent } from '../../orders/order-history';
import { postalAddressTo, type PostageAccount } from './postage';


export interface AddressVerificationResult {
  deliverable: boolean;
  errors: string[];
  status: OrderStatus;
}

/**
 * Optional, online: asks the postage provider (EasyPost) whether a carrier can deliver to the
 * order's address. The offline checks at intake catch formats and contradictions; this catches a
 * street that does not exist. The answer is recorded in the order's history; an address the
 * provider cannot deliver to holds the order ("address needs attention: EasyPost: …"), releasing
 * its stock, until the address is edited.
 */
export async function verifyOrderAddress(core: Core, orders: Pick<Orders, 'service'>, postage: PostageAccount, orderId: number, actor: string): Promise<AddressVerificationResult> {
  const order = await orders.service.row(orderId);
  if (!order.ship_to) throw conflict(`Order ${order.number} has no ship-to address`);
  if (!ADDRESS_EDITABLE.includes(order.status as OrderStatus)) throw conflict(`Order ${order.number} is ${order.status}; its address can no longer change`);
  const adapter = await postage.connectedAdapter();
  if (!adapter?.verifyAddress) throw conflict('Connect a postage account (Settings → Postage) to verify addresses with the provider');
  const shipTo = JSON.parse(order.ship_to) as AddressDto;
  const result = await adapter.verifyAddress(postalAddressTo(shipTo));
  return await core.store.tx(async () => {
    const now = await orders.service.row(orderId);
    // The address was edited while the provider was asked: that answer is about an old address.
    if (now.ship_to !== order.ship_to) throw conflict(`The address of order ${order.number} changed meanwhile; verify it again`);
    const status = now.status as OrderStatus;
    if (result.deliverable) {
      await appendOrderEvent(core.store, orderId, core.clock.now().toISOString(), status, status, actor, `address verified by ${adapter.name}`);
      core.events.publish('orders.changed', { id: orderId, status });
      return { deliverable: true, errors: [], status };
    }
    const reason = `${ADDRESS_HOLD_PREFIX}${adapter.name === 'easypost' ? 'EasyPost' : adapter.name}: ${result.errors.join('; ') || 'not deliverable'}`;
    if (status === 'on_hold') {
      await appendOrderEvent(core.store, orderId, core.clock.now().toISOString(), status, status, actor, reason);
      core.events.publish('orders.changed', { id: orderId, status });
      return { deliverable: false, errors: result.errors, status };
    }
    await orders.service.hold(orderId, reason, actor);
    return { deliverable: false, errors: result.errors, status: 'on_hold' };
  });
}
