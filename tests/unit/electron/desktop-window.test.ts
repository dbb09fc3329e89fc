import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_IPC } from '../../../shared/desktop';
import { tempApp } from '../../helpers/temp-app';

// Electron's module stands in (its binary cannot run here): a BrowserWindow with bounds and
// events, ipcMain, session. Our window setup, the app and its events are real.
const windows: StandInWindow[] = [];
class StandInWindow extends EventEmitter {
  bounds = { x: 0, y: 0, width: 0, height: 0 };
  maximized = false;
  destroyed = false;
  progress: unknown[] = [];
  webContents = { on: () => {}, setWindowOpenHandler: () => {}, send: () => {}, mainFrame: {} };
  constructor(public options: { x?: number; y?: number; width: number; height: number }) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
    windows.push(this);
  }
  getNormalBounds = () => this.bounds;
  isMaximized = () => this.maximized;
  isMinimized = () => false;
  isFullScreen = () => false;
  isDestroyed = () => this.destroyed;
  maximize = () => void (this.maximized = true);
  setProgressBar = (...args: unknown[]) => void this.progress.push(args);
  loadURL = async () => {};
}
const ipcHandlers = new Map<string, unknown>();
vi.mock('electron', () => ({
  BrowserWindow: StandInWindow,
  ipcMain: { handle: (channel: string, fn: unknown) => ipcHandlers.set(channel, fn), removeHandler: (channel: string) => ipcHandlers.delete(channel) },
  session: { defaultSession: { webRequest: { onHeadersReceived: () => {} }, setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} } },
  shell: { openExternal: () => {} },
  nativeTheme: { shouldUseDarkColors: true },
  app: { on: () => {} },
}));

let app: Awaited<ReturnType<typeof tempApp>>;
let userData: string;
beforeEach(async () => {
  app = await tempApp();
  userData = mkdtempSync(path.join(tmpdir(), 'desktop-window-'));
  windows.length = 0;
});
afterEach(async () => {
  await app.cleanup();
  rmSync(userData, { recursive: true, force: true });
});

async function open() {
  const electron = await import('electron');
  const { openDesktopWindow } = await import('../../../main/electron/desktop-window');
  const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1050 } }] };
  return openDesktopWindow({ shipshape: app, electron: { ipcMain: electron.ipcMain as never, dialog: {} as never, screen: screen as never }, userDataDir: userData, rendererDir: '/app', preloadPath: '/app/preload.cjs' });
}

describe('the desktop window', () => {
  it('opens where it was left (maximised), answers the file dialogs, shows progress, and undoes it all when closed', async () => {
    writeFileSync(path.join(userData, 'window-state.json'), JSON.stringify({ bounds: { x: 300, y: 200, width: 1200, height: 800 }, maximized: true }));
    await open();
    const win = windows[0];
    expect(win.options).toMatchObject({ x: 300, y: 200, width: 1200, height: 800, backgroundColor: '#12161f' });
    expect(win.maximized).toBe(true);
    for (const channel of Object.values(DESKTOP_IPC)) expect(ipcHandlers.has(channel)).toBe(true);

    app.events.publish('progress', { jobId: 'import-1', kind: 'product-import', label: 'Import products', done: 50, total: 200, finished: false });
    expect(win.progress.at(-1)).toEqual([0.25, { mode: 'normal' }]);

    win.bounds = { x: 10, y: 20, width: 1000, height: 700 };
    win.maximized = false;
    win.emit('close');
    win.destroyed = true;
    win.emit('closed');
    expect(JSON.parse(readFileSync(path.join(userData, 'window-state.json'), 'utf8'))).toEqual({ bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false });
    for (const channel of Object.values(DESKTOP_IPC)) expect(ipcHandlers.has(channel)).toBe(false);
    expect(ipcHandlers.has('shipshape:call')).toBe(false);
  });

  it('a first start opens at the default size', async () => {
    await open();
    expect(windows[0].options).toMatchObject({ width: 1400, height: 900 });
    expect(windows[0].options).not.toHaveProperty('x');
    expect(existsSync(path.join(userData, 'window-state.json'))).toBe(false);
  });
});
