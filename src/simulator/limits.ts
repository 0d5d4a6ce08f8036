/** Per-instance, per-method rate limits of the real API (reference §11.3), answered with 429. */
import { rpsOf } from '../greenapi/methods.js';

export type LimitOptions = 'off' | { speedFactor?: number; now?: () => number };

export interface RateLimiter {
  /** True if a request that arrived `at` (performance.now(); default now) may proceed; false means 429. */
  allow(idInstance: number, method: string, at?: number): boolean;
  set(options: LimitOptions): void;
}

/**
 * Token bucket per (instance, method) holding up to `rps` tokens (so two 1-rps calls in the same
 * second get a 429, while getMessage may burst 10), refilled at `rps * speedFactor` per second.
 */
export function createRateLimiter(initial: LimitOptions = {}): RateLimiter {
  let options = initial;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    set(next) {
      options = next;
      buckets.clear();
    },
    allow(idInstance, method, at) {
      if (options === 'off') return true;
      const now = options.now?.() ?? at ?? performance.now();
      const speed = options.speedFactor ?? 1;
      const rps = rpsOf(method);
      const key = `${idInstance}:${method}`;
      const b = buckets.get(key) ?? { tokens: rps, at: now };
      b.tokens = Math.min(rps, b.tokens + (Math.max(0, now - b.at) / 1000) * rps * speed);
      b.at = Math.max(b.at, now);
      buckets.set(key, b);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
}
