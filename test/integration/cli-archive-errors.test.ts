/** The built CLI on an archive file it cannot use: a message and a next step, and the file untouched. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEnv, runCli, type ImportEnv } from '../helpers/import.js';

let env: ImportEnv;

beforeAll(() => {
  env = importEnv('wa-cli-errors-');
});
afterAll(() => env.close());

describe('the CLI on a file that is not an archive', () => {
  it.each(['doctor', 'search', 'compact'])('%s names the problem and the next step', async (command) => {
    const garbage = join(env.dir, 'notes.db');
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
    const run = await runCli(env, command === 'search' ? [command, 'orçamento'] : [command], {
      WA_ARCHIVE_DB: garbage,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'Error: WA_ARCHIVE_DB names a file that is not a wa-archive archive (or it is encrypted).\n' +
        'Next step: Point WA_ARCHIVE_DB (or --db) at the archive; a path where nothing exists yet creates a new one.\n',
    );
    // The file is left as it was.
    expect(readFileSync(garbage)).toEqual(Buffer.alloc(8192, 0x5a));
  });
});
