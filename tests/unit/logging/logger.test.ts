import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childLogger, closeLogging, configureLogging, logFilePath, logger } from '../../../main/logging/logger';

function lines(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('logger', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-log-'));
  });
  afterEach(() => {
    closeLogging();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes JSON lines with the context of a child made before configuration', () => {
    const early = childLogger({ module: 'devices', printer: 7 });
    const file = configureLogging({ dir, level: 'debug' });
    expect(file).toBe(path.join(dir, 'shipshape.log'));
    expect(logFilePath()).toBe(file);
    early.debug({ job: 12 }, 'print job sent');
    logger.warn('scale disconnected');
    const [first, second] = lines(file);
    expect(first).toMatchObject({ level: 20, module: 'devices', printer: 7, job: 12, msg: 'print job sent' });
    expect(typeof first.time).toBe('string');
    expect(second).toMatchObject({ level: 40, msg: 'scale disconnected' });
  });

  it('drops lines below the configured level', () => {
    const file = configureLogging({ dir, level: 'warn' });
    logger.info('routine');
    logger.error({ err: new Error('boom') }, 'failed');
    const all = lines(file);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ msg: 'failed', err: { message: 'boom', type: 'Error' } });
  });

  it('rotates past the size limit and keeps the newest files', () => {
    const file = configureLogging({ dir, maxBytes: 2_000, keep: 2 });
    for (let i = 0; i < 100; i++) logger.info({ i, padding: 'x'.repeat(80) }, 'line');
    expect(readdirSync(dir).sort()).toEqual(['shipshape.1.log', 'shipshape.2.log', 'shipshape.log']);
    for (const name of readdirSync(dir)) expect(readFileSync(path.join(dir, name)).length).toBeLessThanOrEqual(2_000);
    // The newest line is in the current file, the one before the current file's first in shipshape.1.log.
    const current = lines(file);
    expect(current.at(-1)).toMatchObject({ i: 99 });
    const previous = lines(path.join(dir, 'shipshape.1.log'));
    expect(previous.at(-1)).toMatchObject({ i: (current[0].i as number) - 1 });
  });

  it('takes the lines of a worker thread into the same file', async () => {
    const file = configureLogging({ dir });
    // The worker runs bundled, as the app's and the CLI's workers do (pino stays external there: it is
    // CommonJS with require('node:os'), which an ESM bundle cannot do).
    const entry = path.join(dir, 'worker-entry.ts');
    writeFileSync(entry, `
      import { forwardLogsToMainThread, childLogger } from ${JSON.stringify(path.resolve('main/logging/logger.ts'))};
      forwardLogsToMainThread();
      childLogger({ worker: 'backup' }).info({ rows: 3 }, 'backup started');
    `);
    // Inside the project, so the bundle resolves pino from node_modules as out/cli/ does.
    const bundle = path.join(process.cwd(), 'out', `logger-test-worker-${process.pid}.mjs`);
    await build({ entryPoints: [entry], outfile: bundle, bundle: true, platform: 'node', format: 'esm', external: ['pino'], logLevel: 'error' });
    const worker = new Worker(bundle);
    await new Promise((resolve) => worker.once('exit', resolve));
    rmSync(bundle, { force: true });
    // The channel delivers asynchronously; wait for the line to land.
    await expect.poll(() => lines(file).length).toBe(1);
    expect(lines(file)[0]).toMatchObject({ worker: 'backup', rows: 3, msg: 'backup started' });
  });
});

describe('a log file that cannot be written', () => {
  it('never throws into the code that logs: the lines go to stderr', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-log-'));
    try {
      // A file where the log folder should be: the folder cannot be made.
      writeFileSync(path.join(dir, 'blocked'), 'not a folder');
      configureLogging({ dir: path.join(dir, 'blocked') });
      const written: string[] = [];
      const original = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
      try {
        expect(() => logger.error({ job: 1 }, 'printer offline')).not.toThrow();
      } finally {
        process.stderr.write = original;
      }
      expect(written.join('')).toMatch(/cannot write the log file/);
      expect(written.join('')).toContain('"msg":"printer offline"');
    } finally {
      closeLogging();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
