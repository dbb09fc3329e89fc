import type { MenuItemConstructorOptions } from 'electron';

/** What the application menu's own items do (menu-actions.ts builds them on the app's services). */
export interface MenuActions {
  importProducts(): void | Promise<void>;
  importOrders(): void | Promise<void>;
  exportStock(): void | Promise<void>;
  backUpNow(): void | Promise<void>;
  openDataFolder(): void | Promise<void>;
  about(): void | Promise<void>;
  openLogsFolder(): void | Promise<void>;
}

/**
 * Accelerators of our own items. Chosen not to clash with the roles' (Electron's defaults:
 * CmdOrCtrl+Shift+I is the developer tools, CmdOrCtrl+R reload, +Z/X/C/V/A editing, +W close,
 * +M minimise, +Q quit, +H hide on macOS) nor with the console's own keys (Ctrl+Enter, mod+K).
 */
export const MENU_ACCELERATORS = {
  importProducts: 'CmdOrCtrl+I',
  importOrders: 'CmdOrCtrl+Shift+O',
  exportStock: 'CmdOrCtrl+E',
  backUpNow: 'CmdOrCtrl+B',
} as const;

/**
 * The application menu as a plain template (Menu.buildFromTemplate takes it): File with the
 * shop's file work, the standard Edit/View/Window roles, Help. On macOS the first menu is the
 * app's own (About, Hide, Quit) as the platform expects, and File has no Quit of its own.
 * Clicks call `actions`; a failed action is the action's to report, never an unhandled rejection.
 */
export function buildMenuTemplate(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const run = (action: keyof MenuActions) => () => void Promise.resolve(actions[action]()).catch(() => {});
  const mac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'import-products', label: 'Import products…', accelerator: MENU_ACCELERATORS.importProducts, click: run('importProducts') },
      { id: 'import-orders', label: 'Import orders…', accelerator: MENU_ACCELERATORS.importOrders, click: run('importOrders') },
      { id: 'export-stock', label: 'Export stock…', accelerator: MENU_ACCELERATORS.exportStock, click: run('exportStock') },
      { type: 'separator' },
      { id: 'back-up-now', label: 'Back up now', accelerator: MENU_ACCELERATORS.backUpNow, click: run('backUpNow') },
      { id: 'open-data-folder', label: 'Open data folder', click: run('openDataFolder') },
      ...(mac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      ...(mac ? [] : [{ id: 'about', label: 'About Shipshape', click: run('about') }]),
      { id: 'open-logs-folder', label: 'Open logs folder', click: run('openLogsFolder') },
    ],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: 'Shipshape',
    submenu: [
      { id: 'about', label: 'About Shipshape', click: run('about') },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [...(mac ? [appMenu] : []), file, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }, help];
}
