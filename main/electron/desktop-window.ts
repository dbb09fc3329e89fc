import path from 'node:path';
import type { BrowserWindow, Dialog, Screen } from 'electron';
import type { App } from '../app';
import { createMainWindow, fromOwnWindow } from '../window';
import { ChosenFiles, fileDialogHandlers, registerFileDialogs, type IpcMainLike } from './file-dialogs';
import { wireTaskbarProgress } from './taskbar-progress';
import { loadWindowState, trackWindowState, WINDOW_STATE_FILE } from './window-state';

export interface DesktopWindowOptions {
  shipshape: App;
  electron: { ipcMain: IpcMainLike; dialog: Dialog; screen: Pick<Screen, 'getAllDisplays'> };
  userDataDir: string;
  rendererDir: string;
  preloadPath: string;
}

/**
 * The main window with what belongs to it: the size and place it had last time (if still on a
 * screen), saving them as it moves, and the native file dialogs answered for it. Everything is
 * undone when it closes, so macOS can open a fresh one on `activate`.
 */
export function openDesktopWindow(options: DesktopWindowOptions): BrowserWindow {
  const { shipshape, electron } = options;
  const stateFile = path.join(options.userDataDir, WINDOW_STATE_FILE);
  const initial = loadWindowState(
    stateFile,
    electron.screen.getAllDisplays().map((d) => d.workArea),
    { width: 1400, height: 900 },
  );
  const win = createMainWindow(shipshape, options.rendererDir, options.preloadPath, initial);
  if (initial.maximized) win.maximize();
  const tracker = trackWindowState(win, stateFile);
  const handlers = fileDialogHandlers({ app: shipshape, dialog: electron.dialog, window: () => (win.isDestroyed() ? undefined : win), chosen: new ChosenFiles() });
  const unregister = registerFileDialogs(electron.ipcMain, handlers, (event) => fromOwnWindow(win, event));
  // Long work (imports, exports, batch labels, backups) shows on the taskbar/dock icon too.
  const stopProgress = wireTaskbarProgress(shipshape.events, win);
  win.on('closed', () => {
    tracker.dispose();
    unregister();
    stopProgress();
  });
  return win;
}
