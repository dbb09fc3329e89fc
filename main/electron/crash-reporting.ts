import type { Dialog, RenderProcessGoneDetails, Details as ChildProcessGoneDetails, WebContents } from 'electron';
import type { Logger } from '../logging/logger';

/** Who emits the failures (Node's `process` and Electron's `app`; stand-ins in tests). */
export interface CrashSources {
  process: { on(event: 'uncaughtException' | 'unhandledRejection', listener: (reason: unknown) => void): unknown };
  app: {
    on(event: 'render-process-gone', listener: (event: unknown, contents: Pick<WebContents, 'reload' | 'isDestroyed'>, details: RenderProcessGoneDetails) => void): unknown;
    on(event: 'child-process-gone', listener: (event: unknown, details: ChildProcessGoneDetails) => void): unknown;
  };
}

export interface CrashReportingOptions extends CrashSources {
  dialog: Pick<Dialog, 'showErrorBox' | 'showMessageBox'>;
  log: Logger;
  /** Where the log is, to say so in the error box. */
  logFile(): string | undefined;
  /** The same message is not shown again within this time (default a minute): a failing timer must not open a box a second. */
  repeatMs?: number;
  now?: () => number;
}

function describe(reason: unknown): { message: string; err: unknown } {
  if (reason instanceof Error) return { message: reason.message, err: reason };
  return { message: typeof reason === 'string' ? reason : JSON.stringify(reason) ?? String(reason), err: { value: String(reason) } };
}

/**
 * Unexpected failures anywhere in the desktop app are logged (with the stack, into the log file)
 * and told to the user instead of vanishing or killing the app silently:
 * - an exception or rejected promise nobody handled in main: an error box naming the log file
 *   (the app keeps running: the database commits whole transactions or nothing, so no half-written
 *   state is left behind by the failed piece of work);
 * - the window's renderer crashing or being killed: a box offering to reload it;
 * - a helper process (GPU, network service, utility) dying abnormally: logged only, since Chromium
 *   restarts those itself.
 */
export function installCrashReporting(options: CrashReportingOptions): void {
  const { dialog, log } = options;
  const now = options.now ?? Date.now;
  const repeatMs = options.repeatMs ?? 60_000;
  const lastShown = new Map<string, number>();
  const firstTimeIn = (key: string) => {
    const last = lastShown.get(key);
    if (last !== undefined && now() - last < repeatMs) return false;
    lastShown.set(key, now());
    return true;
  };
  const whereLogged = () => {
    const file = options.logFile();
    return file ? `\n\nThe details are in the log: ${file}` : '';
  };

  const reportMainFailure = (kind: 'uncaughtException' | 'unhandledRejection') => (reason: unknown) => {
    const { message, err } = describe(reason);
    log.error({ err, kind }, kind === 'uncaughtException' ? 'uncaught exception in the main process' : 'unhandled promise rejection in the main process');
    if (!firstTimeIn(`${kind}:${message}`)) return;
    try {
      dialog.showErrorBox('Shipshape ran into an unexpected error', `${message}${whereLogged()}`);
    } catch (boxError) {
      // Before the app is ready there is no dialog; the log line above is what remains.
      log.error({ err: boxError }, 'could not show the error box');
    }
  };
  options.process.on('uncaughtException', reportMainFailure('uncaughtException'));
  options.process.on('unhandledRejection', reportMainFailure('unhandledRejection'));

  options.app.on('render-process-gone', (_event, contents, details) => {
    if (details.reason === 'clean-exit') return;
    log.error({ reason: details.reason, exitCode: details.exitCode }, 'the window’s renderer process is gone');
    if (!firstTimeIn(`render:${details.reason}`)) return;
    void dialog
      .showMessageBox({
        type: 'error',
        title: 'Shipshape',
        message: 'The Shipshape window stopped working',
        detail: `Reason: ${details.reason} (exit code ${details.exitCode}). Nothing saved is lost; reloading the window picks up where the shop's data is.${whereLogged()}`,
        buttons: ['Reload', 'Close'],
        defaultId: 0,
        cancelId: 1,
      })
      .then(({ response }) => {
        if (response === 0 && !contents.isDestroyed()) contents.reload();
      })
      .catch((err: unknown) => log.error({ err }, 'could not offer a reload'));
  });

  options.app.on('child-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    log.warn({ type: details.type, reason: details.reason, exitCode: details.exitCode, name: details.name, serviceName: details.serviceName }, 'a helper process is gone');
  });
}
