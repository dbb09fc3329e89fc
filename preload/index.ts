import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { DESKTOP_IPC, type DesktopDialogs } from '../shared/desktop';

/**
 * The only thing the renderer can reach: `window.shipshape` with `call`, `on` and `dialogs`.
 * No ipcRenderer, no process, no Node. Main validates the sender and every input.
 */
const dialogs: DesktopDialogs = {
  openFile: (options) => ipcRenderer.invoke(DESKTOP_IPC.openFile, options).then(unwrap) as never,
  saveFile: (options) => ipcRenderer.invoke(DESKTOP_IPC.saveFile, options).then(unwrap) as never,
  importFile: (method, options, token) => ipcRenderer.invoke(DESKTOP_IPC.importFile, { method, options, token }),
  exportFile: (method, input, token) => ipcRenderer.invoke(DESKTOP_IPC.exportFile, { method, input, token }),
};

/** A dialog's answer: its data, or an Error carrying the API's error body. */
function unwrap(envelope: { ok: boolean; data?: unknown; error?: { code: string; message: string } }): unknown {
  if (envelope.ok) return envelope.data;
  throw Object.assign(new Error(envelope.error?.message ?? 'The dialog failed'), { code: envelope.error?.code });
}

const bridge = {
  call: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('shipshape:call', String(method), input),
  on(listener: (event: unknown) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, event: unknown) => listener(event);
    ipcRenderer.on('shipshape:event', wrapped);
    return () => ipcRenderer.off('shipshape:event', wrapped);
  },
  transport: 'ipc' as const,
  dialogs,
};

contextBridge.exposeInMainWorld('shipshape', bridge);
