import { z } from 'zod';
import { method } from './contract';

// ---------- DTOs ----------

export type PrinterLanguage = 'zpl' | 'escpos';
/** ready: nothing stops printing; problem: reachable but e.g. out of labels (see `problems`); offline: cannot connect. */
export type PrinterState = 'unknown' | 'ready' | 'offline' | 'problem';

export interface PrinterDto {
  id: number;
  name: string;
  language: PrinterLanguage;
  /** tcp://host:port (raw port 9100 by default). */
  uri: string;
  dpi: 152 | 203 | 300 | 600;
  /** Label stock (ZPL) or paper width (ESC/POS), whole millimetres. */
  labelWidthMm: number;
  labelHeightMm: number;
  /** ~SD 0–30; null leaves the printer's own setting. */
  darkness: number | null;
  offsetXMm: number;
  offsetYMm: number;
  enabled: boolean;
  status: { state: PrinterState; problems: string[]; since: string | null };
  /** Jobs waiting or being sent to this printer. */
  pending: number;
}

export type PrintJobState = 'queued' | 'sending' | 'done' | 'failed' | 'cancelled';

export interface PrintJobDto {
  id: number;
  printer: string;
  state: PrintJobState;
  attempts: number;
  /** Why the last attempt failed (kept while a retry is pending; the reason when failed). */
  error: string | null;
  /** What was printed: 'test', 'bin_label', 'product_label', ... */
  kind: string;
  /** What it belongs to (bin code, SKU, order number), for history and reprint. */
  reference: string | null;
  contentType: PrinterLanguage;
  bytes: number;
  copyOf: number | null;
  hasPreview: boolean;
  actor: string;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

export interface PrintBatchDto {
  count: number;
  jobIds: number[];
}

export type ScaleProtocol = 'nci' | 'mt-sics' | 'continuous';
export type ScaleStatus = 'ok' | 'unstable' | 'overload' | 'under_zero' | 'error';
/** Live connection of a scale inside the running app; 'not_running' when no app is watching it. */
export type ScaleConnection = 'connecting' | 'ready' | 'error' | 'disconnected' | 'not_running';

export interface ScaleReadingDto {
  grams: number;
  stable: boolean;
  status: ScaleStatus;
  message?: string;
  at: string;
}

export interface ScaleDto {
  id: number;
  name: string;
  protocol: ScaleProtocol;
  port: string;
  baud: number;
  enabled: boolean;
  connection: ScaleConnection;
  reading: ScaleReadingDto | null;
  error: string | null;
}

export interface PackingStationDto {
  id: number;
  name: string;
  /** Printer names by role; null = not assigned. */
  shippingLabelPrinter: string | null;
  packingSlipPrinter: string | null;
  pickListPrinter: string | null;
  /** Product and bin labels. */
  labelPrinter: string | null;
  scale: string | null;
}

/** `scale.reading` event payload (throttled). */
export interface ScaleReadingEvent {
  scale: string;
  connection: ScaleConnection;
  reading: ScaleReadingDto | null;
  error: string | null;
}

// ---------- inputs ----------

const name = z.string().trim().min(1, 'a name is required').max(60);
const id = z.number().int().positive();
const printerUri = z
  .string()
  .trim()
  .regex(/^tcp:\/\/(\[[^\]]+\]|[^/:\s]+)(:\d{1,5})?\/?$/i, 'must be tcp://host[:port]');
const mm = z.number().int('whole millimetres');

export const printerInput = z
  .object({
    name,
    /** Rename: the current name; `name` is the new one. */
    renameFrom: name.optional(),
    language: z.enum(['zpl', 'escpos']),
    uri: printerUri,
    dpi: z.union([z.literal(152), z.literal(203), z.literal(300), z.literal(600)]).default(203),
    labelWidthMm: mm.min(20).max(300).optional(),
    labelHeightMm: mm.min(10).max(1000).optional(),
    darkness: z.number().int().min(0).max(30).nullable().default(null),
    offsetXMm: mm.min(-50).max(50).default(0),
    offsetYMm: mm.min(-50).max(50).default(0),
    enabled: z.boolean().default(true),
  })
  .strict();
export type PrinterInput = z.input<typeof printerInput>;

export const scaleInput = z
  .object({
    name,
    renameFrom: name.optional(),
    protocol: z.enum(['nci', 'mt-sics', 'continuous']),
    port: z.string().trim().min(1).max(200),
    baud: z.number().int().min(300).max(115200).default(9600),
    enabled: z.boolean().default(true),
  })
  .strict();

const printerRef = name.nullable().default(null);
export const stationInput = z
  .object({
    name,
    renameFrom: name.optional(),
    shippingLabelPrinter: printerRef,
    packingSlipPrinter: printerRef,
    pickListPrinter: printerRef,
    labelPrinter: printerRef,
    scale: printerRef,
  })
  .strict();

const byName = z.object({ name }).strict();
const byId = z.object({ id }).strict();

export const devicesApi = {
  'printers.list': method<PrinterDto[]>()(z.object({}).strict(), { description: 'Printers with their last known status' }),
  'printers.upsert': method<PrinterDto>()(printerInput, { audit: 'devices', description: 'Add or edit a printer (by name)', roles: ['owner'] }),
  'printers.remove': method<{ removed: boolean }>()(byName, { audit: 'devices', description: 'Remove a printer and its print history (refused while jobs are pending)', roles: ['owner'] }),
  /** Asks the printer now (~HS for ZPL, a connection for ESC/POS) and returns it with the fresh status. */
  'printers.status': method<PrinterDto>()(byName, { description: 'Query a printer’s status now' }),
  /** Queues a test label (or receipt) for the printer; the job's preview shows what was sent. */
  'printers.testPrint': method<PrintJobDto>()(byName, { audit: 'devices', description: 'Print a test label' }),

  'printJobs.list': method<PrintJobDto[]>()(
    z
      .object({
        printer: name.optional(),
        state: z.enum(['queued', 'sending', 'done', 'failed', 'cancelled']).optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    { description: 'Print queue and history, newest first' },
  ),
  'printJobs.get': method<PrintJobDto>()(byId, { description: 'One print job' }),
  /** SVG preview of a job's document (label or receipt) as it was rendered for the printer. */
  'printJobs.preview': method<{ svg: string | null }>()(byId, { description: 'Preview of what a job printed' }),
  'printJobs.retry': method<PrintJobDto>()(byId, { audit: 'devices', description: 'Queue a failed or cancelled job again' }),
  'printJobs.cancel': method<PrintJobDto>()(byId, { audit: 'devices', description: 'Cancel a job that has not been sent' }),
  'printJobs.reprint': method<PrintJobDto>()(byId, { audit: 'devices', description: 'Print a job again (a new job with the same bytes)' }),

  /** Bulk print: one label per bin, queued in pick-sequence order as one batch. */
  'print.binLabels': method<PrintBatchDto>()(
    z.object({ warehouse: z.string().trim().min(1).max(64), zone: z.string().max(20).optional(), printer: name }).strict(),
    { audit: 'devices', description: 'Print bin labels for a warehouse or zone' },
  ),
  'print.productLabel': method<PrintBatchDto>()(
    z.object({ sku: z.string().trim().min(1).max(64), printer: name, copies: z.number().int().min(1).max(500).default(1) }).strict(),
    { audit: 'devices', description: 'Print product labels (name, SKU, barcode, price)' },
  ),

  'scales.list': method<ScaleDto[]>()(z.object({}).strict(), { description: 'Scales with their live connection and latest reading' }),
  'scales.upsert': method<ScaleDto>()(scaleInput, { audit: 'devices', description: 'Add or edit a scale (by name)', roles: ['owner'] }),
  'scales.remove': method<{ removed: boolean }>()(byName, { audit: 'devices', description: 'Remove a scale', roles: ['owner'] }),
  /** The current weight: from the running app's live connection, else by opening the port. */
  'scales.read': method<{ grams: number; stable: boolean; status: ScaleStatus; message?: string }>()(byName, { description: 'Read a scale' }),
  'scales.zero': method<{ ok: boolean; message?: string }>()(byName, { audit: false, description: 'Zero a scale' }),
  'scales.tare': method<{ ok: boolean; message?: string }>()(byName, { audit: false, description: 'Tare a scale (take off the box weight)' }),

  'stations.list': method<PackingStationDto[]>()(z.object({}).strict(), { description: 'Packing stations and their devices' }),
  'stations.upsert': method<PackingStationDto>()(stationInput, { audit: 'devices', description: 'Add or edit a packing station’s printers and scale', roles: ['owner'] }),
  'stations.remove': method<{ removed: boolean }>()(byName, { audit: 'devices', description: 'Remove a packing station', roles: ['owner'] }),
};
