// Electron entry. Thin on purpose: window, menu, single-instance lock and wiring only; all
// behaviour lives in openApp() and is tested under Node.
import { app, BrowserWindow, Menu, safeStorage } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, type App } from './app';
import { resolveDbPath } from './paths';
import { createMainWindow } from './window';
import { setSystemPrintBackend } from './devices/printers/system-printer';
import { electronPdfBackend } from './devices/printers/electron-pdf-print';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const ELECTRON_SQLITE = path.join(here, '..', '..', '.native', 'electron', 'better_sqlite3.node');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let shipshape: App | undefined;
  let win: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.whenReady().then(async () => {
    // System printers: CUPS `lp` on Linux and macOS; on Windows, Chromium's printing (main/devices/printers/electron-pdf-print.ts).
    if (process.platform === 'win32') setSystemPrintBackend(electronPdfBackend(BrowserWindow));
    const dbArg = process.argv.find((a) => a.startsWith('--db='))?.slice(5);
    shipshape = await openApp({
      dbPath: resolveDbPath(dbArg), // --db=FILE, SHIPSHAPE_DB, else the user-data folder
      nativeBinding: existsSync(ELECTRON_SQLITE) ? ELECTRON_SQLITE : undefined,
      workers: true,
      // Store credentials sealed by the OS keychain when there is one (else kept in the 0600 database).
      secretBox: safeStorage.isEncryptionAvailable()
        ? { seal: (plain) => safeStorage.encryptString(plain).toString('base64'), open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')) }
        : null,
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate([{ role: 'fileMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }]));
    win = createMainWindow(shipshape, path.join(here, '..', 'renderer'), path.join(here, '..', 'preload', 'index.cjs'));
  });
  app.on('window-all-closed', async () => {
    await shipshape?.close();
    app.quit();
  });
}
