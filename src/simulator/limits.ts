/** Per-instance, per-method rate limits of the real API (reference §11.3), answered with 429. */
import { rpsOf } from '../greenapi/methods.js';

export type LimitOptions = 'off' | { speedFactor?: number; now?: () => number };

export interface RateLimiter {
  /**
   * True if a request read at `at` (performance.now(); default now) may proceed; false means 429.
   * `earliest` is when it can have arrived at the soonest (default `at`): it is judged at the first
   * moment in between when it would conform.
   */
  allow(idInstance: number, method: string, at?: number, earliest?: number): boolean;
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
    allow(idInstance, method, at, earliest) {
      if (options === 'off') return true;
      const injected = options.now?.();
      const now = injected ?? at ?? performance.now();
      const from = Math.min(injected ?? earliest ?? now, now);
      const rps = rpsOf(method);
      const perMs = (rps * (options.speedFactor ?? 1)) / 1000;
      const key = `${idInstance}:${method}`;
      const b = buckets.get(key) ?? { tokens: rps, at: from };
      buckets.set(key, b);
      const refill = (t: number) => {
        b.tokens = Math.min(rps, b.tokens + Math.max(0, t - b.at) * perMs);
        b.at = Math.max(b.at, t);
      };
      // The first moment in [from, now] with a whole token in the bucket.
      const conforms = Math.max(from, b.at + Math.max(0, 1 - b.tokens) / perMs);
      if (conforms > now) {
        refill(now);
        return false;
      }
      refill(conforms);
      b.tokens -= 1;
      return true;
    },
  };
}
