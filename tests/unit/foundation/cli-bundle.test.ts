import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../../scripts/build-cli.mjs';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let installed: string;

// What `npm install` leaves outside a source checkout: bin/, the bundle made at build time and the
// runtime dependencies — no sources, no build script. The bundle must run there as it is.
beforeAll(async () => {
  await buildCli();
  installed = mkdtempSync(path.join(tmpdir(), 'shipshape-installed-'));
  mkdirSync(path.join(installed, 'bin'));
  cpSync(path.join(root, 'bin', 'shipshape.mjs'), path.join(installed, 'bin', 'shipshape.mjs'));
  cpSync(path.join(root, 'out', 'cli'), path.join(installed, 'out', 'cli'), { recursive: true });
  cpSync(path.join(root, 'package.json'), path.join(installed, 'package.json'));
  symlinkSync(path.join(root, 'node_modules'), path.join(installed, 'node_modules'), 'dir');
}, 120_000);
afterAll(() => rmSync(installed, { recursive: true, force: true }));

describe('the shipshape command without the build tools', () => {
  it('runs the bundle made at build time (no sources, no esbuild step, no tsx)', () => {
    const db = path.join(installed, 'shop.db');
    const r = spawnSync(process.execPath, [path.join(installed, 'bin', 'shipshape.mjs'), '--db', db, 'calendar', '--json'], {
      encoding: 'utf8',
      // A loader or a debug switch would hide a fall-back to tsx.
      env: { ...process.env, SHIPSHAPE_DEBUG: '1', NODE_OPTIONS: '' },
      timeout: 60_000,
    });
    expect(r.stderr).not.toMatch(/tsx|rebuild/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ settings: { timeZone: 'UTC' } });
  });

  it('says how to build when the bundle is missing', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'shipshape-unbuilt-'));
    try {
      mkdirSync(path.join(empty, 'bin'));
      cpSync(path.join(root, 'bin', 'shipshape.mjs'), path.join(empty, 'bin', 'shipshape.mjs'));
      const r = spawnSync(process.execPath, [path.join(empty, 'bin', 'shipshape.mjs'), '--help'], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('out/cli/shipshape.mjs is missing');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
