import { realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { CountryCode } from 'libphonenumber-js';
import { InputError } from '../errors.js';
import { Store } from '../store/index.js';
import { findExportSources } from './files.js';
import { importSource, type FileReport } from './import.js';
import type { DateOrder } from './types.js';

export interface ImportPathsInput {
  store: Store;
  paths: readonly string[];
  roots: readonly string[];
  timeZone: string;
  dateOrder?: DateOrder | undefined;
  me?: string | undefined;
  dryRun: boolean;
  defaultCountry: string;
  now: () => number;
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number | undefined, message: string) => void) | undefined;
}

export interface ImportSummary {
  files: FileReport[];
  skipped: { path: string; reason: string }[];
}

/** Refuses any path that is not inside one of the configured import roots (symlinks resolved). */
export function checkInsideRoots(paths: readonly string[], roots: readonly string[]): string[] {
  const realRoots = roots.map((r) => {
    try {
      return realpathSync(r);
    } catch {
      return resolve(r);
    }
  });
  return paths.map((p) => {
    let real: string;
    try {
      real = realpathSync(resolve(p));
    } catch {
      throw new InputError(
        `Cannot read ${p}: no such file or folder.`,
        'Check the path; it must be an export .txt, a .zip, or a folder of them.',
      );
    }
    if (!realRoots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep))) {
      throw new InputError(
        `${p} is outside the folders imports may read (${roots.join(', ')}).`,
        'Move the export into an import root, or add its folder to WA_ARCHIVE_IMPORT_ROOTS.',
      );
    }
    return real;
  });
}

/**
 * Imports every export found under `paths`, file by file. Each file is atomic and runs on a
 * connection of its own, so a failing file leaves nothing behind and the others go on.
 */
export async function importPaths(input: ImportPathsInput): Promise<ImportSummary> {
  const paths = checkInsideRoots(input.paths, input.roots);
  const dbPath = input.store.db.name;
  const mediaDir = join(dirname(dbPath), 'media');
  const summary: ImportSummary = { files: [], skipped: [] };
  // MCP progress must increase with every notification: count messages across files, and drop repeats.
  let before = 0;
  let sent = -1;
  const progress = (done: number, total: number | undefined, message: string): void => {
    if (before + done <= sent) return;
    sent = before + done;
    input.onProgress?.(sent, total === undefined ? undefined : before + total, message);
  };
  // A connection of its own: the file's long transaction never mixes with other writes of this process.
  const writer = input.dryRun ? input.store : Store.open(dbPath, { mmapBytes: 0, cacheKiB: 8_000 });
  try {
    for await (const found of findExportSources(paths, {
      defaultCountry: input.defaultCountry as CountryCode,
    })) {
      if (found.type === 'skipped') {
        summary.skipped.push({ path: found.path, reason: found.reason });
        continue;
      }
      try {
        if (input.signal?.aborted) break;
        progress(0, undefined, found.fileName);
        const report = await importSource(writer, found, {
          timeZone: input.timeZone,
          dateOrder: input.dateOrder,
          me: input.me,
          dryRun: input.dryRun,
          defaultCountry: input.defaultCountry,
          mediaDir,
          now: input.now,
          onMessages: (done, total) => progress(done, total, found.fileName),
          signal: input.signal,
        });
        summary.files.push(report);
        before += report.messages;
      } finally {
        found.close();
      }
    }
  } finally {
    if (writer !== input.store) writer.close();
  }
  return summary;
}
