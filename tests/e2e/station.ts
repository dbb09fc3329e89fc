import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface Station {
  url: string;
  dbPath: string;
  dir: string;
  /** Calls the station API over HTTP as the local owner. */
  api<T = any>(method: string, input?: unknown): Promise<T>;
  /** Runs `shipshape` against the same database. */
  cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts the real `shipshape serve` on a fresh temp database and waits for its address. */
export async function startStation(opts: { demo?: boolean; args?: string[] } = {}): Promise<Station & { stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-e2e-'));
  const dbPath = path.join(dir, 'e2e.sqlite');
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'bin', 'shipshape.mjs'), 'serve', '--port', '0', '--db', dbPath, ...(opts.demo ? ['--demo'] : []), ...(opts.args ?? [])],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`station server did not start: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`station server exited (${code}): ${stderr}`)));
  });
  const station: Station = {
    url,
    dbPath,
    dir,
    async api(method, input = {}) {
      const res = await fetch(`${url}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await res.json()) as { data?: unknown; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.data as never;
    },
    cli(args) {
      return new Promise((resolve) => {
        const p = spawn(process.execPath, [path.join(ROOT, 'bin', 'shipshape.mjs'), ...args, '--db', dbPath], { cwd: ROOT });
        let stdout = '';
        let err = '';
        p.stdout.on('data', (d) => (stdout += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('exit', (code) => resolve({ code, stdout, stderr: err }));
      });
    },
  };
  return Object.assign(station, {
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** `station` is a fresh server on an empty database; `demoStation` one seeded with the demo shop. */
export const test = base.extend<{ station: Station; demoStation: Station }>({
  station: async ({}, use) => {
    const s = await startStation();
    await use(s);
    await s.stop();
  },
  demoStation: async ({}, use) => {
    const s = await startStation({ demo: true });
    await use(s);
    await s.stop();
  },
});
export { expect } from '@playwright/test';
