import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

/**
 * The only thing the renderer can reach: `window.shipshape` with `call` and `on`.
 * No ipcRenderer, no process, no Node. Main validates the sender and every input.
 */
const bridge = {
  call: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('shipshape:call', String(method), input),
  on(listener: (event: unknown) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, event: unknown) => listener(event);
    ipcRenderer.on('shipshape:event', wrapped);
    return () => ipcRenderer.off('shipshape:event', wrapped);
  },
  transport: 'ipc' as const,
};

contextBridge.exposeInMainWorld('shipshape', bridge);
