import { sql } from 'kysely';
import type { ManifestDto } from '../../../../shared/api/shipping';
import { conflict, notFound } from '../../../../shared/errors';
import type { Devices } from '../../../devices/device-service';
import { LABEL_4X6_MM, type LabelElement } from '../../../devices/labels';
import { labelSizeOf, renderLabelFor, renderReceiptFor } from '../../../devices/print-documents';
import type { Core } from '../../../core';
import type { ManifestRow } from '../../../store/schema';
import { centsToDecimalString } from '../money';
import { shopCalendar } from '../../calendar/shop-calendar';
import { csvLine } from '../../../util/csv';

interface OpenShipment {
  id: number;
  order_number: string | null;
  service_name: string;
  dest_postal_code: string;
  dest_country: string;
  price_cents: number;
  packages: number;
  weight_g: number;
  tracking: string;
}

/** End of day: one manifest per carrier closes its open shipments, with a summary sheet (CSV, optional printout). */
export class ManifestService {
  constructor(
    private readonly core: Core,
    private readonly devices: Devices,
  ) {}

  private async open(carrier?: string): Promise<(OpenShipment & { carrier_code: string })[]> {
    const { store } = this.core;
    const open = store.kysely
      .selectFrom('shipment as s')
      .innerJoin('shipment_package as p', 'p.shipment_id', 's.id')
      .leftJoin('sales_order as o', 'o.id', 's.order_id')
      .select((eb) => [
        's.id',
        's.carrier_code',
        'o.number as order_number',
        's.service_name',
        's.dest_postal_code',
        's.dest_country',
        's.price_cents',
        eb.fn.count<number>('p.id').as('packages'),
        eb.fn.sum<number>('p.weight_g').as('weight_g'),
        // Both engines order inside an aggregate (SQLite since 3.44).
        eb.fn.agg<string>('string_agg', ['p.tracking_number', sql.lit(' ')]).orderBy('p.seq').as('tracking'),
      ])
      .where('s.status', '=', 'label_created')
      .where('s.manifest_id', 'is', null)
      // s.id is the key: the shipment's other columns follow from it on both engines.
      .groupBy(['s.id', 'o.number'])
      .orderBy('s.id');
    return await store.all(carrier === undefined ? open : open.where('s.carrier_code', '=', carrier));
  }

  async openSummary(): Promise<{ carrier: string; shipments: number; packages: number; totalCents: number }[]> {
    const by = new Map<string, { carrier: string; shipments: number; packages: number; totalCents: number }>();
    for (const s of await this.open()) {
      const entry = by.get(s.carrier_code) ?? { carrier: s.carrier_code, shipments: 0, packages: 0, totalCents: 0 };
      entry.shipments++;
      entry.packages += s.packages;
      entry.totalCents += s.price_cents;
      by.set(s.carrier_code, entry);
    }
    return [...by.values()];
  }

  async close(carrier: string, printerName: string | undefined, actor: string): Promise<ManifestDto> {
    const { store } = this.core;
    const printer = printerName ? await this.devices.registry.printer(printerName) : null;
    const id = await store.tx(async () => {
      const shipments = await this.open(carrier);
      if (shipments.length === 0) throw conflict(`No open ${carrier.toUpperCase()} shipments to manifest`);
      const date = (await shopCalendar(this.core)).today();
      const csv = [
        'shipment_id,order,tracking_numbers,service,packages,weight_g,price,dest_postal_code,dest_country',
        ...shipments.map((s) =>
          csvLine([s.id, s.order_number ?? '', s.tracking, s.service_name, s.packages, s.weight_g, centsToDecimalString(s.price_cents), s.dest_postal_code, s.dest_country]),
        ),
      ].join('\n');
      const totals = { packages: shipments.reduce((n, s) => n + s.packages, 0), weight: shipments.reduce((n, s) => n + s.weight_g, 0), cents: shipments.reduce((n, s) => n + s.price_cents, 0) };
      const manifestId = (await store.get(
        store.kysely
          .insertInto('manifest')
          .values({
            carrier_code: carrier,
            manifest_date: date,
            shipment_count: shipments.length,
            package_count: totals.packages,
            total_weight_g: totals.weight,
            total_cents: totals.cents,
            csv: `${csv}\n`,
            actor,
            closed_at: this.core.clock.now().toISOString(),
          })
          .returning('id'),
      ))!.id;
      const at = this.core.clock.now().toISOString();
      for (const s of shipments) {
        // Conditional: a station closing the same carrier at the same moment (one PostgreSQL) has
        // taken this shipment first; this manifest is not written at all.
        const { changes } = await store.run(
          store.kysely
            .updateTable('shipment')
            .set({ status: 'manifested', manifest_id: manifestId, updated_at: at })
            .where('id', '=', s.id)
            .where('status', '=', 'label_created')
            .where('manifest_id', 'is', null),
        );
        if (changes === 0) throw conflict(`Shipment ${s.id} was manifested or voided by another station while this ${carrier.toUpperCase()} manifest was closing; close it again`);
      }
      await store.run(
        store.kysely
          .updateTable('shipment_package')
          .set({ status: 'manifested' })
          .where('status', '=', 'label_created')
          .where('shipment_id', 'in', (eb) => eb.selectFrom('shipment').select('id').where('manifest_id', '=', manifestId)),
      );
      return manifestId;
    });
    if (printer) {
      const m = await this.row(id);
      const lines = [
        `${carrier.toUpperCase()} manifest #${m.id}`,
        `Date ${m.manifest_date}`,
        `${m.shipment_count} shipments, ${m.package_count} packages`,
        `Total weight ${(m.total_weight_g / 1000).toFixed(2)} kg`,
        `Postage $${centsToDecimalString(m.total_cents)}`,
        'Driver signature: ____________',
      ];
      const rendered =
        printer.language === 'zpl'
          ? renderLabelFor(printer, {
              ...(labelSizeOf(printer) ?? LABEL_4X6_MM),
              elements: lines.map((text, i): LabelElement => ({ kind: 'text', x: 4, y: 6 + i * 10, text, heightMm: i === 0 ? 6 : 4.5, maxWidthMm: labelSizeOf(printer).widthMm - 8, bold: i === 0 })),
            })
          : renderReceiptFor(printer, { blocks: [...lines.map((text, i) => ({ kind: 'text' as const, text, bold: i === 0 })), { kind: 'feed', lines: 3 }, { kind: 'cut' }] });
      const job = await this.devices.queue.enqueue(printer, rendered, { kind: 'manifest', reference: `manifest ${id}`, actor });
      await store.run(store.kysely.updateTable('manifest').set({ print_job_id: job.id }).where('id', '=', id));
    }
    this.core.events.publish('shipping.shipments', { manifest: id });
    return this.dto(await this.row(id));
  }

  async row(id: number): Promise<ManifestRow> {
    const { store } = this.core;
    const row = await store.get(store.kysely.selectFrom('manifest').selectAll().where('id', '=', id));
    if (!row) throw notFound(`Manifest ${id}`);
    return row;
  }

  async list(limit: number): Promise<ManifestDto[]> {
    const { store } = this.core;
    return (await store.all(store.kysely.selectFrom('manifest').selectAll().orderBy('id', 'desc').limit(limit))).map((m) => this.dto(m));
  }

  private dto(m: ManifestRow): ManifestDto {
    return {
      id: m.id,
      carrier: m.carrier_code,
      date: m.manifest_date,
      shipments: m.shipment_count,
      packages: m.package_count,
      totalWeightG: m.total_weight_g,
      totalCents: m.total_cents,
      closedAt: m.closed_at,
      printJobId: m.print_job_id,
      csv: m.csv,
    };
  }
}
