import type { CompactStep } from '../store/compact.js';
import { formatBytes } from '../text.js';
import type { Command } from './command.js';
import { write, writeJson } from './output.js';

const STEPS: Record<CompactStep, string> = {
  index: 'merging the search index…',
  file: 'rewriting the archive file…',
};

export const compactCommand: Command = {
  name: 'compact',
  summary: 'Make the archive smaller and searches faster (best after a big import or full sync)',
  usage: 'wa-archive compact',
  options: {},
  run(ctx) {
    const { store } = ctx.deps();
    const result = store.compactor.compact((step) => process.stderr.write(`compact: ${STEPS[step]}\n`));
    const saved = result.bytesBefore - result.bytesAfter;
    if (ctx.json)
      return writeJson({
        db_path: ctx.config.dbPath,
        bytes_before: result.bytesBefore,
        bytes_after: result.bytesAfter,
        log_bytes: result.logBytes,
        index_ms: Math.round(result.indexMs),
        file_ms: Math.round(result.fileMs),
      });
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    write(
      `Compacted ${ctx.config.dbPath}: ${formatBytes(result.bytesBefore)} -> ${formatBytes(result.bytesAfter)}` +
        ` (${saved >= 0 ? `${formatBytes(saved)} smaller` : `${formatBytes(-saved)} larger`}) in ${seconds(result.indexMs + result.fileMs)}` +
        ` (search index ${seconds(result.indexMs)}, file ${seconds(result.fileMs)}).`,
    );
    if (result.logBytes > 0)
      write(
        `${formatBytes(result.logBytes)} of that is the archive's log, kept because another process (a running server?) was reading the archive; ` +
          'it is folded into the file at the latest when that process closes the archive.',
      );
  },
};
