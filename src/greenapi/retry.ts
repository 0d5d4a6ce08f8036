/** Retry policy: which failures are worth repeating and how long to wait (exponential + jitter). */

export interface RetryOptions {
  /** Total attempts including the first. Default 4. */
  attempts: number;
  /** First backoff in ms; doubles each retry (1 s, 2 s, 4 s as the reference suggests). Default 1000. */
  baseDelayMs: number;
  /** Upper bound of one backoff. Default 30 s. */
  maxDelayMs: number;
  /** Random extra share of the delay (0..1), so clients sharing an instance do not retry in lockstep. */
  jitter: number;
  random: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  jitter: 0.25,
  random: Math.random,
};

export function resolveRetry(options?: Partial<RetryOptions>): RetryOptions {
  const merged = { ...DEFAULT_RETRY, ...options };
  return { ...merged, attempts: Math.max(1, Math.floor(merged.attempts)) };
}

/**
 * Delay before retry number `retry` (1 = first retry). Never shorter than the exponential step,
 * because on a 1-rps method a shorter wait would just collect another 429.
 */
export function backoffDelay(retry: number, options: RetryOptions): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.min(options.maxDelayMs, step * (1 + options.jitter * options.random()));
}

/** 429, 5xx (incl. 499 client-closed) are transient; 4xx and 466 (quota) are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 499 || (status >= 500 && status <= 599);
}
