import type { z } from 'zod';
import type { PackingStationDto, PrinterDto, PrinterState, printerInput, scaleInput, stationInput } from '../../shared/api/devices';
import { conflict, invalid, notFound } from '../../shared/errors';
import type { Core } from '../core';
import type { PrinterRow, PrintJobRow, ScaleRow } from '../store/schema';
import { parsePrinterUri, parseSystemPrinterUri } from './printers';
import type { ScaleReading } from './scales';
import { childLogger } from '../logging/logger';
import { byNoCase, noCase } from '../store/no-case';

const log = childLogger({ module: 'devices' });

type PrinterInput = z.output<typeof printerInput>;
type ScaleInput = z.output<typeof scaleInput>;
type StationInput = z.output<typeof stationInput>;

/** Print jobs still to print: the ones a printer's "pending" counts and that keep it from being removed. */
const WAITING_JOB_STATES: PrintJobRow['state'][] = ['queued', 'sending'];

/** Stock defaults per language: 4×6 in labels for ZPL, 80 mm rolls for ESC/POS, A4 sheets for a system (office) printer. */
const DEFAULT_SIZE = { zpl: { w: 102, h: 152 }, escpos: { w: 80, h: 297 }, pdf: { w: 210, h: 297 } } as const;

/**
 * Configured devices: printers (with profile and last known status), scales and packing stations.
 * Everything here is plain store access; live connections are in print-queue, printer-status and
 * scale-hub.
 */
export class DeviceRegistry {
  constructor(private readonly core: Core) {}

  private now(): string {
    return this.core.clock.now().toISOString();
  }

  // ---------- printers ----------

  async printers(): Promise<PrinterRow[]> {
    return await this.core.store.all(this.core.store.kysely.selectFrom('printer').selectAll().orderBy(byNoCase('name')));
  }

  async printer(name: string): Promise<PrinterRow> {
    const row = await this.core.store.get(this.core.store.kysely.selectFrom('printer').selectAll().where('name', '=', noCase(name)));
    if (!row) throw notFound(`Printer "${name}"`, { printer: name });
    return row;
  }

  async printerById(id: number): Promise<PrinterRow | undefined> {
    return await this.core.store.get(this.core.store.kysely.selectFrom('printer').selectAll().where('id', '=', id));
  }

  async printerDtos(): Promise<PrinterDto[]> {
    const pending = new Map(
      (await this.core.store.all(
        this.core.store.kysely.selectFrom('print_job')
          .select((eb) => ['printer_id', eb.fn.countAll<number>().as('n')])
          .where('state', 'in', WAITING_JOB_STATES)
          .groupBy('printer_id'),
      )).map((r) => [r.printer_id, r.n]),
    );
    return (await this.printers()).map((row) => printerToDto(row, pending.get(row.id) ?? 0));
  }

  async printerDto(name: string): Promise<PrinterDto> {
    const row = await this.printer(name);
    const waiting = await this.core.store.get(
      this.core.store.kysely.selectFrom('print_job').select((eb) => eb.fn.countAll<number>().as('n')).where('printer_id', '=', row.id).where('state', 'in', WAITING_JOB_STATES),
    );
    return printerToDto(row, waiting?.n ?? 0);
  }

  async upsertPrinter(input: PrinterInput): Promise<PrinterDto> {
    const { store } = this.core;
    try {
      if (input.language === 'pdf') parseSystemPrinterUri(input.uri);
      else parsePrinterUri(input.uri);
    } catch (error) {
      throw invalid((error as Error).message, { field: 'uri', issues: [{ path: 'uri', message: (error as Error).message }] });
    }
    const size = DEFAULT_SIZE[input.language];
    return await store.tx(async () => {
      const existing = await store.get(store.kysely.selectFrom('printer').selectAll().where('name', '=', noCase(input.renameFrom ?? input.name)));
      if (input.renameFrom && !existing) throw notFound(`Printer "${input.renameFrom}"`);
      const width = input.labelWidthMm ?? (existing?.language === input.language ? existing.label_width_mm : size.w);
      const height = input.labelHeightMm ?? (existing?.language === input.language ? existing.label_height_mm : size.h);
      const values = {
        name: input.name, language: input.language, uri: input.uri, dpi: input.dpi, label_width_mm: width, label_height_mm: height,
        darkness: input.darkness, offset_x_mm: input.offsetXMm, offset_y_mm: input.offsetYMm, enabled: input.enabled ? 1 : 0, updated_at: this.now(),
      };
      if (existing) {
        if (await store.get(store.kysely.selectFrom('printer').select('id').where('name', '=', noCase(input.name)).where('id', '<>', existing.id))) {
          throw conflict(`A printer named ${input.name} already exists`);
        }
        // A new address or language makes the last status meaningless until the next check.
        const reset = existing.uri !== input.uri || existing.language !== input.language;
        await store.run(
          store.kysely.updateTable('printer')
            .set(reset ? { ...values, status: 'unknown', status_problems: '[]', status_at: null } : values)
            .where('id', '=', existing.id),
        );
      } else {
        await store.run(store.kysely.insertInto('printer').values({ ...values, created_at: this.now() }));
      }
      this.core.events.publish('devices.changed', { printer: input.name });
      return await this.printerDto(input.name);
    });
  }

  async removePrinter(name: string): Promise<{ removed: boolean }> {
    const { store } = this.core;
    return await store.tx(async () => {
      const row = await store.get(store.kysely.selectFrom('printer').select(['id', 'name']).where('name', '=', noCase(name)));
      if (!row) return { removed: false };
      if (await store.get(store.kysely.selectFrom('print_job').select('id').where('printer_id', '=', row.id).where('state', 'in', WAITING_JOB_STATES).limit(1))) {
        throw conflict(`${row.name} still has jobs waiting to print; cancel them or let them finish first`);
      }
      await store.run(store.kysely.deleteFrom('printer').where('id', '=', row.id));
      this.core.events.publish('devices.changed', { printer: row.name });
      return { removed: true };
    });
  }

  /** Stores a status only when it changed, and tells live screens. Returns whether it changed. */
  async setPrinterStatus(id: number, state: PrinterState, problems: string[]): Promise<boolean> {
    const json = JSON.stringify(problems);
    const changed = await this.core.store.all(
      this.core.store.kysely.updateTable('printer')
        .set({ status: state, status_problems: json, status_at: this.now() })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('status', '<>', state), eb('status_problems', '<>', json)]))
        .returning('name'),
    );
    if (changed.length) {
      log[state === 'ready' ? 'info' : 'warn']({ printer: changed[0].name, status: state, problems }, 'printer status changed');
      this.core.events.publish('devices.changed', { printer: changed[0].name, status: state, problems });
    }
    return changed.length > 0;
  }

  // ---------- scales ----------

  async scales(): Promise<ScaleRow[]> {
    return await this.core.store.all(this.core.store.kysely.selectFrom('scale').selectAll().orderBy(byNoCase('name')));
  }

  async scale(name: string): Promise<ScaleRow> {
    const row = await this.core.store.get(this.core.store.kysely.selectFrom('scale').selectAll().where('name', '=', noCase(name)));
    if (!row) throw notFound(`Scale "${name}"`, { scale: name });
    return row;
  }

  async upsertScale(input: ScaleInput): Promise<ScaleRow> {
    const { store } = this.core;
    return await store.tx(async () => {
      const existing = await store.get(store.kysely.selectFrom('scale').select('id').where('name', '=', noCase(input.renameFrom ?? input.name)));
      if (input.renameFrom && !existing) throw notFound(`Scale "${input.renameFrom}"`);
      const values = { name: input.name, protocol: input.protocol, port: input.port, baud: input.baud, enabled: input.enabled ? 1 : 0, updated_at: this.now() };
      if (existing) {
        if (await store.get(store.kysely.selectFrom('scale').select('id').where('name', '=', noCase(input.name)).where('id', '<>', existing.id))) {
          throw conflict(`A scale named ${input.name} already exists`);
        }
        await store.run(store.kysely.updateTable('scale').set(values).where('id', '=', existing.id));
      } else {
        await store.run(store.kysely.insertInto('scale').values({ ...values, created_at: this.now() }));
      }
      this.core.events.publish('devices.changed', { scale: input.name });
      return await this.scale(input.name);
    });
  }

  async removeScale(name: string): Promise<{ removed: boolean }> {
    const changed = await this.core.store.all(this.core.store.kysely.deleteFrom('scale').where('name', '=', noCase(name)).returning('name'));
    if (changed.length) this.core.events.publish('devices.changed', { scale: changed[0].name });
    return { removed: changed.length > 0 };
  }

  /** The latest reading a running app took, for other processes (CLI, other stations). */
  async recordScaleReading(id: number, reading: ScaleReading, at: string): Promise<void> {
    await this.core.store.run(
      this.core.store.kysely.updateTable('scale')
        .set({ last_grams: reading.grams, last_stable: reading.stable ? 1 : 0, last_status: reading.status, last_message: reading.message ?? null, last_reading_at: at })
        .where('id', '=', id),
    );
  }

  // ---------- packing stations ----------

  async stations(): Promise<PackingStationDto[]> {
    const rows = await this.core.store.all(
      this.core.store.kysely.selectFrom('packing_station as s')
        .leftJoin('printer as p1', 'p1.id', 's.shipping_label_printer_id')
        .leftJoin('printer as p2', 'p2.id', 's.packing_slip_printer_id')
        .leftJoin('printer as p3', 'p3.id', 's.pick_list_printer_id')
        .leftJoin('printer as p4', 'p4.id', 's.label_printer_id')
        .leftJoin('scale as sc', 'sc.id', 's.scale_id')
        .select(['s.id', 's.name', 'p1.name as shipping', 'p2.name as slip', 'p3.name as pick', 'p4.name as label', 'sc.name as scale_name'])
        .orderBy(byNoCase('s.name')),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      shippingLabelPrinter: r.shipping,
      packingSlipPrinter: r.slip,
      pickListPrinter: r.pick,
      labelPrinter: r.label,
      scale: r.scale_name,
    }));
  }

  async upsertStation(input: StationInput): Promise<PackingStationDto> {
    const { store } = this.core;
    return await store.tx(async () => {
      const printerId = async (name: string | null, field: string) => {
        if (name === null) return null;
        const row = await store.get(store.kysely.selectFrom('printer').select('id').where('name', '=', noCase(name)));
        if (!row) throw invalid(`Unknown printer "${name}"`, { field, issues: [{ path: field, message: `unknown printer ${name}` }] });
        return row.id;
      };
      let scaleId: number | null = null;
      if (input.scale !== null) {
        const row = await store.get(store.kysely.selectFrom('scale').select('id').where('name', '=', noCase(input.scale)));
        if (!row) throw invalid(`Unknown scale "${input.scale}"`, { field: 'scale', issues: [{ path: 'scale', message: `unknown scale ${input.scale}` }] });
        scaleId = row.id;
      }
      const values = {
        name: input.name,
        shipping_label_printer_id: await printerId(input.shippingLabelPrinter, 'shippingLabelPrinter'),
        packing_slip_printer_id: await printerId(input.packingSlipPrinter, 'packingSlipPrinter'),
        pick_list_printer_id: await printerId(input.pickListPrinter, 'pickListPrinter'),
        label_printer_id: await printerId(input.labelPrinter, 'labelPrinter'),
        scale_id: scaleId,
        updated_at: this.now(),
      };
      const existing = await store.get(store.kysely.selectFrom('packing_station').select('id').where('name', '=', noCase(input.renameFrom ?? input.name)));
      if (input.renameFrom && !existing) throw notFound(`Packing station "${input.renameFrom}"`);
      if (existing) {
        if (await store.get(store.kysely.selectFrom('packing_station').select('id').where('name', '=', noCase(input.name)).where('id', '<>', existing.id))) {
          throw conflict(`A packing station named ${input.name} already exists`);
        }
        await store.run(store.kysely.updateTable('packing_station').set(values).where('id', '=', existing.id));
      } else {
        await store.run(store.kysely.insertInto('packing_station').values({ ...values, created_at: this.now() }));
      }
      this.core.events.publish('devices.changed', { station: input.name });
      return (await this.stations()).find((s) => s.name.toLowerCase() === input.name.toLowerCase())!;
    });
  }

  async removeStation(name: string): Promise<{ removed: boolean }> {
    const changed = await this.core.store.all(this.core.store.kysely.deleteFrom('packing_station').where('name', '=', noCase(name)).returning('name'));
    if (changed.length) this.core.events.publish('devices.changed', { station: changed[0].name });
    return { removed: changed.length > 0 };
  }
}

export function printerToDto(row: PrinterRow, pending: number): PrinterDto {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    uri: row.uri,
    dpi: row.dpi as PrinterDto['dpi'],
    labelWidthMm: row.label_width_mm,
    labelHeightMm: row.label_height_mm,
    darkness: row.darkness,
    offsetXMm: row.offset_x_mm,
    offsetYMm: row.offset_y_mm,
    enabled: row.enabled === 1,
    status: { state: row.status, problems: JSON.parse(row.status_problems) as string[], since: row.status_at },
    pending,
  };
}
