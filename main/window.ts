import { app, BrowserWindow, ipcMain, nativeTheme, session, shell, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import type { App } from './app';
import { externalUrlAllowList, isAllowedExternalUrl } from './external-links';
import { CONTENT_SECURITY_POLICY } from './server/security';

/**
 * The desktop window: isolated, sandboxed, no Node in the renderer, strict CSP, navigation and
 * new windows refused (links to carriers' tracking pages and the shop's stores open in the system
 * browser), no permissions, and IPC answered only for our own top-level frame.
 */
export function createMainWindow(shipshape: App, rendererDir: string, preloadPath: string, bounds: { x?: number; y?: number; width: number; height: number } = { width: 1400, height: 900 }): BrowserWindow {
  // file:// pages get no response headers: the CSP that holds there is index.html's <meta> (the
  // same policy, put in at build time: renderer-csp.ts). This covers anything served over http(s).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Requests (camera, notifications, ...) are refused, and checks (navigator.permissions, clipboard
  // reads, ...) answer "denied" without asking anyone.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  const openIfAllowed = (url: string) => {
    if (isAllowedExternalUrl(url, externalUrlAllowList())) void shell.openExternal(url);
  };

  const win = new BrowserWindow({
    ...bounds,
    title: 'Shipshape',
    // The page's own background (styles.css --bg, light or dark) before the first paint, so no white flash in dark mode.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#12161f' : '#f6f7f9',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const indexUrl = `file://${path.join(rendererDir, 'index.html')}`;
  win.webContents.on('will-navigate', (event, url) => {
    if (url === indexUrl || url.startsWith(`${indexUrl}#`)) return;
    event.preventDefault();
    openIfAllowed(url);
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());

  ipcMain.handle('shipshape:call', async (event, method: unknown, input: unknown) => {
    if (!fromOwnWindow(win, event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'IPC from an unknown frame' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'VALIDATION', message: 'method must be a string' } };
    return shipshape.call(method, input, { actor: 'owner', role: 'owner', transport: 'ipc' });
  });
  const unsubscribe = shipshape.events.subscribe((e) => {
    if (!win.isDestroyed()) win.webContents.send('shipshape:event', e);
  });
  win.on('closed', () => {
    unsubscribe();
    ipcMain.removeHandler('shipshape:call');
  });
  void win.loadURL(indexUrl);
  app.on('web-contents-created', (_e, contents) => contents.on('will-attach-webview', (ev) => ev.preventDefault()));
  return win;
}

/** Only our own window's main frame, showing our own page, may call the API or open a dialog. */
export function fromOwnWindow(win: BrowserWindow, event: IpcMainInvokeEvent): boolean {
  return event.sender === win.webContents && event.senderFrame === win.webContents.mainFrame && !!event.senderFrame?.url.startsWith('file://');
}
