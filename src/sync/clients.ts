import type { InstanceConfig } from '../config.js';
import {
  createGreenApiClient,
  createPacer,
  type GreenApiClient,
  type PacerOptions,
} from '../greenapi/index.js';
import type { Logger } from '../logger.js';

/**
 * Makes Green API clients for configured instances. All clients of one factory share a pacer, so
 * two syncs in one process still keep each instance under its rate limits together.
 */
export function greenApiClients(
  logger: Logger,
  pacerOptions: PacerOptions = {},
): (instance: InstanceConfig) => GreenApiClient {
  const pacer = createPacer(pacerOptions);
  return (instance) =>
    createGreenApiClient({
      apiUrl: instance.apiUrl,
      idInstance: instance.idInstance,
      token: instance.token,
      logger,
      pacer,
    });
}
