import { ChannelApiError, type FulfilmentPush, type FulfilmentResult } from '../connector';
import type { ShopifyAdminClient } from './admin-client';
import { legacyIdOf, toGid } from './ids';
import { FULFILLMENT_CANCEL, FULFILLMENT_CREATE, FULFILLMENT_ORDERS, FULFILLMENT_STATUS } from './operations';

/**
 * Fulfilments out: Shopify fulfils an order through its fulfillment orders (one per location the
 * order is assigned to), so a shipment's lines are matched to fulfillment-order line items with
 * quantity left, and one fulfillmentCreate is sent per location they fall in.
 */

interface FulfillmentOrderLine {
  id: string;
  remainingQuantity: number;
  totalQuantity: number;
  lineItem: { id: string; sku: string | null };
}

interface FulfillmentOrdersData {
  order: {
    id: string;
    fulfillments: { id: string; status: string; trackingInfo: { number: string | null; company: string | null; url: string | null }[] }[];
    fulfillmentOrders: {
      nodes: { id: string; status: string; assignedLocation: { location: { id: string } | null }; lineItems: { nodes: FulfillmentOrderLine[] } }[];
    };
  } | null;
}

interface UserError {
  field: string[] | null;
  message: string;
}

/** Fulfillment orders in these states still take fulfilments. */
const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS']);
/** A fulfilment in these states stands (CANCELLED, ERROR and FAILURE ones do not). */
const STANDING = new Set(['SUCCESS', 'OPEN', 'PENDING']);

/**
 * Several fulfilments (a shipment whose lines Shopify assigned to two locations) travel as one
 * opaque id, space-separated; cancelFulfilment takes the same string back.
 */
const ID_SEPARATOR = ' ';

export async function createShopifyFulfilment(client: ShopifyAdminClient, push: FulfilmentPush): Promise<FulfilmentResult> {
  const orderGid = toGid('Order', push.externalOrderId);
  const data = await client.request<FulfillmentOrdersData>('ShipshapeFulfillmentOrders', FULFILLMENT_ORDERS, { id: orderGid });
  const order = data.order;
  if (!order) throw new ChannelApiError('rejected', `Shopify has no order ${push.externalOrderId}`);

  // A retry after a lost answer: Shopify already holds this shipment's fulfilment.
  const existing = push.trackingNumber ? order.fulfillments.filter((f) => STANDING.has(f.status) && f.trackingInfo.some((t) => t.number === push.trackingNumber)) : [];
  if (existing.length > 0) return { fulfilmentId: existing.map((f) => f.id).join(ID_SEPARATOR), alreadyExisted: true };
  // Without a tracking number (a label that was not bought as postage carries none to send) the
  // retry is recognised by its lines: nothing of them left to fulfil, and a standing fulfilment
  // without tracking holding them.
  if (!push.trackingNumber) {
    const untracked = order.fulfillments.filter((f) => STANDING.has(f.status) && f.trackingInfo.every((t) => !t.number));
    if (untracked.length > 0 && nothingLeftFor(push, order.fulfillmentOrders.nodes)) return { fulfilmentId: untracked.map((f) => f.id).join(ID_SEPARATOR), alreadyExisted: true };
  }

  const byFulfillmentOrder = allocateLines(push, order.fulfillmentOrders.nodes);
  const byLocation = new Map<string, { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] }[]>();
  for (const group of byFulfillmentOrder) {
    const list = byLocation.get(group.locationId) ?? [];
    list.push(group.lineItems ? { fulfillmentOrderId: group.fulfillmentOrderId, fulfillmentOrderLineItems: group.lineItems } : { fulfillmentOrderId: group.fulfillmentOrderId });
    byLocation.set(group.locationId, list);
  }

  const ids: string[] = [];
  for (const lineItemsByFulfillmentOrder of byLocation.values()) {
    const created = await client.request<{ fulfillmentCreate: { fulfillment: { id: string } | null; userErrors: UserError[] } }>(
      'ShipshapeFulfillmentCreate',
      FULFILLMENT_CREATE,
      {
        fulfillment: {
          lineItemsByFulfillmentOrder,
          notifyCustomer: push.notifyCustomer,
          trackingInfo: { company: push.carrier, ...(push.trackingNumber ? { number: push.trackingNumber } : {}), ...(push.trackingUrl ? { url: push.trackingUrl } : {}) },
        },
      },
    );
    const { fulfillment, userErrors } = created.fulfillmentCreate;
    if (userErrors.length > 0 || !fulfillment) {
      throw new ChannelApiError('rejected', `Shopify refused the fulfilment of order ${push.externalOrderId}: ${userErrors.map((e) => e.message).join('; ') || 'no fulfilment returned'}`);
    }
    ids.push(fulfillment.id);
  }
  return { fulfilmentId: ids.join(ID_SEPARATOR), alreadyExisted: false };
}

/** Whether the shipment's lines are already all fulfilled in Shopify (so a retry must not send them again). */
function nothingLeftFor(push: FulfilmentPush, fulfillmentOrders: NonNullable<FulfillmentOrdersData['order']>['fulfillmentOrders']['nodes']): boolean {
  // Every fulfillment order counts here, closed ones too: a fully fulfilled one is closed.
  const items = fulfillmentOrders.flatMap((fo) => fo.lineItems.nodes.map((li) => ({ li, open: FULFILLABLE.has(fo.status) })));
  const left = (li: FulfillmentOrderLine, open: boolean) => (open ? li.remainingQuantity : 0);
  if (push.lines.length === 0) return items.length > 0 && items.every(({ li, open }) => left(li, open) === 0);
  return push.lines.every((line) => {
    const matching = items.filter(({ li }) => (line.externalLineId ? legacyIdOf(li.lineItem.id) === legacyIdOf(line.externalLineId) : line.sku !== null && li.lineItem.sku === line.sku));
    return matching.length > 0 && matching.every(({ li, open }) => left(li, open) === 0);
  });
}

/**
 * Matches the shipment's lines to fulfillment-order line items: by the order line's id when
 * Shipshape has it (the webhook's line_items[].id), else by SKU; quantities are taken from the
 * items with the most left first. No lines at all means "everything that is left".
 */
function allocateLines(
  push: FulfilmentPush,
  fulfillmentOrders: NonNullable<FulfillmentOrdersData['order']>['fulfillmentOrders']['nodes'],
): { fulfillmentOrderId: string; locationId: string; lineItems: { id: string; quantity: number }[] | null }[] {
  const open = fulfillmentOrders.filter((fo) => FULFILLABLE.has(fo.status));
  if (push.lines.length === 0) {
    const withWork = open.filter((fo) => fo.lineItems.nodes.some((li) => li.remainingQuantity > 0));
    if (withWork.length === 0) throw new ChannelApiError('rejected', `Order ${push.externalOrderId} has nothing left to fulfil in Shopify`);
    return withWork.map((fo) => ({ fulfillmentOrderId: fo.id, locationId: fo.assignedLocation.location?.id ?? '', lineItems: null }));
  }
  const remaining = new Map<string, number>();
  for (const fo of open) for (const li of fo.lineItems.nodes) remaining.set(li.id, li.remainingQuantity);
  const taken = new Map<string, Map<string, number>>(); // fulfillment order id → its line item id → quantity

  for (const line of push.lines) {
    const candidates = open.flatMap((fo) =>
      fo.lineItems.nodes
        .filter((li) => (line.externalLineId ? legacyIdOf(li.lineItem.id) === legacyIdOf(line.externalLineId) : line.sku !== null && li.lineItem.sku === line.sku))
        .map((li) => ({ fo, li })),
    );
    candidates.sort((a, b) => remaining.get(b.li.id)! - remaining.get(a.li.id)!);
    let need = line.quantity;
    for (const { fo, li } of candidates) {
      const take = Math.min(need, remaining.get(li.id)!);
      if (take <= 0) continue;
      remaining.set(li.id, remaining.get(li.id)! - take);
      const forOrder = taken.get(fo.id) ?? new Map<string, number>();
      forOrder.set(li.id, (forOrder.get(li.id) ?? 0) + take);
      taken.set(fo.id, forOrder);
      need -= take;
      if (need === 0) break;
    }
    if (need > 0) {
      const what = line.sku ? `SKU ${line.sku}` : `line ${line.externalLineId}`;
      const left = line.quantity - need;
      throw new ChannelApiError(
        'rejected',
        candidates.length === 0
          ? `Shopify order ${push.externalOrderId} has no open line for ${what}`
          : `Shopify order ${push.externalOrderId} has only ${left} of ${what} left to fulfil, not ${line.quantity}`,
      );
    }
  }
  return open
    .filter((fo) => taken.has(fo.id))
    .map((fo) => ({
      fulfillmentOrderId: fo.id,
      locationId: fo.assignedLocation.location?.id ?? '',
      lineItems: [...taken.get(fo.id)!].map(([id, quantity]) => ({ id, quantity })),
    }));
}

export async function cancelShopifyFulfilment(client: ShopifyAdminClient, externalOrderId: string, fulfilmentId: string): Promise<void> {
  for (const id of fulfilmentId.split(ID_SEPARATOR).filter(Boolean)) {
    const gid = toGid('Fulfillment', id);
    const data = await client.request<{ fulfillmentCancel: { fulfillment: { status: string } | null; userErrors: UserError[] } }>(
      'ShipshapeFulfillmentCancel',
      FULFILLMENT_CANCEL,
      { id: gid },
    );
    const { userErrors } = data.fulfillmentCancel;
    if (userErrors.length === 0) continue;
    // Shopify refuses to cancel a cancelled fulfilment; that is the state we want, so not an error.
    const status = await client.request<{ fulfillment: { status: string } | null }>('ShipshapeFulfillmentStatus', FULFILLMENT_STATUS, { id: gid });
    if (status.fulfillment?.status === 'CANCELLED') continue;
    throw new ChannelApiError('rejected', `Shopify refused to cancel the fulfilment of order ${externalOrderId}: ${userErrors.map((e) => e.message).join('; ')}`);
  }
}
