import { createRequire } from 'node:module';
import type { Logger, pino as Pino } from 'pino';

export type { Logger };

let pinoFn: typeof Pino | undefined;

/**
 * pino is loaded when a logger is first used, not when the program starts: the server answers its
 * first request without it (it logs only warnings and errors).
 */
function loadPino(): typeof Pino {
  pinoFn ??= (createRequire(import.meta.url)('pino') as { pino: typeof Pino }).pino;
  return pinoFn;
}

/** A logger made on first use: any property read creates it (synchronously). */
function lazy(make: () => Logger): Logger {
  let real: Logger | undefined;
  const get = () => (real ??= make());
  return new Proxy({} as Logger, {
    get(_, prop) {
      const target = get();
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set(_, prop, value) {
      return Reflect.set(get(), prop, value);
    },
    has(_, prop) {
      return Reflect.has(get(), prop);
    },
  });
}

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
  return lazy(() => {
    const pino = loadPino();
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
  });
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return lazy(() => loadPino()({ level: 'silent' }));
}
