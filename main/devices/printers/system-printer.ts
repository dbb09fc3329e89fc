import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * System printers: PDFs printed through the operating system's print system, for office lasers
 * and any printer the OS already drives. On Linux and macOS that is CUPS: `lp -d QUEUE file.pdf`
 * (queues listed with `lpstat -e`). On Windows there is no `lp`; the Electron app registers a
 * backend that prints through `webContents.print` (setSystemPrintBackend) — that path lives at
 * this module boundary and cannot run on the Linux test machines.
 *
 * A job counts as delivered once the spooler has accepted it ("request id is …"), as a raw-TCP
 * job counts once the printer has read every byte: from there the OS owns it.
 */

export class SystemPrintError extends Error {
  constructor(
    message: string,
    /** Retryable: the spooler is not running or did not answer (it may come back). Not: the queue does not exist, `lp` is missing. */
    public readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SystemPrintError';
  }
}

export interface SystemPrintJob {
  queue: string;
  pdf: Buffer;
  /** Shown in the OS print queue (and CUPS-PDF's file name). */
  title: string;
  /** Page size in points from the PDF, so a 4×6 label is not printed on the driver's default A4. */
  pageSizePt?: [number, number] | null;
  timeoutMs?: number;
}

export interface SystemPrintBackend {
  print(job: SystemPrintJob): Promise<{ jobId: string }>;
  /** Printer queue names the OS knows. */
  queues(): Promise<string[]>;
  /** Whether a queue exists and accepts jobs; `problems` says why not. */
  status(queue: string): Promise<{ exists: boolean; ready: boolean; problems: string[] }>;
}

const PREFIX = 'system://';

export function isSystemPrinterUri(uri: string): boolean {
  return uri.trim().toLowerCase().startsWith(PREFIX);
}

export function parseSystemPrinterUri(uri: string): string {
  const queue = decodeURIComponent(uri.trim().slice(PREFIX.length)).trim();
  if (!isSystemPrinterUri(uri) || !queue || /[/#\t\r\n]/.test(queue)) {
    throw new SystemPrintError(`Printer address "${uri}" is not system://QUEUE`, false);
  }
  return queue;
}

/** The first page's MediaBox, in points (pdfkit writes page dictionaries uncompressed). */
export function pdfPageSize(pdf: Buffer): [number, number] | null {
  const match = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  if (!match) return null;
  return [Number(match[3]) - Number(match[1]), Number(match[4]) - Number(match[2])];
}

/** A4 and Letter by name (drivers know their trays and margins); anything else, labels, as a custom size in points. */
export function mediaName([w, h]: [number, number]): string {
  const near = (a: number, b: number) => Math.abs(a - b) < 2;
  if (near(w, 595.28) && near(h, 841.89)) return 'A4';
  if (near(w, 612) && near(h, 792)) return 'Letter';
  return `Custom.${Math.round(w)}x${Math.round(h)}`;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, env: process.env }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { code?: string | number; killed?: boolean }) | null;
      if (err && err.code === 'ENOENT') {
        reject(new SystemPrintError(`"${command}" is not installed: system printers need CUPS's client (Debian/Ubuntu: apt-get install -y cups-client cups-bsd; macOS has it built in)`, false));
        return;
      }
      if (err?.killed) {
        reject(new SystemPrintError(`${command} did not answer within ${timeoutMs} ms`, true));
        return;
      }
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** CUPS's own words → what the owner can do about it, and whether waiting can help. */
function describeLpFailure(queue: string, stderr: string): SystemPrintError {
  const text = stderr.trim().replace(/^lp(stat)?:\s*/i, '');
  if (/does not exist|not exist|unknown printer|no such/i.test(text)) {
    return new SystemPrintError(`The print system has no printer queue named "${queue}" (${text}); add it in the OS printer settings or pick one of \`lpstat -e\``, false);
  }
  if (/scheduler is not running|unable to connect|connection refused|bad file descriptor/i.test(text)) {
    return new SystemPrintError(`The print system (CUPS) is not running: ${text}`, true);
  }
  if (/not accepting/i.test(text)) return new SystemPrintError(`Printer queue "${queue}" is not accepting jobs: ${text}`, true);
  return new SystemPrintError(`lp could not print on "${queue}": ${text || 'no reason given'}`, true);
}

export const cupsBackend: SystemPrintBackend = {
  async print(job) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shipshape-print-'));
    const file = path.join(dir, 'document.pdf');
    try {
      await writeFile(file, job.pdf);
      const args = ['-d', job.queue, '-t', job.title];
      if (job.pageSizePt) args.push('-o', `media=${mediaName(job.pageSizePt)}`);
      args.push('--', file);
      const result = await run('lp', args, job.timeoutMs ?? 15_000);
      if (result.code !== 0) throw describeLpFailure(job.queue, result.stderr || result.stdout);
      const jobId = /request id is (\S+)/i.exec(result.stdout)?.[1] ?? '';
      return { jobId };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
  async queues() {
    const result = await run('lpstat', ['-e'], 5000);
    if (result.code !== 0) throw describeLpFailure('', result.stderr);
    return result.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  },
  async status(queue) {
    const result = await run('lpstat', ['-p', queue], 5000);
    if (result.code !== 0) {
      const error = describeLpFailure(queue, result.stderr);
      return { exists: error.retryable, ready: false, problems: [error.message] };
    }
    const disabled = /disabled/i.test(result.stdout);
    return { exists: true, ready: !disabled, problems: disabled ? [`${queue} is paused in the print system`] : [] };
  },
};

let backend: SystemPrintBackend | null = null;

/** The Electron app on Windows registers its webContents.print backend here; everywhere else CUPS is used. */
export function setSystemPrintBackend(next: SystemPrintBackend | null): void {
  backend = next;
}

export function systemPrintBackend(): SystemPrintBackend {
  if (backend) return backend;
  if (process.platform === 'win32') {
    return {
      print: async () => {
        throw new SystemPrintError('System printers on Windows print through the desktop app (the CLI and station server cannot): print from the app', false);
      },
      queues: async () => [],
      status: async () => ({ exists: false, ready: false, problems: ['Windows printing runs only inside the desktop app'] }),
    };
  }
  return cupsBackend;
}

export function printPdfOnSystemPrinter(uri: string, pdf: Buffer, title: string, timeoutMs?: number): Promise<{ jobId: string }> {
  return systemPrintBackend().print({ queue: parseSystemPrinterUri(uri), pdf, title, pageSizePt: pdfPageSize(pdf), timeoutMs });
}
