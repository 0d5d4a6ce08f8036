#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { Command, CommandContext, OptionSpecs } from './commands/command.js';
import { loadConfig, OPTIONS, type OptionName } from './config.js';
import { describeError } from './errors.js';
import { createLogger } from './logger.js';
import { SERVER_VERSION } from './version.js';
import { Store } from './store/index.js';
import { greenApiClients } from './sync/clients.js';
import type { Deps } from './tools/deps.js';

/**
 * Every command, loaded only when it runs (or for the full help text): a start loads the modules of
 * one command, not of all of them.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  sync: async () => (await import('./commands/sync.js')).syncCommand,
  import: async () => (await import('./commands/import.js')).importCommand,
  search: async () => (await import('./commands/search.js')).searchCommand,
  history: async () => (await import('./commands/history.js')).historyCommand,
  chats: async () => (await import('./commands/chats.js')).chatsCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  compact: async () => (await import('./commands/compact.js')).compactCommand,
  simulator: async () => (await import('./commands/simulator.js')).simulatorCommand,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
};

async function loadCommand(name: string): Promise<Command | undefined> {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name]!() : undefined;
}

/** Flags shared by every command: one per configuration option, plus output and help. */
const GLOBAL_OPTIONS: OptionSpecs = {
  ...Object.fromEntries(
    Object.values(OPTIONS).map((o) => [
      o.flag.slice(2),
      { type: o.flag === '--read-only' ? ('boolean' as const) : ('string' as const) },
    ]),
  ),
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

async function helpText(command?: Command): Promise<string> {
  if (command)
    return `${command.summary}\n\nUsage: ${command.usage}\n\nAdd --json for machine-readable output. Configuration flags: see wa-archive --help.`;
  const all = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const commands = all.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
  const options = Object.entries(OPTIONS)
    .map(([env, o]) => `  ${o.flag.padEnd(22)} ${env.padEnd(28)} ${o.help}`)
    .join('\n');
  return `wa-archive ${SERVER_VERSION} — a searchable WhatsApp archive for AI assistants (MCP) and people.

Usage: wa-archive [COMMAND] [ARGS] [OPTIONS]   (default command: serve)

Commands:
${commands}

Configuration (flag, environment variable or .env):
${options}

  --json                 machine-readable output
  -h, --help             help for a command: wa-archive COMMAND --help`;
}

export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const first = argv[0];
  const command = await loadCommand(first && !first.startsWith('-') ? first : 'serve');
  if (!command) {
    process.stderr.write(`Unknown command "${first}".\n\n${await helpText()}\n`);
    return 2;
  }
  const rest = first === command.name ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${await helpText(command)}\n`);
    return 2;
  }
  const values = parsed.values as CommandContext['values'];
  if (values.version || values.help) {
    process.stdout.write(
      `${values.version ? SERVER_VERSION : await helpText(first === command.name ? command : undefined)}\n`,
    );
    return 0;
  }

  const flags: Partial<Record<OptionName, string>> = {};
  for (const [env, o] of Object.entries(OPTIONS) as [OptionName, (typeof OPTIONS)[OptionName]][]) {
    const v = values[o.flag.slice(2)];
    if (typeof v === 'string') flags[env] = v;
    else if (v === true) flags[env] = 'true';
  }
  let store: Store | undefined;
  try {
    const config = loadConfig({ env, flags, cwd: process.cwd() });
    const logger = createLogger(config.logLevel);
    let deps: Deps | undefined;
    const ctx: CommandContext = {
      values,
      positionals: parsed.positionals,
      config,
      logger,
      json: values.json === true,
      deps: () => {
        // The archive opens on first use (the server answers initialize before it opens it).
        deps ??= {
          get store() {
            return (store ??= Store.open(config.dbPath, {
              readOnly: config.readOnly,
              onUpgrade: ({ from, to, ms }) =>
                ms === undefined
                  ? logger.info(
                      { from, to },
                      'upgrading the archive to a newer schema (once; may take a few seconds)',
                    )
                  : logger.info({ from, to, ms: Math.round(ms) }, 'archive upgraded'),
            }));
          },
          config,
          logger,
          now: () => Math.floor(Date.now() / 1000),
          greenApi: greenApiClients(logger),
        };
        return deps;
      },
    };
    return (await command.run(ctx)) ?? 0;
  } catch (error) {
    const { message, hint } = describeError(error);
    process.stderr.write(`Error: ${message}\nNext step: ${hint}\n`);
    return 1;
  } finally {
    store?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Error: ${describeError(error).message}\n`);
    process.exitCode = 1;
  },
);
