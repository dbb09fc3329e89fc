import { describe, expect, it, vi } from 'vitest';

// Electron itself cannot run on these machines (its binary is not downloadable), so these tests
// stand in for the Electron module only — never for our own code — and check what our preload and
// window code ask of it.
const exposed: Record<string, unknown> = {};
const windows: { options: any; handlers: Record<string, any> }[] = [];
const ipcHandlers: Record<string, (...args: any[]) => unknown> = {};

vi.mock('electron', () => {
  class BrowserWindow {
    handlers: Record<string, any> = {};
    webContents: any;
    constructor(public options: any) {
      const self = this;
      this.webContents = {
        on: (name: string, fn: any) => (self.handlers[name] = fn),
        setWindowOpenHandler: (fn: any) => (self.handlers.windowOpen = fn),
        send: () => {},
        mainFrame: { url: 'file:///app/index.html' },
      };
      windows.push({ options, handlers: this.handlers });
    }
    once() {}
    on() {}
    loadURL() {
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
  }
  return {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer: { invoke: vi.fn(), on: vi.fn(), off: vi.fn() },
    ipcMain: { handle: (ch: string, fn: any) => (ipcHandlers[ch] = fn), removeHandler: vi.fn() },
    BrowserWindow,
    session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() }, setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn() },
    nativeTheme: { shouldUseDarkColors: false },
    app: { on: vi.fn() },
  };
});

describe('Electron preload and window', () => {
  it('the preload exposes only window.shipshape with call, on, transport and the file dialogs', async () => {
    await import('../../../preload/index');
    expect(Object.keys(exposed)).toEqual(['shipshape']);
    expect(Object.keys(exposed.shipshape as object).sort()).toEqual(['call', 'dialogs', 'on', 'transport']);
    const dialogs = (exposed.shipshape as { dialogs: Record<string, unknown> }).dialogs;
    expect(Object.keys(dialogs).sort()).toEqual(['exportFile', 'importFile', 'openFile', 'saveFile']);
  });

  it('the window is isolated, sandboxed, without Node, and refuses navigation, new windows and foreign IPC', async () => {
    const { createMainWindow } = await import('../../../main/window');
    const fakeApp = { call: vi.fn(async () => ({ ok: true, data: 1 })), events: { subscribe: () => () => {} } };
    createMainWindow(fakeApp as any, '/app', '/app/preload.cjs');
    const { options, handlers } = windows[0];
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    const nav = { preventDefault: vi.fn() };
    handlers['will-navigate'](nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    expect(handlers.windowOpen({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const foreign = await ipcHandlers['shipshape:call']({ sender: {}, senderFrame: { url: 'https://evil.example' } }, 'system.info', {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(fakeApp.call).not.toHaveBeenCalled();
  });

  it('opens only allow-listed https links (carrier tracking pages) in the system browser, and denies every permission', async () => {
    const electron = (await import('electron')) as any;
    const { createMainWindow } = await import('../../../main/window');
    createMainWindow({ call: vi.fn(), events: { subscribe: () => () => {} } } as any, '/app', '/app/preload.cjs');
    const { handlers } = windows.at(-1)!;
    const openExternal = electron.shell.openExternal as ReturnType<typeof vi.fn>;
    openExternal.mockClear();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://www.ups.com/track?tracknum=1Z', 'https://www.ups.com@evil.example/']) {
      expect(handlers.windowOpen({ url })).toEqual({ action: 'deny' });
      handlers['will-navigate']({ preventDefault: vi.fn() }, url);
    }
    expect(openExternal).not.toHaveBeenCalled();
    const tracking = 'https://www.ups.com/track?tracknum=1Z999AA10123456784';
    expect(handlers.windowOpen({ url: tracking })).toEqual({ action: 'deny' });
    const nav = { preventDefault: vi.fn() };
    handlers['will-navigate'](nav, tracking);
    expect(nav.preventDefault).toHaveBeenCalled();
    expect(openExternal.mock.calls).toEqual([[tracking], [tracking]]);

    const request = electron.session.defaultSession.setPermissionRequestHandler.mock.calls.at(-1)[0];
    const answer = vi.fn();
    request({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    const check = electron.session.defaultSession.setPermissionCheckHandler.mock.calls.at(-1)[0];
    expect(check({}, 'clipboard-read', 'file://', {})).toBe(false);
  });
});
