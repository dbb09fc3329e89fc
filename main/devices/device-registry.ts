import type { z } from 'zod';
import type { PackingStationDto, PrinterDto, PrinterState, printerInput, scaleInput, stationInput } from '../../shared/api/devices';
import { conflict, invalid, notFound } from '../../shared/errors';
import type { Core } from '../core';
import type { PackingStationRow, PrinterRow, ScaleRow } from '../store/schema';
import { parsePrinterUri, parseSystemPrinterUri } from './printers';
import type { ScaleReading } from './scales';
import { childLogger } from '../logging/logger';

const log = childLogger({ module: 'devices' });

type PrinterInput = z.output<typeof printerInput>;
type ScaleInput = z.output<typeof scaleInput>;
type StationInput = z.output<typeof stationInput>;

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
    return await this.core.store.raw<PrinterRow>('select * from printer order by name collate nocase');
  }

  async printer(name: string): Promise<PrinterRow> {
    const row = (await this.core.store.raw<PrinterRow>('select * from printer where name = ? collate nocase', name))[0];
    if (!row) throw notFound(`Printer "${name}"`, { printer: name });
    return row;
  }

  async printerById(id: number): Promise<PrinterRow | undefined> {
    return (await this.core.store.raw<PrinterRow>('select * from printer where id = ?', id))[0];
  }

  async printerDtos(): Promise<PrinterDto[]> {
    const pending = new Map(
      (await this.core.store
        .raw<{ printer_id: number; n: number }>("select printer_id, count(*) as n from print_job where state in ('queued','sending') group by printer_id"))
        .map((r) => [r.printer_id, r.n]),
    );
    return (await this.printers()).map((row) => printerToDto(row, pending.get(row.id) ?? 0));
  }

  async printerDto(name: string): Promise<PrinterDto> {
    const row = await this.printer(name);
    const n = (await this.core.store.raw<{ n: number }>("select count(*) as n from print_job where printer_id = ? and state in ('queued','sending')", row.id))[0].n;
    return printerToDto(row, n);
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
      const existing = (await store.raw<PrinterRow>('select * from printer where name = ? collate nocase', input.renameFrom ?? input.name))[0];
      if (input.renameFrom && !existing) throw notFound(`Printer "${input.renameFrom}"`);
      const width = input.labelWidthMm ?? (existing?.language === input.language ? existing.label_width_mm : size.w);
      const height = input.labelHeightMm ?? (existing?.language === input.language ? existing.label_height_mm : size.h);
      const values = [input.name, input.language, input.uri, input.dpi, width, height, input.darkness, input.offsetXMm, input.offsetYMm, input.enabled ? 1 : 0];
      if (existing) {
        if ((await store.raw('select 1 from printer where name = ? collate nocase and id <> ?', input.name, existing.id)).length) {
          throw conflict(`A printer named ${input.name} already exists`);
        }
        // A new address or language makes the last status meaningless until the next check.
        const reset = existing.uri !== input.uri || existing.language !== input.language;
        await store.raw(
          `update printer set name=?, language=?, uri=?, dpi=?, label_width_mm=?, label_height_mm=?, darkness=?, offset_x_mm=?, offset_y_mm=?, enabled=?, updated_at=?${reset ? ", status='unknown', status_problems='[]', status_at=null" : ''} where id = ?`,
          ...values,
          this.now(),
          existing.id,
        );
      } else {
        await store.raw(
          'insert into printer (name, language, uri, dpi, label_width_mm, label_height_mm, darkness, offset_x_mm, offset_y_mm, enabled, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?)',
          ...values,
          this.now(),
          this.now(),
        );
      }
      this.core.events.publish('devices.changed', { printer: input.name });
      return await this.printerDto(input.name);
    });
  }

  async removePrinter(name: string): Promise<{ removed: boolean }> {
    const { store } = this.core;
    return await store.tx(async () => {
      const row = (await store.raw<PrinterRow>('select * from printer where name = ? collate nocase', name))[0];
      if (!row) return { removed: false };
      if ((await store.raw("select 1 from print_job where printer_id = ? and state in ('queued','sending') limit 1", row.id)).length) {
        throw conflict(`${row.name} still has jobs waiting to print; cancel them or let them finish first`);
      }
      await store.raw('delete from printer where id = ?', row.id);
      this.core.events.publish('devices.changed', { printer: row.name });
      return { removed: true };
    });
  }

  /** Stores a status only when it changed, and tells live screens. Returns whether it changed. */
  async setPrinterStatus(id: number, state: PrinterState, problems: string[]): Promise<boolean> {
    const json = JSON.stringify(problems);
    const changed = await this.core.store.raw<{ name: string }>(
      'update printer set status = ?, status_problems = ?, status_at = ? where id = ? and (status <> ? or status_problems <> ?) returning name',
      state,
      json,
      this.now(),
      id,
      state,
      json,
    );
    if (changed.length) {
      log[state === 'ready' ? 'info' : 'warn']({ printer: changed[0].name, status: state, problems }, 'printer status changed');
      this.core.events.publish('devices.changed', { printer: changed[0].name, status: state, problems });
    }
    return changed.length > 0;
  }

  // ---------- scales ----------

  async scales(): Promise<ScaleRow[]> {
    return await this.core.store.raw<ScaleRow>('select * from scale order by name collate nocase');
  }

  async scale(name: string): Promise<ScaleRow> {
    const row = (await this.core.store.raw<ScaleRow>('select * from scale where name = ? collate nocase', name))[0];
    if (!row) throw notFound(`Scale "${name}"`, { scale: name });
    return row;
  }

  async upsertScale(input: ScaleInput): Promise<ScaleRow> {
    const { store } = this.core;
    return await store.tx(async () => {
      const existing = (await store.raw<ScaleRow>('select * from scale where name = ? collate nocase', input.renameFrom ?? input.name))[0];
      if (input.renameFrom && !existing) throw notFound(`Scale "${input.renameFrom}"`);
      const values = [input.name, input.protocol, input.port, input.baud, input.enabled ? 1 : 0];
      if (existing) {
        if ((await store.raw('select 1 from scale where name = ? collate nocase and id <> ?', input.name, existing.id)).length) {
          throw conflict(`A scale named ${input.name} already exists`);
        }
        await store.raw('update scale set name=?, protocol=?, port=?, baud=?, enabled=?, updated_at=? where id = ?', ...values, this.now(), existing.id);
      } else {
        await store.raw('insert into scale (name, protocol, port, baud, enabled, created_at, updated_at) values (?,?,?,?,?,?,?)', ...values, this.now(), this.now());
      }
      this.core.events.publish('devices.changed', { scale: input.name });
      return await this.scale(input.name);
    });
  }

  async removeScale(name: string): Promise<{ removed: boolean }> {
    const changed = await this.core.store.raw<{ name: string }>('delete from scale where name = ? collate nocase returning name', name);
    if (changed.length) this.core.events.publish('devices.changed', { scale: changed[0].name });
    return { removed: changed.length > 0 };
  }

  /** The latest reading a running app took, for other processes (CLI, other stations). */
  async recordScaleReading(id: number, reading: ScaleReading, at: string): Promise<void> {
    await this.core.store.raw(
      'update scale set last_grams = ?, last_stable = ?, last_status = ?, last_message = ?, last_reading_at = ? where id = ?',
      reading.grams,
      reading.stable ? 1 : 0,
      reading.status,
      reading.message ?? null,
      at,
      id,
    );
  }

  // ---------- packing stations ----------

  async stations(): Promise<PackingStationDto[]> {
    const rows = await this.core.store.raw<PackingStationRow & Record<'shipping' | 'slip' | 'pick' | 'label' | 'scale_name', string | null>>(
      `select s.*, p1.name as shipping, p2.name as slip, p3.name as pick, p4.name as label, sc.name as scale_name
       from packing_station s
       left join printer p1 on p1.id = s.shipping_label_printer_id
       left join printer p2 on p2.id = s.packing_slip_printer_id
       left join printer p3 on p3.id = s.pick_list_printer_id
       left join printer p4 on p4.id = s.label_printer_id
       left join scale sc on sc.id = s.scale_id
       order by s.name collate nocase`,
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
        const row = (await store.raw<{ id: number }>('select id from printer where name = ? collate nocase', name))[0];
        if (!row) throw invalid(`Unknown printer "${name}"`, { field, issues: [{ path: field, message: `unknown printer ${name}` }] });
        return row.id;
      };
      let scaleId: number | null = null;
      if (input.scale !== null) {
        const row = (await store.raw<{ id: number }>('select id from scale where name = ? collate nocase', input.scale))[0];
        if (!row) throw invalid(`Unknown scale "${input.scale}"`, { field: 'scale', issues: [{ path: 'scale', message: `unknown scale ${input.scale}` }] });
        scaleId = row.id;
      }
      const values = [
        input.name,
        await printerId(input.shippingLabelPrinter, 'shippingLabelPrinter'),
        await printerId(input.packingSlipPrinter, 'packingSlipPrinter'),
        await printerId(input.pickListPrinter, 'pickListPrinter'),
        await printerId(input.labelPrinter, 'labelPrinter'),
        scaleId,
      ];
      const existing = (await store.raw<{ id: number }>('select id from packing_station where name = ? collate nocase', input.renameFrom ?? input.name))[0];
      if (input.renameFrom && !existing) throw notFound(`Packing station "${input.renameFrom}"`);
      if (existing) {
        if ((await store.raw('select 1 from packing_station where name = ? collate nocase and id <> ?', input.name, existing.id)).length) {
          throw conflict(`A packing station named ${input.name} already exists`);
        }
        await store.raw(
          'update packing_station set name=?, shipping_label_printer_id=?, packing_slip_printer_id=?, pick_list_printer_id=?, label_printer_id=?, scale_id=?, updated_at=? where id = ?',
          ...values,
          this.now(),
          existing.id,
        );
      } else {
        await store.raw(
          'insert into packing_station (name, shipping_label_printer_id, packing_slip_printer_id, pick_list_printer_id, label_printer_id, scale_id, created_at, updated_at) values (?,?,?,?,?,?,?,?)',
          ...values,
          this.now(),
          this.now(),
        );
      }
      this.core.events.publish('devices.changed', { station: input.name });
      return (await this.stations()).find((s) => s.name.toLowerCase() === input.name.toLowerCase())!;
    });
  }

  async removeStation(name: string): Promise<{ removed: boolean }> {
    const changed = await this.core.store.raw<{ name: string }>('delete from packing_station where name = ? collate nocase returning name', name);
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
