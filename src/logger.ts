import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values are replaced before a line is written (tokens, URLs that may carry one). */
const REDACT = [
  'token',
  'apiTokenInstance',
  'url',
  'apiUrl',
  '*.token',
  '*.apiTokenInstance',
  '*.url',
  '*.apiUrl',
  'config.instances[*].token',
];

/** Green API tokens travel in URL paths; scrub anything that looks like one from free text. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\/waInstance(\d+)\/([A-Za-z]+)\/[^/\s?"']+/g, '/waInstance$1/$2/<token>')
    .replace(/\b[0-9a-f]{40,}\b/gi, '<token>');
}

/** Logs go to stderr (fd 2) only: stdout carries the MCP protocol. */
export function createLogger(level: string = 'info'): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '<redacted>' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
