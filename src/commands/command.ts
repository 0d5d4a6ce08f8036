import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Deps } from '../tools/deps.js';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  /** Values of the command's own options (and --json). */
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  config: Config;
  logger: Logger;
  json: boolean;
  /** Opens the archive (once) and returns the dependencies of tools. */
  deps: () => Deps;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpecs;
  run: (ctx: CommandContext) => Promise<number | void> | number | void;
}

/** The value of a string option, or undefined. */
export function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function int(ctx: CommandContext, name: string, fallback: number): number {
  const v = str(ctx, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be a whole number, got "${v}"`);
  return n;
}
