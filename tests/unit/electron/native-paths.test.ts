import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronSqliteBinding } from '../../../main/electron/native-paths';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'native-paths-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function touch(...parts: string[]): string {
  const file = path.join(dir, ...parts);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'addon');
  return file;
}

describe('the Electron build of better-sqlite3', () => {
  it('is found in .native/electron of a source checkout', () => {
    const addon = touch('checkout', '.native', 'electron', 'better_sqlite3.node');
    expect(electronSqliteBinding({ isPackaged: false, resourcesPath: path.join(dir, 'nowhere'), projectRoot: path.join(dir, 'checkout') })).toBe(addon);
  });

  it('is found unpacked beside app.asar in a packaged app', () => {
    // The layout electron-builder writes: resources/app.asar + resources/app.asar.unpacked/<asarUnpack globs>.
    touch('Shipshape', 'resources', 'app.asar');
    const addon = touch('Shipshape', 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(electronSqliteBinding({ isPackaged: true, resourcesPath: path.join(dir, 'Shipshape', 'resources'), projectRoot: path.join(dir, 'Shipshape', 'resources', 'app.asar') })).toBe(addon);
  });

  it('a packaged app does not pick up a checkout build, and a missing addon leaves better-sqlite3 to its default', () => {
    touch('checkout', '.native', 'electron', 'better_sqlite3.node');
    expect(electronSqliteBinding({ isPackaged: true, resourcesPath: path.join(dir, 'resources'), projectRoot: path.join(dir, 'checkout') })).toBeUndefined();
    expect(electronSqliteBinding({ isPackaged: false, resourcesPath: path.join(dir, 'resources'), projectRoot: path.join(dir, 'elsewhere') })).toBeUndefined();
  });
});
