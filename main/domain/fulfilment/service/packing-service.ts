import { sql } from 'kysely';
import { isUniqueViolation } from '../../../store/store';
import { mapInOrder } from '../../../util/in-order';
import type { PackingSettingsDto, PackScanResultDto, PackSessionDto, PackShipResultDto, PackStatsDto } from '../../../../shared/api/fulfilment';
import type { RatesDto } from '../../../../shared/api/shipping';
import { conflict } from '../../../../shared/errors';
import type { Devices } from '../../../devices/device-service';
import type { Core } from '../../../core';
import type { Orders } from '../../orders/index';
import type { Shipping } from '../../shipping/service/index';
import { decideLotForScan } from './pack-lots';
import { chooseBox, clearOverride, overrideWeight, prepareParcel, weighParcel } from './packing-parcel';
import { packingSettings, setSupervisorPin, updatePackingSettings } from './packing-settings';
import { parcelRates, shipParcel } from './packing-ship';
import { activeSession, allVerified, createPackLines, nowIso, orderByCode, packEvent, stationByName, stationName, type PackingDeps } from './packing-store';
import { noCase } from '../../../store/no-case';
import { packSessionDto, packStats } from './packing-view';

/**
 * The packing station: claim an order (atomic across stations), verify every unit by scan, weigh,
 * choose the box, rate, and ship & print in one action. Each step is a timestamped pack_event.
 *
 * The label stays locked until every line is verified and the measured weight is within the
 * tolerance of items + box tare (or a supervisor has overridden the block with a reason).
 * The parcel (box, weight, override) lives in packing-parcel.ts, ship & print in packing-ship.ts,
 * the session view in packing-view.ts; this class is the station's public surface.
 */
export class PackingService {
  private readonly deps: PackingDeps;

  constructor(core: Core, orders: Orders, devices: Devices, shipping: Shipping) {
    this.deps = { core, orders, devices, shipping };
  }

  private get core(): Core {
    return this.deps.core;
  }

  // ---------- settings ----------

  async settings(): Promise<PackingSettingsDto> {
    return await packingSettings(this.core);
  }

  async updateSettings(input: Partial<Omit<PackingSettingsDto, 'supervisorPinSet'>>): Promise<PackingSettingsDto> {
    return await updatePackingSettings(this.core, input);
  }

  /** Sets or (null) removes the supervisor PIN for weight overrides; only its hash is stored. */
  async setSupervisorPin(pin: string | null): Promise<PackingSettingsDto> {
    return await setSupervisorPin(this.core, pin);
  }

  // ---------- claiming ----------

  async current(stationName: string): Promise<PackSessionDto | null> {
    const station = await stationByName(this.core, stationName);
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('pack_session').select('id').where('station_id', '=', station.id).where('status', '=', 'packing').orderBy('id', 'desc').limit(1));
    return row ? await this.dto(row.id) : null;
  }

  /**
   * Claims the scanned order for this station. WARNING — the claim is the insert itself: the
   * partial unique index pack_session_active_order allows one active session per order, so when
   * two stations scan the same order at once exactly one insert succeeds, whatever the timing.
   */
  async open(stationName: string, code: string, actor: string): Promise<PackSessionDto> {
    const { store } = this.core;
    const station = await stationByName(this.core, stationName);
    const order = await orderByCode(this.core, code);
    const sessionId = await store.tx(async () => {
      const mine = await store.all(store.kysely.selectFrom('pack_session').select(['id', 'order_id']).where('station_id', '=', station.id).where('status', '=', 'packing'));
      const same = mine.find((s) => s.order_id === order.id);
      if (same) return same.id;
      if (mine.length > 0) {
        const other = (await store.get(store.kysely.selectFrom('sales_order').select('number').where('id', '=', mine[0].order_id)))!.number;
        throw conflict(`This station is still packing ${other}: ship it or release it before scanning ${order.number}`);
      }
      const elsewhere = await store.get(
        store.kysely
          .selectFrom('pack_session as s')
          .innerJoin('packing_station as st', 'st.id', 's.station_id')
          .select(['st.name as station', 's.claimed_by'])
          .where('s.order_id', '=', order.id)
          .where('s.status', '=', 'packing'),
      );
      // The details let the station offer to take the order over (takeOver).
      if (elsewhere) throw conflict(`${order.number} is already being packed at ${elsewhere.station} (${elsewhere.claimed_by})`, { station: elsewhere.station, order: order.number, canTakeOver: true });
      if (order.status === 'picking') {
        const open = (await store.get(
          store.kysely
            .selectFrom('pick_task')
            .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('batch_id').as('batch_id')])
            .where('order_id', '=', order.id)
            .where('status', '=', 'open'),
        ))!;
        if (open.n > 0) throw conflict(`${order.number} is still being picked: ${open.n} pick(s) open in batch ${open.batch_id}`);
      } else if (order.status !== 'allocated' && order.status !== 'packed') {
        throw conflict(`${order.number} is ${order.status}: only picked (or allocated) orders can be packed`, { status: order.status });
      }
      let id: number;
      try {
        // Its own savepoint: on PostgreSQL a failed statement would otherwise abort the transaction.
        id = await store.tx(
          async () =>
            (await store.get(
              store.kysely
                .insertInto('pack_session')
                .values({ station_id: station.id, order_id: order.id, status: 'packing', claimed_by: actor, claimed_at: nowIso(this.core) })
                .returning('id'),
            ))!.id,
        );
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`${order.number} was just claimed by another station`);
        throw err;
      }
      await createPackLines(this.core, id, order.id);
      await packEvent(this.core, id, 'claim', { station: station.name, code: code.trim() }, actor);
      await packEvent(this.core, id, 'scan_order', { order: order.number }, actor);
      return id;
    });
    this.core.events.publish('packing.changed', { station: station.name, orderId: order.id });
    return await this.dto(sessionId);
  }

  /**
   * Moves another station's claim on the scanned order to this station (a packer who switched
   * station, or one who went home): what was verified and weighed so far comes along. Recorded as
   * a claim event naming the station it was taken from; the API call is audited.
   */
  async takeOver(stationName: string, code: string, actor: string): Promise<PackSessionDto> {
    const { store } = this.core;
    const station = await stationByName(this.core, stationName);
    const order = await orderByCode(this.core, code);
    const moved = await store.tx(async () => {
      const claim = await store.get(
        store.kysely
          .selectFrom('pack_session as s')
          .innerJoin('packing_station as st', 'st.id', 's.station_id')
          .select(['s.id', 's.station_id', 'st.name as station', 's.claimed_by'])
          .where('s.order_id', '=', order.id)
          .where('s.status', '=', 'packing'),
      );
      if (!claim) throw conflict(`${order.number} is not claimed by any station: scan it to start packing`);
      await activeSession(this.core, claim.id); // refused while its label is being bought
      if (claim.station_id === station.id) return { id: claim.id, from: null };
      const mine = await store.get(
        store.kysely
          .selectFrom('pack_session as s')
          .innerJoin('sales_order as o', 'o.id', 's.order_id')
          .select('o.number')
          .where('s.station_id', '=', station.id)
          .where('s.status', '=', 'packing'),
      );
      if (mine) throw conflict(`This station is still packing ${mine.number}: ship it or release it before taking over ${order.number}`);
      // Conditional: two stations taking over the same order at once (PostgreSQL runs them side by
      // side) — only the first moves the claim; the other finds it no longer where it saw it.
      const { changes: changed } = await store.run(
        store.kysely
          .updateTable('pack_session')
          .set({ station_id: station.id, claimed_by: actor })
          .where('id', '=', claim.id)
          .where('station_id', '=', claim.station_id)
          .where('status', '=', 'packing')
          .where('finished_at', 'is', null),
      );
      if (changed === 0) throw conflict(`${order.number} was just taken over or finished at another station: scan it again`);
      await packEvent(this.core, claim.id, 'claim', { station: station.name, takenOverFrom: claim.station, previouslyClaimedBy: claim.claimed_by }, actor);
      return { id: claim.id, from: claim.station };
    });
    if (moved.from) {
      this.core.events.publish('packing.changed', { station: moved.from, orderId: order.id });
      this.core.events.publish('packing.changed', { station: station.name, orderId: order.id });
    }
    return await this.dto(moved.id);
  }

  // ---------- verify ----------

  /**
   * One scanned unit. A code that is not in the order, or more units than ordered, is refused
   * (ok: false, recorded as wrong_item) — never an error, because refusing is the normal job here.
   */
  async scanItem(sessionId: number, code: string, lot: string | undefined, actor: string): Promise<PackScanResultDto> {
    const { core } = this;
    const { store } = core;
    const c = code.trim();
    const result = await store.tx(async (): Promise<Omit<PackScanResultDto, 'session'>> => {
      const s = await activeSession(core, sessionId);
      const number = (await store.get(store.kysely.selectFrom('sales_order').select('number').where('id', '=', s.order_id)))!.number;
      const product =
        (await store.get(store.kysely.selectFrom('barcode as b').innerJoin('product as p', 'p.id', 'b.product_id').select(['p.id', 'p.sku', 'p.name', 'p.lot_tracked']).where('b.code', '=', c))) ??
        (await store.get(store.kysely.selectFrom('product').select(['id', 'sku', 'name', 'lot_tracked']).where('sku', '=', noCase(c))));
      const refuse = async (message: string, sku: string | null, detail: Record<string, unknown> = {}) => {
        await packEvent(core, sessionId, 'wrong_item', { code: c, sku, message, ...detail }, actor);
        return { ok: false, message, sku };
      };
      if (!product) {
        // Another order's slip or tote scanned while this one is open: say so, not "unknown product".
        const other = await otherOrderNamed(core, c, s.order_id);
        if (other) return await refuse(`OTHER ORDER ${other}: finish or release order ${number} first — it is not a product`, null);
        return await refuse(`UNKNOWN CODE ${c}: not a product we know — put it aside`, null);
      }
      const lines = await store.all(
        store.kysely
          .selectFrom('pack_line')
          .select(['order_line_id', 'expected_qty', 'verified_qty', 'lots'])
          .where('session_id', '=', sessionId)
          .where('product_id', '=', product.id)
          .orderBy('order_line_id'),
      );
      if (lines.length === 0) return await refuse(`WRONG ITEM: ${product.sku} (${product.name}) is not in order ${number} — put it back`, product.sku);
      const open = lines.filter((l) => l.verified_qty < l.expected_qty);
      if (open.length === 0) {
        const total = lines.reduce((n, l) => n + l.expected_qty, 0);
        return await refuse(`TOO MANY: order ${number} has only ${total} × ${product.sku}, all verified — take this one out`, product.sku);
      }
      let line = open[0];
      let lotCode: string | null = null;
      if (product.lot_tracked === 1) {
        // The lot must be one picked for the line, with units left, unexpired (pack-lot-rules.ts);
        // with the same SKU on two lines, the first line that picked the scanned lot takes it.
        const scanned = lot?.trim() || null;
        const decisions = await mapInOrder(open, async (l) => ({
          line: l,
          decision: await decideLotForScan(core, {
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
          return await refuse(decision.message, product.sku, { lot: scanned, reason: decision.reason });
        }
        line = chosen.line;
        lotCode = decision.code;
      }
      const lots = JSON.parse(line.lots) as string[];
      if (lotCode) lots.push(lotCode);
      await store.run(
        store.kysely
          .updateTable('pack_line')
          .set({ verified_qty: sql`verified_qty + 1`, lots: JSON.stringify(lots) })
          .where('session_id', '=', sessionId)
          .where('order_line_id', '=', line.order_line_id)
          .where('product_id', '=', product.id),
      );
      await packEvent(core, sessionId, 'verify', { code: c, sku: product.sku, lot: lotCode }, actor);
      const done = line.verified_qty + 1 === line.expected_qty;
      if (done) await packEvent(core, sessionId, 'line_done', { sku: product.sku, qty: line.expected_qty }, actor);
      if (await allVerified(core, sessionId)) await prepareParcel(this.deps, sessionId, actor);
      return { ok: true, message: `${product.sku} ✓ ${line.verified_qty + 1}/${line.expected_qty}${lotCode ? ` (lot ${lotCode})` : ''}`, sku: product.sku };
    });
    return { ...result, session: await this.dto(sessionId) };
  }

  // ---------- the parcel ----------

  async weigh(sessionId: number, grams: number | undefined, actor: string): Promise<PackSessionDto> {
    await weighParcel(this.deps, sessionId, grams, actor);
    return await this.dto(sessionId);
  }

  async setBox(sessionId: number, boxCode: string, actor: string): Promise<PackSessionDto> {
    await chooseBox(this.deps, sessionId, boxCode, actor);
    return await this.dto(sessionId);
  }

  /** `pin` is required (and checked) when a supervisor PIN is set in Settings. */
  async override(sessionId: number, reason: string, supervisor: string, actor: string, pin?: string): Promise<PackSessionDto> {
    await overrideWeight(this.deps, sessionId, { reason, supervisor, pin }, actor);
    return await this.dto(sessionId);
  }

  async clearOverride(sessionId: number, actor: string): Promise<PackSessionDto> {
    await clearOverride(this.deps, sessionId, actor);
    return await this.dto(sessionId);
  }

  // ---------- rate and ship ----------

  async rates(sessionId: number): Promise<RatesDto> {
    return await parcelRates(this.deps, sessionId);
  }

  ship(sessionId: number, input: { service?: string; overrideReason?: string }, actor: string): Promise<PackShipResultDto> {
    return shipParcel(this.deps, sessionId, input, actor);
  }

  async release(sessionId: number, reason: string, backToPicking: boolean, actor: string): Promise<PackSessionDto> {
    const { core } = this;
    const { orders } = this.deps;
    const station = await core.store.tx(async () => {
      const s = await activeSession(core, sessionId);
      await core.store.run(core.store.kysely.updateTable('pack_session').set({ status: 'released', finished_at: nowIso(core) }).where('id', '=', sessionId));
      await packEvent(core, sessionId, 'released', { reason, backToPicking }, actor);
      const order = await orders.service.row(s.order_id);
      if (backToPicking && order.status === 'packed') await orders.service.transition(order.id, 'picking', actor, `sent back from packing: ${reason}`);
      return await stationName(core, s.station_id);
    });
    core.events.publish('packing.changed', { station, sessionId });
    return await this.dto(sessionId);
  }

  // ---------- views ----------

  async get(sessionId: number): Promise<PackSessionDto> {
    return await this.dto(sessionId);
  }

  async dto(sessionId: number): Promise<PackSessionDto> {
    return await packSessionDto(this.deps, sessionId);
  }

  async stats(days: number): Promise<PackStatsDto> {
    return await packStats(this.deps, days);
  }
}

/** The number of the order a scanned code names, when it is not the open one (null: no such order). */
async function otherOrderNamed(core: PackingDeps['core'], code: string, openOrderId: number): Promise<string | null> {
  try {
    const order = await orderByCode(core, code);
    return order.id === openOrderId ? null : order.number;
  } catch {
    return null;
  }
}
