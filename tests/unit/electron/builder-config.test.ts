import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../../electron.vite.config';

// electron-builder cannot package here (no Electron binary), so its config is checked the way
// electron-builder itself checks it before a build, and against the real tree.
const root = path.resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const builderConfig = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, unknown> & { files: Array<{ filter: string[] }>; asarUnpack: string[] }>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const noDebug = { isEnabled: false, add() {} };

/** Files under `dir`, recursively (Node 20 has no fs.glob). */
function filesUnder(dir: string, recursive = true): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive, encoding: 'utf8' }).filter((f) => statSync(path.join(dir, f)).isFile());
}

describe('electron-builder.yml', () => {
  it('loads through electron-builder and passes its schema, with the four installers', async () => {
    const config = await builderConfig.getConfig(root, null, null);
    await builderConfig.validateConfiguration(config, noDebug);
    expect(config).toMatchObject({
      appId: 'app.shipshape.console',
      productName: 'Shipshape',
      linux: { target: ['AppImage', 'deb'] },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'] },
      npmRebuild: true,
    });
  });

  it('a config electron-builder would refuse is refused by the same check', async () => {
    const config = await builderConfig.getConfig(root, null, null);
    await expect(builderConfig.validateConfiguration({ ...config, asarUnpacked: ['x'] }, noDebug)).rejects.toThrow(/asarUnpacked/);
  });

  it('packs what electron-vite builds and what package.json starts', async () => {
    const config = await builderConfig.getConfig(root, null, null);
    const vite = viteConfig as unknown as Record<'main' | 'preload', { build: { outDir: string } }> & { renderer: { build: { outDir: string } } };
    const outDirs = [vite.main.build.outDir, vite.preload.build.outDir, path.relative(root, vite.renderer.build.outDir)];
    // electron-builder normalises `files` to one filter set.
    const files = config.files.flatMap((set) => set.filter);
    for (const outDir of outDirs) expect(files).toContain(`${outDir}/**/*`);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.main.startsWith(`${vite.main.build.outDir}/`)).toBe(true);
    expect(files).toContain('package.json');
    // Build tools stay out of the installer (electron-builder packs `dependencies` only).
    expect(Object.keys(pkg.dependencies)).not.toContain('esbuild');
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['esbuild', 'tsx', 'electron', 'electron-builder']));
  });

  it('unpacks every native addon of the runtime dependencies from the asar', async () => {
    const config = await builderConfig.getConfig(root, null, null);
    // Each asarUnpack entry names real files in node_modules.
    for (const glob of config.asarUnpack) {
      const base = glob.replace(/\/\*\*\/\*$/, '');
      if (base === glob) expect(existsSync(path.join(root, glob)), glob).toBe(true);
      else expect(filesUnder(path.join(root, base)).length, glob).toBeGreaterThan(0);
    }
    // ... and together they cover every .node file the native packages load here.
    // (better-sqlite3's build/Release/obj.target holds node-gyp's intermediate copy, which is never loaded.)
    const addonDirs: Array<[string, boolean]> = [['better-sqlite3/build/Release', false], ['@serialport/bindings-cpp/prebuilds', true], ['node-hid/prebuilds', true]];
    const addons = addonDirs
      .flatMap(([dir, recursive]) => filesUnder(path.join(root, 'node_modules', dir), recursive).map((f) => path.posix.join('node_modules', dir, f.split(path.sep).join('/'))))
      .filter((f) => f.endsWith('.node') && !f.endsWith('test_extension.node'));
    expect(addons.length).toBeGreaterThan(3);
    const covered = (file: string) => config.asarUnpack.some((glob) => (glob.endsWith('/**/*') ? file.startsWith(glob.slice(0, -4)) : file === glob));
    expect(addons.filter((f) => !covered(f))).toEqual([]);
  });

  it('the app bundle needs no build tool: every devDependency main/ imports at run time stays out of out/main', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const vite = viteConfig as unknown as { main: { build: { rollupOptions: { external: string[] } } } };
    const external = new Set(vite.main.build.rollupOptions.external);
    const devOnly = (name: string) => Object.hasOwn(pkg.devDependencies, name) && !Object.hasOwn(pkg.dependencies, name);
    const imported = new Set<string>();
    for (const file of filesUnder(path.join(root, 'main')).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(path.join(root, 'main', file), 'utf8');
      // Value imports only (`import type` is erased); static and dynamic.
      for (const [, spec] of source.matchAll(/(?:^import (?!type )[^;]*?from |import\()'([^'.][^']*)'/gm)) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!spec.startsWith('node:')) imported.add(name);
      }
    }
    // electron-vite leaves `electron` itself external; the Electron runtime provides it.
    const bundledDevDeps = [...imported].filter((name) => devOnly(name) && name !== 'electron' && !external.has(name));
    expect(imported).toContain('esbuild');
    expect(bundledDevDeps).toEqual([]);
  });
});
