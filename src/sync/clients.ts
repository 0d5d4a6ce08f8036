import type { InstanceConfig } from '../config.js';
import type { GreenApiClient, PacerOptions } from '../greenapi/index.js';
import type { Logger } from '../logger.js';

/**
 * Makes Green API clients for configured instances. All clients of one factory share a pacer, so
 * two syncs in one process still keep each instance under its rate limits together. The HTTP client
 * is loaded on first use: serving the archive never needs it, and it is slow to load.
 */
export function greenApiClients(
  logger: Logger,
  pacerOptions: PacerOptions = {},
): (instance: InstanceConfig) => Promise<GreenApiClient> {
  let loaded: Promise<(instance: InstanceConfig) => GreenApiClient> | undefined;
  return async (instance) => {
    loaded ??= import('../greenapi/index.js').then(({ createGreenApiClient, createPacer }) => {
      const pacer = createPacer(pacerOptions);
      return (i: InstanceConfig) =>
        createGreenApiClient({ apiUrl: i.apiUrl, idInstance: i.idInstance, token: i.token, logger, pacer });
    });
    return (await loaded)(instance);
  };
}
