import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../../main/electron/menu';
import { createMenuActions } from '../../../main/electron/menu-actions';
import { tempApp } from '../../helpers/temp-app';

// Electron's default accelerators of the roles the menu uses (electron/docs/api/menu-item.md).
const ROLE_ACCELERATORS = ['CmdOrCtrl+Z', 'Shift+CmdOrCtrl+Z', 'CmdOrCtrl+Y', 'CmdOrCtrl+X', 'CmdOrCtrl+C', 'CmdOrCtrl+V', 'CmdOrCtrl+A', 'CmdOrCtrl+R', 'Shift+CmdOrCtrl+R', 'CmdOrCtrl+Shift+I', 'Alt+CmdOrCtrl+I', 'CmdOrCtrl+0', 'CmdOrCtrl+Plus', 'CmdOrCtrl+-', 'F11', 'Ctrl+Cmd+F', 'CmdOrCtrl+M', 'CmdOrCtrl+W', 'CmdOrCtrl+Q', 'Cmd+H', 'Alt+Cmd+H'];
/** One spelling per accelerator: modifiers sorted, so Shift+CmdOrCtrl+I and CmdOrCtrl+Shift+I compare equal. */
const normal = (accelerator: string) => {
  const keys = accelerator.split('+');
  const key = keys.pop()!;
  return [...keys.map((k) => (k === 'Cmd' || k === 'Ctrl' ? 'CmdOrCtrl' : k)).sort(), key.toUpperCase()].join('+');
};

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}
const byId = (template: MenuItemConstructorOptions[], id: string) => items(template).find((i) => i.id === id)!;
const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void)();
const recording = () => {
  const calls: string[] = [];
  const actions = Object.fromEntries(['importProducts', 'importOrders', 'exportStock', 'backUpNow', 'openDataFolder', 'about', 'openLogsFolder'].map((name) => [name, () => void calls.push(name)])) as unknown as MenuActions;
  return { calls, actions };
};

describe('application menu template', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`${platform}: File, Edit, View, Window and Help, with the shop's own items`, () => {
      const template = buildMenuTemplate(recording().actions, platform);
      const tops = template.map((m) => m.label ?? m.role);
      expect(tops).toEqual([...(platform === 'darwin' ? ['Shipshape'] : []), '&File', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
      const file = template.find((m) => m.label === '&File')!.submenu as MenuItemConstructorOptions[];
      expect(file.filter((i) => i.label).map((i) => i.label)).toEqual(['Import products…', 'Import orders…', 'Export stock…', 'Back up now', 'Open data folder']);
      const help = (template.at(-1)!.submenu as MenuItemConstructorOptions[]).map((i) => i.label);
      expect(help).toEqual(platform === 'darwin' ? ['Open logs folder'] : ['About Shipshape', 'Open logs folder']);
      expect(items(template).filter((i) => i.id === 'about')).toHaveLength(1);
      expect(items(template).filter((i) => i.role === 'quit')).toHaveLength(1);
    });

    it(`${platform}: no accelerator is used twice, nor clashes with an Electron role's`, () => {
      const ours = items(buildMenuTemplate(recording().actions, platform)).flatMap((i) => (i.accelerator ? [normal(i.accelerator as string)] : []));
      expect(ours).toEqual(expect.arrayContaining(['CmdOrCtrl+I', 'CmdOrCtrl+E', 'CmdOrCtrl+B']));
      expect(new Set(ours).size).toBe(ours.length);
      const roles = new Set(ROLE_ACCELERATORS.map(normal));
      expect(ours.filter((a) => roles.has(a))).toEqual([]);
    });
  }

  it('each item calls its action; a failing action is not thrown into the menu', async () => {
    const { calls, actions } = recording();
    const template = buildMenuTemplate(actions, 'linux');
    for (const id of ['import-products', 'import-orders', 'export-stock', 'back-up-now', 'open-data-folder', 'about', 'open-logs-folder']) click(byId(template, id));
    expect(calls).toEqual(['importProducts', 'importOrders', 'exportStock', 'backUpNow', 'openDataFolder', 'about', 'openLogsFolder']);
    const rejected = vi.fn();
    process.once('unhandledRejection', rejected);
    click(byId(buildMenuTemplate({ ...actions, backUpNow: () => Promise.reject(new Error('disk full')) }, 'linux'), 'back-up-now'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('unhandledRejection', rejected);
    expect(rejected).not.toHaveBeenCalled();
  });
});

// The actions behind the menu, on a real temp shop; Electron's dialog and shell stand in.
describe('menu actions on a real shop', () => {
  let app: Awaited<ReturnType<typeof tempApp>>;
  let dir: string;
  let boxes: MessageBoxOptions[];
  let nextPath: string | undefined;
  let nextButton: number;
  let opened: string[];
  let template: MenuItemConstructorOptions[];
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  beforeEach(async () => {
    app = await tempApp();
    dir = mkdtempSync(path.join(tmpdir(), 'menu-actions-'));
    boxes = [];
    opened = [];
    nextButton = 0;
    const dialog = {
      showOpenDialog: async () => ({ canceled: !nextPath, filePaths: nextPath ? [nextPath] : [] }),
      showSaveDialog: async () => ({ canceled: !nextPath, filePath: nextPath ?? '' }),
      showMessageBox: async (...args: unknown[]) => {
        boxes.push(args.at(-1) as MessageBoxOptions);
        return { response: nextButton, checkboxChecked: false };
      },
    };
    const shell = { openPath: async (p: string) => (opened.push(p), '') };
    const actions = createMenuActions({ app, dialog: dialog as never, shell, window: () => undefined, dataFolder: app.dir, logFile: () => path.join(dir, 'logs', 'shipshape.log'), versions: { app: '0.1.0', node: process.versions.node } });
    template = buildMenuTemplate(actions, 'linux');
  });
  afterEach(async () => {
    await app.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  /** Clicks and waits until the action has shown its outcome. */
  const run = async (id: string) => {
    const before = boxes.length;
    click(byId(template, id));
    await vi.waitFor(() => expect(boxes.length).toBeGreaterThan(before), { timeout: 20_000 });
    return boxes.at(-1)!;
  };
  const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake', name), 'utf8');

  it('Back up now writes a verified backup file and says where', async () => {
    const box = await run('back-up-now');
    expect(box).toMatchObject({ type: 'info', message: 'Backed up and verified' });
    expect(existsSync(String(box.detail))).toBe(true);
    expect((await app.invoke('backup.status', {})).last?.path).toBe(box.detail);
  });

  it('Import products… imports the chosen file (Shopify format recognised from its header)', async () => {
    nextPath = path.join(dir, 'shopify.csv');
    writeFileSync(nextPath, fixture('shopify-products-current.csv'));
    const box = await run('import-products');
    expect(box).toMatchObject({ type: 'info', message: expect.stringMatching(/^shopify\.csv: [1-9]\d* created, 0 updated, 0 failed$/) });
  });

  it('Import orders… asks for the channel, then imports the chosen file into it', async () => {
    await app.invoke('catalog.import', { format: 'csv', skipBadRows: false, content: fixture('plain-products.csv') });
    await app.invoke('channels.upsert', { name: 'Phone', kind: 'csv' });
    nextPath = path.join(dir, 'orders.csv');
    writeFileSync(nextPath, fixture('plain-orders.csv'));
    nextButton = 0;
    click(byId(template, 'import-orders'));
    await vi.waitFor(() => expect(boxes).toHaveLength(2), { timeout: 20_000 });
    expect(boxes[0]).toMatchObject({ type: 'question', buttons: ['Phone (csv)', 'Cancel'] });
    expect(boxes[1].message).toMatch(/^orders\.csv: [1-9]\d* created, 0 duplicate, \d+ on hold, 0 failed$/);
  });

  it('Import orders… with no channel says to add one; a broken file is reported, not thrown', async () => {
    expect(await run('import-orders')).toMatchObject({ message: 'Add a sales channel first' });
    nextPath = path.join(dir, 'missing.csv');
    expect(await run('import-products')).toMatchObject({ type: 'error', message: 'Import products failed', detail: expect.stringContaining('missing.csv') });
  });

  it('Export stock… writes the stock CSV to the chosen file; Open data folder and logs folder open them', async () => {
    await app.invoke('catalog.import', { format: 'csv', skipBadRows: false, content: fixture('plain-products.csv') });
    nextPath = path.join(dir, 'stock.csv');
    click(byId(template, 'export-stock'));
    await vi.waitFor(() => expect(existsSync(nextPath!)).toBe(true));
    expect(readFileSync(nextPath, 'utf8').split('\n')[0]).toBe('sku,name,warehouse,on_hand,reserved,available,reorder_point,next_expiry');
    click(byId(template, 'open-data-folder'));
    click(byId(template, 'open-logs-folder'));
    await settle();
    expect(opened).toEqual([app.dir, path.join(dir, 'logs')]);
    expect(await run('about')).toMatchObject({ message: 'Shipshape 0.1.0' });
  });
});
