import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MessageBoxOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installCrashReporting } from '../../../main/electron/crash-reporting';
import { childLogger, closeLogging, configureLogging } from '../../../main/logging/logger';

// Node's `process` and Electron's `app`, `dialog` and webContents stand in (events are fired by
// hand, as the runtime would); the logger and its file are real.
let dir: string;
let logFile: string;
let processStandIn: EventEmitter;
let appStandIn: EventEmitter;
let errorBoxes: { title: string; content: string }[];
let messageBoxes: MessageBoxOptions[];
let answer: number;
let clock: number;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'crash-reporting-'));
  logFile = configureLogging({ dir });
  processStandIn = new EventEmitter();
  appStandIn = new EventEmitter();
  errorBoxes = [];
  messageBoxes = [];
  answer = 0;
  clock = 0;
  installCrashReporting({
    process: processStandIn,
    app: appStandIn as never,
    dialog: {
      showErrorBox: (title, content) => void errorBoxes.push({ title, content }),
      showMessageBox: (async (options: MessageBoxOptions) => (messageBoxes.push(options), { response: answer, checkboxChecked: false })) as never,
    },
    log: childLogger({ module: 'desktop' }),
    logFile: () => logFile,
    now: () => clock,
  });
});
afterEach(() => {
  closeLogging();
  rmSync(dir, { recursive: true, force: true });
});

const logLines = () => readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('unexpected failures in the desktop app', () => {
  it('an uncaught exception is logged with its stack and shown once, naming the log file', () => {
    const boom = new Error('Cannot read properties of undefined (reading "sku")');
    processStandIn.emit('uncaughtException', boom);
    processStandIn.emit('uncaughtException', boom);
    expect(logLines()).toEqual([
      expect.objectContaining({ level: 50, module: 'desktop', kind: 'uncaughtException', err: expect.objectContaining({ message: boom.message, stack: expect.stringContaining('crash-reporting.test.ts') }) }),
      expect.objectContaining({ kind: 'uncaughtException' }),
    ]);
    expect(errorBoxes).toEqual([{ title: 'Shipshape ran into an unexpected error', content: `${boom.message}\n\nThe details are in the log: ${logFile}` }]);
    clock += 61_000;
    processStandIn.emit('uncaughtException', boom);
    expect(errorBoxes).toHaveLength(2);
  });

  it('an unhandled rejection, even of a non-Error, is logged and shown', () => {
    processStandIn.emit('unhandledRejection', 'printer socket closed');
    expect(logLines()[0]).toMatchObject({ level: 50, kind: 'unhandledRejection', msg: 'unhandled promise rejection in the main process' });
    expect(errorBoxes[0].content).toContain('printer socket closed');
  });

  it('a crashed renderer is logged and the user is offered a reload, which reloads the window', async () => {
    let reloads = 0;
    const contents = { reload: () => void reloads++, isDestroyed: () => false };
    appStandIn.emit('render-process-gone', {}, contents, { reason: 'crashed', exitCode: 139 });
    await settle();
    expect(logLines()[0]).toMatchObject({ level: 50, reason: 'crashed', exitCode: 139 });
    expect(messageBoxes[0]).toMatchObject({ type: 'error', message: 'The Shipshape window stopped working', buttons: ['Reload', 'Close'] });
    expect(reloads).toBe(1);
    // "Close": no reload; a clean exit is not a crash at all.
    answer = 1;
    clock += 61_000;
    appStandIn.emit('render-process-gone', {}, contents, { reason: 'oom', exitCode: 0 });
    appStandIn.emit('render-process-gone', {}, contents, { reason: 'clean-exit', exitCode: 0 });
    await settle();
    expect(messageBoxes).toHaveLength(2);
    expect(reloads).toBe(1);
  });

  it('a helper process dying is logged without interrupting anyone', () => {
    appStandIn.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 8 });
    appStandIn.emit('child-process-gone', {}, { type: 'Utility', reason: 'clean-exit', exitCode: 0 });
    expect(logLines()).toEqual([expect.objectContaining({ level: 40, type: 'GPU', reason: 'crashed', msg: 'a helper process is gone' })]);
    expect(errorBoxes).toEqual([]);
    expect(messageBoxes).toEqual([]);
  });
});
