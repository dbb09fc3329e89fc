import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, type App, type OpenAppOptions } from '../../main/app';

/** A fresh, real SQLite file in a temp folder for each test; removed on cleanup. */
export function tempDbPath(): { dbPath: string; dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-test-'));
  return { dir, dbPath: path.join(dir, 'test.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function tempApp(options: Partial<OpenAppOptions> = {}): Promise<App & { cleanup(): Promise<void>; dir: string }> {
  const tmp = tempDbPath();
  const app = await openApp({ dbPath: tmp.dbPath, ...options });
  return Object.assign(app, {
    dir: tmp.dir,
    async cleanup() {
      await app.close();
      tmp.cleanup();
    },
  });
}
