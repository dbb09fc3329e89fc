import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChosenFiles, fileDialogHandlers, registerFileDialogs, type FileDialog } from '../../../main/electron/file-dialogs';
import { DESKTOP_IPC } from '../../../shared/desktop';
import { tempApp } from '../../helpers/temp-app';

// Electron's `dialog` stands in (its binary cannot run here); the import, the export, the store
// and the files are real.
class StandInDialog {
  next: { canceled: boolean; path?: string } = { canceled: true };
  asked: Array<OpenDialogOptions | SaveDialogOptions> = [];
  async showOpenDialog(...args: unknown[]) {
    this.asked.push(args.at(-1) as OpenDialogOptions);
    return { canceled: this.next.canceled, filePaths: this.next.path ? [this.next.path] : [] };
  }
  async showSaveDialog(...args: unknown[]) {
    this.asked.push(args.at(-1) as SaveDialogOptions);
    return { canceled: this.next.canceled, filePath: this.next.path ?? '' };
  }
}

let app: Awaited<ReturnType<typeof tempApp>>;
let dir: string;
let dialog: StandInDialog;
let handlers: ReturnType<typeof fileDialogHandlers>;
beforeEach(async () => {
  app = await tempApp();
  dir = mkdtempSync(path.join(tmpdir(), 'file-dialogs-'));
  dialog = new StandInDialog();
  handlers = fileDialogHandlers({ app, dialog: dialog as unknown as FileDialog, window: () => undefined, chosen: new ChosenFiles() });
});
afterEach(async () => {
  await app.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake', name), 'utf8');

describe('native open and save dialogs over IPC', () => {
  it('imports products streamed from the chosen file; the renderer only ever holds a token and the name', async () => {
    const file = path.join(dir, 'products.csv');
    writeFileSync(file, fixture('plain-products.csv'));
    dialog.next = { canceled: false, path: file };
    const opened = await handlers[DESKTOP_IPC.openFile]({ title: 'Import products', filters: [{ name: 'CSV files', extensions: ['csv'] }] });
    expect(opened).toMatchObject({ ok: true, data: { name: 'products.csv', head: expect.stringMatching(/^sku,name,barcodes,/) } });
    const { token } = (opened as { data: { token: string } }).data;
    expect(JSON.stringify(opened)).not.toContain(dir);
    expect(dialog.asked[0]).toMatchObject({ properties: ['openFile'], filters: [{ name: 'CSV files', extensions: ['csv'] }, { name: 'All files', extensions: ['*'] }] });

    const imported = await handlers[DESKTOP_IPC.importFile]({ method: 'catalog.import', options: { format: 'csv', skipBadRows: false }, token });
    expect(imported).toMatchObject({ ok: true, data: { failed: 0, written: true } });
    expect(await app.invoke('catalog.get', { sku: 'TEE-RED-M' })).toMatchObject({ name: 'Field Tee - Red / M' });
    // A token is spent on first use.
    expect(await handlers[DESKTOP_IPC.importFile]({ method: 'catalog.import', options: { format: 'csv', skipBadRows: false }, token })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('choose the file again') },
    });
  });

  it('imports orders from the chosen file into the chosen channel', async () => {
    await app.invoke('catalog.import', { format: 'csv', skipBadRows: false, content: fixture('plain-products.csv') });
    const channel = await app.invoke('channels.upsert', { name: 'Phone', kind: 'csv' });
    const file = path.join(dir, 'orders.csv');
    writeFileSync(file, fixture('plain-orders.csv'));
    dialog.next = { canceled: false, path: file };
    const { data } = (await handlers[DESKTOP_IPC.openFile]({})) as { data: { token: string } };
    const imported = await handlers[DESKTOP_IPC.importFile]({ method: 'orders.import', options: { channel: channel.id, format: 'csv' }, token: data.token });
    expect(imported).toMatchObject({ ok: true, data: { failed: 0 } });
    expect((imported as { data: { created: number } }).data.created).toBeGreaterThan(0);
  });

  it('writes an export to the file chosen in the save dialog', async () => {
    await app.invoke('catalog.import', { format: 'csv', skipBadRows: false, content: fixture('plain-products.csv') });
    const file = path.join(dir, 'stock.csv');
    dialog.next = { canceled: false, path: file };
    const saved = await handlers[DESKTOP_IPC.saveFile]({ defaultName: 'stock.csv', filters: [{ name: 'CSV files', extensions: ['csv'] }] });
    const { token } = (saved as { data: { token: string } }).data;
    // A save token cannot be used to read a file, nor an open token to write one.
    expect(await handlers[DESKTOP_IPC.importFile]({ method: 'catalog.import', options: { format: 'csv', skipBadRows: false }, token })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    dialog.next = { canceled: false, path: file };
    const again = (await handlers[DESKTOP_IPC.saveFile]({ defaultName: 'stock.csv' })) as { data: { token: string } };
    const exported = await handlers[DESKTOP_IPC.exportFile]({ method: 'stock.exportCsv', input: {}, token: again.data.token });
    expect(exported).toMatchObject({ ok: true, data: { name: 'stock.csv' } });
    expect(readFileSync(file, 'utf8')).toContain('TEE-RED-M');
  });

  it('answers null when the dialog is cancelled, and refuses bad input naming the field', async () => {
    dialog.next = { canceled: true };
    expect(await handlers[DESKTOP_IPC.openFile]({})).toEqual({ ok: true, data: null });
    expect(await handlers[DESKTOP_IPC.saveFile]({ defaultName: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('defaultName') } });
    expect(await handlers[DESKTOP_IPC.importFile]({ method: 'catalog.import', options: {}, token: 'not-a-token' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('token') } });
    expect(await handlers[DESKTOP_IPC.exportFile]({ method: 'system.info', input: {}, token: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('method') } });
  });

  it('answers only our own window: other senders get FORBIDDEN and nothing runs', async () => {
    const registered = new Map<string, (event: unknown, input: unknown) => unknown>();
    const ipc = { handle: (channel: string, fn: (event: unknown, input: unknown) => unknown) => registered.set(channel, fn), removeHandler: (channel: string) => registered.delete(channel) };
    const unregister = registerFileDialogs(ipc as never, handlers, (event) => (event as unknown as { trusted: boolean }).trusted);
    expect([...registered.keys()].sort()).toEqual(Object.values(DESKTOP_IPC).sort());
    dialog.next = { canceled: false, path: '/etc/passwd' };
    expect(await registered.get(DESKTOP_IPC.openFile)!({ trusted: false }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dialog.asked).toHaveLength(0);
    expect(await registered.get(DESKTOP_IPC.openFile)!({ trusted: true }, {})).toMatchObject({ ok: true, data: { name: 'passwd' } });
    unregister();
    expect(registered.size).toBe(0);
  });
});

