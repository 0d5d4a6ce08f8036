#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { chatsCommand } from './commands/chats.js';
import type { Command, CommandContext, OptionSpecs } from './commands/command.js';
import { doctorCommand } from './commands/doctor.js';
import { historyCommand } from './commands/history.js';
import { searchCommand } from './commands/search.js';
import { serveCommand } from './commands/serve.js';
import { syncCommand } from './commands/sync.js';
import { simulatorCommand } from './commands/simulator.js';
import { demoCommand } from './commands/demo.js';
import { importCommand } from './commands/import.js';
import { loadConfig, OPTIONS, type OptionName } from './config.js';
import { describeError } from './errors.js';
import { createLogger } from './logger.js';
import { SERVER_VERSION } from './server.js';
import { Store } from './store/index.js';
import { greenApiClients } from './sync/clients.js';
import type { Deps } from './tools/deps.js';

const COMMANDS: Command[] = [
  serveCommand,
  syncCommand,
  importCommand,
  searchCommand,
  historyCommand,
  chatsCommand,
  doctorCommand,
  simulatorCommand,
  demoCommand,
];

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

function helpText(command?: Command): string {
  if (command)
    return `${command.summary}\n\nUsage: ${command.usage}\n\nAdd --json for machine-readable output. Configuration flags: see wa-archive --help.`;
  const commands = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
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
  const command = first && !first.startsWith('-') ? COMMANDS.find((c) => c.name === first) : serveCommand;
  if (!command) {
    process.stderr.write(`Unknown command "${first}".\n\n${helpText()}\n`);
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
    process.stderr.write(`${(error as Error).message}\n\n${helpText(command)}\n`);
    return 2;
  }
  const values = parsed.values as CommandContext['values'];
  if (values.version || values.help) {
    process.stdout.write(
      `${values.version ? SERVER_VERSION : helpText(first === command.name ? command : undefined)}\n`,
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
        store ??= Store.open(config.dbPath, { readOnly: config.readOnly });
        deps ??= {
          store,
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
