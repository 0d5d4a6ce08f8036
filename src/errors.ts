/**
 * Typed errors: each carries a message for the user and a hint that names the next step.
 * Nothing here may contain a Green API URL or token.
 */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly code: string = 'error',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The caller asked for something that does not exist or is malformed. */
export class InputError extends ArchiveError {
  constructor(message: string, hint: string) {
    super(message, hint, 'invalid_input');
  }
}

/** A chat, contact or message that the archive does not hold. */
export class NotFoundError extends ArchiveError {
  constructor(message: string, hint: string) {
    super(message, hint, 'not_found');
  }
}

/** The configuration is missing something the requested work needs. */
export class ConfigError extends ArchiveError {
  constructor(message: string, hint: string) {
    super(message, hint, 'config');
  }
}

/** The store is read-only (WA_ARCHIVE_READ_ONLY) and the work would write. */
export class ReadOnlyError extends ArchiveError {
  constructor(what: string) {
    super(
      `${what} is not allowed: the archive is read-only.`,
      'Unset WA_ARCHIVE_READ_ONLY (or --read-only) to allow writes.',
      'read_only',
    );
  }
}

/** What a failure means to the user: message, next step, and a stable code. */
export type Described = { message: string; hint: string; code: string };

/** SQLite failures that have a cause the user can act on, by SQLite's result code. */
const SQLITE_FAILURES: Record<string, Described> = {
  SQLITE_BUSY: {
    message: 'The archive is busy: another process (a compaction, sync or import) is writing to it.',
    hint: 'Try again when that process has finished.',
    code: 'busy',
  },
  SQLITE_FULL: {
    message: 'The disk is full; the write that failed was not stored.',
    hint: 'Free some disk space and try again.',
    code: 'disk_full',
  },
  SQLITE_NOTADB: {
    message: 'WA_ARCHIVE_DB names a file that is not a wa-archive archive (or it is encrypted).',
    hint: 'Point WA_ARCHIVE_DB (or --db) at the archive; a path where nothing exists yet creates a new one.',
    code: 'store',
  },
  SQLITE_CORRUPT: {
    message: 'The archive file is damaged.',
    hint: 'Restore it from a backup, or copy out what is readable with `sqlite3 ARCHIVE .recover`.',
    code: 'store',
  },
};

/** SQLite's primary result code of an error (SQLITE_BUSY for SQLITE_BUSY_SNAPSHOT), if it is one. */
export function sqliteResult(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code.split('_', 2).join('_') : undefined;
}

/** Renders any thrown value as "message (hint)" without a stack trace. */
export function describeError(error: unknown): Described {
  if (error instanceof ArchiveError) return { message: error.message, hint: error.hint, code: error.code };
  const sqlite = sqliteResult(error);
  if (sqlite && Object.hasOwn(SQLITE_FAILURES, sqlite)) return SQLITE_FAILURES[sqlite]!;
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `Unexpected error: ${message}`,
    hint: 'Run `wa-archive doctor` and check the log on stderr.',
    code: 'internal',
  };
}
