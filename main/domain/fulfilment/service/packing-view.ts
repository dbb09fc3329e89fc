import { mapInOrder } from '../../../util/in-order';
import type { PackLineDto, PackSessionDto, PackStatsDto } from '../../../../shared/api/fulfilment';
import { shopCalendar } from '../../calendar/shop-calendar';
import { isExpired } from '../pack-lot-rules';
import { pickedLotsForLine } from './pack-lots';
import { packingSettings } from './packing-settings';
import { itemsWeight, lockReason, nowIso, packLines, sessionRow, stationName, type PackingDeps } from './packing-store';
import { checkParcelWeight, toleranceFor } from './weight-check';

/** A packing session as the station shows it: lines, box, weight check, why the label is locked. */
export async function packSessionDto({ core, orders, shipping }: PackingDeps, sessionId: number): Promise<PackSessionDto> {
  const { store } = core;
  const s = await sessionRow(core, sessionId);
  const order = await orders.service.row(s.order_id);
  const shipTo = order.ship_to ? (JSON.parse(order.ship_to) as { city?: string; postalCode?: string; countryCode?: string }) : null;
  const barcodes = async (productId: number) => (await store.all(store.kysely.selectFrom('barcode').select('code').where('product_id', '=', productId).orderBy('code'))).map((r) => r.code);
  const today = (await shopCalendar(core)).today();
  const lines: PackLineDto[] = await mapInOrder((await packLines(core, sessionId)), async (l) => {
    const lots = JSON.parse(l.lots) as string[];
    const picked = l.lot_tracked === 1 ? await pickedLotsForLine(core, s.order_id, { orderLineId: l.order_line_id, productId: l.product_id, verifiedQty: l.verified_qty, lots }) : [];
    return {
      orderLineId: l.order_line_id,
      sku: l.sku,
      name: l.name,
      barcodes: [l.sku, ...await barcodes(l.product_id)],
      expectedQty: l.expected_qty,
      verifiedQty: l.verified_qty,
      lotTracked: l.lot_tracked === 1,
      lots,
      pickedLots: picked.map((p) => ({ lot: p.code, expiresOn: p.expiresOn, expired: isExpired(p.expiresOn, today), pickedQty: p.pickedQty, packedQty: p.packedQty })),
      unitWeightG: l.weight_g || 100,
    };
  });
  const allVerified = lines.every((l) => l.verifiedQty >= l.expectedQty);
  const settings = await packingSettings(core);
  const boxes = (await shipping.config.boxDtos()).filter((b) => b.active);
  const boxRow = s.box_code ? boxes.find((b) => b.code.toLowerCase() === s.box_code!.toLowerCase()) : undefined;
  const boxEvent = await store.get(store.kysely.selectFrom('pack_event').select('detail').where('session_id', '=', sessionId).where('kind', '=', 'box').orderBy('id', 'desc').limit(1));
  const lastBox = boxEvent ? (JSON.parse(boxEvent.detail) as { suggested?: boolean; reason?: string }) : null;
  const expected = s.expected_weight_g;
  const check =
    s.measured_weight_g !== null && expected !== null
      ? checkParcelWeight({
          expectedG: expected,
          measuredG: s.measured_weight_g,
          tolerancePercent: settings.weightTolerancePercent,
          toleranceMinG: settings.weightToleranceMinG,
          items: lines.map((l) => ({ sku: l.sku, unitWeightG: l.unitWeightG })),
        })
      : null;
  const lock = await lockReason(core, s);
  const step: PackSessionDto['step'] = s.status !== 'packing' ? 'done' : !allVerified ? 'verify' : lock ? 'weigh' : 'ship';
  const events = (await store.all(store.kysely.selectFrom('pack_event').select(['at', 'kind', 'detail', 'actor']).where('session_id', '=', sessionId).orderBy('id', 'desc').limit(60)))
    .map((e) => ({ at: e.at, kind: e.kind, detail: JSON.parse(e.detail) as Record<string, unknown>, actor: e.actor }));
  const expectedG = expected ?? await itemsWeight(core, sessionId);
  return {
    id: s.id,
    station: await stationName(core, s.station_id),
    orderId: order.id,
    orderNumber: order.number,
    orderStatus: order.status,
    customer: order.customer_name,
    shipTo: shipTo ? { city: shipTo.city ?? '', postalCode: shipTo.postalCode ?? '', country: shipTo.countryCode ?? '' } : null,
    status: s.status,
    claimedBy: s.claimed_by,
    claimedAt: s.claimed_at,
    lines,
    allVerified,
    step,
    labelUnlocked: lock === null,
    lockedReason: lock,
    box: s.box_code
      ? { code: s.box_code, name: boxRow?.name ?? s.box_code, tareG: s.box_tare_g ?? 0, suggested: lastBox?.suggested ?? false, reason: lastBox?.reason ?? '' }
      : null,
    boxes: boxes.map((b) => ({ code: b.code, name: b.name, tareG: b.tareG })),
    weight: {
      expectedG,
      toleranceG: toleranceFor(expectedG, settings.weightTolerancePercent, settings.weightToleranceMinG),
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
export async function packStats({ core }: PackingDeps, days: number): Promise<PackStatsDto> {
  const { store } = core;
  const to = nowIso(core);
  // The last `days` shop days (from the shop's midnight), not days × 24 h back from this minute.
  const from = ((await shopCalendar(core)).startOfDaysAgo(days)).toISOString();
  const counts = await store.all(store.kysely.selectFrom('pack_event').select((eb) => ['kind', eb.fn.countAll<number>().as('n')]).where('at', '>=', from).groupBy('kind'));
  const n = (k: string) => counts.find((c) => c.kind === k)?.n ?? 0;
  // Claim-to-label seconds from the two ISO timestamps, in JS: date arithmetic differs per engine.
  const shipped = (
    await store.all(
      store.kysely
        .selectFrom('pack_session as s')
        .innerJoin('packing_station as st', 'st.id', 's.station_id')
        .select(['st.name as station', 's.claimed_at', 's.finished_at'])
        .where('s.status', '=', 'shipped')
        .where('s.finished_at', '>=', from),
    )
  ).map((r) => ({ station: r.station, seconds: (Date.parse(r.finished_at!) - Date.parse(r.claimed_at)) / 1000 }));
  const median = (xs: number[]) => {
    if (xs.length === 0) return null;
    const sorted = [...xs].sort((a, b) => a - b);
    return Math.round(sorted[Math.floor((sorted.length - 1) / 2)]);
  };
  const stations = [...new Set(shipped.map((r) => r.station))].sort();
  return {
    from,
    to,
    sessions: (await store.get(store.kysely.selectFrom('pack_session').select((eb) => eb.fn.countAll<number>().as('n')).where('claimed_at', '>=', from)))!.n,
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
