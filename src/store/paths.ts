import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: the nearest folder above this module that holds schema.sql. Works the same from
 * src/ (tests), the bundle in dist/, and an installed package.
 */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'schema.sql'))) return dir;
    if (dirname(dir) === dir) throw new Error(`schema.sql not found above ${from}`);
  }
}
