/**
 * Thin promise wrapper over yauzl: reads the central directory once, then opens entry streams on
 * demand (decompressed while read, never buffered whole). The archive stays open until close().
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface ZipEntryInfo {
  /** Path inside the archive (`folder/IMG-20250303-WA0007.jpg`). */
  path: string;
  /** Last path segment, which is what attachment lines refer to. */
  name: string;
  size: number;
}

export class ZipArchive {
  private closed = false;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byPath: ReadonlyMap<string, yauzl.Entry>,
    readonly entries: readonly ZipEntryInfo[],
  ) {}

  /** Opens an archive and lists its files (directories and macOS resource forks are left out). */
  static open(path: string): Promise<ZipArchive> {
    return new Promise((resolve, reject) => {
      yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => {
        if (error !== null || zip === undefined) {
          reject(error ?? new Error(`cannot open ${path}`));
          return;
        }
        const byPath = new Map<string, yauzl.Entry>();
        const entries: ZipEntryInfo[] = [];
        zip.on('entry', (entry: yauzl.Entry) => {
          const name = entry.fileName.split('/').pop() ?? '';
          if (
            !entry.fileName.endsWith('/') &&
            !entry.fileName.startsWith('__MACOSX/') &&
            !name.startsWith('._')
          ) {
            byPath.set(entry.fileName, entry);
            entries.push({ path: entry.fileName, name, size: entry.uncompressedSize });
          }
          zip.readEntry();
        });
        zip.once('end', () => resolve(new ZipArchive(zip, byPath, entries)));
        zip.once('error', (cause: Error) => {
          zip.close();
          reject(cause);
        });
        zip.readEntry();
      });
    });
  }

  /** A readable stream of one entry's uncompressed bytes. */
  openEntry(path: string): Promise<Readable> {
    const entry = this.byPath.get(path);
    if (entry === undefined) return Promise.reject(new Error(`no entry ${path} in the zip`));
    if (this.closed) return Promise.reject(new Error('the zip archive is closed'));
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, (error, stream) => {
        if (error !== null || stream === undefined) reject(error ?? new Error(`cannot read ${path}`));
        else resolve(stream);
      });
    });
  }

  /** Chunks of an entry, for the parser's re-openable source. */
  async *readEntry(path: string): AsyncGenerator<Uint8Array> {
    const stream = await this.openEntry(path);
    for await (const chunk of stream) yield chunk as Uint8Array;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.zip.close();
  }
}
