/**
 * Finds export sources in paths given by the user: `.txt` files, `.zip` files (Android: the `.txt`
 * named like the zip; iOS: `_chat.txt`) and folders, recursively. Each source can be re-opened as a
 * stream (the parser reads it twice), knows the sha256 of its text, and exposes the media files
 * next to it (zip entries or sibling files) so the importer can store and link them by name.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { parseExportFileName, type FileNameInfo, type FileNameOptions } from './filename.js';
import { looksLikeExportText } from './sniff.js';
import { ZipArchive } from './zip.js';

export interface MediaFile {
  /** Name that attachment lines use (`IMG-20250303-WA0007.jpg`, `00000042-PHOTO-….jpg`). */
  name: string;
  /** File path, or the entry path inside the zip. */
  path: string;
  size: number;
  open(): Promise<Readable>;
}

export interface ExportSource {
  type: 'export';
  /** Display path: the `.txt`, or `archive.zip!entry.txt`. */
  id: string;
  container: 'txt' | 'zip';
  /** The file on disk (the `.txt` or the `.zip`). */
  path: string;
  /** Name whose metadata applies: the zip's for zips (iOS `_chat.txt` says nothing). */
  fileName: string;
  nameInfo: FileNameInfo;
  /** Size of the text in bytes. */
  size: number;
  /** sha256 (hex) of the text bytes. */
  sha256: string;
  /** Re-opens the text as a stream of bytes: pass it to parseExport. */
  open: () => AsyncIterable<Uint8Array>;
  /** Media files of the export, by name. */
  media(): Promise<ReadonlyMap<string, MediaFile>>;
  /** Releases the zip archive (no-op for plain files). */
  close(): void;
}

export interface SkippedPath {
  type: 'skipped';
  path: string;
  reason: string;
}

export type FoundPath = ExportSource | SkippedPath;

export type FindExportsOptions = FileNameOptions;

const TEXT_EXTENSIONS = new Set(['.txt']);
const ZIP_EXTENSIONS = new Set(['.zip']);

/**
 * Yields an ExportSource or a SkippedPath for every path (folders recursively, in name order).
 * Explicitly named `.txt` files are always sources; inside folders a `.txt` must look like an
 * export. Media files next to an export are not reported as skipped. Close sources when done.
 */
export async function* findExportSources(
  paths: readonly string[],
  options: FindExportsOptions = {},
): AsyncGenerator<FoundPath> {
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      yield { type: 'skipped', path, reason: `cannot read: ${(error as Error).message}` };
      continue;
    }
    if (info.isDirectory()) yield* walkFolder(path, options);
    else yield await fileSource(path, options, true);
  }
}

async function* walkFolder(folder: string, options: FindExportsOptions): AsyncGenerator<FoundPath> {
  const files: string[] = [];
  const folders: string[] = [];
  try {
    for await (const entry of await opendir(folder)) {
      if (entry.name.startsWith('.') || entry.name === '__MACOSX') continue;
      if (entry.isDirectory()) folders.push(join(folder, entry.name));
      else if (entry.isFile()) files.push(join(folder, entry.name));
    }
  } catch (error) {
    yield { type: 'skipped', path: folder, reason: `cannot list: ${(error as Error).message}` };
    return;
  }
  files.sort();
  folders.sort();
  const others: string[] = [];
  let exportsHere = 0;
  for (const file of files) {
    const extension = extname(file).toLowerCase();
    if (!TEXT_EXTENSIONS.has(extension) && !ZIP_EXTENSIONS.has(extension)) {
      others.push(file);
      continue;
    }
    const found = await fileSource(file, options, false);
    if (found.type === 'export') exportsHere++;
    yield found;
  }
  // Files next to an export are its media (an unzipped export); elsewhere they are noise.
  if (exportsHere === 0) {
    for (const file of others) yield { type: 'skipped', path: file, reason: 'not a .txt or .zip export' };
  }
  for (const sub of folders) yield* walkFolder(sub, options);
}

async function fileSource(path: string, options: FindExportsOptions, explicit: boolean): Promise<FoundPath> {
  const extension = extname(path).toLowerCase();
  try {
    if (ZIP_EXTENSIONS.has(extension)) return await zipSource(path, options);
    if (!TEXT_EXTENSIONS.has(extension))
      return { type: 'skipped', path, reason: 'not a .txt or .zip export' };
    const open = (): AsyncIterable<Uint8Array> => createReadStream(path, { highWaterMark: 256 * 1024 });
    if (!explicit && !(await looksLikeExportText(open()))) {
      return { type: 'skipped', path, reason: 'no WhatsApp message header in its first lines' };
    }
    const size = (await stat(path)).size;
    return {
      type: 'export',
      id: path,
      container: 'txt',
      path,
      fileName: basename(path),
      nameInfo: parseExportFileName(basename(path), options),
      size,
      sha256: await sha256Of(open()),
      open,
      media: memoise(() => siblingMedia(path)),
      close: () => undefined,
    };
  } catch (error) {
    return { type: 'skipped', path, reason: `cannot read: ${(error as Error).message}` };
  }
}

async function zipSource(path: string, options: FindExportsOptions): Promise<FoundPath> {
  const zip = await ZipArchive.open(path);
  const text = chooseChatEntry(zip, basename(path));
  if (text === undefined) {
    zip.close();
    return { type: 'skipped', path, reason: 'no WhatsApp chat .txt inside the zip' };
  }
  const open = (): AsyncIterable<Uint8Array> => zip.readEntry(text.path);
  const media = new Map<string, MediaFile>();
  for (const entry of zip.entries) {
    if (entry.path === text.path) continue;
    media.set(entry.name, { ...entry, open: () => zip.openEntry(entry.path) });
  }
  return {
    type: 'export',
    id: `${path}!${text.path}`,
    container: 'zip',
    path,
    fileName: basename(path),
    nameInfo: parseExportFileName(basename(path), options),
    size: text.size,
    sha256: await sha256Of(open()),
    open,
    media: () => Promise.resolve(media),
    close: () => zip.close(),
  };
}

/** iOS `_chat.txt`, else the `.txt` named like the zip, else the only `.txt`. */
function chooseChatEntry(zip: ZipArchive, zipName: string): { path: string; size: number } | undefined {
  const texts = zip.entries.filter((entry) => entry.name.toLowerCase().endsWith('.txt'));
  const stem = zipName.replace(/\.zip$/i, '').replace(/\s*\(\d{1,3}\)$/, '');
  return (
    texts.find((entry) => entry.name === '_chat.txt') ??
    texts.find((entry) => entry.name.replace(/\.txt$/i, '') === stem) ??
    (texts.length === 1 ? texts[0] : undefined) ??
    texts.find((entry) => parseExportFileName(entry.name).chatName !== null)
  );
}

async function siblingMedia(textPath: string): Promise<ReadonlyMap<string, MediaFile>> {
  const folder = dirname(textPath);
  const media = new Map<string, MediaFile>();
  for await (const entry of await opendir(folder)) {
    const extension = extname(entry.name).toLowerCase();
    if (!entry.isFile() || entry.name.startsWith('.') || TEXT_EXTENSIONS.has(extension)) continue;
    if (ZIP_EXTENSIONS.has(extension)) continue;
    const path = join(folder, entry.name);
    const size = (await stat(path)).size;
    media.set(entry.name, {
      name: entry.name,
      path,
      size,
      open: () => Promise.resolve(createReadStream(path)),
    });
  }
  return media;
}

/** sha256 (hex) of a byte stream, read chunk by chunk. */
export async function sha256Of(chunks: AsyncIterable<Uint8Array | string>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

function memoise<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
