export * from './client.js';
export * from './errors.js';
export * from './methods.js';
export * from './pacer.js';
export * from './retry.js';
export * from './schemas.js';
export * from './stats.js';
