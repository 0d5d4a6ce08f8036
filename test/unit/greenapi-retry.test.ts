import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, resolveRetry } from '../../src/greenapi/retry.js';

describe('retry policy', () => {
  it('doubles from the base delay (1 s, 2 s, 4 s) without jitter', () => {
    const opts = resolveRetry({ jitter: 0 });
    expect([1, 2, 3].map((n) => backoffDelay(n, opts))).toEqual([1000, 2000, 4000]);
  });

  it('adds up to `jitter` share on top, never less than the step', () => {
    const low = resolveRetry({ jitter: 0.5, random: () => 0 });
    const high = resolveRetry({ jitter: 0.5, random: () => 0.999 });
    expect(backoffDelay(2, low)).toBe(2000);
    expect(backoffDelay(2, high)).toBeGreaterThan(2990);
    expect(backoffDelay(2, high)).toBeLessThan(3000);
  });

  it('caps at maxDelayMs', () => {
    const opts = resolveRetry({ baseDelayMs: 1000, maxDelayMs: 5000, jitter: 1, random: () => 0.9 });
    expect(backoffDelay(10, opts)).toBe(5000);
  });

  it('retries 429, 499 and 5xx; never 4xx or the 466 quota', () => {
    expect([429, 499, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 466].some(isRetryableStatus)).toBe(false);
  });

  it('always makes at least one attempt', () => {
    expect(resolveRetry({ attempts: 0 }).attempts).toBe(1);
    expect(resolveRetry().attempts).toBe(4);
  });
});
