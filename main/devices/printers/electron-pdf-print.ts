import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow as ElectronBrowserWindow } from 'electron';
import { SystemPrintError, type SystemPrintBackend } from './system-printer';

/**
 * Windows has no `lp`: the desktop app prints a system printer's PDFs through Chromium — the PDF
 * is opened in a hidden, sandboxed window and sent to the named printer with
 * `webContents.print({ silent: true, deviceName })`; queues come from `getPrintersAsync()`.
 * Registered by main/index.ts on win32 (setSystemPrintBackend). This path needs Electron's binary
 * and a Windows print spooler, so it cannot run on the Linux machines the tests run on: it is kept
 * this thin on purpose, and everything before it (rendering, the persisted queue, retries) is the
 * same code the CUPS tests exercise.
 */
export function electronPdfBackend(BrowserWindow: typeof ElectronBrowserWindow): SystemPrintBackend {
  const printers = async () => {
    const probe = new BrowserWindow({ show: false, webPreferences: { sandbox: true } });
    try {
      return await probe.webContents.getPrintersAsync();
    } finally {
      probe.destroy();
    }
  };
  return {
    async print(job) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'shipshape-print-'));
      const file = path.join(dir, 'document.pdf');
      const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, plugins: true } });
      try {
        if (!(await printers()).some((p) => p.name === job.queue)) throw new SystemPrintError(`Windows has no printer named "${job.queue}"`, false);
        await writeFile(file, job.pdf);
        await win.loadURL(pathToFileURL(file).toString());
        const pageSize = job.pageSizePt ? { width: Math.round((job.pageSizePt[0] / 72) * 25_400), height: Math.round((job.pageSizePt[1] / 72) * 25_400) } : undefined;
        await new Promise<void>((resolve, reject) =>
          win.webContents.print({ silent: true, deviceName: job.queue, printBackground: true, margins: { marginType: 'none' }, ...(pageSize ? { pageSize } : {}) }, (ok, reason) =>
            ok ? resolve() : reject(new SystemPrintError(`Windows could not print on "${job.queue}": ${reason}`, true)),
          ),
        );
        return { jobId: '' };
      } finally {
        win.destroy();
        await rm(dir, { recursive: true, force: true });
      }
    },
    async queues() {
      return (await printers()).map((p) => p.name);
    },
    async status(queue) {
      const found = (await printers()).find((p) => p.name === queue);
      return found ? { exists: true, ready: true, problems: [] } : { exists: false, ready: false, problems: [`Windows has no printer named "${queue}"`] };
    },
  };
}
