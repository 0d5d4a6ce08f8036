/** Zone conversion for exports lives with the other time functions; re-exported for the reader's API. */
export { createLocalTimeConverter, isTimeZone as isValidTimeZone, toUtcSeconds } from '../time.js';
