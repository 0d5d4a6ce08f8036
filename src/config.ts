import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { parse as ParseDotenv } from 'dotenv';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { isTimeZone } from './time.js';

/**
 * The one reader of the environment. Every option has an environment variable and a flag;
 * `.env` in the working directory fills in what the environment does not set.
 */

const yesNo = z.union([z.boolean(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  const s = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
  ctx.addIssue({ code: 'custom', message: `expected true/false, got "${v}"` });
  return z.NEVER;
});

const timeZone = z.string().refine(isTimeZone, { message: 'not an IANA time zone (e.g. America/Sao_Paulo)' });

const instanceSchema = z.object({
  idInstance: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(/^\d{1,12}$/, 'idInstance must be digits')),
  apiTokenInstance: z.string().min(8, 'apiTokenInstance looks too short'),
  apiUrl: z.url().optional(),
  name: z.string().optional(),
});

const instancesJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'is not valid JSON (expected [{"idInstance": "...", "apiTokenInstance": "..."}])',
      });
      return z.NEVER;
    }
  })
  .pipe(z.array(instanceSchema).min(1));

/** Documentation of each option; the README table is generated from this. */
export const OPTIONS = {
  GREEN_API_URL: {
    flag: '--green-api-url',
    help: 'Green API host (per-instance hosts like https://7105.api.greenapi.com work too).',
    default: 'https://api.green-api.com',
  },
  GREEN_API_MEDIA_URL: {
    flag: '--green-api-media-url',
    help: 'Green API media host (only used for uploads).',
    default: 'https://media.green-api.com',
  },
  GREEN_API_ID_INSTANCE: {
    flag: '--id-instance',
    help: 'Green API idInstance of the WhatsApp number to sync.',
    default: '',
  },
  GREEN_API_TOKEN_INSTANCE: {
    flag: '--token-instance',
    help: 'Green API apiTokenInstance (secret; never logged).',
    default: '',
  },
  GREEN_API_INSTANCES: {
    flag: '--instances',
    help: 'Several numbers: JSON list of {idInstance, apiTokenInstance, apiUrl?, name?}.',
    default: '',
  },
  WA_ARCHIVE_DB: {
    flag: '--db',
    help: 'Path of the SQLite archive.',
    default: '~/.local/share/wa-archive/archive.db',
  },
  WA_ARCHIVE_TIMEZONE: {
    flag: '--timezone',
    help: 'IANA time zone of exported chats and of displayed times.',
    default: 'system zone',
  },
  WA_ARCHIVE_DEFAULT_COUNTRY: {
    flag: '--default-country',
    help: 'Country (ISO 3166 code) for phone numbers written without one.',
    default: 'BR',
  },
  WA_ARCHIVE_IMPORT_ROOTS: {
    flag: '--import-roots',
    help: 'Folders that imports may read, separated by the path delimiter (:).',
    default: 'working directory',
  },
  WA_ARCHIVE_READ_ONLY: {
    flag: '--read-only',
    help: 'Refuse every write (sync, import, links): a safe archive for read-only assistants.',
    default: 'false',
  },
  LOG_LEVEL: {
    flag: '--log-level',
    help: 'Log level on stderr: fatal, error, warn, info, debug, trace, silent.',
    default: 'info',
  },
} as const;
export type OptionName = keyof typeof OPTIONS;

const schema = z.object({
  GREEN_API_URL: z.url().default(OPTIONS.GREEN_API_URL.default),
  GREEN_API_MEDIA_URL: z.url().default(OPTIONS.GREEN_API_MEDIA_URL.default),
  GREEN_API_ID_INSTANCE: z
    .string()
    .regex(/^\d{1,12}$/, 'must be the digits of idInstance')
    .optional(),
  GREEN_API_TOKEN_INSTANCE: z.string().min(8, 'looks too short for an apiTokenInstance').optional(),
  GREEN_API_INSTANCES: instancesJson.optional(),
  WA_ARCHIVE_DB: z.string().min(1).optional(),
  WA_ARCHIVE_TIMEZONE: timeZone.optional(),
  WA_ARCHIVE_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as BR')
    .transform((s) => s.toUpperCase())
    .default('BR'),
  WA_ARCHIVE_IMPORT_ROOTS: z.string().optional(),
  WA_ARCHIVE_READ_ONLY: yesNo.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface InstanceConfig {
  idInstance: string;
  token: string;
  apiUrl: string;
  name: string | undefined;
}

export interface Config {
  dbPath: string;
  timeZone: string;
  defaultCountry: string;
  importRoots: string[];
  readOnly: boolean;
  logLevel: string;
  mediaUrl: string;
  /** Configured Green API instances; empty when none is set (reading still works). */
  instances: InstanceConfig[];
}

export interface LoadConfigInput {
  env?: Record<string, string | undefined>;
  /** Flag values by option name (already parsed from argv). */
  flags?: Partial<Record<OptionName, string>>;
  /** Directory searched for .env; undefined skips .env. */
  cwd?: string;
}

/** Builds the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(input: LoadConfigInput = {}): Config {
  const env = input.env ?? {};
  const dotenv = input.cwd ? readDotenv(input.cwd) : {};
  const raw: Record<string, string | undefined> = {};
  for (const name of Object.keys(OPTIONS) as OptionName[]) {
    const value = input.flags?.[name] ?? env[name] ?? dotenv[name];
    raw[name] = value === '' ? undefined : value;
  }
  const parsed = schema.safeParse(raw);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      const option = OPTIONS[name as OptionName];
      problems.push(
        `${name}${option ? ` (${option.flag})` : ''}${issue.path.length > 1 ? ` [${issue.path.slice(1).join('.')}]` : ''}: ${issue.message}`,
      );
    }
  }
  const v = parsed.data;
  // Checked on the raw values so that it is listed together with the schema's problems.
  if (Boolean(raw.GREEN_API_ID_INSTANCE) !== Boolean(raw.GREEN_API_TOKEN_INSTANCE)) {
    problems.push('GREEN_API_ID_INSTANCE and GREEN_API_TOKEN_INSTANCE must be set together.');
  }
  if (problems.length > 0 || !v) {
    throw new ConfigError(
      `Invalid configuration:\n  - ${problems.join('\n  - ')}`,
      'Fix the variables above (environment, .env or flags) and start again; `wa-archive --help` lists every option.',
    );
  }
  const instances: InstanceConfig[] = (v.GREEN_API_INSTANCES ?? []).map((i) => ({
    idInstance: i.idInstance,
    token: i.apiTokenInstance,
    apiUrl: i.apiUrl ?? v.GREEN_API_URL,
    name: i.name,
  }));
  if (
    v.GREEN_API_ID_INSTANCE &&
    v.GREEN_API_TOKEN_INSTANCE &&
    !instances.some((i) => i.idInstance === v.GREEN_API_ID_INSTANCE)
  ) {
    instances.unshift({
      idInstance: v.GREEN_API_ID_INSTANCE,
      token: v.GREEN_API_TOKEN_INSTANCE,
      apiUrl: v.GREEN_API_URL,
      name: undefined,
    });
  }
  const cwd = input.cwd ?? process.cwd();
  // The system zone is looked up when first needed: the first Intl call loads time zone data
  // (tens of milliseconds), which the server's start does not need.
  let zone = v.WA_ARCHIVE_TIMEZONE;
  return {
    dbPath: v.WA_ARCHIVE_DB ? expandHome(v.WA_ARCHIVE_DB, env) : defaultDbPath(env),
    get timeZone() {
      return (zone ??= systemTimeZone());
    },
    defaultCountry: v.WA_ARCHIVE_DEFAULT_COUNTRY,
    importRoots: (v.WA_ARCHIVE_IMPORT_ROOTS
      ? v.WA_ARCHIVE_IMPORT_ROOTS.split(':').filter(Boolean)
      : [cwd]
    ).map((p) => resolve(cwd, expandHome(p, env))),
    readOnly: v.WA_ARCHIVE_READ_ONLY,
    logLevel: v.LOG_LEVEL,
    mediaUrl: v.GREEN_API_MEDIA_URL,
    instances,
  };
}

function readDotenv(cwd: string): Record<string, string> {
  const file = join(cwd, '.env');
  if (!existsSync(file)) return {};
  // dotenv is loaded only when there is a .env file (it loads node's crypto module, which a start
  // does not otherwise need).
  const { parse } = createRequire(import.meta.url)('dotenv') as { parse: typeof ParseDotenv };
  return parse(readFileSync(file));
}

function expandHome(path: string, env: Record<string, string | undefined>): string {
  return path === '~' || path.startsWith('~/') ? join(env.HOME ?? homedir(), path.slice(1)) : path;
}

/** The user's data directory (XDG on Linux, Application Support on macOS, AppData on Windows). */
function defaultDbPath(env: Record<string, string | undefined>): string {
  const home = env.HOME ?? homedir();
  if (process.platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'wa-archive', 'archive.db');
  if (process.platform === 'darwin')
    return join(home, 'Library', 'Application Support', 'wa-archive', 'archive.db');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'wa-archive', 'archive.db');
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
