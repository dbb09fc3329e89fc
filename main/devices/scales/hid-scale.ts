import { EventEmitter } from 'node:events';
import { HID_ZERO_REPORT, parseHidScaleReport } from './hid';
import { errorReading, type ScaleReading } from './reading';
import type { ScaleCommandResult, SerialScaleState } from './serial-scale';
import { waitForConnection } from './wait-for-connection';

/**
 * USB HID POS scales (Dymo M-series, Mettler-Toledo PS-USB, Stamps.com, Fairbanks…) read through
 * node-hid: the scale is found by USB vendor and product id, its 6-byte data reports are decoded
 * by parseHidScaleReport, and the device vanishing (unplugged, or the USB bus reset) is noticed —
 * state goes to 'disconnected' — and it is looked for again until it is back ('ready').
 *
 * The boundary to the operating system is `HidBackend`, node-hid's own two calls (`devices`,
 * `HIDAsync.open`); production passes node-hid itself.
 */

/** A HID device as node-hid lists it. */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
  usagePage?: number;
}

/** An open HID device as node-hid's HIDAsync gives it: 'data' events with input reports, 'error' when it goes away. */
export interface HidHandle {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

/** node-hid's module surface used here (`import * as HID from 'node-hid'` satisfies it). */
export interface HidBackend {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  devicesAsync(vendorId: number, productId: number): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<HidHandle> };
}

/** USB POS scale page of the HID usage tables: what makes a HID device a scale. */
export const HID_SCALE_USAGE_PAGE = 0x8d;

/** "0922:8003" (hex vendor:product, as lsusb and the scale's box print it) → numbers; null when malformed. */
export function parseUsbId(text: string): { vendorId: number; productId: number } | null {
  const m = /^(?:usb:|hid:)?([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(text.trim());
  return m ? { vendorId: parseInt(m[1], 16), productId: parseInt(m[2], 16) } : null;
}

export const formatUsbId = (vendorId: number, productId: number) => `${vendorId.toString(16).padStart(4, '0')}:${productId.toString(16).padStart(4, '0')}`;

export interface HidScaleOptions {
  /** Vendor:product id in hex, e.g. "0922:8003". */
  usbId: string;
  backend: () => HidBackend;
  /** How long read() waits for a report. */
  responseTimeoutMs?: number;
  /** How often a missing scale is looked for again. */
  reconnectIntervalMs?: number;
}

export class HidScale extends EventEmitter {
  state: SerialScaleState = 'connecting';
  lastReading: ScaleReading | null = null;
  lastError: string | null = null;

  private handle: HidHandle | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reportsSeen = 0;
  private waiters: ((reading: ScaleReading | null) => void)[] = [];
  private readonly timeoutMs: number;
  private readonly reconnectMs: number;

  constructor(private readonly options: HidScaleOptions) {
    super();
    this.timeoutMs = options.responseTimeoutMs ?? 1000;
    this.reconnectMs = options.reconnectIntervalMs ?? 1000;
  }

  start(): this {
    if (this.state !== 'closed') void this.connect();
    return this;
  }

  isConnected(): boolean {
    return this.handle !== null && (this.state === 'ready' || this.state === 'error');
  }

  waitUntilReady(timeoutMs = 5000): Promise<boolean> {
    return waitForConnection(this, timeoutMs);
  }

  /** The next report (a HID scale reports on its own several times a second); an error reading when none comes. */
  read(): Promise<ScaleReading> {
    if (!this.handle) return Promise.resolve(this.record(errorReading('', this.lastError ?? `USB scale ${this.options.usbId} is not connected`)));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(this.record(errorReading('', `USB scale ${this.options.usbId} sent no report within ${this.timeoutMs} ms`)));
      }, this.timeoutMs);
      const waiter = (reading: ScaleReading | null) => {
        clearTimeout(timer);
        resolve(reading ?? errorReading('', this.lastError ?? `USB scale ${this.options.usbId} went away`));
      };
      this.waiters.push(waiter);
    });
  }

  async zero(): Promise<ScaleCommandResult> {
    if (!this.handle) return { ok: false, message: `USB scale ${this.options.usbId} is not connected`, raw: '' };
    try {
      await this.handle.write(Buffer.from(HID_ZERO_REPORT));
      return { ok: true, raw: '02 02' };
    } catch (error) {
      return { ok: false, message: `zero failed: ${(error as Error).message}`, raw: '02 02' };
    }
  }

  /** HID POS scales have no tare command (tare is a button on the scale). */
  async tare(): Promise<ScaleCommandResult> {
    return { ok: false, message: 'USB HID scales have no tare command: use the scale’s own tare button', raw: '' };
  }

  async close(): Promise<void> {
    this.setState('closed');
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.flushWaiters(null);
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
    this.removeAllListeners();
  }

  /** Finds the scale by vendor/product id and opens it; a missing scale is looked for again later. */
  private async connect(): Promise<void> {
    if (this.state === 'closed' || this.handle) return;
    const id = parseUsbId(this.options.usbId);
    if (!id) return this.fail(`"${this.options.usbId}" is not a USB vendor:product id (4 hex digits each, e.g. 0922:8003)`, false);
    let found: HidDeviceInfo[];
    try {
      found = await this.options.backend().devicesAsync(id.vendorId, id.productId);
    } catch (error) {
      return this.fail(`USB HID is not available here: ${(error as Error).message}`, true);
    }
    // A scale with several HID interfaces lists one per interface: the POS scale page is the one.
    const device = found.find((d) => d.usagePage === HID_SCALE_USAGE_PAGE) ?? found.find((d) => d.path);
    if (!device?.path) return this.fail(`no USB scale ${this.options.usbId} is plugged in`, true);
    let handle: HidHandle;
    try {
      handle = await this.options.backend().HIDAsync.open(device.path);
    } catch (error) {
      return this.fail(`USB scale ${this.options.usbId} could not be opened: ${(error as Error).message} (on Linux the user needs read access to its /dev/hidraw device: a udev rule)`, true);
    }
    // Closed while the device was opening (TypeScript keeps the narrowing from before the awaits).
    if ((this.state as SerialScaleState) === 'closed') return void handle.close().catch(() => undefined);
    this.handle = handle;
    this.reportsSeen = 0;
    this.lastError = null;
    handle.on('data', (data) => this.onReport(data));
    handle.on('error', (error) => void this.lost(handle, error));
    this.setState('ready');
  }

  private onReport(data: Buffer): void {
    // The first report after opening is often stale (the weight when the scale last changed).
    if (this.reportsSeen++ === 0) return;
    const reading = this.record(parseHidScaleReport(data));
    this.flushWaiters(reading);
    this.emit('reading', reading);
  }

  /** Unplugged (node-hid reports a read error): offline now, looked for again until it is back. */
  private async lost(handle: HidHandle, error: Error): Promise<void> {
    if (this.handle !== handle) return;
    this.handle = null;
    await handle.close().catch(() => undefined);
    this.fail(`USB scale ${this.options.usbId} was disconnected: ${error.message}`, true);
  }

  private fail(message: string, retry: boolean): void {
    this.lastError = message;
    this.flushWaiters(null);
    if (this.state === 'closed') return;
    // Offline, with the reason (no such device, unplugged, no permission); the hub shows it at once.
    this.state = 'disconnected';
    this.emit('state', this.state, this.lastError);
    if (retry && !this.reconnectTimer) {
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        void this.connect();
      }, this.reconnectMs);
      this.reconnectTimer.unref?.();
    }
  }

  private record(reading: ScaleReading): ScaleReading {
    this.lastReading = reading;
    if (this.state !== 'closed' && this.handle) this.setState(reading.status === 'error' ? 'error' : 'ready');
    return reading;
  }

  private flushWaiters(reading: ScaleReading | null): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(reading);
  }

  private setState(state: SerialScaleState): void {
    if (this.state === state || this.state === 'closed') return;
    this.state = state;
    this.emit('state', state, this.lastError);
  }
}
