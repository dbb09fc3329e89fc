import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/** Shared helpers for benchmarks: JSON-line output and percentiles. */
export function report(metric: string, value: number, unit: string, target?: { max?: number; min?: number }): void {
  const line: Record<string, unknown> = { metric, value: Math.round(value * 1000) / 1000, unit };
  if (target) {
    line.target = target.max !== undefined ? `<= ${target.max}` : `>= ${target.min}`;
    line.ok = target.max !== undefined ? value <= target.max : value >= (target.min ?? -Infinity);
  }
  console.log(JSON.stringify(line));
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (samples: number[]) => percentile(samples, 50);

/**
 * What the whole machine's cores did while `run` ran (every process: the server, the load
 * generator, the kernel's network work), from os.cpus(). A benchmark that is CPU-bound shows it
 * here: `busyShare` near 1, and `busyMs` is the CPU the work cost.
 */
export async function machineCpuDuring<T>(run: () => Promise<T>): Promise<{ result: T; busyMs: number; busyShare: number; cores: number }> {
  const sample = () => os.cpus().map((c) => c.times);
  const before = sample();
  const result = await run();
  const after = sample();
  let busyMs = 0;
  let totalMs = 0;
  after.forEach((t, i) => {
    const b = before[i];
    const idle = t.idle - b.idle;
    const total = t.user - b.user + (t.nice - b.nice) + (t.sys - b.sys) + (t.irq - b.irq) + idle;
    busyMs += total - idle;
    totalMs += total;
  });
  return { result, busyMs, busyShare: totalMs > 0 ? busyMs / totalMs : 0, cores: after.length };
}

/**
 * Starts the real `shipshape serve` on a database as its own process (as a shop runs it) and
 * resolves with its address once it prints it; `stop` ends it with SIGTERM and waits.
 */
export async function spawnServe(dbPath: string, env: NodeJS.ProcessEnv = process.env): Promise<{ url: string; stop(): Promise<void> }> {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(process.execPath, [path.join(root, 'bin', 'shipshape.mjs'), 'serve', '--port', '0', '--db', dbPath], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
