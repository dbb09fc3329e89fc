import { mapInOrder } from '../../../util/in-order';
import type { BatchDto, BatchPlanDto, BatchPlanLineDto, BatchProgressEvent, BatchShippedDto } from '../../../../shared/api/shipping-batch';
import { AppError, conflict, invalid, notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { ShipmentBatchItemTable } from '../../../store/schema';
import { labelKindOf } from '../honest-labels';
import type { PostageAccount } from './postage';
import { loadOrderFacts, rateOrder } from './rating';
import type { ShipmentService } from './shipments';
import type { ShippingConfig } from './shipping-config';
import { withProgress } from '../../../logging/progress';

/**
 * Packing slips for a batch: rendered as PDF (the documents area's packing slip) and queued on a
 * printer. Wired by the composition root; without it a batch makes labels only and says so.
 */
export interface SlipOutput {
  render(orderId: number): Promise<Buffer>;
  /** Refuses a printer that cannot print the slips (before anything is created). */
  check(printerName: string): Promise<void>;
  /** Queues the PDFs on the named printer, in order, in one transaction; returns the print job ids. */
  enqueue(printerName: string, slips: { pdf: Buffer; reference: string }[], actor: string): Promise<number[]>;
}

const SHIPPABLE = new Set(['allocated', 'picking', 'packed', 'partially_shipped']);

/**
 * Batch labels: "create labels for these 40 orders". Plan first (each order rated with its rules,
 * the total and the exceptions), then create: every order is its own unit of work (one transaction,
 * or bought postage then one transaction), in pick order, so the labels come out of the printer in
 * the order the parcels come off the cart; a failing order is recorded with its reason and the rest
 * carry on. The batch is stored, so it can be read back and voided as a whole.
 */
export class BatchLabels {
  private slips: SlipOutput | null = null;
  /**
   * Batch items being shipped, by order: the item gets its shipment inside the shipment's own
   * transaction. Keyed by order, so a packer shipping another order meanwhile (ship() awaits the
   * postage provider) or a second batch is never mistaken for this item.
   */
  private readonly inFlight = new Map<number, { batchId: number; seq: number }>();

  constructor(
    private readonly core: Core,
    private readonly config: ShippingConfig,
    private readonly shipments: ShipmentService,
    private readonly postage: PostageAccount,
  ) {
    shipments.addListener({
      written: async (shipmentId) => {
        if (this.inFlight.size === 0) return;
        const { store } = this.core;
        const orderId = (await store.get(store.kysely.selectFrom('shipment').select('order_id').where('id', '=', shipmentId)))?.order_id;
        const item = orderId ? this.inFlight.get(orderId) : undefined;
        if (!item) return;
        await store.run(store.kysely.updateTable('shipment_batch_item').set({ shipment_id: shipmentId }).where('batch_id', '=', item.batchId).where('seq', '=', item.seq));
      },
      voided: () => undefined,
    });
  }

  useSlips(output: SlipOutput): void {
    this.slips = output;
  }

  /** The orders of a pick batch, tote by tote (the order they come off the cart). */
  async ordersOfPickBatch(pickBatchId: number): Promise<number[]> {
    const { store } = this.core;
    if (!await store.get(store.kysely.selectFrom('pick_batch').select('id').where('id', '=', pickBatchId))) throw notFound(`Pick batch ${pickBatchId}`, { field: 'pickBatchId' });
    return (await store
      .all(store.kysely.selectFrom('pick_batch_order').select('order_id').where('batch_id', '=', pickBatchId).where('status', '<>', 'removed').orderBy('tote')))
      .map((r) => r.order_id);
  }

  /**
   * Pick order: orders picked in a pick batch come first, by batch and tote (the cart's order);
   * the others follow in the order they were selected (the queue's order). Duplicates are dropped.
   */
  async pickOrder(orderIds: number[]): Promise<number[]> {
    const { store } = this.core;
    const unique = [...new Set(orderIds)];
    const totes = new Map<number, [number, number]>();
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await store.all(
        store.kysely
          .selectFrom('pick_batch_order')
          .select(['order_id', 'batch_id', 'tote'])
          .where('order_id', 'in', unique.slice(i, i + 500))
          .where('status', '<>', 'removed'),
      );
      // The latest pick batch an order was in is the one its parcel comes from.
      for (const r of rows) if (!totes.has(r.order_id) || totes.get(r.order_id)![0] < r.batch_id) totes.set(r.order_id, [r.batch_id, r.tote]);
    }
    const position = new Map(unique.map((id, i) => [id, i]));
    return unique.sort((a, b) => {
      const ta = totes.get(a);
      const tb = totes.get(b);
      if (ta && tb) return ta[0] - tb[0] || ta[1] - tb[1];
      if (ta || tb) return ta ? -1 : 1;
      return position.get(a)! - position.get(b)!;
    });
  }

  async resolveOrders(input: { orderIds?: number[]; pickBatchId?: number }): Promise<number[]> {
    if (input.pickBatchId) return await this.ordersOfPickBatch(input.pickBatchId);
    return await this.pickOrder(input.orderIds ?? []);
  }

  /**
   * A mistyped id is refused before the batch is stored (its items point at orders), naming every
   * id that is not an order, so nothing is created for a list with a typo in it.
   */
  private async assertOrdersExist(orderIds: number[]): Promise<void> {
    const { store } = this.core;
    const found = new Set<number>();
    for (let i = 0; i < orderIds.length; i += 500) {
      for (const r of await store.all(store.kysely.selectFrom('sales_order').select('id').where('id', 'in', orderIds.slice(i, i + 500)))) found.add(r.id);
    }
    const missing = orderIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw notFound(`Order${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`, { field: 'orderIds', missing });
  }

  /** Rates every order (recommended service, rules applied) without creating anything. */
  async plan(input: { orderIds?: number[]; pickBatchId?: number }): Promise<BatchPlanDto> {
    const orders = await mapInOrder((await this.resolveOrders(input)), async (id) => await this.planOne(id));
    return { orders, totals: totalsOf(orders.filter((o) => o.priceCents !== null).map((o) => ({ cents: o.priceCents!, currency: o.currency! }))), exceptions: orders.filter((o) => o.exception).length };
  }

  private async planOne(orderId: number): Promise<BatchPlanLineDto> {
    const number = await this.orderNumber(orderId);
    const line: BatchPlanLineDto = { orderId, orderNumber: number, serviceKey: null, serviceName: null, priceCents: null, currency: null, labelKind: null, exception: null };
    try {
      const facts = await loadOrderFacts(this.core, this.config, orderId);
      if (!SHIPPABLE.has(facts.order.status)) {
        const why = facts.order.status === 'on_hold' && facts.order.hold_reason ? ` (${facts.order.hold_reason})` : '';
        return { ...line, exception: `order ${number} is ${facts.order.status.replace(/_/g, ' ')}${why}; only allocated, picking, packed or partially shipped orders can ship` };
      }
      const rating = await rateOrder(this.core, this.config, facts);
      const r = rating.recommended;
      if (!r) return { ...line, exception: rating.reason };
      const bought = await this.postage.adapterFor(r.carrierCode) !== null;
      return { ...line, serviceKey: r.serviceKey, serviceName: r.serviceName, priceCents: r.totalCents, currency: r.currency, labelKind: labelKindOf(r.carrierCode, bought) };
    } catch (error) {
      return { ...line, exception: messageOf(error) };
    }
  }

  /**
   * Creates the batch: a shipment per order on its recommended service, in pick order; then the
   * labels of all of them queued on `printer` in that order (the printer gets them in pick order),
   * then the packing slips. Progress goes out as `shipping.batch` events. A printer that does not
   * exist or cannot print labels is refused before anything is created.
   */
  async create(input: { orderIds?: number[]; pickBatchId?: number; printer?: string; slipPrinter?: string }, actor: string): Promise<BatchDto> {
    const { store } = this.core;
    const orderIds = await this.resolveOrders(input);
    if (orderIds.length === 0) throw invalid('The batch has no orders', { field: input.pickBatchId ? 'pickBatchId' : 'orderIds' });
    await this.assertOrdersExist(orderIds);
    if (input.printer) await this.shipments.labelPrinter(input.printer);
    if (input.slipPrinter) {
      if (!this.slips) throw conflict('Packing slips cannot be printed here (no packing slip PDF available)', { field: 'slipPrinter' });
      await this.slips.check(input.slipPrinter);
    }
    const at = this.core.clock.now().toISOString();
    const batchId = await store.tx(async () => {
      const id = (await store.get(
        store.kysely
          .insertInto('shipment_batch')
          .values({ status: 'created', printer: input.printer ?? null, slip_printer: input.slipPrinter ?? null, slip_jobs: '[]', actor, created_at: at, void_reason: null, voided_at: null })
          .returning('id'),
      ))!.id;
      await store.run(store.kysely.insertInto('shipment_batch_item').values(orderIds.map((orderId, i) => ({ batch_id: id, seq: i + 1, order_id: orderId, shipment_id: null, error: null }))));
      return id;
    });
    // The console's progress bar, the taskbar and a CLI bar follow the batch (as 'shipping.batch' does the batch screen).
    const label = `Labels for ${orderIds.length} orders (batch ${batchId})`;
    return withProgress(this.core.events, { kind: 'batch-labels', label, total: orderIds.length }, async (progress) => {
      let done = 0;
      for (const [i, orderId] of orderIds.entries()) {
        let reason: string | null = null;
        // The item gets its shipment in the shipment's own transaction (the listener above): never a
        // shipment the batch does not know about, and no extra commit per order.
        this.inFlight.set(orderId, { batchId, seq: i + 1 });
        try {
          await this.shipments.ship({ orderId }, actor);
        } catch (error) {
          reason = messageOf(error);
          await store.run(store.kysely.updateTable('shipment_batch_item').set({ error: reason }).where('batch_id', '=', batchId).where('seq', '=', i + 1));
        } finally {
          this.inFlight.delete(orderId);
        }
        done++;
        progress.advance();
        const event: BatchProgressEvent = { batchId, done, total: orderIds.length, orderId, orderNumber: await this.orderNumber(orderId), ok: reason === null, reason };
        this.core.events.publish('shipping.batch', event);
      }
      // Then the labels, all in pick order, queued in one transaction (one commit for the batch's labels).
      const notes = input.printer ? await this.printLabels(batchId, input.printer, input.slipPrinter, actor) : [];
      if (input.slipPrinter) notes.push(...(await this.printSlips(batchId, input.slipPrinter, actor)));
      return await this.dto(batchId, notes);
    });
  }

  /**
   * Queues the labels of every live shipment of the batch, in pick order, in one transaction; an
   * international parcel's customs papers follow its label on the slip printer (or the shop's one
   * system printer), as they do for a single shipment. Returns a note per order whose papers had
   * no PDF printer to go to.
   */
  private async printLabels(batchId: number, printerName: string, documentPrinter: string | undefined, actor: string): Promise<string[]> {
    const printer = await this.shipments.labelPrinter(printerName);
    const notes: string[] = [];
    await this.core.store.tx(async () => {
      for (const item of await this.items(batchId)) {
        if (item.shipment_id === null) continue;
        await this.shipments.printLabels(item.shipment_id, printer, actor);
        if (await this.shipments.printCustomsDocuments(item.shipment_id, documentPrinter, actor) === null) {
          notes.push(`customs documents of order ${await this.orderNumber(item.order_id)} not printed: no system (PDF) printer — print them from the order page`);
        }
      }
    });
    return notes;
  }

  /** The shipped orders' packing slips, in pick order, on the slip printer; a slip that fails is a note, not a failure. */
  private async printSlips(batchId: number, printer: string, actor: string): Promise<string[]> {
    const notes: string[] = [];
    const slips: { pdf: Buffer; reference: string }[] = [];
    for (const item of (await this.items(batchId)).filter((it) => it.shipment_id !== null)) {
      const number = await this.orderNumber(item.order_id);
      try {
        slips.push({ pdf: await this.slips!.render(item.order_id), reference: number });
      } catch (error) {
        notes.push(`packing slip of order ${number} not printed: ${messageOf(error)}`);
      }
    }
    // All slips in one print transaction, in pick order.
    const jobIds = slips.length ? await this.slips!.enqueue(printer, slips, actor) : [];
    const { store } = this.core;
    await store.run(store.kysely.updateTable('shipment_batch').set({ slip_jobs: JSON.stringify(jobIds) }).where('id', '=', batchId));
    return notes;
  }

  /** One order's packing slip as PDF. */
  async slip(batchId: number, orderId: number): Promise<Buffer> {
    if (!(await this.items(batchId)).some((it) => it.order_id === orderId)) throw notFound(`Order ${orderId} in batch ${batchId}`, { field: 'orderId' });
    if (!this.slips) throw conflict('Packing slips are not available here yet');
    return this.slips.render(orderId);
  }

  /**
   * Voids every label of the batch the carrier has not scanned. Each shipment is voided on its
   * own (bought postage is refunded at the provider first); one that cannot be voided is a note
   * and the rest carry on. The batch is marked voided when none of its shipments is left live.
   */
  async void(batchId: number, reason: string, actor: string): Promise<BatchDto> {
    const { store } = this.core;
    await this.row(batchId);
    const notes: string[] = [];
    for (const item of await this.items(batchId)) {
      if (item.shipment_id === null) continue;
      const s = await this.shipments.row(item.shipment_id);
      if (s.status === 'voided') continue;
      try {
        await this.shipments.void(s.id, `batch ${batchId}: ${reason}`, actor);
      } catch (error) {
        notes.push(`shipment ${s.id} (order ${await this.orderNumber(item.order_id)}) not voided: ${messageOf(error)}`);
      }
    }
    if (notes.length === 0) {
      await store.run(store.kysely.updateTable('shipment_batch').set({ status: 'voided', void_reason: reason, voided_at: this.core.clock.now().toISOString() }).where('id', '=', batchId));
    }
    this.core.events.publish('shipping.batch', { batchId, voided: notes.length === 0 });
    return await this.dto(batchId, notes);
  }

  async list(limit: number): Promise<BatchDto[]> {
    const { store } = this.core;
    return await mapInOrder((await store.all(store.kysely.selectFrom('shipment_batch').select('id').orderBy('id', 'desc').limit(limit))), async (r) => await this.dto(r.id));
  }

  async dto(batchId: number, notes: string[] = []): Promise<BatchDto> {
    const b = await this.row(batchId);
    const items = await this.items(batchId);
    const shipped: BatchShippedDto[] = [];
    const failed: BatchDto['failed'] = [];
    for (const item of items) {
      const number = await this.orderNumber(item.order_id);
      if (item.shipment_id === null) {
        failed.push({ orderId: item.order_id, orderNumber: number, reason: item.error ?? 'not created' });
        continue;
      }
      const s = await this.shipments.dto(item.shipment_id);
      shipped.push({
        orderId: item.order_id,
        orderNumber: number,
        shipmentId: s.id,
        serviceName: s.serviceName,
        status: s.status,
        labelKind: s.labelKind,
        trackingNumbers: s.packages.map((p) => p.trackingNumber ?? '').filter(Boolean),
        priceCents: s.priceCents,
        currency: s.currency,
        printJobIds: s.packages.map((p) => p.printJobId).filter((id): id is number => id !== null),
      });
    }
    const live = shipped.filter((s) => s.status !== 'voided').length;
    const summary =
      b.status === 'voided' || (shipped.length > 0 && live === 0)
        ? `Batch voided: ${shipped.length} shipment${shipped.length === 1 ? '' : 's'} voided`
        : failed.length === 0
          ? `${shipped.length} of ${items.length} orders shipped`
          : `${shipped.length} of ${items.length} orders shipped; ${failed.length} failed`;
    return {
      id: b.id,
      status: b.status,
      createdAt: b.created_at,
      printer: b.printer,
      slipPrinter: b.slip_printer,
      total: items.length,
      shipped,
      failed,
      totals: totalsOf(shipped.filter((s) => s.status !== 'voided').map((s) => ({ cents: s.priceCents, currency: s.currency }))),
      summary,
      slipJobIds: JSON.parse(b.slip_jobs) as number[],
      notes,
      voidReason: b.void_reason,
    };
  }

  private async row(batchId: number) {
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('shipment_batch').selectAll().where('id', '=', batchId));
    if (!row) throw notFound(`Label batch ${batchId}`, { field: 'id' });
    return row;
  }

  private async items(batchId: number): Promise<ShipmentBatchItemTable[]> {
    const { store } = this.core;
    return await store.all(store.kysely.selectFrom('shipment_batch_item').selectAll().where('batch_id', '=', batchId).orderBy('seq'));
  }

  private async orderNumber(orderId: number): Promise<string> {
    const { store } = this.core;
    return (await store.get(store.kysely.selectFrom('sales_order').select('number').where('id', '=', orderId)))?.number ?? String(orderId);
  }
}

function messageOf(error: unknown): string {
  return error instanceof AppError || error instanceof Error ? error.message : String(error);
}

function totalsOf(amounts: { cents: number; currency: string }[]): { currency: string; cents: number }[] {
  const by = new Map<string, number>();
  for (const a of amounts) by.set(a.currency, (by.get(a.currency) ?? 0) + a.cents);
  return [...by.entries()].map(([currency, cents]) => ({ currency, cents }));
}
