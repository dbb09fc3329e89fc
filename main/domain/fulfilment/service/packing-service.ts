import type { PackingSettingsDto, PackLineDto, PackScanResultDto, PackSessionDto, PackShipResultDto, PackStatsDto } from '../../../../shared/api/fulfilment';
import type { RatesDto } from '../../../../shared/api/shipping';
import { AppError, conflict, invalid, notFound } from '../../../../shared/errors';
import type { Devices } from '../../../devices/device-service';
import { renderReceiptFor } from '../../../devices/print-documents';
import type { Core } from '../../../core';
import type { PackEventKind, PackingStationRow, PackSessionRow, ScaleRow } from '../../../store/schema';
import type { Orders } from '../../orders/index';
import { suggestBox } from '../../shipping/boxes';
import type { Shipping } from '../../shipping/service/index';
import { loadOrderFacts, rateOrder, ratesDto } from '../../shipping/service/rating';
import { shopCalendar } from '../../calendar/shop-calendar';
import { isExpired } from '../pack-lot-rules';
import { decideLotForScan, pickedLotsForLine } from './pack-lots';
import { parseToteCode } from './picking-service';
import { packingSlip } from './print-documents';
import { renderPackingSlipPdf } from '../../documents/packing-slip-pdf';
import { checkParcelWeight, toleranceFor } from './weight-check';

const SETTINGS_DEFAULTS: PackingSettingsDto = { weightTolerancePercent: 5, weightToleranceMinG: 20, printPackingSlip: false };
const SETTING_KEYS: Record<keyof PackingSettingsDto, string> = {
  weightTolerancePercent: 'packing.weightTolerancePercent',
  weightToleranceMinG: 'packing.weightToleranceMinG',
  printPackingSlip: 'packing.printPackingSlip',
};

/** How long `weigh` waits for the scale to settle before telling the packer so. */
const STABLE_WAIT_MS = 4000;
const STABLE_POLL_MS = 100;

interface PackLineRow {
  order_line_id: number;
  product_id: number;
  expected_qty: number;
  verified_qty: number;
  lots: string;
  sku: string;
  name: string;
  weight_g: number;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  lot_tracked: number;
}

/**
 * The packing station: claim an order (atomic across stations), verify every unit by scan, weigh,
 * choose the box, rate, and ship & print in one action. Each step is a timestamped pack_event.
 *
 * The label stays locked until every line is verified and the measured weight is within the
 * tolerance of items + box tare (or a supervisor has overridden the block with a reason).
 */
export class PackingService {
  constructor(
    private readonly core: Core,
    private readonly orders: Orders,
    private readonly devices: Devices,
    private readonly shipping: Shipping,
  ) {}

  private now(): string {
    return this.core.clock.now().toISOString();
  }

  // ---------- settings ----------

  settings(): PackingSettingsDto {
    const rows = this.core.store.raw<{ key: string; value: string }>("select key, value from setting where key like 'packing.%'");
    const byKey = new Map(rows.map((r) => [r.key, r.value]));
    const num = (k: keyof PackingSettingsDto, d: number) => (byKey.has(SETTING_KEYS[k]) ? Number(byKey.get(SETTING_KEYS[k])) : d);
    return {
      weightTolerancePercent: num('weightTolerancePercent', SETTINGS_DEFAULTS.weightTolerancePercent),
      weightToleranceMinG: num('weightToleranceMinG', SETTINGS_DEFAULTS.weightToleranceMinG),
      printPackingSlip: byKey.has(SETTING_KEYS.printPackingSlip) ? byKey.get(SETTING_KEYS.printPackingSlip) === 'true' : SETTINGS_DEFAULTS.printPackingSlip,
    };
  }

  updateSettings(input: Partial<PackingSettingsDto>): PackingSettingsDto {
    const { store } = this.core;
    store.tx(() => {
      for (const [k, v] of Object.entries(input)) {
        if (v === undefined) continue;
        store.raw('insert into setting (key, value) values (?, ?) on conflict(key) do update set value = excluded.value', SETTING_KEYS[k as keyof PackingSettingsDto], String(v));
      }
    });
    return this.settings();
  }

  // ---------- claiming ----------

  private station(name: string): PackingStationRow {
    const row = this.core.store.raw<PackingStationRow>('select * from packing_station where name = ? collate nocase', name)[0];
    if (!row) throw notFound(`Packing station "${name}"`);
    return row;
  }

  private session(id: number): PackSessionRow {
    const row = this.core.store.raw<PackSessionRow>('select * from pack_session where id = ?', id)[0];
    if (!row) throw notFound(`Packing session ${id}`);
    return row;
  }

  private activeSession(id: number): PackSessionRow {
    const s = this.session(id);
    if (s.status !== 'packing') throw conflict(`This order is already ${s.status} at this station; scan the next order`);
    return s;
  }

  private event(sessionId: number, kind: PackEventKind, detail: Record<string, unknown>, actor: string): void {
    this.core.store.raw('insert into pack_event (session_id, at, kind, detail, actor) values (?,?,?,?,?)', sessionId, this.now(), kind, JSON.stringify(detail), actor);
  }

  /** The order a scanned code names: tote code, order number (with or without #), external id or id. */
  private orderByCode(code: string): { id: number; number: string; status: string } {
    const { store } = this.core;
    const c = code.trim();
    const tote = parseToteCode(c);
    if (tote) {
      const row = store.raw<{ id: number; number: string; status: string }>(
        'select o.id, o.number, o.status from pick_batch_order bo join sales_order o on o.id = bo.order_id where bo.batch_id = ? and bo.tote = ?',
        tote.batchId,
        tote.tote,
      )[0];
      if (!row) throw notFound(`Tote ${c}`);
      return row;
    }
    const bare = c.replace(/^#/, '');
    const row =
      store.raw<{ id: number; number: string; status: string }>(
        'select id, number, status from sales_order where number = ? collate nocase or number = ? collate nocase or external_id = ? order by id desc limit 1',
        c,
        `#${bare}`,
        c,
      )[0] ?? (/^\d+$/.test(bare) ? store.raw<{ id: number; number: string; status: string }>('select id, number, status from sales_order where id = ?', Number(bare))[0] : undefined);
    if (!row) throw notFound(`Order "${c}"`);
    return row;
  }

  current(stationName: string): PackSessionDto | null {
    const station = this.station(stationName);
    const row = this.core.store.raw<{ id: number }>("select id from pack_session where station_id = ? and status = 'packing' order by id desc limit 1", station.id)[0];
    return row ? this.dto(row.id) : null;
  }

  /**
   * Claims the scanned order for this station. WARNING — the claim is the insert itself: the
   * partial unique index pack_session_active_order allows one active session per order, so when
   * two stations scan the same order at once exactly one insert succeeds, whatever the timing.
   */
  open(stationName: string, code: string, actor: string): PackSessionDto {
    const { store } = this.core;
    const station = this.station(stationName);
    const order = this.orderByCode(code);
    const sessionId = store.tx(() => {
      const mine = store.raw<{ id: number; order_id: number }>("select id, order_id from pack_session where station_id = ? and status = 'packing'", station.id);
      const same = mine.find((s) => s.order_id === order.id);
      if (same) return same.id;
      if (mine.length > 0) {
        const other = store.raw<{ number: string }>('select number from sales_order where id = ?', mine[0].order_id)[0].number;
        throw conflict(`This station is still packing ${other}: ship it or release it before scanning ${order.number}`);
      }
      const elsewhere = store.raw<{ station: string; claimed_by: string }>(
        "select st.name as station, s.claimed_by from pack_session s join packing_station st on st.id = s.station_id where s.order_id = ? and s.status = 'packing'",
        order.id,
      )[0];
      if (elsewhere) throw conflict(`${order.number} is already being packed at ${elsewhere.station} (${elsewhere.claimed_by})`, { station: elsewhere.station });
      if (order.status === 'picking') {
        const open = store.raw<{ n: number; batch_id: number }>("select count(*) as n, min(batch_id) as batch_id from pick_task where order_id = ? and status = 'open'", order.id)[0];
        if (open.n > 0) throw conflict(`${order.number} is still being picked: ${open.n} pick(s) open in batch ${open.batch_id}`);
      } else if (order.status !== 'allocated' && order.status !== 'packed') {
        throw conflict(`${order.number} is ${order.status}: only picked (or allocated) orders can be packed`, { status: order.status });
      }
      let id: number;
      try {
        id = store.raw<{ id: number }>("insert into pack_session (station_id, order_id, status, claimed_by, claimed_at) values (?,?,'packing',?,?) returning id", station.id, order.id, actor, this.now())[0].id;
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw conflict(`${order.number} was just claimed by another station`);
        throw err;
      }
      this.createLines(id, order.id);
      this.event(id, 'claim', { station: station.name, code: code.trim() }, actor);
      this.event(id, 'scan_order', { order: order.number }, actor);
      return id;
    });
    this.core.events.publish('packing.changed', { station: station.name, orderId: order.id });
    return this.dto(sessionId);
  }

  /** What must be in the box: each order line left to ship; kits as their components. */
  private createLines(sessionId: number, orderId: number): void {
    const { store } = this.core;
    const lines = store.raw<{ id: number; product_id: number | null; quantity: number; shipped_qty: number; sku: string }>(
      'select id, product_id, quantity, shipped_qty, sku from order_line where order_id = ? order by line_no',
      orderId,
    );
    for (const line of lines) {
      const left = line.quantity - line.shipped_qty;
      if (left <= 0) continue;
      if (line.product_id === null) throw conflict(`Line ${line.sku} has an unknown SKU; fix the order first`);
      const components = store.raw<{ component_id: number; quantity: number }>('select component_id, quantity from kit_component where kit_id = ?', line.product_id);
      const parts = components.length ? components.map((c) => ({ productId: c.component_id, qty: c.quantity * left })) : [{ productId: line.product_id, qty: left }];
      for (const p of parts) {
        store.raw(
          'insert into pack_line (session_id, order_line_id, product_id, expected_qty, verified_qty) values (?,?,?,?,0) on conflict do update set expected_qty = expected_qty + excluded.expected_qty',
          sessionId,
          line.id,
          p.productId,
          p.qty,
        );
      }
    }
    if (store.raw('select 1 from pack_line where session_id = ?', sessionId).length === 0) throw conflict('This order has nothing left to ship');
  }

  private lines(sessionId: number): PackLineRow[] {
    return this.core.store.raw<PackLineRow>(
      `select l.order_line_id, l.product_id, l.expected_qty, l.verified_qty, l.lots, p.sku, p.name, p.weight_g, p.length_mm, p.width_mm, p.height_mm, p.lot_tracked
       from pack_line l join product p on p.id = l.product_id join order_line ol on ol.id = l.order_line_id where l.session_id = ? order by ol.line_no, p.sku`,
      sessionId,
    );
  }

  // ---------- verify ----------

  /**
   * One scanned unit. A code that is not in the order, or more units than ordered, is refused
   * (ok: false, recorded as wrong_item) — never an error, because refusing is the normal job here.
   */
  scanItem(sessionId: number, code: string, lot: string | undefined, actor: string): PackScanResultDto {
    const { store } = this.core;
    const c = code.trim();
    const result = store.tx((): Omit<PackScanResultDto, 'session'> => {
      const s = this.activeSession(sessionId);
      const number = store.raw<{ number: string }>('select number from sales_order where id = ?', s.order_id)[0].number;
      const product =
        store.raw<{ id: number; sku: string; name: string; lot_tracked: number }>('select p.id, p.sku, p.name, p.lot_tracked from barcode b join product p on p.id = b.product_id where b.code = ?', c)[0] ??
        store.raw<{ id: number; sku: string; name: string; lot_tracked: number }>('select id, sku, name, lot_tracked from product where sku = ? collate nocase', c)[0];
      const refuse = (message: string, sku: string | null, detail: Record<string, unknown> = {}) => {
        this.event(sessionId, 'wrong_item', { code: c, sku, message, ...detail }, actor);
        return { ok: false, message, sku };
      };
      if (!product) return refuse(`UNKNOWN CODE ${c}: not a product we know — put it aside`, null);
      const lines = store.raw<{ order_line_id: number; expected_qty: number; verified_qty: number; lots: string }>(
        'select order_line_id, expected_qty, verified_qty, lots from pack_line where session_id = ? and product_id = ? order by order_line_id',
        sessionId,
        product.id,
      );
      if (lines.length === 0) return refuse(`WRONG ITEM: ${product.sku} (${product.name}) is not in order ${number} — put it back`, product.sku);
      const open = lines.filter((l) => l.verified_qty < l.expected_qty);
      if (open.length === 0) {
        const total = lines.reduce((n, l) => n + l.expected_qty, 0);
        return refuse(`TOO MANY: order ${number} has only ${total} × ${product.sku}, all verified — take this one out`, product.sku);
      }
      let line = open[0];
      let lotCode: string | null = null;
      if (product.lot_tracked === 1) {
        // The lot must be one picked for the line, with units left, unexpired (pack-lot-rules.ts);
        // with the same SKU on two lines, the first line that picked the scanned lot takes it.
        const scanned = lot?.trim() || null;
        const decisions = open.map((l) => ({
          line: l,
          decision: decideLotForScan(this.core, {
            orderId: s.order_id,
            orderNumber: number,
            sku: product.sku,
            productId: product.id,
            line: { orderLineId: l.order_line_id, productId: product.id, verifiedQty: l.verified_qty, lots: JSON.parse(l.lots) as string[] },
            scanned,
          }),
        }));
        const chosen = decisions.find((d) => d.decision.ok) ?? decisions[0];
        const decision = chosen.decision;
        if (!decision.ok) {
          // Asking for the lot is a prompt, not a wrong scan: nothing is recorded.
          if (decision.reason === 'lot_needed') return { ok: false, message: decision.message, sku: product.sku, needsLot: true };
          return refuse(decision.message, product.sku, { lot: scanned, reason: decision.reason });
        }
        line = chosen.line;
        lotCode = decision.code;
      }
      const lots = JSON.parse(line.lots) as string[];
      if (lotCode) lots.push(lotCode);
      store.raw(
        'update pack_line set verified_qty = verified_qty + 1, lots = ? where session_id = ? and order_line_id = ? and product_id = ?',
        JSON.stringify(lots),
        sessionId,
        line.order_line_id,
        product.id,
      );
      this.event(sessionId, 'verify', { code: c, sku: product.sku, lot: lotCode }, actor);
      const done = line.verified_qty + 1 === line.expected_qty;
      if (done) this.event(sessionId, 'line_done', { sku: product.sku, qty: line.expected_qty }, actor);
      if (this.allVerified(sessionId)) this.prepareParcel(sessionId, actor);
      return { ok: true, message: `${product.sku} ✓ ${line.verified_qty + 1}/${line.expected_qty}${lotCode ? ` (lot ${lotCode})` : ''}`, sku: product.sku };
    });
    return { ...result, session: this.dto(sessionId) };
  }

  private allVerified(sessionId: number): boolean {
    return this.core.store.raw('select 1 from pack_line where session_id = ? and verified_qty < expected_qty limit 1', sessionId).length === 0;
  }

  /** Box suggestion and expected weight, once everything is verified (the box can still change). */
  private prepareParcel(sessionId: number, actor: string): void {
    const s = this.session(sessionId);
    if (s.box_code) return this.updateExpected(sessionId, s.box_code, s.box_tare_g ?? 0);
    const lines = this.lines(sessionId);
    const boxes = this.shipping.config.boxes();
    const suggestion = suggestBox(
      lines.map((l) => ({ lengthMm: l.length_mm || 100, widthMm: l.width_mm || 100, heightMm: l.height_mm || 100, qty: l.expected_qty })),
      boxes,
    );
    const box = suggestion.ok ? suggestion.box : null;
    this.updateExpected(sessionId, box?.code ?? null, box?.tareG ?? 0);
    this.event(sessionId, 'box', { box: box?.code ?? null, suggested: true, reason: suggestion.reason }, actor);
  }

  private itemsWeight(sessionId: number): number {
    // Same stand-in as shipping's rating (100 g for a product without a weight), so both agree.
    return this.lines(sessionId).reduce((sum, l) => sum + (l.weight_g || 100) * l.expected_qty, 0);
  }

  private updateExpected(sessionId: number, boxCode: string | null, tareG: number): void {
    const expected = this.itemsWeight(sessionId) + tareG;
    const s = this.session(sessionId);
    let ok: number | null = null;
    if (s.measured_weight_g !== null) {
      const settings = this.settings();
      ok = checkParcelWeight({ expectedG: expected, measuredG: s.measured_weight_g, tolerancePercent: settings.weightTolerancePercent, toleranceMinG: settings.weightToleranceMinG, items: [] }).ok ? 1 : 0;
    }
    this.core.store.raw('update pack_session set box_code = ?, box_tare_g = ?, expected_weight_g = ?, weight_ok = ? where id = ?', boxCode, tareG, expected, ok, sessionId);
  }

  // ---------- weigh ----------

  /**
   * Takes the weight from the station's scale as soon as it is stable (waits up to a few seconds)
   * and checks it. A station without a scale may type the weight (`grams`).
   */
  async weigh(sessionId: number, grams: number | undefined, actor: string): Promise<PackSessionDto> {
    const s = this.activeSession(sessionId);
    if (!this.allVerified(sessionId)) throw conflict('Verify every item before weighing: the label stays locked until then');
    const station = this.core.store.raw<PackingStationRow>('select * from packing_station where id = ?', s.station_id)[0];
    let measured: number;
    let source: 'scale' | 'manual';
    if (station.scale_id !== null) {
      if (grams !== undefined) throw invalid(`${station.name} has a scale: the weight comes from it, not from the keyboard`, { field: 'grams' });
      const scale = this.core.store.raw<ScaleRow>('select * from scale where id = ?', station.scale_id)[0];
      measured = await this.stableReading(scale);
      source = 'scale';
    } else {
      if (grams === undefined) throw conflict(`${station.name} has no scale: type the weight in grams`);
      measured = grams;
      source = 'manual';
    }
    const { store } = this.core;
    store.tx(() => {
      const current = this.activeSession(sessionId);
      const settings = this.settings();
      const expected = current.expected_weight_g ?? this.itemsWeight(sessionId) + (current.box_tare_g ?? 0);
      const check = checkParcelWeight({
        expectedG: expected,
        measuredG: measured,
        tolerancePercent: settings.weightTolerancePercent,
        toleranceMinG: settings.weightToleranceMinG,
        items: this.lines(sessionId).map((l) => ({ sku: l.sku, unitWeightG: l.weight_g || 100 })),
      });
      // A new weighing replaces the old one, and with it any override given for the old reading.
      store.raw(
        'update pack_session set expected_weight_g = ?, measured_weight_g = ?, weight_ok = ?, override_reason = null, override_by = null where id = ?',
        expected,
        measured,
        check.ok ? 1 : 0,
        sessionId,
      );
      this.event(sessionId, 'weight', { grams: measured, source, expected, toleranceG: check.toleranceG }, actor);
      if (!check.ok) this.event(sessionId, 'mismatch', { expected, measured, explanation: check.explanation }, actor);
    });
    return this.dto(sessionId);
  }

  private async stableReading(scale: ScaleRow): Promise<number> {
    // The parcel was put down just before Weigh was pressed: a reading from before the press is not its weight.
    const pressedAtMs = Date.now();
    const deadline = pressedAtMs + STABLE_WAIT_MS;
    let last: { grams: number; stable: boolean; status: string; message?: string } | null = null;
    for (;;) {
      last = await this.devices.scales.read(scale, { takenAfterMs: pressedAtMs });
      if (last.stable && last.status === 'ok') return last.grams;
      if (last.status === 'error' || last.status === 'overload' || last.status === 'under_zero') {
        if (Date.now() >= deadline) break;
      }
      if (Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, STABLE_POLL_MS));
    }
    if (last.status === 'error') throw conflict(`Scale ${scale.name} does not answer: ${last.message ?? 'no reading'}`);
    if (last.status === 'overload') throw conflict(`Scale ${scale.name} is overloaded`);
    throw conflict(`Scale ${scale.name} is not stable yet (${last.grams} g): let the parcel settle and weigh again`);
  }

  setBox(sessionId: number, boxCode: string, actor: string): PackSessionDto {
    const { store } = this.core;
    store.tx(() => {
      this.activeSession(sessionId);
      const box = this.shipping.config.boxes().find((b) => b.code.toLowerCase() === boxCode.trim().toLowerCase());
      if (!box) throw invalid(`Box "${boxCode}" is not in the box catalog`, { field: 'box' });
      this.updateExpected(sessionId, box.code, box.tareG);
      this.event(sessionId, 'box', { box: box.code, suggested: false }, actor);
    });
    return this.dto(sessionId);
  }

  override(sessionId: number, reason: string, supervisor: string, actor: string): PackSessionDto {
    const { store } = this.core;
    store.tx(() => {
      const s = this.activeSession(sessionId);
      if (s.weight_ok !== 0) throw conflict(s.weight_ok === 1 ? 'The weight is fine: nothing to override' : 'Weigh the parcel first');
      store.raw('update pack_session set override_reason = ?, override_by = ? where id = ?', reason, supervisor, sessionId);
      this.event(sessionId, 'override', { reason, supervisor, expected: s.expected_weight_g, measured: s.measured_weight_g }, actor);
    });
    return this.dto(sessionId);
  }

  // ---------- rate and ship ----------

  private parcelPlan(s: PackSessionRow) {
    return [{ ...(s.box_code ? { boxCode: s.box_code } : {}), ...(s.measured_weight_g ? { weightG: s.measured_weight_g } : {}) }];
  }

  rates(sessionId: number): RatesDto {
    const s = this.session(sessionId);
    const config = this.shipping.config;
    return ratesDto(rateOrder(this.core, config, loadOrderFacts(this.core, config, s.order_id), this.parcelPlan(s)));
  }

  /**
   * Ship & print: one action creates the shipment (recommended service unless told otherwise),
   * prints the label on the station's shipping-label printer and the packing slip when configured,
   * and the order is shipped. Refused while the label is locked.
   */
  async ship(sessionId: number, input: { service?: string; overrideReason?: string }, actor: string): Promise<PackShipResultDto> {
    const { store } = this.core;
    const s = this.activeSession(sessionId);
    const lock = this.lockReason(s);
    if (lock) throw conflict(`Label locked: ${lock}`);
    const station = store.raw<PackingStationRow & { label_printer: string | null; slip_printer: string | null }>(
      `select s.*, p1.name as label_printer, p2.name as slip_printer from packing_station s
       left join printer p1 on p1.id = s.shipping_label_printer_id left join printer p2 on p2.id = s.packing_slip_printer_id where s.id = ?`,
      s.station_id,
    )[0];
    if (!station.label_printer) throw conflict(`${station.name} has no shipping-label printer: assign one in Settings → Devices`);
    const order = this.orders.service.row(s.order_id);
    if (order.status === 'picking') this.orders.service.transition(order.id, 'packed', actor, `packed at ${station.name}`);
    let shipment;
    try {
      shipment = await this.shipping.shipments.ship(
        { orderId: s.order_id, service: input.service, overrideReason: input.overrideReason, packages: this.parcelPlan(s), printer: station.label_printer },
        actor,
      );
    } catch (err) {
      if (err instanceof AppError) this.event(sessionId, 'rate', { error: err.message }, actor);
      throw err;
    }
    const trackingNumbers = shipment.packages.map((p) => p.trackingNumber).filter((t): t is string => Boolean(t));
    const labelJobIds = shipment.packages.map((p) => p.printJobId).filter((j): j is number => j !== null);
    let slipJobId: number | null = null;
    if (this.settings().printPackingSlip && station.slip_printer) {
      const printer = this.devices.registry.printer(station.slip_printer);
      if (printer.language === 'escpos') {
        const lines = this.lines(sessionId);
        const receipt = packingSlip({
          orderNumber: order.number,
          customer: order.customer_name,
          date: this.now().slice(0, 10),
          lines: lines.map((l) => ({ sku: l.sku, name: l.name, qty: l.expected_qty })),
          // Honest labels: the customer reads the slip; an internal reference is not tracking.
          trackingNumber: shipment.labelKind === 'reference' ? null : (trackingNumbers[0] ?? null),
          service: shipment.serviceName,
        });
        slipJobId = this.devices.queue.enqueue(printer, renderReceiptFor(printer, receipt), { kind: 'packing_slip', reference: order.number, actor }).id;
      } else if (printer.language === 'pdf') {
        // An office (system) printer gets the full A4/Letter slip: logo, prices as set, returns barcode.
        const pdf = await renderPackingSlipPdf(this.core, order.id);
        slipJobId = this.devices.printing.enqueuePdf(printer, pdf, { kind: 'packing_slip', reference: order.number, actor, title: `Packing slip ${order.number}` }).id;
      }
    }
    store.tx(() => {
      this.event(sessionId, 'rate', { service: shipment.serviceKey, priceCents: shipment.priceCents, recommended: shipment.recommendedServiceKey }, actor);
      this.event(sessionId, 'label', { jobIds: labelJobIds, tracking: trackingNumbers, shipmentId: shipment.id }, actor);
      if (slipJobId !== null) this.event(sessionId, 'slip', { jobId: slipJobId }, actor);
      store.raw(
        "update pack_session set status = 'shipped', service = ?, rate_cents = ?, shipment_id = ?, tracking_number = ?, finished_at = ? where id = ?",
        shipment.serviceKey,
        shipment.priceCents,
        shipment.id,
        trackingNumbers[0] ?? null,
        this.now(),
        sessionId,
      );
      this.event(sessionId, 'shipped', { order: order.number, status: this.orders.service.row(order.id).status }, actor);
    });
    this.core.events.publish('packing.changed', { station: station.name, orderId: order.id });
    return {
      session: this.dto(sessionId),
      shipmentId: shipment.id,
      trackingNumbers,
      service: shipment.serviceName,
      priceCents: shipment.priceCents,
      currency: shipment.currency,
      labelJobIds,
      slipJobId,
    };
  }

  release(sessionId: number, reason: string, backToPicking: boolean, actor: string): PackSessionDto {
    const { store } = this.core;
    const station = store.tx(() => {
      const s = this.activeSession(sessionId);
      store.raw("update pack_session set status = 'released', finished_at = ? where id = ?", this.now(), sessionId);
      this.event(sessionId, 'released', { reason, backToPicking }, actor);
      const order = this.orders.service.row(s.order_id);
      if (backToPicking && order.status === 'packed') this.orders.service.transition(order.id, 'picking', actor, `sent back from packing: ${reason}`);
      return store.raw<{ name: string }>('select name from packing_station where id = ?', s.station_id)[0].name;
    });
    this.core.events.publish('packing.changed', { station, sessionId });
    return this.dto(sessionId);
  }

  // ---------- views ----------

  private lockReason(s: PackSessionRow): string | null {
    if (s.status !== 'packing') return `the order is ${s.status}`;
    const open = this.core.store.raw<{ n: number }>('select coalesce(sum(expected_qty - verified_qty), 0) as n from pack_line where session_id = ?', s.id)[0].n;
    if (open > 0) return `${open} unit(s) still to verify`;
    if (s.measured_weight_g === null) return 'weigh the parcel';
    if (s.weight_ok === 0 && !s.override_reason) return 'the weight does not match (a supervisor can override)';
    return null;
  }

  get(sessionId: number): PackSessionDto {
    return this.dto(sessionId);
  }

  dto(sessionId: number): PackSessionDto {
    const { store } = this.core;
    const s = this.session(sessionId);
    const station = store.raw<{ name: string }>('select name from packing_station where id = ?', s.station_id)[0].name;
    const order = this.orders.service.row(s.order_id);
    const shipTo = order.ship_to ? (JSON.parse(order.ship_to) as { city?: string; postalCode?: string; countryCode?: string }) : null;
    const lines = this.lines(sessionId);
    const barcodes = (productId: number) => store.raw<{ code: string }>('select code from barcode where product_id = ? order by code', productId).map((r) => r.code);
    const today = shopCalendar(this.core).today();
    const packLines: PackLineDto[] = lines.map((l) => {
      const lots = JSON.parse(l.lots) as string[];
      const picked = l.lot_tracked === 1 ? pickedLotsForLine(this.core, s.order_id, { orderLineId: l.order_line_id, productId: l.product_id, verifiedQty: l.verified_qty, lots }) : [];
      return {
        orderLineId: l.order_line_id,
        sku: l.sku,
        name: l.name,
        barcodes: [l.sku, ...barcodes(l.product_id)],
        expectedQty: l.expected_qty,
        verifiedQty: l.verified_qty,
        lotTracked: l.lot_tracked === 1,
        lots,
        pickedLots: picked.map((p) => ({ lot: p.code, expiresOn: p.expiresOn, expired: isExpired(p.expiresOn, today), pickedQty: p.pickedQty, packedQty: p.packedQty })),
        unitWeightG: l.weight_g || 100,
      };
    });
    const allVerified = packLines.every((l) => l.verifiedQty >= l.expectedQty);
    const settings = this.settings();
    const boxes = this.shipping.config.boxDtos().filter((b) => b.active);
    const boxRow = s.box_code ? boxes.find((b) => b.code.toLowerCase() === s.box_code!.toLowerCase()) : undefined;
    const boxEvents = store.raw<{ detail: string }>("select detail from pack_event where session_id = ? and kind = 'box' order by id desc limit 1", sessionId)[0];
    const lastBox = boxEvents ? (JSON.parse(boxEvents.detail) as { suggested?: boolean; reason?: string }) : null;
    const expected = s.expected_weight_g ?? (allVerified ? null : null);
    const check =
      s.measured_weight_g !== null && expected !== null
        ? checkParcelWeight({
            expectedG: expected,
            measuredG: s.measured_weight_g,
            tolerancePercent: settings.weightTolerancePercent,
            toleranceMinG: settings.weightToleranceMinG,
            items: packLines.map((l) => ({ sku: l.sku, unitWeightG: l.unitWeightG })),
          })
        : null;
    const lock = this.lockReason(s);
    const step: PackSessionDto['step'] = s.status !== 'packing' ? 'done' : !allVerified ? 'verify' : lock ? 'weigh' : 'ship';
    const events = store
      .raw<{ at: string; kind: string; detail: string; actor: string }>('select at, kind, detail, actor from pack_event where session_id = ? order by id desc limit 60', sessionId)
      .map((e) => ({ at: e.at, kind: e.kind, detail: JSON.parse(e.detail) as Record<string, unknown>, actor: e.actor }));
    return {
      id: s.id,
      station,
      orderId: order.id,
      orderNumber: order.number,
      orderStatus: order.status,
      customer: order.customer_name,
      shipTo: shipTo ? { city: shipTo.city ?? '', postalCode: shipTo.postalCode ?? '', country: shipTo.countryCode ?? '' } : null,
      status: s.status,
      claimedBy: s.claimed_by,
      claimedAt: s.claimed_at,
      lines: packLines,
      allVerified,
      step,
      labelUnlocked: lock === null,
      lockedReason: lock,
      box: s.box_code
        ? { code: s.box_code, name: boxRow?.name ?? s.box_code, tareG: s.box_tare_g ?? 0, suggested: lastBox?.suggested ?? false, reason: lastBox?.reason ?? '' }
        : null,
      boxes: boxes.map((b) => ({ code: b.code, name: b.name, tareG: b.tareG })),
      weight: {
        expectedG: expected ?? this.itemsWeight(sessionId),
        toleranceG: toleranceFor(expected ?? this.itemsWeight(sessionId), settings.weightTolerancePercent, settings.weightToleranceMinG),
        tolerancePercent: settings.weightTolerancePercent,
        measuredG: s.measured_weight_g,
        ok: s.weight_ok === null ? null : s.weight_ok === 1,
        explanation: check && !check.ok ? check.explanation : null,
        overridden: s.override_reason !== null,
        overrideReason: s.override_reason,
        overrideBy: s.override_by,
      },
      service: s.service,
      trackingNumber: s.tracking_number,
      shipmentId: s.shipment_id,
      events,
    };
  }

  /** Productivity from the timestamped steps: orders shipped and median claim-to-label time per station. */
  stats(days: number): PackStatsDto {
    const { store } = this.core;
    const to = this.now();
    // The last `days` shop days (from the shop's midnight), not days × 24 h back from this minute.
    const from = shopCalendar(this.core).startOfDaysAgo(days).toISOString();
    const counts = store.raw<{ kind: string; n: number }>('select kind, count(*) as n from pack_event where at >= ? group by kind', from);
    const n = (k: string) => counts.find((c) => c.kind === k)?.n ?? 0;
    const shipped = store.raw<{ station: string; seconds: number }>(
      `select st.name as station, (julianday(s.finished_at) - julianday(s.claimed_at)) * 86400.0 as seconds
       from pack_session s join packing_station st on st.id = s.station_id where s.status = 'shipped' and s.finished_at >= ?`,
      from,
    );
    const median = (xs: number[]) => {
      if (xs.length === 0) return null;
      const sorted = [...xs].sort((a, b) => a - b);
      return Math.round(sorted[Math.floor((sorted.length - 1) / 2)]);
    };
    const stations = [...new Set(shipped.map((r) => r.station))].sort();
    return {
      from,
      to,
      sessions: store.raw<{ n: number }>('select count(*) as n from pack_session where claimed_at >= ?', from)[0].n,
      shipped: shipped.length,
      wrongScans: n('wrong_item'),
      mismatches: n('mismatch'),
      overrides: n('override'),
      medianSecondsPerOrder: median(shipped.map((r) => r.seconds)),
      byStation: stations.map((station) => {
        const rows = shipped.filter((r) => r.station === station);
        return { station, shipped: rows.length, medianSecondsPerOrder: median(rows.map((r) => r.seconds)) };
      }),
    };
  }
}
