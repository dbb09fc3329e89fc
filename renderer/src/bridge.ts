import type { AppEvent, MethodInput, MethodName, MethodOutput } from '../../shared/api';
import type { ApiErrorBody } from '../../shared/errors';
import type { ChosenFile, DesktopDialogs } from '../../shared/desktop';

type Envelope = { ok: true; data: unknown } | { ok: false; error: ApiErrorBody };

/** What Electron's preload exposes, and what the browser shim provides over HTTP. */
export interface ShipshapeBridge {
  call(method: string, input: unknown): Promise<unknown>;
  on(listener: (event: AppEvent) => void): () => void;
  transport: 'ipc' | 'http';
  /** The desktop app's native open/save dialogs (preload); absent in the browser console. */
  dialogs?: DesktopDialogs;
}

declare global {
  interface Window {
    shipshape: ShipshapeBridge;
  }
}

const TOKEN_KEY = 'shipshape.stationToken';

/**
 * The browser console's `window.shipshape`: the same API over fetch to the station server, and
 * events over server-sent events. The station token (LAN mode) is kept in localStorage.
 */
export function installHttpBridge(): void {
  if (window.shipshape) return;
  const token = () => localStorage.getItem(TOKEN_KEY);
  const listeners = new Set<(event: AppEvent) => void>();
  let source: EventSource | undefined;
  const connect = () => {
    source?.close();
    const t = token();
    source = new EventSource(`/api/events${t ? `?token=${encodeURIComponent(t)}` : ''}`);
    source.addEventListener('app', (e) => {
      const event = JSON.parse((e as MessageEvent).data) as AppEvent;
      for (const l of listeners) l(event);
    });
    source.onopen = () => setConnection(true);
    source.onerror = () => setConnection(false);
  };
  const bridge: ShipshapeBridge = {
    transport: 'http',
    async call(method, input) {
      const t = token();
      let res: Response;
      try {
        res = await fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(t ? { Authorization: `Bearer ${t}` } : {}) },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'Cannot reach the Shipshape station server' } } satisfies Envelope;
      }
      const body = (await res.json().catch(() => ({}))) as { data?: unknown; error?: ApiErrorBody };
      return body.error ? { ok: false, error: body.error } : { ok: true, data: body.data };
    },
    on(listener) {
      listeners.add(listener);
      if (!source) connect();
      return () => listeners.delete(listener);
    },
  };
  window.shipshape = bridge;
  reconnectEvents = connect;
}

let reconnectEvents: (() => void) | undefined;
const connectionListeners = new Set<(up: boolean) => void>();
/** The event stream's last state: a listener added after it opened (a remounted status bar) still learns it. */
let connectionUp: boolean | undefined;

function setConnection(up: boolean): void {
  connectionUp = up;
  connectionListeners.forEach((l) => l(up));
}

export function onConnectionChange(listener: (up: boolean) => void): () => void {
  connectionListeners.add(listener);
  if (connectionUp !== undefined) listener(connectionUp);
  return () => connectionListeners.delete(listener);
}

export function saveStationToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
  reconnectEvents?.();
}

/** An API error as the renderer sees it: the server's code, message and details. */
export class ApiError extends Error {
  constructor(
    public readonly code: ApiErrorBody['code'],
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface CallOptions {
  /**
   * True when the caller shows this error itself (a form next to the field): the shell's listeners
   * (the error toast) are then not told, so the same message does not appear twice.
   */
  shownInline?(err: ApiError): boolean;
}

/** Typed call: the method name and its input and output types all come from the shared contract. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>, options: CallOptions = {}): Promise<MethodOutput<M>> {
  const envelope = (await window.shipshape.call(method, input)) as Envelope;
  if (!envelope.ok) {
    const err = new ApiError(envelope.error.code, envelope.error.message, envelope.error.details);
    if (!options.shownInline?.(err)) for (const l of errorListeners) l(err);
    throw err;
  }
  return envelope.data as MethodOutput<M>;
}

type FileImportMethod = 'catalog.import' | 'orders.import';

/**
 * Sends a whole file to an import method. In the browser console the file streams to the station
 * server as the body (`POST /api/<method>?<options>`, text/csv; a JSON body caps at 5 MB); in the
 * desktop app a file chosen in the native dialog is read by main from disk (a browser File, if one
 * is ever given there, still goes over IPC as the method's `content`).
 */
export async function importFile<M extends FileImportMethod>(method: M, options: Omit<MethodInput<M>, 'content'>, file: File | ChosenFile): Promise<MethodOutput<M>> {
  // Chosen in the desktop app's native dialog: main streams it from disk, it never crosses IPC.
  if (!(file instanceof File)) return unwrapEnvelope((await window.shipshape.dialogs!.importFile(method, options, file.token)) as Envelope);
  if (window.shipshape.transport !== 'http') return call(method, { ...options, content: await file.text() } as MethodInput<M>);
  const query = new URLSearchParams(Object.entries(options).map(([k, v]) => [k, String(v)]));
  const t = localStorage.getItem(TOKEN_KEY);
  let envelope: Envelope;
  try {
    const res = await fetch(`/api/${encodeURIComponent(method)}?${query}`, {
      method: 'POST',
      // Not a type a cross-site form can send; JSON (WooCommerce) files travel as plain bytes.
      headers: {
        'Content-Type': (options as { format?: string }).format === 'woocommerce' ? 'application/octet-stream' : 'text/csv',
        // The file's name for the progress bar and the log (the body is the file alone).
        'X-File-Name': encodeURIComponent(file.name),
        ...(t ? { Authorization: `Bearer ${t}` } : {}),
      },
      body: file,
    });
    const body = (await res.json().catch(() => ({}))) as { data?: unknown; error?: ApiErrorBody };
    envelope = body.error ? { ok: false, error: body.error } : res.ok ? { ok: true, data: body.data } : { ok: false, error: { code: 'INTERNAL', message: `The station server answered ${res.status}` } };
  } catch {
    envelope = { ok: false, error: { code: 'INTERNAL', message: 'Cannot reach the Shipshape station server' } };
  }
  return unwrapEnvelope(envelope);
}

function unwrapEnvelope<T>(envelope: Envelope): T {
  if (!envelope.ok) {
    const err = new ApiError(envelope.error.code, envelope.error.message, envelope.error.details);
    for (const l of errorListeners) l(err);
    throw err;
  }
  return envelope.data as T;
}

const errorListeners = new Set<(err: ApiError) => void>();
/** The shell shows every failed call as a toast; screens may still catch errors themselves. */
export function onApiError(listener: (err: ApiError) => void): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}
