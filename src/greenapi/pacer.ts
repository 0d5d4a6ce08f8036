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
   * #771), so 1-rps calls are spaced by 1.05 s by default.
   */
  margin?: number;
  /**
   * Least safety gap in real ms whatever the speed: network jitter does not shrink when a test
   * speeds the simulator up. Default 5.
   */
  minMarginMs?: number;
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
  /**
   * A request of this method has just gone out on the wire. Its slot began earlier; a busy event loop
   * or a garbage collection in between would otherwise bring it closer to the next request.
   */
  sent(idInstance: string, method: string): void;
  /** After a 429 the server saw requests closer than planned: keep the next slot one interval away. */
  penalize(idInstance: string, method: string): void;
}

export function createPacer(options: PacerOptions = {}): Pacer {
  const speed = options.speedFactor ?? 1;
  if (!(speed > 0)) throw new RangeError('speedFactor must be > 0');
  const margin = options.margin ?? 0.05;
  const minMarginMs = options.minMarginMs ?? 5;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  const overrides = new Map(Object.entries(options.rps ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  // Per (instance, method): the next free slot, and when the last request really started.
  const slots = new Map<string, { nextAt: number; lastStart: number }>();
  const slotOf = (key: string) => {
    let slot = slots.get(key);
    if (!slot) slots.set(key, (slot = { nextAt: -Infinity, lastStart: -Infinity }));
    return slot;
  };

  const intervalMs = (method: string): number => {
    if (options.unlimited) return 0;
    const rps = overrides.get(method.toLowerCase()) ?? rpsOf(method);
    const nominal = 1000 / rps / speed;
    return nominal + Math.max(nominal * margin, minMarginMs);
  };
  const keyOf = (idInstance: string, method: string) => `${idInstance}:${method.toLowerCase()}`;
  /** A request of this slot starts now: the next one waits at least one interval from here. */
  const markStart = (slot: { nextAt: number; lastStart: number }, interval: number) => {
    slot.lastStart = Math.max(slot.lastStart, now());
    slot.nextAt = Math.max(slot.nextAt, slot.lastStart + interval);
  };

  return {
    intervalMs,
    async acquire(idInstance, method, signal) {
      signal?.throwIfAborted();
      const interval = intervalMs(method);
      if (interval === 0) return;
      const slot = slotOf(keyOf(idInstance, method));
      const t = now();
      const start = Math.max(t, slot.nextAt);
      slot.nextAt = start + interval;
      if (start > t) await sleep(start - t, signal);
      // Timers fire late on a busy event loop: never start closer than one interval to the
      // previous request's real start, or the server sees two requests in one window.
      for (let gap = slot.lastStart + interval - now(); gap > 0; gap = slot.lastStart + interval - now()) {
        await sleep(gap, signal);
      }
      markStart(slot, interval);
    },
    sent(idInstance, method) {
      const interval = intervalMs(method);
      if (interval > 0) markStart(slotOf(keyOf(idInstance, method)), interval);
    },
    penalize(idInstance, method) {
      const interval = intervalMs(method);
      if (interval === 0) return;
      const slot = slotOf(keyOf(idInstance, method));
      slot.nextAt = Math.max(slot.nextAt, now() + interval);
    },
  };
}
