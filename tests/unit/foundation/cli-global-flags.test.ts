import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { onPostgres, tempDbPath } from '../../helpers/temp-app';

// `shipshape --db FILE print jobs` must work like `shipshape print jobs --db FILE`: options and
// their values may stand before, between or after the command's words.
describe('CLI options before the command', () => {
  const tmp = tempDbPath();
  afterAll(() => tmp.cleanup());

  it('takes the global flags before the command', () => {
    const r = runCli(['--db', tmp.dbPath, '--json', 'print', 'jobs']);
    expect(r.stderr).not.toContain('Usage');
    expect(r.status).toBe(0);
    expect(r.json()).toEqual([]);
    const info = runCli(['--json', '--db', tmp.dbPath, 'info']);
    expect(info.json()).toMatchObject({ databasePath: tmp.dbPath });
  });

  it("takes a command's own option with its value before the command words", () => {
    const r = runCli(['--printer', 'Front desk', '--limit', '5', '--db', tmp.dbPath, 'print', 'jobs', '--json']);
    // The command ran and read "Front desk" as --printer's value (no such printer yet).
    expect(r.stdout).not.toContain('Usage');
    expect(r.status).toBe(1);
    expect(r.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'Printer "Front desk" not found' });
  });

  it('takes --db=FILE and flags between the command words', () => {
    const r = runCli([`--db=${tmp.dbPath}`, 'print', '--json', 'jobs']);
    expect(r.status).toBe(0);
    expect(r.json()).toEqual([]);
  });

  it('still says which command is unknown with usage and exit 2', () => {
    const r = runCli(['--db', tmp.dbPath, 'no-such-command']);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('Usage: shipshape <command>');
  });
});

// A postgres:// URL in --db or SHIPSHAPE_DB names a PostgreSQL database for every command; it is
// never resolved as a file path (that made a folder named "postgres:" in the working directory).
describe.skipIf(!onPostgres)('CLI on PostgreSQL', () => {
  const tmp = tempDbPath();
  afterAll(() => tmp.cleanup());

  it('runs check and stock commands against the database the URL names, from --db or SHIPSHAPE_DB', () => {
    const check = runCli(['check', '--db', tmp.dbPath]);
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^OK: \d+ checks passed/);
    expect(check.status).toBe(0);
    const products = path.join(tmp.dir, 'products.csv');
    writeFileSync(products, 'sku,name\nMUG,Enamel mug\n');
    expect(runCli(['import', 'products', '--format', 'csv', products, '--json'], { SHIPSHAPE_DB: tmp.dbPath }).status).toBe(0);
    const adjusted = runCli(['stock', 'adjust', '--sku', 'MUG', '--delta', '12', '--reason', 'opening stock', '--db', tmp.dbPath]);
    expect(adjusted.stderr).toBe('');
    expect(adjusted.status).toBe(0);
    const stock = runCli(['stock', '--json'], { SHIPSHAPE_DB: tmp.dbPath });
    expect(stock.status).toBe(0);
    expect(JSON.stringify(stock.json())).toMatch(/"MUG"/);
    expect(JSON.stringify(stock.json())).toMatch(/12/);
    expect(existsSync(path.resolve(tmp.dbPath))).toBe(false);
  });
});
