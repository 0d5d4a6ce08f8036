/**
 * Public entry points of the export parser. Two passes over the text: the first reads headers only
 * and fixes the file-wide decisions (scan.ts), the second yields messages (assemble.ts). The
 * streaming form re-opens the source for each pass and holds only the current message in memory.
 */
import { MessageAssembler } from './assemble.js';
import { ChunkDecoder, LineSplitter } from './lines.js';
import { HeaderScanner, type ScanResult } from './scan.js';
import type {
  ChunkSourceFactory,
  ExportFileInfo,
  ExportMessage,
  ExportStream,
  ExportWarning,
  ParsedExport,
  ParseExportOptions,
} from './types.js';

const DEFAULT_MAX_WARNINGS = 1000;

/** Parses a whole export held in memory (tests, small files). */
export function parseExportText(text: string, options: ParseExportOptions = {}): ParsedExport {
  const scanner = new HeaderScanner();
  const firstSplitter = new LineSplitter();
  firstSplitter.push(text, scanner.line);
  firstSplitter.end(scanner.line);
  const scan = scanner.finish(options);

  const messages: ExportMessage[] = [];
  const warnings = new WarningCollector(options, Number.POSITIVE_INFINITY);
  const assembler = new MessageAssembler(scan, (m) => messages.push(m), warnings.add);
  const splitter = new LineSplitter();
  splitter.push(text, assembler.line);
  assembler.end(splitter.end(assembler.line));
  return { ...scan.info, messages, warnings: warnings.kept, droppedWarnings: warnings.dropped };
}

/** First pass only: what the parser will decide about a file, without building messages. */
export async function scanExport(
  open: ChunkSourceFactory,
  options: ParseExportOptions = {},
): Promise<ExportFileInfo> {
  return (await scan(open, options)).info;
}

/**
 * Streams an export: awaits the first pass, then returns the file info and the messages as an
 * async iterable (iterate once). Warnings fill in while iterating.
 */
export async function parseExport(
  open: ChunkSourceFactory,
  options: ParseExportOptions = {},
): Promise<ExportStream> {
  const result = await scan(open, options);
  const warnings = new WarningCollector(options, DEFAULT_MAX_WARNINGS);
  const batches = messageBatches(open, result, warnings.add);
  return {
    info: result.info,
    messages: flatten(batches),
    batches,
    warnings: warnings.kept,
    droppedWarnings: () => warnings.dropped,
  };
}

async function scan(open: ChunkSourceFactory, options: ParseExportOptions): Promise<ScanResult> {
  const scanner = new HeaderScanner();
  const splitter = new LineSplitter();
  const decoder = new ChunkDecoder();
  for await (const chunk of open()) splitter.push(decoder.decode(chunk), scanner.line);
  splitter.push(decoder.end(), scanner.line);
  splitter.end(scanner.line);
  return scanner.finish(options);
}

/** Messages in the batches completed by each chunk of input (one batch per chunk at most). */
async function* messageBatches(
  open: ChunkSourceFactory,
  scan: ScanResult,
  warn: (warning: ExportWarning) => void,
): AsyncGenerator<ExportMessage[]> {
  let batch: ExportMessage[] = [];
  const assembler = new MessageAssembler(scan, (m) => batch.push(m), warn);
  const splitter = new LineSplitter();
  const decoder = new ChunkDecoder();
  for await (const chunk of open()) {
    splitter.push(decoder.decode(chunk), assembler.line);
    if (batch.length > 0) {
      const full = batch;
      batch = [];
      yield full;
    }
  }
  splitter.push(decoder.end(), assembler.line);
  assembler.end(splitter.end(assembler.line));
  if (batch.length > 0) yield batch;
}

/**
 * One message at a time out of the batches. A hand-written iterator: an async generator's
 * per-item machinery costs about as much as parsing the message.
 */
function flatten(batches: AsyncIterable<ExportMessage[]>): AsyncIterable<ExportMessage> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<ExportMessage> {
      const source = batches[Symbol.asyncIterator]();
      let batch: ExportMessage[] = [];
      let index = 0;
      return {
        async next(): Promise<IteratorResult<ExportMessage>> {
          while (index >= batch.length) {
            const result = await source.next();
            if (result.done === true) return { done: true, value: undefined };
            batch = result.value;
            index = 0;
          }
          return { done: false, value: batch[index++]! };
        },
        async return(): Promise<IteratorResult<ExportMessage>> {
          await source.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** Keeps the first maxWarnings warnings and counts the rest; onWarning sees every one. */
class WarningCollector {
  readonly kept: ExportWarning[] = [];
  dropped = 0;
  private readonly max: number;

  constructor(
    private readonly options: ParseExportOptions,
    defaultMax: number,
  ) {
    this.max = options.maxWarnings ?? defaultMax;
  }

  readonly add = (warning: ExportWarning): void => {
    this.options.onWarning?.(warning);
    if (this.kept.length < this.max) this.kept.push(warning);
    else this.dropped++;
  };
}
