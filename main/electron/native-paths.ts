import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the running Electron app sits: what `app.isPackaged`, `process.resourcesPath` and the bundle's folder say. */
export interface AppLayout {
  isPackaged: boolean;
  /** `process.resourcesPath`: the folder holding app.asar in a packaged app. */
  resourcesPath: string;
  /** The source checkout (dev: `electron .` runs out/main/index.js from it). */
  projectRoot: string;
}

const ADDON = 'better_sqlite3.node';

/**
 * The better-sqlite3 addon built for Electron's ABI, for better-sqlite3's `nativeBinding` option.
 * Packaged: electron-builder rebuilt better-sqlite3 for Electron (npmRebuild) and unpacked the
 * addon from the asar (electron-builder.yml asarUnpack), since a .node file cannot be loaded from
 * inside an archive. Dev: node_modules holds the Node build that `npm test` uses, so the Electron
 * build lives apart in .native/electron/ (scripts/prepare-electron-sqlite.mjs).
 * Undefined when it is not there: better-sqlite3 then looks in its own folder (and says plainly
 * if that build is for the wrong runtime).
 */
export function electronSqliteBinding(layout: AppLayout): string | undefined {
  const candidate = layout.isPackaged
    ? path.join(layout.resourcesPath, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', ADDON)
    : path.join(layout.projectRoot, '.native', 'electron', ADDON);
  return existsSync(candidate) ? candidate : undefined;
}
