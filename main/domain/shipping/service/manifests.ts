import type { ManifestDto } from '../../../../shared/api/shipping';
import { conflict } from '../../../../shared/errors';
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
    return await this.core.store.raw(
      `select s.id, s.carrier_code, o.number as order_number, s.service_name, s.dest_postal_code, s.dest_country, s.price_cents,
         count(p.id) as packages, sum(p.weight_g) as weight_g, string_agg(p.tracking_number, ' ' order by p.seq) as tracking
       from shipment s join shipment_package p on p.shipment_id = s.id left join sales_order o on o.id = s.order_id
       where s.status = 'label_created' and s.manifest_id is null and (cast(? as text) is null or s.carrier_code = ?)
       group by s.id, o.number order by s.id`,
      carrier ?? null,
      carrier ?? null,
    );
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
      const manifestId = (await store.raw<{ id: number }>(
        'insert into manifest (carrier_code, manifest_date, shipment_count, package_count, total_weight_g, total_cents, csv, actor, closed_at) values (?,?,?,?,?,?,?,?,?) returning id',
        carrier,
        date,
        shipments.length,
        totals.packages,
        totals.weight,
        totals.cents,
        `${csv}\n`,
        actor,
        this.core.clock.now().toISOString(),
      ))[0].id;
      const at = this.core.clock.now().toISOString();
      for (const s of shipments) {
        // Conditional: a station closing the same carrier at the same moment (one PostgreSQL) has
        // taken this shipment first; this manifest is not written at all.
        const changed = await store.update("update shipment set status = 'manifested', manifest_id = ?, updated_at = ? where id = ? and status = 'label_created' and manifest_id is null", manifestId, at, s.id);
        if (changed === 0) throw conflict(`Shipment ${s.id} was manifested or voided by another station while this ${carrier.toUpperCase()} manifest was closing; close it again`);
      }
      await store.raw("update shipment_package set status = 'manifested' where status = 'label_created' and shipment_id in (select id from shipment where manifest_id = ?)", manifestId);
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
      await store.raw('update manifest set print_job_id = ? where id = ?', job.id, id);
    }
    this.core.events.publish('shipping.shipments', { manifest: id });
    return this.dto(await this.row(id));
  }

  async row(id: number): Promise<ManifestRow> {
    return (await this.core.store.raw<ManifestRow>('select * from manifest where id = ?', id))[0];
  }

  async list(limit: number): Promise<ManifestDto[]> {
    return (await this.core.store.raw<ManifestRow>('select * from manifest order by id desc limit ?', limit)).map((m) => this.dto(m));
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
