/**
 * The one logger of the main process (desktop app, station server, CLI): pino, JSON lines into a
 * size-rotated file in the user-data folder. Modules import `logger` or make a `childLogger({...})`
 * with their context (device, channel, job) at any time; `configureLogging` — called once at start-up
 * by the app, the CLI and the station server — points every one of them at the file. Until then
 * warnings and errors go to stderr as before (tests, scripts that import a module directly).
 *
 * Worker threads call `forwardLogsToMainThread()` first thing: their records travel over a
 * BroadcastChannel to the main thread's file, so one process writes one file and rotation has one owner.
 */
import { BroadcastChannel } from 'node:worker_threads';
import path from 'node:path';
import pino, { type Level, type Logger } from 'pino';
import { RotatingFile } from './rotating-file';
import { isDatabaseUrl, userDataDir } from '../paths';

export type { Logger } from 'pino';

export interface LoggingOptions {
  /** The folder of the log file (created if missing). */
  dir: string;
  /** pino level; default SHIPSHAPE_LOG_LEVEL, else 'debug' under SHIPSHAPE_DEBUG, else 'info'. */
  level?: Level;
  /** Rotate past this size; default 10 MB. */
  maxBytes?: number;
  /** Rotated files kept beside the current one; default 5. */
  keep?: number;
}

export const LOG_FILE_NAME = 'shipshape.log';
const CHANNEL_NAME = 'shipshape:log';
const WARN = 40;

interface Sink {
  write(line: string): void;
}

/** Before configuration: warnings and errors on stderr, the rest dropped. */
const stderrSink: Sink = {
  write(line) {
    if (levelOf(line) >= WARN) process.stderr.write(line);
  },
};

let target: Sink = stderrSink;
let file: RotatingFile | undefined;
let listener: BroadcastChannel | undefined;
// Children keep the level they were made with; configureLogging brings the live ones along.
const children = new Set<WeakRef<Logger>>();

let echo = false;
let fileBroken = false;

/**
 * What pino writes to: one indirection so `logger` can be exported before the file is known.
 * Logging never throws into the code that logs: a file that cannot be written (disk full, no
 * permission) sends the lines to stderr instead, saying so once.
 */
const destination: Sink = {
  write(line) {
    try {
      target.write(line);
    } catch (error) {
      if (!fileBroken) process.stderr.write(`shipshape: cannot write the log file (${(error as Error).message}); logging to stderr\n`);
      fileBroken = true;
      process.stderr.write(line);
      return;
    }
    if (echo) process.stderr.write(line);
  },
};

/** SHIPSHAPE_LOG_LEVEL, else debug under SHIPSHAPE_DEBUG (which also echoes every line to stderr), else info. */
function defaultLevel(): Level {
  return (process.env.SHIPSHAPE_LOG_LEVEL as Level | undefined) ?? (process.env.SHIPSHAPE_DEBUG ? 'debug' : 'info');
}

export const logger: Logger = pino(
  {
    level: defaultLevel(),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    onChild: (child) => void children.add(new WeakRef(child)),
  },
  destination,
);

/** A logger whose every line carries `context` (e.g. `{ module: 'devices', printer: 3 }`). */
export function childLogger(context: Record<string, unknown>): Logger {
  return logger.child(context);
}

/** Send every line to `<dir>/shipshape.log`, rotated by size. Calling it again moves the file. */
export function configureLogging(options: LoggingOptions): string {
  file?.close();
  file = new RotatingFile({
    file: path.join(path.resolve(options.dir), LOG_FILE_NAME),
    maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
    keep: options.keep ?? 5,
  });
  target = file;
  fileBroken = false;
  echo = Boolean(process.env.SHIPSHAPE_DEBUG);
  const level = options.level ?? defaultLevel();
  logger.level = level;
  for (const ref of children) {
    const child = ref.deref();
    if (child) child.level = level;
    else children.delete(ref);
  }
  if (!listener) {
    listener = new BroadcastChannel(CHANNEL_NAME);
    listener.onmessage = (event) => {
      const line = (event as { data: unknown }).data;
      if (typeof line === 'string') destination.write(line);
    };
    listener.unref();
  }
  return file.path;
}

/** The file lines go to, or undefined before configureLogging. */
export function logFilePath(): string | undefined {
  return file?.path;
}

/**
 * The log folder when no desktop app names one: SHIPSHAPE_LOG_DIR, else `logs/` next to the database.
 */
export function defaultLogDir(dbPath: string): string {
  if (process.env.SHIPSHAPE_LOG_DIR) return path.resolve(process.env.SHIPSHAPE_LOG_DIR);
  // A PostgreSQL database has no folder of its own: its logs go to the user-data folder.
  if (isDatabaseUrl(dbPath)) return path.join(userDataDir(), 'logs');
  return path.join(path.dirname(path.resolve(dbPath)), 'logs');
}

/** In a worker thread: send this thread's lines to the main thread's logger (see the header). */
export function forwardLogsToMainThread(level?: Level): void {
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.unref();
  target = { write: (line) => channel.postMessage(line) };
  if (level) logger.level = level;
}

/** Stop writing the file (tests; the app at quit). Later lines go to stderr as before configuration. */
export function closeLogging(): void {
  file?.close();
  file = undefined;
  target = stderrSink;
  echo = false;
  listener?.close();
  listener = undefined;
}

function levelOf(line: string): number {
  // pino writes the level first: {"level":30,...
  const match = /^\{"level":(\d+)/.exec(line);
  return match ? Number(match[1]) : WARN;
}
