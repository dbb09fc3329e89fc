import net from 'node:net';
import { formatZplHostStatus, type HostStatusFlags } from '../printers/zpl-host-status';

/**
 * A network label printer on loopback: a real TCP server that keeps every job and answers ~HS.
 * Development and tests print to it exactly as they would to a Zebra on port 9100.
 */

export interface SimulatedPrintJob {
  bytes: Buffer;
  /** The job decoded as UTF-8, which is what ^CI28 formats are. */
  text: string;
  receivedAt: Date;
}

export interface PrinterSimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
}

export interface PrinterSimulator {
  readonly port: number;
  readonly uri: string;
  readonly jobs: SimulatedPrintJob[];
  /** ~HS queries answered, kept apart from jobs because they print nothing. */
  readonly statusQueries: number;
  waitForJobs(count: number, timeoutMs?: number): Promise<SimulatedPrintJob[]>;
  /** Stops listening, so connections are refused, like a printer that is switched off. */
  setOffline(): Promise<void>;
  setOnline(): Promise<void>;
  setPaperOut(paperOut: boolean): void;
  setHeadOpen(headOpen: boolean): void;
  setPaused(paused: boolean): void;
  /** Accepts connections but never reads or closes them: a wedged printer, for timeout handling. */
  setStalled(stalled: boolean): void;
  close(): Promise<void>;
}

const HOST_STATUS_COMMAND = '~HS';

export async function startPrinterSimulator(options: PrinterSimulatorOptions = {}): Promise<PrinterSimulator> {
  const jobs: SimulatedPrintJob[] = [];
  const flags: HostStatusFlags = {};
  const sockets = new Set<net.Socket>();
  // Connections whose job was received in full: switching off must not un-print them.
  const completed = new WeakSet<net.Socket>();
  let statusQueries = 0;
  let stalled = false;
  let waiters: (() => void)[] = [];

  const notify = () => {
    const current = waiters;
    waiters = [];
    for (const wake of current) wake();
  };

  const handleConnection = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (stalled) {
      socket.pause();
      return;
    }
    const chunks: Buffer[] = [];
    // The last two characters of the previous chunk, so a "~HS" split across packets still counts.
    let carry = '';
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const window = carry + chunk.toString('latin1');
      const asked = window.split(HOST_STATUS_COMMAND).length - 1;
      carry = window.endsWith('~H') ? '~H' : window.endsWith('~') ? '~' : '';
      for (let i = 0; i < asked; i++) {
        statusQueries++;
        socket.write(formatZplHostStatus(flags));
      }
    });
    socket.on('end', () => {
      completed.add(socket);
      const bytes = Buffer.concat(chunks);
      const onlyStatusQueries = bytes.toString('latin1').split(HOST_STATUS_COMMAND).join('').trim() === '';
      if (bytes.length > 0 && !onlyStatusQueries) {
        jobs.push({ bytes, text: bytes.toString('utf8'), receivedAt: new Date() });
        notify();
      }
      socket.end();
    });
  };

  let server = net.createServer(handleConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      // A job still arriving is lost, and the sender must learn it: reset (RST), not a clean
      // close, which would look like a delivered job. Completed jobs finish their close normally.
      for (const socket of sockets) if (!completed.has(socket)) resetQuietly(socket);
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  const port = await listen(options.port ?? 0);

  return {
    port,
    uri: `tcp://127.0.0.1:${port}`,
    jobs,
    get statusQueries() {
      return statusQueries;
    },
    waitForJobs(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`printer simulator received ${jobs.length} of ${count} jobs within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (jobs.length >= count) {
            clearTimeout(timer);
            resolve(jobs.slice(0, count));
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
    async setOffline() {
      await stopListening();
    },
    async setOnline() {
      if (server.listening) return;
      server = net.createServer(handleConnection);
      await listen(port);
    },
    setPaperOut(paperOut) {
      flags.paperOut = paperOut;
    },
    setHeadOpen(headOpen) {
      flags.headOpen = headOpen;
    },
    setPaused(paused) {
      flags.paused = paused;
    },
    setStalled(value) {
      stalled = value;
    },
    async close() {
      await stopListening();
    },
  };
}

function resetQuietly(socket: net.Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
