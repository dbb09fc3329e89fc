import os from 'node:os';

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
