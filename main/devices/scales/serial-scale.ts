import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { SerialPort } from 'serialport';
import { serialPortModule } from '../lazy-modules';
import { parseContinuousFrame } from './continuous';
import { ScaleFramer, type ScaleProtocol } from './framing';
import { parseMtSicsCommandReply, parseMtSicsWeight } from './mt-sics';
import { parseNciResponse, parseNciStatusReply } from './nci';
import { errorReading, type ScaleReading, type WeightUnit } from './reading';
import { waitForConnection } from './wait-for-connection';

/**
 * A serial scale that a packing station can leave plugged in all day: it reconnects when the
 * USB-serial adapter is pulled and put back, turns silence and line noise into an 'error'
 * reading instead of an exception, and never emits EventEmitter 'error' (which would crash
 * the process when nobody listens).
 */

export type SerialScaleState = 'connecting' | 'ready' | 'error' | 'disconnected' | 'closed';

export interface SerialScaleOptions {
  path: string;
  protocol: ScaleProtocol;
  baudRate?: number;
  dataBits?: 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
  /** How long a request waits for its reply (and read() waits for a continuous frame). */
  responseTimeoutMs?: number;
  reconnectIntervalMs?: number;
  /** Unit of Toledo 8213 demand replies, which carry none. */
  continuousUnit?: WeightUnit;
}

export interface ScaleCommandResult {
  ok: boolean;
  message?: string;
  raw: string;
}

interface PendingRequest {
  resolve: (frame: string | null) => void;
  timer: NodeJS.Timeout;
}

const REQUEST_WEIGHT: Record<Exclude<ScaleProtocol, 'continuous'>, string> = { nci: 'W\r', 'mt-sics': 'SI\r\n' };
const REQUEST_ZERO: Record<Exclude<ScaleProtocol, 'continuous'>, string> = { nci: 'Z\r', 'mt-sics': 'Z\r\n' };
const REQUEST_TARE: Record<Exclude<ScaleProtocol, 'continuous'>, string> = { nci: 'T\r', 'mt-sics': 'T\r\n' };

export class SerialScale extends EventEmitter {
  state: SerialScaleState = 'connecting';
  lastReading: ScaleReading | null = null;
  lastError: string | null = null;

  private port: SerialPort | null = null;
  private readonly framer: ScaleFramer;
  private pending: PendingRequest | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private reconnectTimer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private lastFrameAt = 0;
  private frameWaiters: (() => void)[] = [];
  private readonly timeoutMs: number;
  private readonly reconnectMs: number;

  constructor(private readonly options: SerialScaleOptions) {
    super();
    this.framer = new ScaleFramer(options.protocol);
    this.timeoutMs = options.responseTimeoutMs ?? 1000;
    this.reconnectMs = options.reconnectIntervalMs ?? 500;
  }

  /** Starts connecting in the background; never rejects. Use waitUntilReady to block on it. */
  start(): this {
    if (this.state === 'closed') return this;
    this.connect();
    return this;
  }

  waitUntilReady(timeoutMs = 5000): Promise<boolean> {
    return waitForConnection(this, timeoutMs);
  }

  isConnected(): boolean {
    return this.port?.isOpen === true && (this.state === 'ready' || this.state === 'error');
  }

  /** Asks for a weight (or takes the next continuous frame). Resolves with status 'error' on failure. */
  read(): Promise<ScaleReading> {
    if (this.options.protocol === 'continuous') return this.serialise(() => this.nextContinuousReading());
    const protocol = this.options.protocol;
    return this.serialise(async () => {
      const frame = await this.request(REQUEST_WEIGHT[protocol]);
      if (frame === null) return this.record(errorReading(this.describeSilence(), this.silenceMessage()));
      return this.record(protocol === 'nci' ? parseNciResponse(frame) : parseMtSicsWeight(frame));
    });
  }

  zero(): Promise<ScaleCommandResult> {
    return this.command(REQUEST_ZERO, 'zero');
  }

  tare(): Promise<ScaleCommandResult> {
    return this.command(REQUEST_TARE, 'tare');
  }

  async close(): Promise<void> {
    this.setState('closed');
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.watchPresence(false);
    this.finishPending(null);
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.removeAllListeners();
  }

  private command(requests: typeof REQUEST_ZERO, name: string): Promise<ScaleCommandResult> {
    const protocol = this.options.protocol;
    if (protocol === 'continuous') {
      return Promise.resolve({ ok: false, message: `${name} is done on the scale's own keypad for continuous-output scales`, raw: '' });
    }
    return this.serialise(async () => {
      const frame = await this.request(requests[protocol]);
      if (frame === null) {
        this.markError(this.silenceMessage());
        return { ok: false, message: this.silenceMessage(), raw: this.describeSilence() };
      }
      if (protocol === 'mt-sics') {
        const reply = parseMtSicsCommandReply(frame);
        const ok = reply.outcome === 'done';
        return { ok, message: ok ? undefined : `scale refused ${name}: ${reply.outcome.replace('_', ' ')}`, raw: frame };
      }
      const status = parseNciStatusReply(frame);
      if (!status) return { ok: false, message: `scale did not accept ${name}`, raw: frame };
      if (status.faults.length > 0) return { ok: false, message: status.faults.join(', '), raw: frame };
      return { ok: true, raw: frame };
    });
  }

  /** Request/response protocols must not interleave: a second W before the first reply is answered out of order. */
  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private request(command: string): Promise<string | null> {
    const port = this.port;
    if (!port?.isOpen || this.state === 'closed') return Promise.resolve(null);
    // Drop whatever arrived unasked (ptys and some adapters buffer old replies).
    this.framer.clear();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.finishPending(null), this.timeoutMs);
      this.pending = { resolve, timer };
      port.write(command, (error) => {
        if (error) {
          this.lastError = error.message;
          this.finishPending(null);
        }
      });
    });
  }

  private finishPending(frame: string | null): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.resolve(frame);
  }

  private async nextContinuousReading(): Promise<ScaleReading> {
    const fresh = this.lastReading && Date.now() - this.lastFrameAt < this.timeoutMs;
    if (fresh && this.lastReading) return this.lastReading;
    const arrived = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.frameWaiters = this.frameWaiters.filter((waiter) => waiter !== onFrame);
        resolve(false);
      }, this.timeoutMs);
      const onFrame = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.frameWaiters.push(onFrame);
    });
    if (arrived && this.lastReading) return this.lastReading;
    return this.record(errorReading(this.describeSilence(), this.silenceMessage()));
  }

  private onData(chunk: Buffer): void {
    const frames = this.framer.push(chunk);
    if (this.framer.overflowed) {
      this.framer.clear();
      this.markError('scale sends data that is not a valid frame (check protocol and baud rate)');
    }
    for (const frame of frames) {
      if (this.options.protocol !== 'continuous') {
        // Anything arriving when nobody asked is stale or noise; the next request clears it.
        this.finishPending(frame);
        continue;
      }
      this.lastFrameAt = Date.now();
      this.record(parseContinuousFrame(frame, this.options.continuousUnit ?? 'lb'));
      const waiters = this.frameWaiters;
      this.frameWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private record(reading: ScaleReading): ScaleReading {
    this.lastReading = reading;
    if (reading.status === 'error') this.markError(reading.message ?? 'scale error');
    else if (this.state !== 'closed') {
      this.lastError = null;
      this.setState('ready');
    }
    this.emit('reading', reading);
    return reading;
  }

  private markError(message: string): void {
    this.lastError = message;
    if (this.port?.isOpen) this.setState('error');
  }

  private describeSilence(): string {
    return this.framer.pendingText;
  }

  private silenceMessage(): string {
    if (!this.port?.isOpen) return `scale on ${this.options.path} is not connected`;
    const noise = this.framer.pendingText;
    return noise ? `no valid reply within ${this.timeoutMs} ms (received ${JSON.stringify(noise.slice(0, 40))})` : `no reply within ${this.timeoutMs} ms`;
  }

  private setState(state: SerialScaleState): void {
    if (this.state === state) return;
    if (this.state === 'closed') return;
    this.state = state;
    this.emit('state', state, this.lastError);
  }

  private connect(): void {
    if (this.state === 'closed') return;
    this.reconnectTimer = null;
    let port: SerialPort;
    try {
      port = new (serialPortModule().SerialPort)({
        path: this.options.path,
        baudRate: this.options.baudRate ?? 9600,
        dataBits: this.options.dataBits ?? 8,
        parity: this.options.parity ?? 'none',
        stopBits: this.options.stopBits ?? 1,
        autoOpen: false,
      });
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.scheduleReconnect();
      return;
    }
    port.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('close', () => this.lost(port));
    port.open((error) => {
      if (this.state === 'closed') {
        if (!error) port.close();
        return;
      }
      if (error) {
        this.lastError = error.message;
        this.setState(this.state === 'connecting' ? 'connecting' : 'disconnected');
        this.scheduleReconnect();
        return;
      }
      this.port = port;
      this.framer.clear();
      this.lastError = null;
      this.setState('ready');
      this.watchPresence(true);
    });
  }

  /** The port went away (closed by the driver, or its device node vanished): disconnected, and reconnecting. */
  private lost(port: SerialPort): void {
    if (this.port !== port) return;
    this.port = null;
    this.watchPresence(false);
    this.finishPending(null);
    this.framer.clear();
    if (this.state === 'closed') return;
    this.lastError = `scale on ${this.options.path} was disconnected`;
    this.setState('disconnected');
    this.scheduleReconnect();
  }

  /**
   * While connected, checks every second that the device node is still there. Pulling a USB-serial
   * adapter normally makes the open port fail at once, but the driver may report it only at the next
   * read or write (seen with ptys on a busy machine: several seconds), and a packer should see
   * "disconnected" when the cable is out, not when they next weigh.
   */
  private watchPresence(on: boolean): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
    // Only device nodes can be checked this way (a Windows COM port has no file to look for).
    if (!on || !this.options.path.startsWith('/')) return;
    this.presenceTimer = setInterval(() => {
      const port = this.port;
      if (!port || existsSync(this.options.path)) return;
      this.lost(port);
      if (port.isOpen) port.close(() => {});
    }, 1000);
    this.presenceTimer.unref();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.state === 'closed') return;
    this.reconnectTimer = setTimeout(() => this.connect(), this.reconnectMs);
  }
}
