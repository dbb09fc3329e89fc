import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli as runShipshape } from '../../helpers/cli';
import { onPostgres, tempDbPath } from '../../helpers/temp-app';

describe('shipshape logs', () => {
  let tmp: ReturnType<typeof tempDbPath>;
  beforeEach(() => {
    tmp = tempDbPath();
  });
  afterEach(() => tmp.cleanup());
  // A PostgreSQL database has no folder of its own: the log goes to the user-data folder
  // (main/logging/logger.ts defaultLogDir), here pointed into the test's temp folder.
  const runCli = (args: string[], env: Record<string, string> = {}) => runShipshape(args, onPostgres ? { XDG_CONFIG_HOME: tmp.dir, ...env } : env);
  const logDir = () => (onPostgres ? path.join(tmp.dir, 'Shipshape', 'logs') : path.join(tmp.dir, 'logs'));

  it(onPostgres ? 'prints where the log file is: the user-data folder (a PostgreSQL database has no folder)' : 'prints where the log file is: next to the database', () => {
    const r = runCli(['--db', tmp.dbPath, 'logs']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(path.join(logDir(), 'shipshape.log'));
    const json = runCli(['logs', '--db', tmp.dbPath, '--json']).json();
    expect(json).toEqual({ path: path.join(logDir(), 'shipshape.log'), exists: false, bytes: 0 });
  });

  it('SHIPSHAPE_LOG_DIR moves it', () => {
    const dir = path.join(tmp.dir, 'elsewhere');
    const r = runCli(['--db', tmp.dbPath, 'logs'], { SHIPSHAPE_LOG_DIR: dir });
    expect(r.stdout.trim()).toBe(path.join(dir, 'shipshape.log'));
  });

  it('a command that touches the shop writes the file; --tail shows its last lines, reaching into the rotated file', () => {
    const file = path.join(tmp.dir, 'products.csv');
    writeFileSync(file, 'sku,name\nA-1,First\nA-2,Second\n');
    const imported = runCli(['--db', tmp.dbPath, 'import', 'products', '--format', 'csv', file]);
    expect(imported.status).toBe(0);
    // No terminal here: no progress bar, only the result.
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('2 created, 0 updated, 0 failed');
    const tail = runCli(['--db', tmp.dbPath, 'logs', '--tail', '2', '--json']).json() as { lines: Record<string, unknown>[] };
    expect(tail.lines).toHaveLength(2);
    expect(tail.lines.at(-1)).toMatchObject({ module: 'progress', kind: 'product-import', label: 'Writing products.csv', done: 2, total: 2, msg: 'job finished' });

    // The current file just rotated: the lines before it are in shipshape.1.log.
    const logs = logDir();
    mkdirSync(logs, { recursive: true });
    writeFileSync(path.join(logs, 'shipshape.1.log'), '{"msg":"older"}\n{"msg":"old"}\n');
    writeFileSync(path.join(logs, 'shipshape.log'), '{"msg":"new"}\n');
    const human = runCli(['--db', tmp.dbPath, 'logs', '--tail', '2']);
    expect(human.stdout.trim().split('\n')).toEqual(['{"msg":"old"}', '{"msg":"new"}']);
    expect(runCli(['--db', tmp.dbPath, 'logs', '--tail', 'x']).stderr).toContain('--tail must be a whole number');
  });
});
