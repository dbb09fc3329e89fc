import type { AddressDto } from '../../../../shared/api/orders';
import type { ShipmentDto, ShipmentStatusDto } from '../../../../shared/api/shipping';
import { conflict, invalid, notFound } from '../../../../shared/errors';
import type { Devices } from '../../../devices/device-service';
import { renderZpl } from '../../../devices/labels';
import { labelSizeOf, renderLabelFor, type RenderedJob } from '../../../devices/print-documents';
import type { Core } from '../../../core';
import type { PrinterRow, ShipmentPackageRow, ShipmentRow } from '../../../store/schema';
import { pickReserved, reservationsOf } from '../../inventory/reservations';
import type { Orders } from '../../orders/index';
import type { OrderState } from '../../orders/logic/index';
import { labelKindOf, numberForOwnLabel, type LabelKind } from '../honest-labels';
import { loadOrderFacts, rateOrder, type OrderRating, type PackagePlanInput, type ShipFrom } from './rating';
import type { ShippingConfig } from './shipping-config';
import { appendOrderEvent } from '../../orders/order-history';
import { shippingLabel, type LabelAddress } from './shipping-label';
import { shopCalendar } from '../../calendar/shop-calendar';
import { buyPostage, postalAddressFrom, postalAddressTo, type BoughtLabel, type PostageAccount } from './postage';
import { CustomsService } from '../customs/customs-service';
import type { ContentsType, CustomsDeclaration, Incoterm } from '../customs/declaration';
import { assertPdfPrinter, enqueueCustomsDocuments, type RenderedCustomsDocument } from '../customs/customs-printing';

/**
 * The number on a label made here (no postage bought): an own-fleet / local courier's own number,
 * or, for a postage carrier, an internal reference — never a made-up carrier tracking number
 * (see ../honest-labels.ts).
 */
export function trackingNumberFor(carrierCode: string, packageId: number): string {
  return numberForOwnLabel(carrierCode, packageId);
}

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
  written(shipmentId: number): void;
  voided(shipmentId: number): void;
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

  row(id: number): ShipmentRow {
    const row = this.core.store.raw<ShipmentRow>('select * from shipment where id = ?', id)[0];
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
    const plan = this.planShipment(input);
    // Customs first: a declaration with missing data is refused before postage is bought or a label printed.
    const declaration = this.requireCustoms(plan, input);
    const customs: PreparedCustoms = { declaration, documents: declaration ? await this.customs.render(declaration) : [] };
    const adapter = this.postage.adapterFor(plan.option.carrierCode);
    if (!adapter) return this.shipWithOwnLabels(input, actor, plan, customs);
    const printer = input.printer ? this.labelPrinter(input.printer) : null;
    const documentPrinter = this.documentPrinterFor(input, declaration);
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
      shipmentId = this.core.store.tx(() => this.storeCustoms(this.writeShipment(this.planShipment(input, plan.option.serviceKey), input, printer, bought, actor), customs));
    } catch (error) {
      await Promise.allSettled(bought.map((b) => adapter.void(b.ref.shipmentId)));
      throw error;
    }
    return this.afterShipping(shipmentId, printer, actor, documentPrinter);
  }

  private requireCustoms(plan: ReturnType<ShipmentService['planShipment']>, input: ShipInput): CustomsDeclaration | null {
    return this.customs.require(plan.facts, input, plan.rating.packages.flatMap((p) => p.lines));
  }

  private documentPrinterFor(input: ShipInput, declaration: CustomsDeclaration | null): PrinterRow | null {
    if (!declaration) return null;
    if (input.documentPrinter) return assertPdfPrinter(this.devices.registry.printer(input.documentPrinter));
    // Labels being printed and one office (PDF) printer: the customs papers go there with them.
    return input.printer ? this.soleOfficePrinter() : null;
  }

  private soleOfficePrinter(): PrinterRow | null {
    const office = this.devices.registry.printers().filter((p) => p.language === 'pdf' && p.enabled === 1);
    return office.length === 1 ? office[0] : null;
  }

  /**
   * Queues a shipment's stored customs documents (batch labels print them right after each label):
   * on the named PDF printer, else the shop's one system printer. [] when it has none; null when
   * there is no PDF printer to take them (the caller says so).
   */
  printCustomsDocuments(shipmentId: number, documentPrinter: string | undefined, actor: string): number[] | null {
    const documents = this.customs.documents(shipmentId);
    if (documents.length === 0) return [];
    const printer = documentPrinter ? assertPdfPrinter(this.devices.registry.printer(documentPrinter)) : this.soleOfficePrinter();
    return printer ? enqueueCustomsDocuments(this.devices, printer, documents, actor) : null;
  }

  /** Inside the shipment's transaction: its declaration and documents are kept with it. */
  private storeCustoms(shipmentId: number, customs: PreparedCustoms | null): number {
    if (customs?.declaration) this.customs.store(shipmentId, customs.declaration, customs.documents);
    return shipmentId;
  }

  /**
   * ship() when the chosen carrier is not on the postage account: the labels are made here from
   * the rate cards, so the whole shipment is one synchronous transaction (the demo shop's history
   * ships its parcels this way, on its own clock).
   */
  shipWithOwnLabels(input: ShipInput, actor: string, plan = this.planShipment(input), prepared?: PreparedCustoms): ShipmentDto {
    if (this.postage.adapterFor(plan.option.carrierCode)) throw conflict(`${plan.option.serviceName} is on the postage account: its labels are bought there`);
    const customs = prepared ?? { declaration: this.requireCustoms(plan, input), documents: [] };
    const printer = input.printer ? this.labelPrinter(input.printer) : null;
    const documentPrinter = this.documentPrinterFor(input, customs.declaration);
    const shipmentId = this.core.store.tx(() => this.storeCustoms(this.writeShipment(plan, input, printer, null, actor), customs));
    if (customs.declaration && customs.documents.length === 0) {
      // Called synchronously (not through ship()): the PDFs are made just after the commit.
      const declaration = customs.declaration;
      void this.customs
        .render(declaration)
        .then((documents) => {
          this.customs.store(shipmentId, declaration, documents);
          if (documentPrinter) enqueueCustomsDocuments(this.devices, documentPrinter, this.customs.documents(shipmentId), actor);
        })
        .catch((error: unknown) => console.error(`[shipshape] customs documents for shipment ${shipmentId} failed:`, error));
      return this.afterShipping(shipmentId, printer, actor, null);
    }
    return this.afterShipping(shipmentId, printer, actor, documentPrinter);
  }

  /** The shipment, its packages and labels, the order's state and the stock, inside the caller's transaction. */
  private writeShipment(plan: ReturnType<ShipmentService['planShipment']>, input: ShipInput, printer: PrinterRow | null, bought: BoughtLabel[] | null, actor: string): number {
    const { facts, rating, option, overridden } = plan;
    const { order } = facts;
    this.advanceToPacked(order.id, order.status as OrderState, actor);
    const ship = this.insertShipment({
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
    this.writePackages(ship, rating, option, printer, true, bought);
    this.takeOffShelf(ship, actor, order.number);
    this.advanceAfterShipping(order.id, actor, `shipped ${option.serviceName} (shipment ${ship})`);
    for (const listener of this.listeners) listener.written(ship);
    return ship;
  }

  /** After the commit: live screens are told, and the labels go to the print queue (a failed shipment never prints). */
  private afterShipping(shipmentId: number, printer: PrinterRow | null, actor: string, documentPrinter: PrinterRow | null = null): ShipmentDto {
    this.core.events.publish('shipping.shipments', { id: shipmentId });
    if (printer) this.printLabels(shipmentId, printer, actor);
    // The customs documents print right after the labels, so the packer finds them together.
    if (documentPrinter) enqueueCustomsDocuments(this.devices, documentPrinter, this.customs.documents(shipmentId), actor);
    return this.dto(shipmentId);
  }

  /** The order's rating and the service it ships with (the recommended one unless `input.service`), checked. */
  private planShipment(input: ShipInput, serviceKey?: string) {
    const facts = loadOrderFacts(this.core, this.config, input.orderId);
    const { order } = facts;
    const status = order.status as OrderState;
    // A held order says why it is held (e.g. "address needs attention: …"): that is what to fix.
    const why = status === 'on_hold' && order.hold_reason ? ` (${order.hold_reason})` : '';
    if (!SHIPPABLE.includes(status)) throw conflict(`Order ${order.number} is ${status.replace(/_/g, ' ')}${why}; only allocated, picking, packed or partially shipped orders can ship`, { status });
    const rating = rateOrder(this.core, this.config, facts, input.packages);
    const chosenKey = serviceKey ?? (input.service ? this.config.resolveServiceKey(input.service) : rating.recommended?.serviceKey);
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
  createReturnLabel(orderId: number, lines: { orderLineId: number; qty: number }[], actor: string): ShipmentDto {
    const id = this.core.store.tx(() => {
      const shipped = loadOrderFacts(this.core, this.config, orderId);
      // The parcel holds what comes back: the returned units of each line (zones are taken as symmetric).
      const returned = new Map(lines.map((l) => [l.orderLineId, l.qty]));
      const facts = { ...shipped, lines: shipped.lines.filter((l) => returned.has(l.id)).map((l) => ({ ...l, quantity: returned.get(l.id)!, shippedQty: 0 })) };
      const rating = rateOrder(this.core, this.config, facts);
      const option = [...rating.options].sort((a, b) => a.totalCents - b.totalCents)[0];
      if (!option) throw conflict(`No service can carry a return for order ${facts.order.number}: ${rating.reason}`);
      const customer = facts.shipTo;
      const warehouse = facts.origin;
      const shipmentId = this.insertShipment({
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
      this.writePackages(shipmentId, rating, option, null, false);
      return shipmentId;
    });
    this.core.events.publish('shipping.shipments', { id });
    return this.dto(id);
  }

  private insertShipment(s: {
    orderId: number;
    direction: 'outbound' | 'return';
    option: OrderRating['options'][number];
    warehouseId: number | null;
    from: unknown;
    to: Pick<AddressDto, 'name' | 'company' | 'line1' | 'line2' | 'city' | 'regionCode' | 'postalCode' | 'countryCode'>;
    promisedDate: string | null;
    recommendedKey: string | null;
    reason: string;
    overrideReason: string | null;
    rulesFired: unknown;
    actor: string;
  }): number {
    const at = this.core.clock.now().toISOString();
    const o = s.option;
    return this.core.store.raw<{ id: number }>(
      `insert into shipment (order_id, direction, carrier_code, service_key, service_name, status, zone, warehouse_id, ship_from, ship_to, dest_postal_code, dest_country,
         promised_date, pickup_date, expected_delivery_date, on_time_probability, price_cents, currency, recommended_service_key, recommendation_reason,
         override_reason, rules_fired, actor, created_at, updated_at)
       values (?,?,?,?,?,'label_created',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) returning id`,
      s.orderId,
      s.direction,
      o.carrierCode,
      o.serviceKey,
      o.serviceName,
      o.zone,
      s.warehouseId,
      JSON.stringify(s.from),
      JSON.stringify(s.to),
      s.to.postalCode,
      s.to.countryCode,
      s.promisedDate,
      o.pickupDate,
      o.expectedDeliveryDate,
      o.onTimeProbability,
      o.totalCents,
      o.currency,
      s.recommendedKey,
      s.reason,
      s.overrideReason,
      JSON.stringify(s.rulesFired),
      s.actor,
      at,
      at,
    )[0].id;
  }

  /** One package row per planned box, each with its carrier-format tracking number and label. */
  private writePackages(shipmentId: number, rating: OrderRating, option: OrderRating['options'][number], printer: PrinterRow | null, withLines: boolean, bought: BoughtLabel[] | null = null): void {
    const { store } = this.core;
    rating.packages.forEach((p, i) => {
      const priced = rating.perPackage[i].get(option.serviceKey)!;
      const pkgId = store.raw<{ id: number }>(
        `insert into shipment_package (shipment_id, seq, box_code, weight_g, length_mm, width_mm, height_mm, billable_weight_g, price_cents, breakdown, label_format, status)
         values (?,?,?,?,?,?,?,?,?,?,'zpl','label_created') returning id`,
        shipmentId,
        i + 1,
        p.boxCode,
        p.weightG,
        p.lengthMm,
        p.widthMm,
        p.heightMm,
        priced.billableWeightG,
        priced.totalCents,
        JSON.stringify(priced.breakdown),
      )[0].id;
      if (withLines) for (const l of p.lines) store.raw('insert into shipment_line (shipment_id, package_id, order_line_id, quantity) values (?,?,?,?)', shipmentId, pkgId, l.lineId, l.quantity);
      const label = bought?.[i];
      if (label) {
        // Bought postage: the carrier's tracking number and label file, unchanged.
        store.raw(
          'update shipment_package set tracking_number = ?, label_bytes = ?, label_format = ?, postage_ref = ? where id = ?',
          label.trackingNumber,
          label.labelBytes,
          label.labelFormat,
          JSON.stringify(label.ref),
          pkgId,
        );
        return;
      }
      const tracking = trackingNumberFor(option.carrierCode, pkgId);
      store.raw('update shipment_package set tracking_number = ? where id = ?', tracking, pkgId);
      const layout = this.layoutFor(shipmentId, pkgId);
      const bytes = printer ? renderLabelFor(printer, layout).payload : Buffer.from(renderZpl(layout, { dpi: 203 }), 'utf8');
      store.raw('update shipment_package set label_bytes = ? where id = ?', bytes, pkgId);
    });
    // What the postage account charged is the shipment's cost (for the books), not the rate-card price.
    if (bought) store.raw('update shipment set cost_cents = ? where id = ?', bought.reduce((sum, b) => sum + b.costCents, 0), shipmentId);
  }

  /** The fulfilment screens will drive picking and packing; until then shipping walks an allocated order there. */
  private advanceToPacked(orderId: number, status: OrderState, actor: string): void {
    const move = (to: OrderState, reason: string) => this.orders.service.move(orderId, to, reason, actor);
    if (status === 'allocated') move('picking', 'picked for shipping');
    if (status === 'allocated' || status === 'picking') move('packed', 'packed for shipping');
  }

  private advanceAfterShipping(orderId: number, actor: string, reason: string): void {
    const { store } = this.core;
    const status = store.raw<{ status: OrderState }>('select status from sales_order where id = ?', orderId)[0].status;
    const left = store.raw<{ n: number }>('select coalesce(sum(quantity - shipped_qty), 0) as n from order_line where order_id = ?', orderId)[0].n;
    if (left === 0 && status !== 'shipped') this.orders.service.move(orderId, 'shipped', reason, actor);
    else if (left > 0 && status === 'packed') this.orders.service.move(orderId, 'partially_shipped', reason, actor);
  }

  /**
   * WARNING — stock truth. The shipped units leave the ledger as `pick` movements that consume
   * the order line's reservations (on hand and reserved drop together, available does not move).
   * Only what is still reserved is picked: a relabel after a void ships units already picked.
   * Kit lines hold one reservation per component; each component is picked in proportion.
   */
  private takeOffShelf(shipmentId: number, actor: string, orderNumber: string): void {
    const { store } = this.core;
    const lines = store.raw<{ order_line_id: number; quantity: number; remaining: number }>(
      `select s.order_line_id, sum(s.quantity) as quantity, l.quantity - l.shipped_qty as remaining
       from shipment_line s join order_line l on l.id = s.order_line_id where s.shipment_id = ? group by s.order_line_id`,
      shipmentId,
    );
    for (const line of lines) {
      const reservations = reservationsOf(this.core, { type: 'order_line', id: line.order_line_id });
      const byProduct = new Map<number, typeof reservations>();
      for (const r of reservations) byProduct.set(r.product_id, [...(byProduct.get(r.product_id) ?? []), r]);
      for (const list of byProduct.values()) {
        const reserved = list.reduce((s, r) => s + r.quantity, 0);
        let toPick = line.quantity >= line.remaining ? reserved : Math.floor((reserved * line.quantity) / line.remaining);
        for (const r of list) {
          if (toPick === 0) break;
          const take = Math.min(r.quantity, toPick);
          pickReserved(this.core, r.id, take, actor, `shipment ${shipmentId} (order ${orderNumber})`);
          toPick -= take;
        }
      }
      store.raw('update order_line set shipped_qty = shipped_qty + ? where id = ?', line.quantity, line.order_line_id);
    }
  }

  /** Refuses a printer that does not exist or cannot print shipping labels (before anything is created). */
  assertLabelPrinter(name: string): void {
    this.labelPrinter(name);
  }

  /** The label printer of that name, checked (for callers that queue labels themselves: batch labels). */
  labelPrinterRow(name: string): PrinterRow {
    return this.labelPrinter(name);
  }

  private labelPrinter(name: string): PrinterRow {
    const printer = this.devices.registry.printer(name);
    if (printer.language !== 'zpl') throw invalid(`${printer.name} is a receipt printer; shipping labels need a ZPL label printer`, { field: 'printer' });
    return printer;
  }

  /** The label layout of one package, rebuilt from the stored shipment (so preview, print and reprint agree). */
  layoutFor(shipmentId: number, packageId: number, size?: { widthMm: number; heightMm: number }) {
    const s = this.row(shipmentId);
    const pkg = this.core.store.raw<ShipmentPackageRow>('select * from shipment_package where id = ? and shipment_id = ?', packageId, shipmentId)[0];
    if (!pkg) throw notFound(`Package ${packageId}`);
    const count = this.core.store.raw<{ n: number }>('select count(*) as n from shipment_package where shipment_id = ?', shipmentId)[0].n;
    const from = JSON.parse(s.ship_from) as ShipFrom;
    const to = JSON.parse(s.ship_to) as { name: string; company: string | null; line1: string; line2: string | null; city: string; regionCode: string | null; postalCode: string; countryCode: string };
    const orderNumber = s.order_id ? (this.core.store.raw<{ number: string }>('select number from sales_order where id = ?', s.order_id)[0]?.number ?? String(s.order_id)) : `S${s.id}`;
    const carrierName = this.core.store.raw<{ name: string }>('select name from shipping_carrier where code = ?', s.carrier_code)[0]?.name ?? s.carrier_code.toUpperCase();
    const fromAddress: LabelAddress = { name: from.name, line1: from.address, city: from.city, region: from.region, postalCode: from.postalCode, country: from.country };
    const toAddress: LabelAddress = { name: to.name, company: to.company, line1: to.line1, line2: to.line2, city: to.city, region: to.regionCode, postalCode: to.postalCode, country: to.countryCode };
    return shippingLabel(
      {
        from: fromAddress,
        to: toAddress,
        carrierName,
        serviceName: s.service_name,
        weightG: pkg.weight_g,
        packageSeq: pkg.seq,
        packageCount: count,
        trackingNumber: pkg.tracking_number ?? '',
        orderReference: orderNumber,
        shipDate: s.created_at.slice(0, 10),
        notPostage: labelKindOf(s.carrier_code, pkg.postage_ref !== null) === 'reference',
      },
      size,
    );
  }

  /** Queues every live package label of a shipment on a label printer (through the devices print queue). */
  printLabels(shipmentId: number, printer: PrinterRow, actor: string): number[] {
    const packages = this.core.store.raw<{ id: number; tracking_number: string; label_bytes: Buffer | null; postage_ref: string | null }>(
      "select id, tracking_number, label_bytes, postage_ref from shipment_package where shipment_id = ? and status <> 'voided' order by seq",
      shipmentId,
    );
    const jobs = packages.map((p) => {
      const rendered: RenderedJob = renderLabelFor(printer, this.layoutFor(shipmentId, p.id, labelSizeOf(printer)));
      // A bought label is the carrier's own file: printed as it came (our rendering stays the preview).
      if (p.postage_ref && p.label_bytes) {
        if (printer.language !== 'zpl') throw conflict(`${printer.name} does not print ZPL, the format of the carrier's label`);
        rendered.payload = p.label_bytes;
      }
      return { rendered, meta: { kind: 'shipping_label', reference: p.tracking_number, actor } };
    });
    // One commit for the jobs and the packages' links to them (a batch of labels pays one fsync per shipment, not three).
    return this.core.store.tx(() => {
      const ids = this.devices.queue.enqueueAll(printer, jobs);
      packages.forEach((p, i) => this.core.store.raw('update shipment_package set print_job_id = ? where id = ?', ids[i], p.id));
      return ids;
    });
  }

  reprint(id: number, printerName: string, actor: string): ShipmentDto {
    const s = this.row(id);
    if (s.status === 'voided') throw conflict(`Shipment ${id} is voided; its labels must not be used`);
    this.printLabels(id, this.labelPrinter(printerName), actor);
    return this.dto(id);
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
    voidable(this.row(id));
    const refs = store
      .raw<{ postage_ref: string | null }>('select postage_ref from shipment_package where shipment_id = ? and postage_ref is not null order by seq', id)
      .map((p) => JSON.parse(p.postage_ref!) as BoughtLabel['ref']);
    for (const ref of refs) {
      try {
        await this.postage.adapterForRef(ref).void(ref.shipmentId);
      } catch (error) {
        throw conflict(`The postage for shipment ${id} could not be refunded, so it stays as it was: ${(error as Error).message}`);
      }
    }
    store.tx(() => {
      const s = this.row(id);
      voidable(s);
      const at = this.core.clock.now().toISOString();
      store.raw("update shipment set status = 'voided', void_reason = ?, voided_at = ?, refund_cents = coalesce(cost_cents, price_cents), updated_at = ? where id = ?", reason, at, at, id);
      store.raw("update shipment_package set status = 'voided' where shipment_id = ?", id);
      for (const l of store.raw<{ order_line_id: number; quantity: number }>('select order_line_id, sum(quantity) as quantity from shipment_line where shipment_id = ? group by order_line_id', id)) {
        store.raw('update order_line set shipped_qty = max(0, shipped_qty - ?) where id = ?', l.quantity, l.order_line_id);
      }
      if (s.order_id) {
        const status = store.raw<{ status: string }>('select status from sales_order where id = ?', s.order_id)[0].status;
        appendOrderEvent(store, s.order_id, at, status, status, actor, `shipment ${id} voided: ${reason}`);
        this.core.events.publish('orders.changed', { id: s.order_id, status });
      }
      for (const listener of this.listeners) listener.voided(id);
    });
    this.core.events.publish('shipping.shipments', { id });
    return this.dto(id);
  }

  recordCost(id: number, costCents: number): ShipmentDto {
    this.row(id);
    this.core.store.raw('update shipment set cost_cents = ?, updated_at = ? where id = ?', costCents, this.core.clock.now().toISOString(), id);
    return this.dto(id);
  }

  list(filter: { status?: ShipmentStatusDto; orderId?: number; limit: number }): ShipmentDto[] {
    const ids = this.core.store.raw<{ id: number }>(
      'select id from shipment where (? is null or status = ?) and (? is null or order_id = ?) order by id desc limit ?',
      filter.status ?? null,
      filter.status ?? null,
      filter.orderId ?? null,
      filter.orderId ?? null,
      filter.limit,
    );
    return ids.map((r) => this.dto(r.id));
  }

  today(): string {
    return shopCalendar(this.core).today();
  }

  dto(id: number): ShipmentDto {
    const { store } = this.core;
    const s = this.row(id);
    const to = JSON.parse(s.ship_to) as { name: string; city: string; postalCode: string; countryCode: string };
    const packages = store.raw<ShipmentPackageRow & { bytes: number | null }>(
      'select id, shipment_id, seq, box_code, weight_g, length_mm, width_mm, height_mm, billable_weight_g, price_cents, breakdown, tracking_number, label_format, print_job_id, status, postage_ref, length(label_bytes) as bytes from shipment_package where shipment_id = ? order by seq',
      id,
    );
    return {
      id: s.id,
      direction: s.direction,
      orderId: s.order_id,
      orderNumber: s.order_id ? (store.raw<{ number: string }>('select number from sales_order where id = ?', s.order_id)[0]?.number ?? null) : null,
      carrier: s.carrier_code,
      serviceKey: s.service_key,
      serviceName: s.service_name,
      status: s.status,
      zone: s.zone,
      shipTo: { name: to.name, city: to.city, postalCode: to.postalCode, country: to.countryCode },
      promisedDate: s.promised_date,
      pickupDate: s.pickup_date,
      expectedDeliveryDate: s.expected_delivery_date,
      deliveredDate: s.delivered_date,
      onTimeProbability: s.on_time_probability,
      priceCents: s.price_cents,
      costCents: s.cost_cents,
      refundCents: s.refund_cents,
      currency: s.currency,
      recommendedServiceKey: s.recommended_service_key,
      overrideReason: s.override_reason,
      manifestId: s.manifest_id,
      voidReason: s.void_reason,
      createdAt: s.created_at,
      labelKind: shipmentLabelKind(s.carrier_code, packages),
      packages: packages.map((p) => ({
        id: p.id,
        seq: p.seq,
        boxCode: p.box_code,
        weightG: p.weight_g,
        lengthMm: p.length_mm,
        widthMm: p.width_mm,
        heightMm: p.height_mm,
        billableWeightG: p.billable_weight_g,
        priceCents: p.price_cents,
        trackingNumber: p.tracking_number,
        labelFormat: p.label_format,
        labelBytes: p.bytes ?? 0,
        printJobId: p.print_job_id,
        status: p.status,
      })),
      events: store
        .raw<{ at: string; status: string; message: string; location: string | null; tracking_number: string }>('select at, status, message, location, tracking_number from tracking_event where shipment_id = ? order by at desc, id desc', id)
        .map((e) => ({ at: e.at, status: e.status, message: e.message, location: e.location, trackingNumber: e.tracking_number })),
    };
  }
}

/** A shipment's labels are postage only when every live package's postage was bought. */
function shipmentLabelKind(carrierCode: string, packages: Pick<ShipmentPackageRow, 'postage_ref' | 'status'>[]): LabelKind {
  const live = packages.filter((p) => p.status !== 'voided');
  return labelKindOf(carrierCode, (live.length ? live : packages).every((p) => p.postage_ref !== null) && packages.length > 0);
}
