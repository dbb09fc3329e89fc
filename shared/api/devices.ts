import { z } from 'zod';
import { method } from './contract';

// ---------- DTOs ----------

/** zpl: label printer on raw TCP; escpos: receipt printer on raw TCP; pdf: a system printer (CUPS `lp`, Windows printing) that takes PDF documents. */
export type PrinterLanguage = 'zpl' | 'escpos' | 'pdf';
/** ready: nothing stops printing; problem: reachable but e.g. out of labels (see `problems`); offline: cannot connect. */
export type PrinterState = 'unknown' | 'ready' | 'offline' | 'problem';

export interface PrinterDto {
  id: number;
  name: string;
  language: PrinterLanguage;
  /** tcp://host:port (raw port 9100 by default), or system://QUEUE for a system printer. */
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

/** Serial protocols (`port` is the serial device), or `usb-hid`: a USB HID POS scale (`port` is its vendor:product id, e.g. 0922:8003). */
export type ScaleProtocol = 'nci' | 'mt-sics' | 'continuous' | 'usb-hid';
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
const TCP_URI = /^tcp:\/\/(\[[^\]]+\]|[^/:\s]+)(:\d{1,5})?\/?$/i;
/** A system printer's queue as the OS names it (CUPS: letters, digits, - _ .; Windows names may have spaces). */
const SYSTEM_URI = /^system:\/\/[^\s/#][^/#]{0,126}$/i;
const printerUri = z.string().trim().max(200);
const mm = z.number().int('whole millimetres');

export const printerInput = z
  .object({
    name,
    /** Rename: the current name; `name` is the new one. */
    renameFrom: name.optional(),
    language: z.enum(['zpl', 'escpos', 'pdf']),
    uri: printerUri,
    dpi: z.union([z.literal(152), z.literal(203), z.literal(300), z.literal(600)]).default(203),
    labelWidthMm: mm.min(20).max(300).optional(),
    labelHeightMm: mm.min(10).max(1000).optional(),
    darkness: z.number().int().min(0).max(30).nullable().default(null),
    offsetXMm: mm.min(-50).max(50).default(0),
    offsetYMm: mm.min(-50).max(50).default(0),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.language === 'pdf' ? !SYSTEM_URI.test(p.uri) : !TCP_URI.test(p.uri)) {
      ctx.addIssue({ code: 'custom', path: ['uri'], message: p.language === 'pdf' ? 'must be system://QUEUE (the printer name the OS uses)' : 'must be tcp://host[:port]' });
    }
  });
export type PrinterInput = z.input<typeof printerInput>;

export const scaleInput = z
  .object({
    name,
    renameFrom: name.optional(),
    protocol: z.enum(['nci', 'mt-sics', 'continuous', 'usb-hid']),
    port: z.string().trim().min(1).max(200),
    baud: z.number().int().min(300).max(115200).default(9600),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.protocol === 'usb-hid' && !/^[0-9a-f]{4}:[0-9a-f]{4}$/i.test(s.port)) {
      ctx.addIssue({ code: 'custom', path: ['port'], message: 'a USB scale is found by its vendor:product id, 4 hex digits each (e.g. 0922:8003)' });
    }
  });

/** A USB HID device that could be a scale (Settings → Scales → Find USB scales). */
export interface HidDeviceDto {
  /** "0922:8003": what the scale form's port takes for a USB HID scale. */
  usbId: string;
  product: string | null;
  manufacturer: string | null;
  /** On the POS scale usage page (0x8D): certainly a scale. */
  isScale: boolean;
}

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
  /** Printer queues the operating system knows (CUPS `lpstat -e`), for adding a system printer; `error` says why none could be listed. */
  'printers.systemQueues': method<{ queues: string[]; error: string | null }>()(z.object({}).strict(), { audit: false, description: 'Printer queues of the OS print system' }),
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
  /** USB HID devices on this machine (scales first), to fill the scale form's vendor:product id. */
  'scales.discoverHid': method<HidDeviceDto[]>()(z.object({}).strict(), { audit: false /* a read: lists the USB devices plugged in */, description: 'USB HID devices that could be scales', roles: ['owner'] }),
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
