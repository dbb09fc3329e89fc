import { eachInOrder } from '../../../util/in-order';
import { CsvReadError, readCsvRecordsSync, type CsvRecord } from '../../../util/csv';
import type { ImportReportDto, ShipmentDto, ShippingExceptionDto } from '../../../../shared/api/shipping';
import { conflict, invalid, notFound } from '../../../../shared/errors';
import type { Core } from '../../../core';
import type { ShipmentRow, ShipmentStatus } from '../../../store/schema';
import type { Orders } from '../../orders/index';
import type { LiveRateAdapter } from '../live-rates';
import { normalizeTrackingNumber } from '../tracking-numbers';
import { shopCalendar } from '../../calendar/shop-calendar';
import { parseLocalDate } from '../../calendar/local-days';
import type { ShipmentService } from './shipments';
import type { ShippingConfig } from './shipping-config';
import { quoteValue, shortValue } from '../../../util/quote-value';

export type TrackingStatus = 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception' | 'returned';

/** Carrier/aggregator words for the same five states (EasyPost's statuses included); null = informational. */
export function normalizeTrackingStatus(text: string): TrackingStatus | null {
  const s = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (['in_transit', 'transit', 'accepted', 'picked_up', 'departed', 'arrived'].includes(s)) return 'in_transit';
  if (['out_for_delivery', 'available_for_pickup'].includes(s)) return 'out_for_delivery';
  if (s === 'delivered') return 'delivered';
  if (['exception', 'failure', 'delivery_failed', 'error', 'cancelled'].includes(s)) return 'exception';
  if (['returned', 'return_to_sender', 'returned_to_sender'].includes(s)) return 'returned';
  return null;
}

/** Days without a scan after which a parcel counts as stalled. */
const STALLED_AFTER_DAYS = { unscanned: 2, inTransit: 3 };
/** Clock difference between a scanner, the carrier and this machine that is not "the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Tracking scans → shipment states, the on-time record and the order's delivered state; and the exceptions list. */
export class TrackingService {
  constructor(
    private readonly core: Core,
    private readonly config: ShippingConfig,
    private readonly shipments: ShipmentService,
    /** Only the order service (its state machine). */
    private readonly orders: Pick<Orders, 'service'>,
  ) {}

  /**
   * Applies one scan. Idempotent: the same (tracking number, status, time) twice is one event.
   * A shipment is delivered when all its packages are; its delivery joins the on-time record
   * (per service and zone) and, when every shipment of the order is delivered, the order moves
   * to delivered.
   */
  async update(input: { trackingNumber: string; status: TrackingStatus; at: string; message: string; location: string | null }, source: string, actor: string): Promise<ShipmentDto> {
    const { store } = this.core;
    const tracking = normalizeTrackingNumber(input.trackingNumber);
    const future = await this.futureTimestamp(input.at);
    if (future) throw invalid(future, { field: 'at' });
    const shipmentId = await store.tx(async () => {
      const pkg = await store.get(store.kysely.selectFrom('shipment_package').select(['id', 'shipment_id']).where('tracking_number', '=', tracking));
      if (!pkg) throw notFound(`Tracking number ${tracking}`, { field: 'trackingNumber' });
      // Scans of one shipment's packages apply one at a time (a no-op update takes the row lock on
      // PostgreSQL), so each sees the others' package states: the last delivered scan delivers it.
      await store.run(store.kysely.updateTable('shipment').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', pkg.shipment_id));
      const s = await this.shipments.row(pkg.shipment_id);
      if (s.status === 'voided') throw conflict(`Shipment ${s.id} was voided; scans for ${tracking} are not applied`);
      const now = this.core.clock.now().toISOString();
      const inserted = await store.get(
        store.kysely
          .insertInto('tracking_event')
          .values({ shipment_id: s.id, tracking_number: tracking, status: input.status, message: input.message, location: input.location, at: input.at, source, recorded_at: now })
          .onConflict((oc) => oc.doNothing())
          .returning('id'),
      );
      if (!inserted) return s.id;
      // The package is where its latest scan says (scans may arrive out of order: a provider lists them oldest first).
      const latest = (await store.get(
        store.kysely.selectFrom('tracking_event').select('status').where('shipment_id', '=', s.id).where('tracking_number', '=', tracking).orderBy('at', 'desc').orderBy('id', 'desc').limit(1),
      ))!.status;
      await store.run(store.kysely.updateTable('shipment_package').set({ status: latest }).where('id', '=', pkg.id));
      const live = await store.all(store.kysely.selectFrom('shipment_package').select('status').where('shipment_id', '=', s.id).where('status', '<>', 'voided'));
      const next = shipmentStatusOf(live.map((p) => p.status));
      const deliveredDate = next === 'delivered' ? await this.deliveredDate(s.id) : null;
      await store.run(
        store.kysely
          .updateTable('shipment')
          .set((eb) => ({
            status: next,
            delivered_date: deliveredDate ?? eb.ref('delivered_date'),
            // The latest scan time wins (scans arrive out of order); ISO text compares as time.
            last_event_at: eb.case().when(eb.or([eb('last_event_at', 'is', null), eb('last_event_at', '<', input.at)])).then(input.at).else(eb.ref('last_event_at')).end(),
            updated_at: now,
          }))
          .where('id', '=', s.id),
      );
      if (next === 'delivered' && s.status !== 'delivered') await this.delivered(s, deliveredDate!, actor, source);
      return s.id;
    });
    this.core.events.publish('shipping.shipments', { id: shipmentId });
    return await this.shipments.dto(shipmentId);
  }

  private async deliveredDate(shipmentId: number): Promise<string> {
    const { store } = this.core;
    const last = await store.get(store.kysely.selectFrom('tracking_event').select((eb) => eb.fn.max<string | null>('at').as('at')).where('shipment_id', '=', shipmentId).where('status', '=', 'delivered'));
    // Called once a delivered scan is stored, so there is one.
    return await this.localDayOf(last!.at!);
  }

  /** The shop's calendar day of a scan time (a carrier's UTC time late in the evening is the shop's same day). */
  private async localDayOf(at: string): Promise<string> {
    return /[zZ]|[+-]\d{2}:?\d{2}$/.test(at) ? (await shopCalendar(this.core)).localDate(new Date(at)) : at.slice(0, 10);
  }

  /**
   * The on-time record learns from what really happened: transit counts from the carrier's first
   * scan (when it has one — a parcel handed over a day late is the shop's delay, not the carrier's
   * transit) to the delivery scan; without any scan before delivery, from the planned pickup.
   */
  private async delivered(s: ShipmentRow, deliveredDate: string, actor: string, source: string): Promise<void> {
    const { store } = this.core;
    const firstScan = await store.get(store.kysely.selectFrom('tracking_event').select((eb) => eb.fn.min<string | null>('at').as('at')).where('shipment_id', '=', s.id).where('status', '<>', 'delivered'));
    const scanned = firstScan?.at ? await this.localDayOf(firstScan.at) : null;
    const pickup = scanned && scanned <= deliveredDate ? scanned : s.pickup_date;
    await store.run(
      store.kysely
        .insertInto('delivery_record')
        .values({ service_key: s.service_key, zone: s.zone, pickup_date: pickup, delivered_date: deliveredDate, shipment_id: s.id, source: `tracking:${source}` })
        .onConflict((oc) => oc.column('shipment_id').doNothing()),
    );
    await this.config.historyChanged();
    if (!s.order_id) return;
    const order = await store.get(store.kysely.selectFrom('sales_order').select('status').where('id', '=', s.order_id));
    const open = (await store.get(
      store.kysely.selectFrom('shipment').select((eb) => eb.fn.countAll<number>().as('n')).where('order_id', '=', s.order_id).where('status', 'not in', ['delivered', 'voided']),
    ))!.n;
    if (order?.status === 'shipped' && open === 0) await this.orders.service.move(s.order_id, 'delivered', `delivered ${deliveredDate}`, actor);
  }

  /** CSV `tracking_number,status,at[,message,location]`; every bad row reported, good rows applied. */
  async importCsv(csv: string, actor: string): Promise<ImportReportDto & { updated: number }> {
    // The same tokenizer as every import (row numbers are the file's lines, blank lines skipped).
    let parsed: CsvRecord[];
    try {
      parsed = readCsvRecordsSync(csv);
    } catch (error) {
      if (!(error instanceof CsvReadError)) throw error;
      return { ok: false, rows: 0, updated: 0, errors: [{ row: error.row, column: '', message: `not valid CSV: ${shortValue(error.message)}` }] };
    }
    const header = (parsed.shift()?.cells ?? []).map((c) => c.trim().toLowerCase());
    const records = parsed.map(({ cells }) => Object.fromEntries(header.map((name, i) => [name, (cells[i] ?? '').trim()])) as Record<string, string>);
    const errors: ImportReportDto['errors'] = [];
    if (records.length > 0) {
      for (const column of ['tracking_number', 'status', 'at']) if (!header.includes(column)) errors.push({ row: 1, column, message: `missing column "${column}"` });
    }
    if (errors.length) return { ok: false, rows: 0, updated: 0, errors };
    let updated = 0;
    await eachInOrder(records, async (r, i) => {
      const row = parsed[i].row;
      const status = normalizeTrackingStatus(r.status ?? '');
      if (!status) return errors.push({ row, column: 'status', message: `unknown status ${quoteValue(r.status)} (in_transit, out_for_delivery, delivered, exception, returned)` });
      if (!/^\d{4}-\d{2}-\d{2}/.test(r.at ?? '')) return errors.push({ row, column: 'at', message: `${quoteValue(r.at)} is not a date or ISO time` });
      const future = await this.futureTimestamp(r.at);
      if (future) return errors.push({ row, column: 'at', message: future });
      try {
        await this.update({ trackingNumber: r.tracking_number, status, at: r.at, message: r.message ?? '', location: r.location || null }, 'csv', actor);
        updated++;
      } catch (error) {
        errors.push({ row, column: 'tracking_number', message: (error as Error).message });
      }
    });
    return { ok: errors.length === 0, rows: records.length, updated, errors };
  }

  /**
   * Why a scan time cannot be true (it is later than now), or null. A date alone is compared with
   * the shop's today; a time without a zone is the shop's wall clock; a time with a zone is an
   * instant. A few minutes of clock difference between machines are allowed.
   */
  async futureTimestamp(at: string): Promise<string | null> {
    const calendar = await shopCalendar(this.core);
    const now = this.core.clock.now();
    const latest = new Date(now.getTime() + CLOCK_SKEW_MS);
    const text = at.trim();
    let future: boolean;
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) future = text > calendar.localDate(latest);
    else if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(text)) future = Date.parse(text) > latest.getTime();
    else future = text.replace(' ', 'T').slice(0, 16) > calendar.localDateTime(latest);
    return future ? `${quoteValue(at)} is in the future (the shop's time now is ${(calendar.localDateTime(now)).replace('T', ' ')}): a scan cannot have happened yet` : null;
  }

  /** Pulls tracking for one shipment's packages from a live adapter (EasyPost's trackers). */
  async refreshFrom(adapter: LiveRateAdapter, shipmentId: number, actor: string): Promise<ShipmentDto> {
    const s = await this.shipments.dto(shipmentId);
    for (const p of s.packages) {
      if (!p.trackingNumber) continue;
      const status = await adapter.track(p.trackingNumber, s.carrier);
      // Oldest first, as they happened (providers list them either way).
      for (const e of [...status.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
        const mapped = normalizeTrackingStatus(e.status);
        // A scan "from the future" is a provider clock error: not applied (imports refuse it with the row).
        if (!mapped || await this.futureTimestamp(e.at)) continue;
        const location = [e.city, e.state, e.zip].filter(Boolean).join(', ') || null;
        await this.update({ trackingNumber: p.trackingNumber, status: mapped, at: e.at, message: e.message, location }, adapter.name, actor);
      }
    }
    return await this.shipments.dto(shipmentId);
  }

  async exceptions(): Promise<ShippingExceptionDto[]> {
    const { store } = this.core;
    const now = this.core.clock.now();
    const calendar = await shopCalendar(this.core);
    const today = calendar.localDate(now);
    const todayDay = parseLocalDate(today);
    const rows = await store.all(
      store.kysely
        .selectFrom('shipment as s')
        .leftJoin('sales_order as o', 'o.id', 's.order_id')
        .selectAll('s')
        .select((eb) => [
          'o.number as order_number',
          eb.selectFrom('shipment_package as p').select('p.tracking_number').whereRef('p.shipment_id', '=', 's.id').orderBy('p.seq').limit(1).as('tracking'),
        ])
        .where('s.status', 'not in', ['delivered', 'voided'])
        .orderBy('s.id', 'desc')
        .limit(1000),
    );
    const out: ShippingExceptionDto[] = [];
    for (const s of rows) {
      const base = {
        shipmentId: s.id,
        orderId: s.order_id,
        orderNumber: s.order_number,
        carrier: s.carrier_code,
        serviceName: s.service_name,
        trackingNumber: s.tracking,
        promisedDate: s.promised_date,
        expectedDeliveryDate: s.expected_delivery_date,
        lastEventAt: s.last_event_at,
      };
      const lastMessage = async () =>
        (await store.get(store.kysely.selectFrom('tracking_event').select('message').where('shipment_id', '=', s.id).orderBy('at', 'desc').orderBy('id', 'desc').limit(1)))?.message ?? '';
      if (s.status === 'exception') out.push({ ...base, kind: 'exception', detail: await lastMessage() || 'the carrier reported a delivery exception' });
      else if (s.status === 'returned') out.push({ ...base, kind: 'returned', detail: await lastMessage() || 'returned to sender' });
      else if (s.promised_date && s.promised_date < today) out.push({ ...base, kind: 'late', detail: `promised ${s.promised_date}, still ${s.status.replace(/_/g, ' ')}` });
      else {
        // Shop days without a scan, counted from the shop's date of the last scan (or of the label):
        // the count turns at the shop's midnight, not every 24 h after the scan.
        const lastScanDay = parseLocalDate(calendar.localDate(new Date(s.last_event_at ?? s.created_at)));
        const unscanned = s.status === 'label_created' || s.status === 'manifested';
        const limit = unscanned ? STALLED_AFTER_DAYS.unscanned : STALLED_AFTER_DAYS.inTransit;
        const days = todayDay - lastScanDay - 1; // whole shop days gone by since that day
        if (days >= limit) {
          out.push({ ...base, kind: 'stalled', detail: unscanned ? `no carrier scan in ${days} days since the label was made` : `no scan for ${days} days` });
        }
      }
    }
    return out;
  }
}

/** A shipment is as far along as its slowest package; any exception or return shows first. */
export function shipmentStatusOf(packageStatuses: string[]): ShipmentStatus {
  if (packageStatuses.includes('exception')) return 'exception';
  if (packageStatuses.includes('returned')) return 'returned';
  if (packageStatuses.length > 0 && packageStatuses.every((s) => s === 'delivered')) return 'delivered';
  if (packageStatuses.length > 0 && packageStatuses.every((s) => s === 'delivered' || s === 'out_for_delivery')) return 'out_for_delivery';
  return 'in_transit';
}
