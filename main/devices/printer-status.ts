import type { PrinterState } from '../../shared/api/devices';
import type { PrinterRow } from '../store/schema';
import type { DeviceRegistry } from './device-registry';
import { exchangeRaw, parseSystemPrinterUri, PrinterConnectionError, queryZplStatus, systemPrintBackend } from './printers';

export interface PrinterStatusResult {
  state: PrinterState;
  problems: string[];
}

/**
 * Asks one printer how it is: ZPL printers answer ~HS (paper out, head open, paused, buffer
 * full); ESC/POS printers on raw TCP have no status query we can rely on across brands, so they
 * are "ready" when they accept a connection.
 */
export async function probePrinter(printer: PrinterRow, timeoutMs = 3000): Promise<PrinterStatusResult> {
  try {
    if (printer.language === 'pdf') {
      // The OS print system knows whether the queue exists and accepts jobs; the device behind it is its business.
      try {
        const status = await systemPrintBackend().status(parseSystemPrinterUri(printer.uri));
        return { state: status.ready ? 'ready' : status.exists ? 'problem' : 'offline', problems: status.problems };
      } catch (error) {
        return { state: 'offline', problems: [error instanceof Error ? error.message : String(error)] };
      }
    }
    if (printer.language === 'zpl') {
      const status = await queryZplStatus(printer.uri, { timeoutMs });
      return { state: status.ready ? 'ready' : 'problem', problems: status.problems };
    }
    await exchangeRaw(printer.uri, Buffer.alloc(0), { timeoutMs });
    return { state: 'ready', problems: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A printer that connects but answers ~HS with nonsense is reachable, just not a Zebra we understand.
    if (!(error instanceof PrinterConnectionError)) return { state: 'problem', problems: [`unexpected status reply: ${message}`] };
    return { state: 'offline', problems: [message] };
  }
}

/** Polls every enabled printer's status in the running app and stores changes (→ devices.changed). */
export class PrinterStatusMonitor {
  intervalMs = 5000;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private running = false;
  private checks = 0;
  private readonly latestCheck = new Map<number, number>();

  constructor(private readonly registry: DeviceRegistry) {}

  async check(printer: PrinterRow): Promise<PrinterStatusResult> {
    // Checks can overlap (the poller and a "Check status" click): only the latest one started
    // may store its answer, so a slow earlier reply never overwrites a newer status.
    const seq = ++this.checks;
    this.latestCheck.set(printer.id, seq);
    const result = await probePrinter(printer);
    if (this.latestCheck.get(printer.id) === seq) await this.registry.setPrinterStatus(printer.id, result.state, result.problems);
    return result;
  }

  /** Called by the queue after each send: an unreachable printer is offline now, not at the next poll. */
  async noteAttempt(printer: PrinterRow, error: Error | null): Promise<void> {
    if (error instanceof PrinterConnectionError && error.kind !== 'bad_uri') {
      await this.registry.setPrinterStatus(printer.id, 'offline', [error.message]);
    } else if (!error && printer.status === 'offline') {
      // It took a job, so it is back; ask it for the details straight away.
      void this.check(printer).catch(() => undefined);
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const poll = () => {
      if (!this.running || this.polling) return;
      this.polling = this.pollAll().finally(() => (this.polling = null));
    };
    this.timer = setInterval(poll, this.intervalMs);
    this.timer.unref?.();
    poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  private async pollAll(): Promise<void> {
    const printers = (await this.registry.printers()).filter((p) => p.enabled === 1);
    await Promise.all(printers.map((p) => this.check(p).catch(() => undefined)));
  }
}
