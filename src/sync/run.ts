import { ArchiveError } from '../errors.js';
import { GreenApiCredentialsError, GreenApiQuotaError, GreenApiStateError } from '../greenapi/errors.js';
import type { RunCounts } from '../store/sync.js';
import type { ApplyResult } from './apply.js';

/** What one sync run has done so far: rows stored, errors by kind, gaps found, chats synced. */
export class RunTally {
  readonly counts: RunCounts = {
    requests: 0,
    inserted: 0,
    updated: 0,
    duplicates: 0,
    rateLimited: 0,
    errors: {},
  };
  gaps = 0;
  chatsSynced = 0;

  add = (result: ApplyResult): void => {
    this.counts.inserted += result.inserted;
    this.counts.updated += result.updated;
    this.counts.duplicates += result.duplicates;
    if (result.orphans)
      this.counts.errors.orphan_event = (this.counts.errors.orphan_event ?? 0) + result.orphans;
  };

  countError(e: unknown): void {
    const kind = e instanceof ArchiveError ? e.code : 'internal';
    this.counts.errors[kind] = (this.counts.errors[kind] ?? 0) + 1;
  }
}

/** Errors that stop the whole run (nothing else can succeed): credentials, state, quota, cancellation. */
export function isFatal(e: unknown): boolean {
  return (
    e instanceof GreenApiCredentialsError ||
    e instanceof GreenApiStateError ||
    e instanceof GreenApiQuotaError ||
    (e as Error)?.name === 'AbortError'
  );
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new ArchiveError(
      'The sync was cancelled.',
      'Run it again to continue; what was stored is kept.',
      'cancelled',
    );
}
