/** Public API of the export reader: parser, sources on disk, file-name metadata, identity helpers. */
export { parseExport, parseExportText, scanExport } from './parser.js';
export { findExportSources, sha256Of } from './files.js';
export type { ExportSource, FindExportsOptions, FoundPath, MediaFile, SkippedPath } from './files.js';
export { parseExportFileName } from './filename.js';
export type { FileNameInfo, FileNameOptions } from './filename.js';
export { createLocalTimeConverter, isValidTimeZone, toUtcSeconds } from './timezone.js';
export { exportMessageId, normaliseAuthorForMatch, normaliseForMatch, OrdinalCounter } from './identity.js';
export { mediaTypeOfFileName } from './attachments.js';
export { stripInvisible } from './invisible.js';
export type * from './types.js';
