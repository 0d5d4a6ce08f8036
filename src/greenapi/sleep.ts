import { setTimeout as delay } from 'node:timers/promises';

/** Sleeps `ms`, rejecting early with an AbortError when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : undefined);
}

/** True if `error` is the rejection of an aborted wait (or the signal itself is aborted). */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return Boolean(signal?.aborted) || (error instanceof Error && error.name === 'AbortError');
}
