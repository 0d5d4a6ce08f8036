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

/** Renders any thrown value as "message (hint)" without a stack trace. */
export function describeError(error: unknown): { message: string; hint: string; code: string } {
  if (error instanceof ArchiveError) return { message: error.message, hint: error.hint, code: error.code };
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `Unexpected error: ${message}`,
    hint: 'Run `wa-archive doctor` and check the log on stderr.',
    code: 'internal',
  };
}
