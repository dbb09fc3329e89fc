// Electron entry. Thin on purpose: it hands Electron's own objects to the modules in
// main/electron/, which hold the behaviour and are tested under Node with stand-ins for them
// (the Electron binary cannot run on the project's build machines); all app behaviour lives in
// openApp().
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, Notification, safeStorage, screen, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, type App } from './app';
import { resolveDbPath } from './paths';
import { setSystemPrintBackend } from './devices/printers/system-printer';
import { electronPdfBackend } from './devices/printers/electron-pdf-print';
import { childLogger, configureLogging, defaultLogDir, logFilePath } from './logging/logger';
import { installCrashReporting } from './electron/crash-reporting';
import { openDesktopWindow } from './electron/desktop-window';
import { wireLifecycle } from './electron/lifecycle';
import { buildMenuTemplate } from './electron/menu';
import { createMenuActions } from './electron/menu-actions';
import { electronSqliteBinding } from './electron/native-paths';
import { startDesktopNotifications } from './electron/notifications';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main (inside app.asar when packaged)

// First, so a failure anywhere after this is logged and shown rather than lost.
installCrashReporting({ process, app, dialog, log: childLogger({ module: 'desktop' }), logFile: logFilePath });

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let shipshape: App | undefined;
  let win: BrowserWindow | undefined;
  const showWindow = () => {
    if (win?.isMinimized()) win.restore();
    win?.show();
    win?.focus();
  };
  app.on('second-instance', showWindow);
  // Light or dark as the OS is set (styles.css follows prefers-color-scheme).
  nativeTheme.themeSource = 'system';

  const openWindow = () => {
    if (!shipshape) return;
    win = openDesktopWindow({
      shipshape,
      electron: { ipcMain, dialog, screen },
      userDataDir: app.getPath('userData'),
      rendererDir: path.join(here, '..', 'renderer'),
      preloadPath: path.join(here, '..', 'preload', 'index.cjs'),
    });
    const opened = win;
    opened.on('closed', () => {
      if (win === opened) win = undefined;
    });
  };
  wireLifecycle({ app, platform: process.platform, windowCount: () => BrowserWindow.getAllWindows().length, openWindow, close: async () => shipshape?.close() });

  void app.whenReady().then(async () => {
    // System printers: CUPS `lp` on Linux and macOS; on Windows, Chromium's printing (main/devices/printers/electron-pdf-print.ts).
    if (process.platform === 'win32') setSystemPrintBackend(electronPdfBackend(BrowserWindow));
    const dbArg = process.argv.find((a) => a.startsWith('--db='))?.slice(5);
    const dbPath = resolveDbPath(dbArg); // --db=FILE, SHIPSHAPE_DB, else the user-data folder
    configureLogging({ dir: defaultLogDir(dbPath) });
    shipshape = await openApp({
      dbPath,
      // better-sqlite3 built for Electron: unpacked beside app.asar when packaged, .native/electron in a checkout.
      nativeBinding: electronSqliteBinding({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, projectRoot: path.join(here, '..', '..') }),
      workers: true,
      // Store credentials sealed by the OS keychain when there is one (else kept in the 0600 database).
      secretBox: safeStorage.isEncryptionAvailable()
        ? { seal: (plain) => safeStorage.encryptString(plain).toString('base64'), open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')) }
        : null,
    });
    const actions = createMenuActions({
      app: shipshape,
      dialog,
      shell,
      window: () => win,
      dataFolder: path.dirname(dbPath),
      logFile: logFilePath,
      versions: { app: app.getVersion(), electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions, process.platform)));
    if (Notification.isSupported()) startDesktopNotifications({ app: shipshape, Notification, onClick: showWindow });
    openWindow();
  });
}
