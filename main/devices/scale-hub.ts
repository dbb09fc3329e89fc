import { detached } from '../util/detached';
import type { ScaleConnection, ScaleDto, ScaleReadingDto, ScaleReadingEvent } from '../../shared/api/devices';
import type { Core } from '../core';
import type { ScaleRow } from '../store/schema';
import type { DeviceRegistry } from './device-registry';
import { errorReading, SerialScale, type ScaleCommandResult, type ScaleReading } from './scales';
import { formatUsbId, HID_SCALE_USAGE_PAGE, HidScale, type HidBackend } from './scales/hid-scale';
import { hidModule } from './lazy-modules';
import type { HidDeviceDto } from '../../shared/api/devices';
import { childLogger } from '../logging/logger';

const log = childLogger({ module: 'devices' });

/**
 * Live scales inside the running app: one SerialScale per configured, enabled scale, polled a few
 * times a second (request/response protocols) or listened to (continuous output). The latest
 * reading is kept in memory for `scales.read`, published as throttled `scale.reading` events for
 * live screens, and written to the store about once a second so other processes (the CLI, a
 * second station) can see it without opening a port this process holds.
 */

export interface ScaleHubPolicy {
  pollIntervalMs: number;
  publishIntervalMs: number;
  persistIntervalMs: number;
  /** How often the configuration is re-read (scales added by another process). */
  reconcileIntervalMs: number;
  responseTimeoutMs: number;
  reconnectIntervalMs: number;
}

/** A serial scale, or a USB HID scale (node-hid): the same surface to the hub. */
type ScaleDriver = SerialScale | HidScale;

interface LiveScale {
  config: string;
  row: ScaleRow;
  serial: ScaleDriver;
  reading: ScaleReadingDto | null;
  readingAtMs: number;
  active: boolean;
  poller: Promise<void> | null;
  lastPublished: string;
  lastPublishAt: number;
  publishTimer: NodeJS.Timeout | null;
  lastPersistAt: number;
  lastPersisted: string;
}

/** A reading from a running app counts as current for this long (the CLI trusts it instead of opening the port). */
export const FRESH_READING_MS = 3000;

const configKey = (row: ScaleRow) => JSON.stringify([row.protocol, row.port, row.baud, row.enabled]);

function toDto(reading: ScaleReading, at: Date): ScaleReadingDto {
  return { grams: reading.grams, stable: reading.stable, status: reading.status, ...(reading.message ? { message: reading.message } : {}), at: at.toISOString() };
}

export class ScaleHub {
  readonly policy: ScaleHubPolicy = {
    pollIntervalMs: 200,
    publishIntervalMs: 250,
    persistIntervalMs: 1000,
    reconcileIntervalMs: 2000,
    responseTimeoutMs: 1000,
    reconnectIntervalMs: 500,
  };
  private readonly live = new Map<number, LiveScale>();
  private running = false;
  private reconcileTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly core: Core,
    private readonly registry: DeviceRegistry,
    /** The USB HID layer: node-hid (loaded on first use). */
    private readonly hid: () => HidBackend = hidModule,
  ) {}

  /** USB HID devices on this machine, POS scales first (the scale form's "Find USB scales"). */
  async discoverHid(): Promise<HidDeviceDto[]> {
    const devices = await this.hid().devicesAsync();
    const seen = new Map<string, HidDeviceDto>();
    for (const d of devices) {
      const usbId = formatUsbId(d.vendorId, d.productId);
      const isScale = d.usagePage === HID_SCALE_USAGE_PAGE;
      const known = seen.get(usbId);
      if (!known || (isScale && !known.isScale)) seen.set(usbId, { usbId, product: d.product ?? null, manufacturer: d.manufacturer ?? null, isScale });
    }
    return [...seen.values()].sort((a, b) => Number(b.isScale) - Number(a.isScale) || a.usbId.localeCompare(b.usbId));
  }

  /** The driver for a configured scale: node-hid for USB HID scales, the serial port for the rest. */
  private driverFor(row: ScaleRow): ScaleDriver {
    if (row.protocol === 'usb-hid') {
      return new HidScale({ usbId: row.port, backend: this.hid, responseTimeoutMs: this.policy.responseTimeoutMs, reconnectIntervalMs: Math.max(1000, this.policy.reconnectIntervalMs) });
    }
    return new SerialScale({
      path: row.port,
      protocol: row.protocol,
      baudRate: row.baud,
      responseTimeoutMs: this.policy.responseTimeoutMs,
      reconnectIntervalMs: this.policy.reconnectIntervalMs,
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.reconcile();
    this.reconcileTimer = setInterval(detached('scale reconcile', () => this.reconcile()), this.policy.reconcileIntervalMs);
    this.reconcileTimer.unref?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.reconcileTimer = null;
    await Promise.all([...this.live.keys()].map((id) => this.disconnect(id)));
  }

  /** Opens, reopens (changed port or protocol) and closes live connections to match the configuration. */
  async reconcile(): Promise<void> {
    if (!this.running) return;
    const rows = await this.registry.scales();
    const seen = new Set<number>();
    for (const row of rows) {
      if (row.enabled !== 1) continue;
      seen.add(row.id);
      const current = this.live.get(row.id);
      if (current && current.config === configKey(row)) {
        current.row = row;
        continue;
      }
      if (current) void this.disconnect(row.id).then(() => this.running && this.connect(row));
      else this.connect(row);
    }
    for (const id of [...this.live.keys()]) if (!seen.has(id)) void this.disconnect(id);
  }

  dto(row: ScaleRow): ScaleDto {
    const live = this.live.get(row.id);
    const base = { id: row.id, name: row.name, protocol: row.protocol, port: row.port, baud: row.baud, enabled: row.enabled === 1 };
    if (live) return { ...base, connection: connectionOf(live.serial), reading: live.reading, error: live.serial.lastError };
    return { ...base, connection: 'not_running', reading: storedReading(row), error: null };
  }

  /**
   * The current weight. With a live connection: its latest reading if fresh, else a read through
   * it. Without one (CLI, an app without workers): the running app's stored reading if fresh,
   * else the port is opened for one reading. `takenAfterMs`: only a reading taken at or after this
   * moment will do (weighing a parcel just put down must not get the reading from before it).
   */
  async read(row: ScaleRow, opts: { takenAfterMs?: number } = {}): Promise<ScaleReadingDto> {
    const live = this.live.get(row.id);
    if (live) {
      const fresh = Date.now() - live.readingAtMs <= this.policy.pollIntervalMs * 2 + 100 && live.readingAtMs >= (opts.takenAfterMs ?? 0);
      if (live.reading && fresh && live.serial.isConnected()) return live.reading;
      return await this.accept(live, await live.serial.read());
    }
    const stored = storedReading(row);
    if (stored && Date.now() - Date.parse(stored.at) <= FRESH_READING_MS && opts.takenAfterMs === undefined) return stored;
    return this.withTemporaryConnection(row, async (serial) => toDto(await serial.read(), this.core.clock.now()));
  }

  zero(row: ScaleRow): Promise<ScaleCommandResult> {
    return this.command(row, (serial) => serial.zero());
  }

  tare(row: ScaleRow): Promise<ScaleCommandResult> {
    return this.command(row, (serial) => serial.tare());
  }

  private async command(row: ScaleRow, run: (serial: ScaleDriver) => Promise<ScaleCommandResult>): Promise<ScaleCommandResult> {
    const live = this.live.get(row.id);
    if (live) return run(live.serial);
    return this.withTemporaryConnection(row, run);
  }

  private async withTemporaryConnection<T>(row: ScaleRow, use: (serial: ScaleDriver) => Promise<T>): Promise<T> {
    const serial = this.driverFor(row).start();
    try {
      await serial.waitUntilReady(Math.max(2000, this.policy.responseTimeoutMs * 2));
      return await use(serial);
    } finally {
      await serial.close();
    }
  }

  private connect(row: ScaleRow): void {
    const serial = this.driverFor(row);
    const live: LiveScale = {
      config: configKey(row),
      row,
      serial,
      reading: null,
      readingAtMs: 0,
      active: true,
      poller: null,
      lastPublished: '',
      lastPublishAt: 0,
      publishTimer: null,
      lastPersistAt: 0,
      lastPersisted: '',
    };
    this.live.set(row.id, live);
    // Connection changes are logged once each (a scale retrying every second is one line, not many).
    let logged = '';
    serial.on('state', () => {
      const connection = connectionOf(serial);
      const key = `${connection} ${serial.lastError ?? ''}`;
      if (key !== logged && live.active) log[connection === 'error' ? 'warn' : 'info']({ scale: row.name, port: row.port, protocol: row.protocol, connection, error: serial.lastError }, 'scale connection changed');
      logged = key;
      this.publish(live);
    });
    // Continuous serial scales and USB HID scales report on their own: listened to, not polled.
    if (row.protocol === 'continuous' || row.protocol === 'usb-hid') {
      serial.on('reading', detached('scale reading', (reading: ScaleReading) => this.accept(live, reading)));
    } else {
      live.poller = (async () => {
        while (live.active) {
          // SerialScale turns silence, noise and a missing port into an 'error' reading; it never throws.
          const reading = await serial.read();
          if (!live.active) break;
          await this.accept(live, reading);
          await new Promise((resolve) => setTimeout(resolve, this.policy.pollIntervalMs));
        }
      })();
    }
    serial.start();
  }

  private async disconnect(id: number): Promise<void> {
    const live = this.live.get(id);
    if (!live) return;
    this.live.delete(id);
    live.active = false;
    if (live.publishTimer) clearTimeout(live.publishTimer);
    await live.serial.close();
    await live.poller;
    // Nobody watches it now: other processes must not trust the last stored reading.
    if (this.core.store.open) await this.core.store.raw('update scale set last_reading_at = null where id = ?', id);
  }

  private async accept(live: LiveScale, reading: ScaleReading): Promise<ScaleReadingDto> {
    const now = this.core.clock.now();
    const dto = reading.status === 'error' && !reading.message ? toDto(errorReading(reading.raw, 'scale error'), now) : toDto(reading, now);
    live.reading = dto;
    live.readingAtMs = Date.now();
    this.publish(live);
    await this.persist(live, reading, now);
    return dto;
  }

  /** At most one event per publishIntervalMs per scale, and only when something visible changed. */
  private publish(live: LiveScale): void {
    if (!live.active) return;
    const event: ScaleReadingEvent = {
      scale: live.row.name,
      connection: connectionOf(live.serial),
      reading: live.reading,
      error: live.serial.lastError,
    };
    const key = JSON.stringify([event.connection, event.reading?.grams, event.reading?.stable, event.reading?.status, event.error]);
    if (key === live.lastPublished) return;
    const wait = live.lastPublishAt + this.policy.publishIntervalMs - Date.now();
    if (wait > 0) {
      live.publishTimer ??= setTimeout(() => {
        live.publishTimer = null;
        this.publish(live);
      }, wait);
      return;
    }
    live.lastPublished = key;
    live.lastPublishAt = Date.now();
    this.core.events.publish('scale.reading', event);
  }

  private async persist(live: LiveScale, reading: ScaleReading, at: Date): Promise<void> {
    const key = JSON.stringify([reading.grams, reading.stable, reading.status]);
    const due = Date.now() - live.lastPersistAt >= this.policy.persistIntervalMs;
    // A change of status is written at once; a steady reading about once a second (a heartbeat).
    const statusChanged = live.lastPersisted === '' || JSON.parse(live.lastPersisted)[2] !== reading.status;
    if (!due && !statusChanged) return;
    if (!this.core.store.open) return;
    live.lastPersistAt = Date.now();
    live.lastPersisted = key;
    try {
      await this.registry.recordScaleReading(live.row.id, reading, at.toISOString());
    } catch {
      // A busy database must never stop the weight display; the next heartbeat writes again.
    }
  }
}

function connectionOf(serial: ScaleDriver): ScaleConnection {
  const state = serial.state;
  return state === 'closed' ? 'disconnected' : state;
}

function storedReading(row: ScaleRow): ScaleReadingDto | null {
  if (row.last_reading_at === null || row.last_grams === null || row.last_status === null) return null;
  return {
    grams: row.last_grams,
    stable: row.last_stable === 1,
    status: row.last_status as ScaleReadingDto['status'],
    ...(row.last_message ? { message: row.last_message } : {}),
    at: row.last_reading_at,
  };
}
