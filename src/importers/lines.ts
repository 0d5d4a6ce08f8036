/**
 * Splits text arriving in chunks into lines, remembering how each line ended: on iOS `\r\n` ends a
 * message while a bare `\n` is a newline typed inside it. A lone `\r` also breaks a line (old Mac
 * style) and counts as a bare newline. Works in constant memory apart from the current line.
 */
import { TextDecoder } from 'node:util';

/** Receives each line without its terminator; crlf is true when it ended with `\r\n`. */
export type LineSink = (line: string, crlf: boolean) => void;

export class LineSplitter {
  /** Pieces of the current, unterminated line (kept as parts so a huge line stays linear). */
  private pending: string[] = [];

  push(chunk: string, sink: LineSink): void {
    if (chunk.length === 0) return;
    const hasCR = chunk.indexOf('\r') >= 0;
    let start = 0;
    let newline = chunk.indexOf('\n');
    if (newline < 0) {
      this.pending.push(chunk);
      return;
    }
    while (newline >= 0) {
      let line = chunk.slice(start, newline);
      let joined = false;
      if (this.pending.length > 0) {
        this.pending.push(line);
        line = this.pending.join('');
        this.pending = [];
        joined = true;
      }
      let crlf = false;
      if (line.charCodeAt(line.length - 1) === 13) {
        crlf = true;
        line = line.slice(0, -1);
      }
      if (hasCR || joined) emitSplittingLoneCR(line, crlf, sink);
      else sink(line, crlf);
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) this.pending.push(chunk.slice(start));
  }

  /** Flushes the last line; returns false when the text did not end with a line break. */
  end(sink: LineSink): boolean {
    if (this.pending.length === 0) return true;
    const line = this.pending.join('');
    this.pending = [];
    if (line.charCodeAt(line.length - 1) === 13) {
      // A final lone `\r` is a terminator (old Mac style).
      emitSplittingLoneCR(line.slice(0, -1), false, sink);
      return true;
    }
    emitSplittingLoneCR(line, false, sink);
    return false;
  }
}

function emitSplittingLoneCR(line: string, crlf: boolean, sink: LineSink): void {
  let cr = line.indexOf('\r');
  if (cr < 0) {
    sink(line, crlf);
    return;
  }
  let start = 0;
  while (cr >= 0) {
    sink(line.slice(start, cr), false);
    start = cr + 1;
    cr = line.indexOf('\r', start);
  }
  sink(line.slice(start), crlf);
}

/**
 * Turns byte chunks into text: UTF-8 by default, UTF-16 when the first bytes are a UTF-16 BOM (old
 * Windows Phone exports). Multi-byte characters split across chunks are reassembled.
 */
export class ChunkDecoder {
  private decoder: TextDecoder | null = null;

  decode(chunk: string | Uint8Array): string {
    if (typeof chunk === 'string') return chunk;
    if (this.decoder === null) this.decoder = new TextDecoder(detectEncoding(chunk));
    return this.decoder.decode(chunk, { stream: true });
  }

  end(): string {
    return this.decoder === null ? '' : this.decoder.decode();
  }
}

function detectEncoding(first: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (first[0] === 0xff && first[1] === 0xfe) return 'utf-16le';
  if (first[0] === 0xfe && first[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}
