import type { Config, InstanceConfig } from '../config.js';
import { InputError } from '../errors.js';
import type { GreenApiClient } from '../greenapi/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import { parseTimeInput } from '../time.js';

/** What tools and commands work with; passed in, never global. */
export interface Deps {
  store: Store;
  config: Config;
  logger: Logger;
  /** Current time in UTC seconds (injectable for tests). */
  now: () => number;
  /** Opens a Green API client for a configured instance (the caller closes it). */
  greenApi: (instance: InstanceConfig) => Promise<GreenApiClient>;
}

/** since/until arguments as UTC seconds, checked for order. */
export function timeRange(
  deps: Deps,
  since: string | undefined,
  until: string | undefined,
): { since?: number; until?: number } {
  const parse = (value: string | undefined, field: string) =>
    value === undefined ? undefined : parseTimeInput(value, field, deps.config.timeZone, deps.now());
  const from = parse(since, 'since');
  const to = parse(until, 'until');
  if (from !== undefined && to !== undefined && from >= to) {
    throw new InputError(
      `since (${since}) is not before until (${until}).`,
      'Swap them, or widen the range.',
    );
  }
  return { ...(from !== undefined ? { since: from } : {}), ...(to !== undefined ? { until: to } : {}) };
}
