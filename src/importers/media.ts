import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/index.js';
import type { MediaFile } from './files.js';

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  mov: 'video/quicktime',
  opus: 'audio/ogg',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  pdf: 'application/pdf',
  vcf: 'text/vcard',
  txt: 'text/plain',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function mimeOf(fileName: string): string | null {
  const dot = fileName.lastIndexOf('.');
  return dot >= 0 ? (MIME[fileName.slice(dot + 1).toLowerCase()] ?? null) : null;
}

/**
 * Copies a media file into `<mediaDir>/<sha256[0..2]>/<sha256>` while hashing it, records it, and
 * returns the hash. A file already stored (same content) is not written again; the paths of files
 * written are added to `created` (so a failed import can remove them).
 */
export async function storeMedia(
  store: Store,
  file: MediaFile,
  mediaDir: string,
  at: number,
  created?: string[],
): Promise<string> {
  mkdirSync(mediaDir, { recursive: true });
  const temp = join(mediaDir, `.incoming-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const hash = createHash('sha256');
  let size = 0;
  try {
    const input = await file.open();
    const output = createWriteStream(temp);
    for await (const chunk of input) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.length;
      if (!output.write(bytes)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) =>
      output.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    const sha = hash.digest('hex');
    const dir = join(mediaDir, sha.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    const path = join(dir, sha);
    if (!existsSync(path)) {
      renameSync(temp, path);
      created?.push(path);
    }
    store.imports.recordMedia(sha, size, mimeOf(file.name), file.name, at);
    return sha;
  } finally {
    rmSync(temp, { force: true });
  }
}
