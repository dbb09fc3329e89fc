import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserWindow, Dialog, MessageBoxOptions, Shell } from 'electron';
import type { ChannelDto } from '../../shared/api/orders';
import type { App } from '../app';
import { AppError } from '../../shared/errors';
import { childLogger } from '../logging/logger';
import { importFromFile, readHead } from './file-dialogs';
import type { MenuActions } from './menu';

export interface MenuActionDeps {
  app: App;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;
  shell: Pick<Shell, 'openPath'>;
  window(): BrowserWindow | undefined;
  /** The folder holding the shop's database (and its backups). */
  dataFolder: string;
  /** The log file, once logging is configured (main/logging/logger.ts logFilePath). */
  logFile(): string | undefined;
  versions: { app: string; electron?: string; chrome?: string; node: string };
}

const log = childLogger({ module: 'desktop-menu' });
const CSV = [{ name: 'CSV files', extensions: ['csv'] }];
/** Shopify's products export has "Handle"/"URL handle" and "Variant SKU" columns; anything else is the plain CSV. */
const looksLikeShopifyProducts = (header: string) => /variant sku|url handle|(^|,)"?handle"?(,|$)/i.test(header.split(/\r?\n/, 1)[0]);
/** An order file's format follows its channel. */
const orderFormat = (kind: ChannelDto['kind']) => (kind === 'shopify' || kind === 'woocommerce' ? kind : 'csv');

/**
 * The application menu's actions, on the same services the API uses (imports through the same
 * file-import path as the native dialogs; backup and export through the router, so they are
 * checked and audited like any call). Each reports its outcome in a message box; a failure is
 * shown as an error box, never thrown into the menu.
 */
export function createMenuActions(deps: MenuActionDeps): MenuActions {
  const { app, dialog } = deps;
  const show = (options: MessageBoxOptions) => {
    const win = deps.window();
    return win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options);
  };
  const openOne = async (title: string, filters: { name: string; extensions: string[] }[]) => {
    const win = deps.window();
    const options = { title, properties: ['openFile' as const], filters: [...filters, { name: 'All files', extensions: ['*'] }] };
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return picked.canceled ? undefined : picked.filePaths[0];
  };
  const reported =
    (title: string, action: () => Promise<void>) =>
    async (): Promise<void> => {
      try {
        await action();
      } catch (err) {
        log.warn({ err, action: title }, 'menu action failed');
        // The local owner at their own desktop: the system's own words (a missing file, a full disk) help more than "internal error".
        await show({ type: 'error', title, message: `${title} failed`, detail: err instanceof AppError || err instanceof Error ? err.message : String(err) });
      }
    };
  const importSummary = async (title: string, file: string, report: { failed: number; errors: { row?: number | null; message: string }[] }, counts: string) => {
    const problems = report.errors.slice(0, 5).map((e) => e.message);
    const more = report.errors.length > 5 ? [`… and ${report.errors.length - 5} more (see the import screen)`] : [];
    await show({ type: report.failed ? 'warning' : 'info', title, message: `${path.basename(file)}: ${counts}`, detail: [...problems, ...more].join('\n') || undefined });
  };

  return {
    importProducts: reported('Import products', async () => {
      const file = await openOne('Import products', CSV);
      if (!file) return;
      const head = await readHead(file);
      const report = (await importFromFile(app, 'catalog.import', { format: looksLikeShopifyProducts(head) ? 'shopify' : 'csv', skipBadRows: false }, file)) as {
        created: number; updated: number; failed: number; written: boolean; errors: { row?: number | null; message: string }[];
      };
      await importSummary('Import products', file, report, `${report.created} created, ${report.updated} updated, ${report.failed} failed${report.written ? '' : ' — nothing was written'}`);
    }),

    importOrders: reported('Import orders', async () => {
      const channels = (await app.invoke('channels.list', {})).filter((c) => c.kind !== 'manual');
      if (channels.length === 0) {
        await show({ type: 'info', title: 'Import orders', message: 'Add a sales channel first', detail: 'Orders are imported into a channel: add one in Settings → Channels.' });
        return;
      }
      const choice = await show({
        type: 'question',
        title: 'Import orders',
        message: 'Import orders into which channel?',
        buttons: [...channels.map((c) => `${c.name} (${c.kind})`), 'Cancel'],
        cancelId: channels.length,
        defaultId: 0,
      });
      const channel = channels[choice.response];
      if (!channel) return;
      const file = await openOne(`Import orders into ${channel.name}`, [{ name: 'Order files', extensions: ['csv', 'json'] }]);
      if (!file) return;
      const report = (await importFromFile(app, 'orders.import', { channel: channel.id, format: orderFormat(channel.kind) }, file)) as {
        created: number; duplicate: number; on_hold: number; failed: number; errors: { row?: number | null; message: string }[];
      };
      await importSummary('Import orders', file, report, `${report.created} created, ${report.duplicate} duplicate, ${report.on_hold} on hold, ${report.failed} failed`);
    }),

    exportStock: reported('Export stock', async () => {
      const { csv, filename } = await app.invoke('stock.exportCsv', {}, { transport: 'ipc' });
      const win = deps.window();
      const options = { title: 'Export stock', defaultPath: filename, filters: CSV };
      const picked = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (picked.canceled || !picked.filePath) return;
      await writeFile(picked.filePath, csv);
    }),

    backUpNow: reported('Back up now', async () => {
      const backup = await app.invoke('backup.run', {}, { transport: 'ipc' });
      await show({
        type: backup.verified ? 'info' : 'warning',
        title: 'Back up now',
        message: backup.verified ? 'Backed up and verified' : 'Backed up, but the copy did not verify',
        detail: [backup.path, ...backup.problems].join('\n'),
      });
    }),

    openDataFolder: reported('Open data folder', async () => {
      const problem = await deps.shell.openPath(deps.dataFolder);
      if (problem) throw new Error(`${deps.dataFolder}: ${problem}`);
    }),

    about: reported('About Shipshape', async () => {
      const v = deps.versions;
      await show({
        type: 'info',
        title: 'About Shipshape',
        message: `Shipshape ${v.app}`,
        detail: [`Data: ${deps.dataFolder}`, v.electron ? `Electron ${v.electron}` : '', v.chrome ? `Chromium ${v.chrome}` : '', `Node ${v.node}`].filter(Boolean).join('\n'),
      });
    }),

    openLogsFolder: reported('Open logs folder', async () => {
      const logFile = deps.logFile();
      if (!logFile) throw new Error('Logging to a file has not started');
      const problem = await deps.shell.openPath(path.dirname(logFile));
      if (problem) throw new Error(`${path.dirname(logFile)}: ${problem}`);
    }),
  };
}
