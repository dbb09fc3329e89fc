import type { BoxDto } from '../../../../shared/api/shipping';
import type { ShippingBoxRow } from '../../../store/schema';
import type { Store } from '../../../store/store';
import type { RateCard, ZoneChart } from '../types';
import { insertRows } from '../../../store/bulk-insert';

// The writes behind ShippingConfig's imports and box edits (shipping-config.ts), run inside its
// transactions.

/** Rows per multi-row insert: well under either engine's limit on bound parameters. */
/** The chart is replaced as a whole: a chart is one published document, not a merge. */
export async function replaceZoneChart(store: Store, chart: ZoneChart, header: { source: string; importedAt: string; actor: string }): Promise<void> {
  await store.run(store.kysely.deleteFrom('zone_chart_row').where('chart_id', '=', chart.id));
  await store.run(
    store.kysely
      .insertInto('zone_chart')
      .values({ id: chart.id, source: header.source, row_count: chart.rows.length, imported_at: header.importedAt, actor: header.actor })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          source: eb.ref('excluded.source'),
          row_count: eb.ref('excluded.row_count'),
          imported_at: eb.ref('excluded.imported_at'),
          actor: eb.ref('excluded.actor'),
        })),
      ),
  );
  const rows = chart.rows.map((r) => ({ chart_id: chart.id, origin_prefix: r.originPrefix, dest_prefix: r.destPrefix, zone: r.zone }));
  await insertRows(store, 'zone_chart_row', rows);
}

/** A service's rate card, replaced as a whole like a zone chart. */
export async function replaceRateCard(store: Store, card: RateCard, header: { importedAt: string; actor: string }): Promise<void> {
  await store.run(store.kysely.deleteFrom('rate_card_row').where('service_key', '=', card.serviceKey));
  await store.run(
    store.kysely
      .insertInto('rate_card')
      .values({ service_key: card.serviceKey, currency: card.currency, row_count: card.rows.length, imported_at: header.importedAt, actor: header.actor })
      .onConflict((oc) =>
        oc.column('service_key').doUpdateSet((eb) => ({
          currency: eb.ref('excluded.currency'),
          row_count: eb.ref('excluded.row_count'),
          imported_at: eb.ref('excluded.imported_at'),
          actor: eb.ref('excluded.actor'),
        })),
      ),
  );
  const rows = card.rows.map((r) => ({ service_key: card.serviceKey, zone: r.zone, max_weight_g: r.maxWeightG, price_cents: r.priceCents }));
  await insertRows(store, 'rate_card_row', rows);
}

/** Adds a box or changes the one with that code; the row as stored. */
export async function upsertBoxRow(store: Store, input: Omit<BoxDto, 'id'>): Promise<ShippingBoxRow> {
  const row = await store.get(
    store.kysely
      .insertInto('shipping_box')
      .values({
        code: input.code,
        name: input.name,
        inner_length_mm: input.innerLengthMm,
        inner_width_mm: input.innerWidthMm,
        inner_height_mm: input.innerHeightMm,
        tare_g: input.tareG,
        cost_cents: input.costCents,
        active: input.active ? 1 : 0,
      })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          inner_length_mm: eb.ref('excluded.inner_length_mm'),
          inner_width_mm: eb.ref('excluded.inner_width_mm'),
          inner_height_mm: eb.ref('excluded.inner_height_mm'),
          tare_g: eb.ref('excluded.tare_g'),
          cost_cents: eb.ref('excluded.cost_cents'),
          active: eb.ref('excluded.active'),
        })),
      )
      .returningAll(),
  );
  // An upsert with RETURNING always returns its row (inserted or updated).
  return row!;
}
