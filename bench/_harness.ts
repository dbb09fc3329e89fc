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
