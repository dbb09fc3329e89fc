/**
 * What the desktop app's preload adds to `window.shipshape` beside `call` and `on`: native
 * open/save dialogs. The renderer never sees a full path: a dialog answers with a one-time token
 * (and the file's name to show); main maps the token back to the chosen path, so a renderer cannot
 * name an arbitrary file to read or overwrite.
 */
export const DESKTOP_IPC = {
  openFile: 'shipshape:dialogs:openFile',
  saveFile: 'shipshape:dialogs:saveFile',
  importFile: 'shipshape:dialogs:importFile',
  exportFile: 'shipshape:dialogs:exportFile',
} as const;

export interface FileFilter {
  name: string;
  /** Without the dot: ['csv']. */
  extensions: string[];
}

/** A file the user chose in a native dialog. */
export interface ChosenFile {
  token: string;
  /** The file's name (no folder), to show. */
  name: string;
  /** An opened file's first few KB (what the browser's File.slice gives), to guess its format from the header. */
  head?: string;
}

/** Methods that read a whole file: in the desktop app they stream from the chosen file in main. */
export type DesktopImportMethod = 'catalog.import' | 'orders.import';
/** Methods answering `{ csv, filename }`: in the desktop app they are written to the chosen file. */
export const DESKTOP_EXPORT_METHODS = ['stock.exportCsv', 'stockFeed.shopifyCsv'] as const;
export type DesktopExportMethod = (typeof DESKTOP_EXPORT_METHODS)[number];

export interface DesktopDialogs {
  openFile(options: { title?: string; filters?: FileFilter[] }): Promise<ChosenFile | null>;
  saveFile(options: { title?: string; defaultName?: string; filters?: FileFilter[] }): Promise<ChosenFile | null>;
  /** Runs an import method on the chosen file (its options without `content`); answers the API's envelope. */
  importFile(method: DesktopImportMethod, options: Record<string, unknown>, token: string): Promise<unknown>;
  /** Runs an export method and writes its CSV to the chosen file; answers `{ name, bytes }` in the API's envelope. */
  exportFile(method: DesktopExportMethod, input: Record<string, unknown>, token: string): Promise<unknown>;
}
