import { randomUUID } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BrowserWindow, Dialog, IpcMainInvokeEvent } from 'electron';
import { DESKTOP_EXPORT_METHODS, DESKTOP_IPC, type ChosenFile, type DesktopExportMethod, type DesktopImportMethod } from '../../shared/desktop';
import { AppError, type ApiErrorBody } from '../../shared/errors';
import type { App } from '../app';
import { toAppError, validationError } from '../api/registry';
import { UPLOADS } from '../server/uploads';

type Envelope = { ok: true; data: unknown } | { ok: false; error: ApiErrorBody };
/** The parts of Electron's `dialog` used here (a stand-in in tests). */
export type FileDialog = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

const filters = z
  .array(z.object({ name: z.string().trim().min(1).max(60), extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,10})$/)).min(1).max(10) }).strict())
  .max(6)
  .default([]);
const title = z.string().trim().max(100).optional();
export const openFileInput = z.object({ title, filters }).strict();
export const saveFileInput = z
  .object({ title, filters, defaultName: z.string().trim().max(200).regex(/^[^/\\]*$/, 'a file name, without a folder').optional() })
  .strict();
const token = z.string().uuid();
export const importFileInput = z.object({ method: z.enum(['catalog.import', 'orders.import']), options: z.record(z.string(), z.unknown()), token }).strict();
export const exportFileInput = z.object({ method: z.enum(DESKTOP_EXPORT_METHODS), input: z.record(z.string(), z.unknown()), token }).strict();

/** How long a chosen file stays usable by its token. */
const TOKEN_LIFETIME_MS = 15 * 60_000;

/**
 * Paths the user chose in a dialog, by one-time token: the renderer gets the token, main keeps the
 * path. A token is for reading (open) or writing (save) only, and is spent on first use.
 */
export class ChosenFiles {
  private readonly files = new Map<string, { file: string; mode: 'read' | 'write'; expires: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  issue(file: string, mode: 'read' | 'write'): ChosenFile {
    const token = randomUUID();
    this.files.set(token, { file, mode, expires: this.now() + TOKEN_LIFETIME_MS });
    return { token, name: path.basename(file) };
  }

  take(token: string, mode: 'read' | 'write'): string {
    const chosen = this.files.get(token);
    this.files.delete(token);
    if (!chosen || chosen.mode !== mode || chosen.expires < this.now()) {
      throw new AppError('NOT_FOUND', 'That file choice is no longer valid: choose the file again', { token });
    }
    return chosen.file;
  }
}

/** Runs a file import on a file in main: the same service, options schema and audit row as an HTTP upload. */
export async function importFromFile(app: App, method: DesktopImportMethod, rawOptions: unknown, file: string): Promise<unknown> {
  const upload = UPLOADS[method];
  const parsed = upload.options.safeParse(rawOptions);
  if (!parsed.success) throw validationError(parsed.error, rawOptions);
  const data = await upload.run(app, parsed.data, file, 'owner');
  await app.services.audit.record({ actor: 'owner', role: 'owner', transport: 'ipc', area: upload.area, action: method, detail: { ...(parsed.data as object), file: path.basename(file), report: data } });
  return data;
}

/** Calls an export method through the router (validation, audit) and writes its CSV to `file`. */
export async function exportToFile(app: App, method: DesktopExportMethod, input: unknown, file: string): Promise<{ name: string; bytes: number }> {
  const result = await app.call(method, input, { actor: 'owner', role: 'owner', transport: 'ipc' });
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
  const { csv } = result.data as { csv: string };
  await writeFile(file, csv);
  return { name: path.basename(file), bytes: Buffer.byteLength(csv) };
}

const HEAD_BYTES = 4000;
/** The first bytes of a file as text (a cut multi-byte character at the end becomes U+FFFD; only the header row matters). */
export async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** A dialog's file filters; "All files" is always offered last. */
function withAllFiles(list: z.infer<typeof filters>) {
  return [...list, { name: 'All files', extensions: ['*'] }];
}

/**
 * The IPC handlers behind `window.shipshape.dialogs` (preload/index.ts). Every input is checked
 * with zod; every answer is the API's envelope, errors as `{ code, message, details }`.
 */
export function fileDialogHandlers(deps: { app: App; dialog: FileDialog; window: () => BrowserWindow | undefined; chosen: ChosenFiles }) {
  const { app, dialog, chosen } = deps;
  const guarded =
    <T>(schema: z.ZodType<T>, run: (input: T) => Promise<unknown>) =>
    async (raw: unknown): Promise<Envelope> => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return { ok: false, error: validationError(parsed.error, raw).toJSON() };
      try {
        return { ok: true, data: await run(parsed.data) };
      } catch (err) {
        return { ok: false, error: toAppError(err).toJSON() };
      }
    };
  const parent = () => deps.window();
  return {
    [DESKTOP_IPC.openFile]: guarded(openFileInput, async (input) => {
      const options = { title: input.title, properties: ['openFile' as const], filters: withAllFiles(input.filters) };
      const win = parent();
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      if (picked.canceled || picked.filePaths.length === 0) return null;
      return { ...chosen.issue(picked.filePaths[0], 'read'), head: await readHead(picked.filePaths[0]) };
    }),
    [DESKTOP_IPC.saveFile]: guarded(saveFileInput, async (input) => {
      const options = { title: input.title, defaultPath: input.defaultName, filters: withAllFiles(input.filters) };
      const win = parent();
      const picked = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return picked.canceled || !picked.filePath ? null : chosen.issue(picked.filePath, 'write');
    }),
    [DESKTOP_IPC.importFile]: guarded(importFileInput, (input) => importFromFile(app, input.method, input.options, chosen.take(input.token, 'read'))),
    [DESKTOP_IPC.exportFile]: guarded(exportFileInput, (input) => exportToFile(app, input.method, input.input, chosen.take(input.token, 'write'))),
  };
}

/** The parts of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Registers the handlers for senders `trusted` accepts (our own window's main frame); returns the unregister. */
export function registerFileDialogs(ipc: IpcMainLike, handlers: ReturnType<typeof fileDialogHandlers>, trusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const [channel, handler] of Object.entries(handlers)) {
    ipc.handle(channel, (event, input) => (trusted(event) ? handler(input) : { ok: false, error: { code: 'FORBIDDEN', message: 'IPC from an unknown frame' } }));
  }
  return () => Object.keys(handlers).forEach((channel) => ipc.removeHandler(channel));
}
