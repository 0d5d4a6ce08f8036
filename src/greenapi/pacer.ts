/**
 * Client-side request spacing per (instance, method), so calls stay under the documented limits
 * (reference §11.3) instead of collecting 429s. Slots are reserved synchronously, so concurrent
 * callers and several clients sharing one pacer queue up behind each other.
 */
import { abortableSleep } from './sleep.js';
import { rpsOf } from './methods.js';

export interface PacerOptions {
  /** Divides every interval: 100 lets tests run a sped-up simulator 100x faster. Default 1. */
  speedFactor?: number;
  /** No spacing at all (simulator with limits off). */
  unlimited?: boolean;
  /**
   * Extra share of each interval. Two 1-rps requests landing together get 429 (support thread
   * #771), so 1-rps calls are spaced by 1.1 s by default.
   */
  margin?: number;
  /** Overrides of the documented rps per method name. */
  rps?: Record<string, number>;
  /** Injected clock and sleep, for tests. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Pacer {
  /** Waits for the next free slot of this method on this instance. Rejects if the signal aborts. */
  acquire(idInstance: string, method: string, signal?: AbortSignal): Promise<void>;
  /** Milliseconds between two calls of a method (0 when unlimited). */
  intervalMs(method: string): number;
  /** After a 429 the server saw requests closer than planned: keep the next slot one interval away. */
  penalize(idInstance: string, method: string): void;
}

export function createPacer(options: PacerOptions = {}): Pacer {
  const speed = options.speedFactor ?? 1;
  if (!(speed > 0)) throw new RangeError('speedFactor must be > 0');
  const margin = options.margin ?? 0.1;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  const overrides = new Map(Object.entries(options.rps ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  // Per (instance, method): the earliest time the next request may start.
  const nextAt = new Map<string, number>();

  const intervalMs = (method: string): number => {
    if (options.unlimited) return 0;
    const rps = overrides.get(method.toLowerCase()) ?? rpsOf(method);
    return ((1000 / rps) * (1 + margin)) / speed;
  };
  const keyOf = (idInstance: string, method: string) => `${idInstance}:${method.toLowerCase()}`;

  return {
    intervalMs,
    async acquire(idInstance, method, signal) {
      signal?.throwIfAborted();
      const interval = intervalMs(method);
      if (interval === 0) return;
      const key = keyOf(idInstance, method);
      const t = now();
      const start = Math.max(t, nextAt.get(key) ?? t);
      nextAt.set(key, start + interval);
      if (start > t) await sleep(start - t, signal);
    },
    penalize(idInstance, method) {
      const interval = intervalMs(method);
      if (interval === 0) return;
      const key = keyOf(idInstance, method);
      const t = now();
      nextAt.set(key, Math.max(nextAt.get(key) ?? t, t + interval));
    },
  };
}
