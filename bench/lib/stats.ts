/** Timing helpers: repeated runs after a warm-up, summarised by median and 95th percentile. */

export interface Summary {
  runs: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Percentile by linear interpolation between the closest ranks (p in [0, 1]). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function summarize(samples: readonly number[]): Summary {
  return {
    runs: samples.length,
    median: round(percentile(samples, 0.5)),
    p95: round(percentile(samples, 0.95)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
  };
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Runs `fn` `warmup` times untimed, then `runs` times timed: wall-clock milliseconds, and the
 * process's CPU milliseconds (user + system, all its threads, so GC helpers can make it exceed the
 * wall time), which a busy machine inflates much less.
 */
export async function timeRuns<T>(
  fn: () => Promise<T> | T,
  runs: number,
  warmup: number,
): Promise<{ samples: number[]; cpu: number[]; last: T }> {
  let last: T | undefined;
  for (let i = 0; i < warmup; i++) last = await fn();
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    last = await fn();
    samples.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { samples, cpu, last: last as T };
}

export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

export function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
