import { eachInOrder, mapInOrder } from '../../../util/in-order';
import type { ShipmentDto, ShipmentStatusDto } from '../../../../shared/api/shipping';
import { conflict, invalid, notFound } from '../../../../shared/errors';
import type { Devices } from '../../../devices/device-service';
import { labelSizeOf, renderLabelFor, type RenderedJob } from '../../../devices/print-documents';
import type { Core } from '../../../core';
import type { PrinterRow, ShipmentRow } from '../../../store/schema';
import type { Orders } from '../../orders/index';
import type { OrderState } from '../../orders/logic/index';
import { loadOrderFacts, rateOrder, type PackagePlanInput } from './rating';
import type { ShippingConfig } from './shipping-config';
import { appendOrderEvent } from '../../orders/order-history';
import { shopCalendar } from '../../calendar/shop-calendar';
import { buyPostage, postalAddressFrom, postalAddressTo, type BoughtLabel, type PostageAccount } from './postage';
import { CustomsService } from '../customs/customs-service';
import type { ContentsType, CustomsDeclaration, Incoterm } from '../customs/declaration';
import { assertPdfPrinter, enqueueCustomsDocuments, type RenderedCustomsDocument } from '../customs/customs-printing';
import { childLogger } from '../../../logging/logger';
import { insertShipment, markVoided, takeOffShelf, unshipVoided, writePackages } from './shipment-records';
import { listShipmentIds, shipmentDto, shipmentLabelLayout } from './shipment-views';

const log = childLogger({ module: 'shipping' });

export interface ShipInput {
  orderId: number;
  service?: string;
  overrideReason?: string;
  packages?: PackagePlanInput[];
  printer?: string;
  /** Customs (a shipment to another customs territory): default from Settings → Customs. */
  contentsType?: ContentsType;
  incoterm?: Incoterm;
  /** A PDF-capable printer for the customs documents (CN22/CN23, commercial invoice). */
  documentPrinter?: string;
}

/** A shipment's customs, checked and rendered before anything is bought or printed. */
interface PreparedCustoms {
  declaration: CustomsDeclaration | null;
  documents: RenderedCustomsDocument[];
}

const SHIPPABLE: readonly OrderState[] = ['allocated', 'picking', 'packed', 'partially_shipped', 'shipped'];

/**
 * Told inside the transaction that writes or voids an outbound shipment, so whatever it records
 * (the channel sync's outbox row) commits or rolls back with the shipment itself.
 */
export interface ShipmentListener {
  /** Called inside the shipment's transaction: what the listener writes commits or rolls back with it. */
  written(shipmentId: number): Promise<void> | void;
  voided(shipmentId: number): Promise<void> | void;
}

/** Shipments: create (labels, tracking, print, order state and stock), void, reprint, record the real cost. */
export class ShipmentService {
  private readonly listeners: ShipmentListener[] = [];

  addListener(listener: ShipmentListener): void {
    this.listeners.push(listener);
  }

  private customsService: CustomsService | undefined;
  /** Customs declarations and documents (customs/customs-service.ts). */
  get customs(): CustomsService {
    return (this.customsService ??= new CustomsService(this.core));
  }
  constructor(
    private readonly core: Core,
    private readonly config: ShippingConfig,
    /** Only the order service (its state machine). */
    private readonly orders: Pick<Orders, 'service'>,
    private readonly devices: Devices,
    private readonly postage: PostageAccount,
  ) {}

  async row(id: number): Promise<ShipmentRow> {
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('shipment').selectAll().where('id', '=', id));
    if (!row) throw notFound(`Shipment ${id}`, { id });
    return row;
  }

  /**
   * Ships an order (or part of it): rates it, takes the recommended service unless told otherwise
   * (an override needs a reason), writes the shipment with one package per box and a tracking
   * number each, moves the order along the state machine, and takes the shipped units off the
   * shelf by consuming their reservations. Labels go to the print queue after the commit, so a
   * failed shipment never prints.
   *
   * When the chosen carrier is on the postage account, each package's label is BOUGHT there first
   * (its real tracking number, ZPL label and price); should the shipment then fail to be written,
   * the bought labels are voided again. Otherwise the label is made here from the rate cards, with
   * a carrier-format tracking number.
   */
  async ship(input: ShipInput, actor: string): Promise<ShipmentDto> {
    const plan = await this.planShipment(input);
    // Customs first: a declaration with missing data is refused before postage is bought or a label printed.
    const declaration = await this.requireCustoms(plan, input);
    const customs: PreparedCustoms = { declaration, documents: declaration ? await this.customs.render(declaration) : [] };
    const adapter = await this.postage.adapterFor(plan.option.carrierCode);
    if (!adapter) return await this.shipWithOwnLabels(input, actor, plan, customs);
    const printer = input.printer ? await this.labelPrinter(input.printer) : null;
    const documentPrinter = await this.documentPrinterFor(input, declaration);
    const bought = await buyPostage(adapter, {
      customs: declaration,
      from: postalAddressFrom(plan.facts.origin),
      to: postalAddressTo(plan.facts.shipTo),
      reference: plan.facts.order.number,
      serviceKey: plan.option.serviceKey,
      serviceName: plan.option.serviceName,
      packages: plan.rating.packages.map((p) => ({ lengthMm: p.lengthMm, widthMm: p.widthMm, heightMm: p.heightMm, weightG: p.weightG })),
    });
    let shipmentId: number;
    try {
      // Planned again inside the write: the order may have moved while the labels were being bought.
      shipmentId = await this.core.store.tx(async () => await this.storeCustoms(await this.writeShipment(await this.planShipment(input, plan.option.serviceKey), input, printer, bought, actor), customs));
    } catch (error) {
      await Promise.allSettled(bought.map((b) => adapter.void(b.ref.shipmentId)));
      throw error;
    }
    return await this.afterShipping(shipmentId, printer, actor, documentPrinter);
  }

  private async requireCustoms(plan: Awaited<ReturnType<ShipmentService['planShipment']>>, input: ShipInput): Promise<CustomsDeclaration | null> {
    return await this.customs.require(plan.facts, input, plan.rating.packages.flatMap((p) => p.lines));
  }

  private async documentPrinterFor(input: ShipInput, declaration: CustomsDeclaration | null): Promise<PrinterRow | null> {
    if (!declaration) return null;
    if (input.documentPrinter) return assertPdfPrinter(await this.devices.registry.printer(input.documentPrinter));
    // Labels being printed and one office (PDF) printer: the customs papers go there with them.
    return input.printer ? await this.soleOfficePrinter() : null;
  }

  private async soleOfficePrinter(): Promise<PrinterRow | null> {
    const office = (await this.devices.registry.printers()).filter((p) => p.language === 'pdf' && p.enabled === 1);
    return office.length === 1 ? office[0] : null;
  }

  /**
   * Queues a shipment's stored customs documents (batch labels print them right after each label):
   * on the named PDF printer, else the shop's one system printer. [] when it has none; null when
   * there is no PDF printer to take them (the caller says so).
   */
  async printCustomsDocuments(shipmentId: number, documentPrinter: string | undefined, actor: string): Promise<number[] | null> {
    const documents = await this.customs.documents(shipmentId);
    if (documents.length === 0) return [];
    const printer = documentPrinter ? assertPdfPrinter(await this.devices.registry.printer(documentPrinter)) : await this.soleOfficePrinter();
    return printer ? await enqueueCustomsDocuments(this.devices, printer, documents, actor) : null;
  }

  /** Inside the shipment's transaction: its declaration and documents are kept with it. */
  private async storeCustoms(shipmentId: number, customs: PreparedCustoms | null): Promise<number> {
    if (customs?.declaration) await this.customs.store(shipmentId, customs.declaration, customs.documents);
    return shipmentId;
  }

  /**
   * ship() when the chosen carrier is not on the postage account: the labels are made here from
   * the rate cards, so the whole shipment is one synchronous transaction (the demo shop's history
   * ships its parcels this way, on its own clock).
   */
  async shipWithOwnLabels(input: ShipInput, actor: string, planned?: Awaited<ReturnType<ShipmentService['planShipment']>>, prepared?: PreparedCustoms): Promise<ShipmentDto> {
    const plan = planned ?? (await this.planShipment(input));
    if (await this.postage.adapterFor(plan.option.carrierCode)) throw conflict(`${plan.option.serviceName} is on the postage account: its labels are bought there`);
    const customs = prepared ?? { declaration: await this.requireCustoms(plan, input), documents: [] };
    const printer = input.printer ? await this.labelPrinter(input.printer) : null;
    const documentPrinter = await this.documentPrinterFor(input, customs.declaration);
    const shipmentId = await this.core.store.tx(async () => await this.storeCustoms(await this.writeShipment(plan, input, printer, null, actor), customs));
    if (customs.declaration && customs.documents.length === 0) {
      // Called synchronously (not through ship()): the PDFs are made just after the commit.
      const declaration = customs.declaration;
      void this.customs
        .render(declaration)
        .then(async (documents) => {
          await this.customs.store(shipmentId, declaration, documents);
          if (documentPrinter) await enqueueCustomsDocuments(this.devices, documentPrinter, await this.customs.documents(shipmentId), actor);
        })
        .catch((error: unknown) => log.error({ err: error, shipmentId }, 'customs documents failed'));
      return await this.afterShipping(shipmentId, printer, actor, null);
    }
    return await this.afterShipping(shipmentId, printer, actor, documentPrinter);
  }

  /** The shipment, its packages and labels, the order's state and the stock, inside the caller's transaction. */
  private async writeShipment(plan: Awaited<ReturnType<ShipmentService['planShipment']>>, input: ShipInput, printer: PrinterRow | null, bought: BoughtLabel[] | null, actor: string): Promise<number> {
    const { facts, rating, option, overridden } = plan;
    const { order } = facts;
    await this.advanceToPacked(order.id, order.status as OrderState, actor);
    const ship = await insertShipment(this.core, {
      orderId: order.id,
      direction: 'outbound',
      option,
      warehouseId: facts.origin.warehouseId,
      from: facts.origin,
      to: facts.shipTo,
      promisedDate: order.promised_date,
      recommendedKey: rating.recommended?.serviceKey ?? null,
      reason: rating.reason,
      overrideReason: overridden ? input.overrideReason! : null,
      rulesFired: rating.rules.fired,
      actor,
    });
    await writePackages(this.core, async (packageId) => await this.layoutFor(ship, packageId), ship, rating, option, printer, true, bought);
    await takeOffShelf(this.core, ship, actor, order.number);
    await this.advanceAfterShipping(order.id, actor, `shipped ${option.serviceName} (shipment ${ship})`);
    for (const listener of this.listeners) await listener.written(ship);
    return ship;
  }

  /** After the commit: live screens are told, and the labels go to the print queue (a failed shipment never prints). */
  private async afterShipping(shipmentId: number, printer: PrinterRow | null, actor: string, documentPrinter: PrinterRow | null = null): Promise<ShipmentDto> {
    this.core.events.publish('shipping.shipments', { id: shipmentId });
    if (printer) await this.printLabels(shipmentId, printer, actor);
    // The customs documents print right after the labels, so the packer finds them together.
    if (documentPrinter) await enqueueCustomsDocuments(this.devices, documentPrinter, await this.customs.documents(shipmentId), actor);
    return await this.dto(shipmentId);
  }

  /** The order's rating and the service it ships with (the recommended one unless `input.service`), checked. */
  private async planShipment(input: ShipInput, serviceKey?: string) {
    const facts = await loadOrderFacts(this.core, this.config, input.orderId);
    const { order } = facts;
    const status = order.status as OrderState;
    // A held order says why it is held (e.g. "address needs attention: …"): that is what to fix.
    const why = status === 'on_hold' && order.hold_reason ? ` (${order.hold_reason})` : '';
    if (!SHIPPABLE.includes(status)) throw conflict(`Order ${order.number} is ${status.replace(/_/g, ' ')}${why}; only allocated, picking, packed or partially shipped orders can ship`, { status });
    const rating = await rateOrder(this.core, this.config, facts, input.packages);
    const chosenKey = serviceKey ?? (input.service ? await this.config.resolveServiceKey(input.service) : rating.recommended?.serviceKey);
    if (!chosenKey) throw conflict(`No service can ship order ${order.number}: ${rating.reason}`);
    const option = rating.options.find((o) => o.serviceKey === chosenKey);
    if (!option) {
      const why = rating.ineligible.find((i) => i.serviceKey === chosenKey)?.reason ?? 'it is not enabled or has no rates';
      throw conflict(`${chosenKey} cannot ship this order: ${why}`, { field: 'service' });
    }
    const overridden = rating.recommended !== null && chosenKey !== rating.recommended.serviceKey;
    if (overridden && !input.overrideReason) throw invalid(`Choosing ${option.serviceName} over the recommended ${rating.recommended!.serviceName} needs a reason`, { field: 'overrideReason' });
    return { facts, rating, option, overridden };
  }

  /**
   * A return label for an order: the customer's address is the sender and the order's warehouse
   * the recipient, on the cheapest service (a return carries no delivery promise). Nothing moves
   * in the order or the stock: the units come back through the RMA's receive and grading.
   */
  async createReturnLabel(orderId: number, lines: { orderLineId: number; qty: number }[], actor: string): Promise<ShipmentDto> {
    const id = await this.core.store.tx(async () => {
      const shipped = await loadOrderFacts(this.core, this.config, orderId);
      // The parcel holds what comes back: the returned units of each line (zones are taken as symmetric).
      const returned = new Map(lines.map((l) => [l.orderLineId, l.qty]));
      const facts = { ...shipped, lines: shipped.lines.filter((l) => returned.has(l.id)).map((l) => ({ ...l, quantity: returned.get(l.id)!, shippedQty: 0 })) };
      const rating = await rateOrder(this.core, this.config, facts);
      const option = [...rating.options].sort((a, b) => a.totalCents - b.totalCents)[0];
      if (!option) throw conflict(`No service can carry a return for order ${facts.order.number}: ${rating.reason}`);
      const customer = facts.shipTo;
      const warehouse = facts.origin;
      const shipmentId = await insertShipment(this.core, {
        orderId,
        direction: 'return',
        option,
        warehouseId: warehouse.warehouseId,
        // Swapped: the label is printed for the customer, addressed to the warehouse.
        from: { ...warehouse, name: customer.name, address: [customer.line1, customer.line2].filter(Boolean).join(', '), city: customer.city, region: customer.regionCode ?? '', postalCode: customer.postalCode, country: customer.countryCode },
        to: { name: warehouse.name, company: null, line1: warehouse.address, line2: null, city: warehouse.city, regionCode: warehouse.region, postalCode: warehouse.postalCode, countryCode: warehouse.country },
        promisedDate: null,
        recommendedKey: option.serviceKey,
        reason: `Return label: the cheapest service, ${option.serviceName}.`,
        overrideReason: null,
        rulesFired: [],
        actor,
      });
      await writePackages(this.core, async (packageId) => await this.layoutFor(shipmentId, packageId), shipmentId, rating, option, null, false);
      return shipmentId;
    });
    this.core.events.publish('shipping.shipments', { id });
    return await this.dto(id);
  }

  /** The fulfilment screens will drive picking and packing; until then shipping walks an allocated order there. */
  private async advanceToPacked(orderId: number, status: OrderState, actor: string): Promise<void> {
    const move = async (to: OrderState, reason: string) => await this.orders.service.move(orderId, to, reason, actor);
    if (status === 'allocated') await move('picking', 'picked for shipping');
    if (status === 'allocated' || status === 'picking') await move('packed', 'packed for shipping');
  }

  private async advanceAfterShipping(orderId: number, actor: string, reason: string): Promise<void> {
    const { store } = this.core;
    const status = (await store.get(store.kysely.selectFrom('sales_order').select('status').where('id', '=', orderId)))!.status;
    const left = (await store.get(
      store.kysely
        .selectFrom('order_line')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('quantity', '-', eb.ref('shipped_qty'))), eb.lit(0)).as('n'))
        .where('order_id', '=', orderId),
    ))!.n;
    if (left === 0 && status !== 'shipped') await this.orders.service.move(orderId, 'shipped', reason, actor);
    else if (left > 0 && status === 'packed') await this.orders.service.move(orderId, 'partially_shipped', reason, actor);
  }

  /**
   * The label printer of that name; refuses one that does not exist or cannot print shipping
   * labels (before anything is created; batch labels also queue on it themselves).
   */
  async labelPrinter(name: string): Promise<PrinterRow> {
    const printer = await this.devices.registry.printer(name);
    if (printer.language !== 'zpl') throw invalid(`${printer.name} is a receipt printer; shipping labels need a ZPL label printer`, { field: 'printer' });
    return printer;
  }

  /** Queues every live package label of a shipment on a label printer (through the devices print queue). */
  async printLabels(shipmentId: number, printer: PrinterRow, actor: string): Promise<number[]> {
    const { store } = this.core;
    const packages = await store.all(
      store.kysely
        .selectFrom('shipment_package')
        .select(['id', 'tracking_number', 'label_bytes', 'postage_ref'])
        .where('shipment_id', '=', shipmentId)
        .where('status', '<>', 'voided')
        .orderBy('seq'),
    );
    const jobs = await mapInOrder(packages, async (p) => {
      const rendered: RenderedJob = renderLabelFor(printer, await this.layoutFor(shipmentId, p.id, labelSizeOf(printer)));
      // A bought label is the carrier's own file: printed as it came (our rendering stays the preview).
      if (p.postage_ref && p.label_bytes) {
        if (printer.language !== 'zpl') throw conflict(`${printer.name} does not print ZPL, the format of the carrier's label`);
        rendered.payload = p.label_bytes;
      }
      return { rendered, meta: { kind: 'shipping_label', reference: p.tracking_number, actor } };
    });
    // One commit for the jobs and the packages' links to them (a batch of labels pays one fsync per shipment, not three).
    return await store.tx(async () => {
      const ids = await this.devices.queue.enqueueAll(printer, jobs);
      await eachInOrder(packages, async (p, i) => await store.run(store.kysely.updateTable('shipment_package').set({ print_job_id: ids[i] }).where('id', '=', p.id)));
      return ids;
    });
  }

  async reprint(id: number, printerName: string, actor: string): Promise<ShipmentDto> {
    const s = await this.row(id);
    if (s.status === 'voided') throw conflict(`Shipment ${id} is voided; its labels must not be used`);
    await this.printLabels(id, await this.labelPrinter(printerName), actor);
    return await this.dto(id);
  }

  /**
   * Voids the labels before the carrier has the parcel: the postage is refunded (bought postage at
   * the postage account first — if that fails, nothing changes here), the units go back to "not
   * shipped" on the order lines (they stay off the shelf: they are on the pack bench), and the order
   * keeps its state — ship it again to relabel.
   */
  async void(id: number, reason: string, actor: string): Promise<ShipmentDto> {
    const { store } = this.core;
    const voidable = (s: ShipmentRow) => {
      if (s.status !== 'label_created' && s.status !== 'manifested') throw conflict(`Shipment ${id} is ${s.status}; only labels the carrier has not scanned can be voided`, { status: s.status });
    };
    voidable(await this.row(id));
    const bought = store.kysely.selectFrom('shipment_package').select('postage_ref').where('shipment_id', '=', id).where('postage_ref', 'is not', null).orderBy('seq');
    const refs = (await store.all(bought)).map((p) => JSON.parse(p.postage_ref!) as BoughtLabel['ref']);
    for (const ref of refs) {
      try {
        await (await this.postage.adapterForRef(ref)).void(ref.shipmentId);
      } catch (error) {
        throw conflict(`The postage for shipment ${id} could not be refunded, so it stays as it was: ${(error as Error).message}`);
      }
    }
    await store.tx(async () => {
      const s = await this.row(id);
      voidable(s);
      const at = this.core.clock.now().toISOString();
      if (!(await markVoided(this.core, id, reason, at))) voidable(await this.row(id));
      await unshipVoided(this.core, id);
      if (s.order_id) {
        const status = (await store.get(store.kysely.selectFrom('sales_order').select('status').where('id', '=', s.order_id)))!.status;
        await appendOrderEvent(store, s.order_id, at, status, status, actor, `shipment ${id} voided: ${reason}`);
        this.core.events.publish('orders.changed', { id: s.order_id, status });
      }
      for (const listener of this.listeners) await listener.voided(id);
    });
    this.core.events.publish('shipping.shipments', { id });
    return await this.dto(id);
  }

  async recordCost(id: number, costCents: number): Promise<ShipmentDto> {
    await this.row(id);
    const { store } = this.core;
    await store.run(store.kysely.updateTable('shipment').set({ cost_cents: costCents, updated_at: this.core.clock.now().toISOString() }).where('id', '=', id));
    return await this.dto(id);
  }

  async list(filter: { status?: ShipmentStatusDto; orderId?: number; limit: number }): Promise<ShipmentDto[]> {
    return await mapInOrder((await listShipmentIds(this.core, filter)), async (id) => await this.dto(id));
  }

  async today(): Promise<string> {
    return (await shopCalendar(this.core)).today();
  }

  /** The label layout of one package, rebuilt from the stored shipment (so preview, print and reprint agree). */
  async layoutFor(shipmentId: number, packageId: number, size?: { widthMm: number; heightMm: number }) {
    return await shipmentLabelLayout(this.core, await this.row(shipmentId), packageId, size);
  }

  async dto(id: number): Promise<ShipmentDto> {
    return await shipmentDto(this.core, await this.row(id));
  }
}
