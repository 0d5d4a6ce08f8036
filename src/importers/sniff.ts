/** Cheap check that a text file is a WhatsApp export: a message header among its first lines. */
import { HeaderMatcher, newHeaderFields } from './header.js';
import { ChunkDecoder, LineSplitter } from './lines.js';

const SNIFF_BYTES = 64 * 1024;
const SNIFF_LINES = 200;

/** Reads at most the first 64 KB; stops (and closes the stream) as soon as it knows. */
export async function looksLikeExportText(chunks: AsyncIterable<string | Uint8Array>): Promise<boolean> {
  const matcher = new HeaderMatcher();
  const fields = newHeaderFields();
  const splitter = new LineSplitter();
  const decoder = new ChunkDecoder();
  let lines = 0;
  let found = false;
  const sink = (line: string): void => {
    lines++;
    if (!found && lines <= SNIFF_LINES && matcher.match(line, fields)) found = true;
  };
  let read = 0;
  for await (const chunk of chunks) {
    splitter.push(decoder.decode(chunk), sink);
    read += chunk.length;
    if (found || read >= SNIFF_BYTES || lines >= SNIFF_LINES) break;
  }
  if (!found && lines < SNIFF_LINES) splitter.end(sink);
  return found;
}
