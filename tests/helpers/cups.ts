import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real CUPS server for tests: cupsd started from a temporary configuration (its own socket,
 * spool and logs, so it never touches a CUPS the machine may run), with CUPS-PDF queues added by
 * lpadmin. Printing through it and reading back what CUPS-PDF wrote is the proof a PDF printed.
 *
 * CUPS-PDF itself reads its settings from /etc/cups/cups-pdf.conf only, so its output lands in
 * the system's CUPS-PDF folder ($HOME/PDF for the job's user by default), named after the job title.
 */

export const CUPS_APT = 'apt-get install -y cups cups-bsd printer-driver-cups-pdf poppler-utils zbar-tools';

const TOOLS: [string, string][] = [
  ['/usr/sbin/cupsd', 'cups'],
  ['lpadmin', 'cups'],
  ['lp', 'cups-bsd (or cups-client)'],
  ['lpstat', 'cups-client'],
  ['/usr/lib/cups/backend/cups-pdf', 'printer-driver-cups-pdf'],
  ['pdftotext', 'poppler-utils'],
  ['pdftoppm', 'poppler-utils'],
  ['pdfinfo', 'poppler-utils'],
  ['zbarimg', 'zbar-tools'],
];

function onPath(tool: string): boolean {
  if (tool.startsWith('/')) return existsSync(tool);
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, tool)));
}

/** Fails (never skips) with the exact install command when a tool is missing. */
export function requireTools(names: string[] = TOOLS.map(([t]) => t)): void {
  const missing = TOOLS.filter(([tool]) => names.includes(tool) && !onPath(tool));
  if (missing.length) throw new Error(`Missing ${missing.map(([t, pkg]) => `${t} (${pkg})`).join(', ')}. Install with: ${CUPS_APT}`);
}

/** Where CUPS-PDF writes for the current user, from /etc/cups/cups-pdf.conf ("Out", default /var/spool/cups-pdf/${USER}). */
export function cupsPdfOutputDir(): string {
  const conf = existsSync('/etc/cups/cups-pdf.conf') ? readFileSync('/etc/cups/cups-pdf.conf', 'utf8') : '';
  const out = /^\s*Out\s+(.+)$/m.exec(conf)?.[1]?.trim() ?? '/var/spool/cups-pdf/${USER}';
  return out.replace(/\$\{HOME\}/g, os.homedir()).replace(/\$\{USER\}/g, os.userInfo().username);
}

export interface CupsServer {
  socket: string;
  outputDir: string;
  /** Adds (or replaces) a CUPS-PDF queue. */
  addPdfQueue(name: string): void;
  removeQueue(name: string): void;
  /** Waits for CUPS-PDF's file for a job whose title starts with `titlePrefix`, written after `since`. */
  waitForPdf(titlePrefix: string, since: number, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startCups(): Promise<CupsServer> {
  requireTools();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-cups-'));
  for (const sub of ['spool', 'cache', 'state', 'log']) mkdirSync(path.join(dir, sub));
  // cupsd drops privileges to user lp for filters: they must be able to read the spool.
  execFileSync('chmod', ['755', dir]);
  const socket = path.join(dir, 'cups.sock');
  writeFileSync(
    path.join(dir, 'cupsd.conf'),
    [`Listen ${socket}`, 'LogLevel warn', 'WebInterface No', 'Browsing No', 'DefaultAuthType None', '<Location />', '  Order allow,deny', '  Allow all', '</Location>', '<Policy default>', '  <Limit All>', '    Order deny,allow', '  </Limit>', '</Policy>', ''].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'cups-files.conf'),
    [`ServerRoot ${dir}`, `RequestRoot ${dir}/spool`, `CacheDir ${dir}/cache`, `StateDir ${dir}/state`, `TempDir ${dir}/spool`, `AccessLog ${dir}/log/access_log`, `ErrorLog ${dir}/log/error_log`, `PageLog ${dir}/log/page_log`, 'SystemGroup root', ''].join('\n'),
  );
  const daemon: ChildProcess = spawn('/usr/sbin/cupsd', ['-f', '-c', path.join(dir, 'cupsd.conf'), '-s', path.join(dir, 'cups-files.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  daemon.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const previous = process.env.CUPS_SERVER;
  // lp, lpstat and lpadmin — ours and the product's — talk to this server, not the machine's.
  process.env.CUPS_SERVER = socket;
  const env = { ...process.env, CUPS_SERVER: socket };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (daemon.exitCode !== null) throw new Error(`cupsd exited (${daemon.exitCode}): ${stderr}${readLog(dir)}`);
    if (existsSync(socket)) {
      try {
        execFileSync('lpstat', ['-r'], { env, stdio: 'pipe' });
        break;
      } catch {
        // not answering yet
      }
    }
    if (Date.now() > deadline) throw new Error(`cupsd did not start within 10 s: ${stderr}${readLog(dir)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const outputDir = cupsPdfOutputDir();
  return {
    socket,
    outputDir,
    addPdfQueue(name) {
      execFileSync('lpadmin', ['-p', name, '-E', '-v', 'cups-pdf:/', '-m', 'lsb/usr/cups-pdf/CUPS-PDF_noopt.ppd'], { env, stdio: 'pipe' });
    },
    removeQueue(name) {
      execFileSync('lpadmin', ['-x', name], { env, stdio: 'pipe' });
    },
    async waitForPdf(titlePrefix, since, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = existsSync(outputDir)
          ? readdirSync(outputDir)
              .filter((f) => f.startsWith(titlePrefix) && f.endsWith('.pdf'))
              .map((f) => path.join(outputDir, f))
              .filter((f) => statSync(f).mtimeMs >= since - 1000 && statSync(f).size > 0)
          : [];
        // Ghostscript writes the file as it goes (a loaded machine can pause it mid-file): done when
        // the PDF ends with its %%EOF marker and the size has stopped changing.
        if (found.length) {
          const file = found[0];
          const size = statSync(file).size;
          await new Promise((resolve) => setTimeout(resolve, 150));
          if (statSync(file).size === size && pdfComplete(file)) return file;
        }
        if (Date.now() > end) throw new Error(`CUPS-PDF wrote no "${titlePrefix}*.pdf" in ${outputDir} within ${timeoutMs} ms${readLog(dir)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      if (previous === undefined) delete process.env.CUPS_SERVER;
      else process.env.CUPS_SERVER = previous;
      if (daemon.exitCode === null) {
        const exited = new Promise((resolve) => daemon.once('exit', resolve));
        daemon.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(dir: string): string {
  const file = path.join(dir, 'log', 'error_log');
  return existsSync(file) ? `\ncupsd error_log:\n${readFileSync(file, 'utf8').slice(-2000)}` : '';
}

// ---------- reading a printed PDF page by page ----------

/** Whether a PDF file is whole: it ends with the %%EOF marker (trailing line breaks allowed). */
function pdfComplete(file: string): boolean {
  const bytes = readFileSync(file);
  return /%%EOF\s*$/.test(bytes.subarray(Math.max(0, bytes.length - 64)).toString('latin1'));
}

export function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);
}

export function pdfPageSizePt(file: string, page = 1): [number, number] {
  const info = execFileSync('pdfinfo', ['-f', String(page), '-l', String(page), file], { encoding: 'utf8' });
  const m = /Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+)/.exec(info) ?? /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info);
  return [Number(m?.[1]), Number(m?.[2])];
}

/** The text of one page (or of a box on it, in points from the top-left), whitespace collapsed. */
export function pageText(file: string, page: number, box?: { x: number; y: number; w: number; h: number }): string {
  const crop = box ? ['-r', '72', '-x', String(Math.round(box.x)), '-y', String(Math.round(box.y)), '-W', String(Math.round(box.w)), '-H', String(Math.round(box.h))] : [];
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), ...crop, '-raw', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\s+/g, ' ');
}

/** Every word on a page with its box in points, for checking that nothing runs off the paper. */
export function pageWords(file: string, page: number): { word: string; xMin: number; yMin: number; xMax: number; yMax: number }[] {
  const html = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    word: m[5].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}

/** Every barcode zbar finds on one page rendered at 300 dpi (as a scanner would see a print). */
export function pageBarcodes(file: string, page: number): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-zbar-'));
  try {
    execFileSync('pdftoppm', ['-r', '300', '-f', String(page), '-l', String(page), '-png', file, path.join(dir, 'page')], { stdio: ['ignore', 'ignore', 'ignore'] });
    const png = readdirSync(dir).find((f) => f.endsWith('.png'));
    if (!png) return [];
    try {
      const out = execFileSync('zbarimg', ['--raw', '-q', path.join(dir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return out.split('\n').map((l) => l.trim()).filter(Boolean);
    } catch (error) {
      // zbarimg exits 4 when it finds nothing.
      if ((error as { status?: number }).status === 4) return [];
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
