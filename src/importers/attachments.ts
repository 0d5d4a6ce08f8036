/**
 * Attachment lines (export-formats.md §4): placeholders of exports without media and file
 * references of exports with media, on Android and iOS, in English, Portuguese and a few others.
 */
import type { ExportAttachment, MessageType } from './types.js';

export interface RecognisedAttachment {
  type: MessageType;
  attachment: ExportAttachment;
}

/** Whole-line placeholders of media left out of the export, lower-cased. */
const OMITTED: ReadonlyMap<string, MessageType> = new Map<string, MessageType>([
  // Android: one placeholder for every kind of media
  ['<media omitted>', 'unknown'],
  ['<mídia oculta>', 'unknown'],
  ['<mídia omitida>', 'unknown'],
  ['<medien ausgeschlossen>', 'unknown'],
  ['<multimedia omitido>', 'unknown'],
  ['<media omessi>', 'unknown'],
  ['<médias omis>', 'unknown'],
  ['<fichier omis>', 'unknown'],
  // iOS: one placeholder per kind
  ['image omitted', 'image'],
  ['video omitted', 'video'],
  ['audio omitted', 'audio'],
  ['sticker omitted', 'sticker'],
  ['gif omitted', 'video'],
  ['video note omitted', 'video'],
  ['document omitted', 'document'],
  ['contact card omitted', 'contact'],
  ['imagem ocultada', 'image'],
  ['imagem omitida', 'image'],
  ['vídeo omitido', 'video'],
  ['vídeo ocultado', 'video'],
  ['áudio ocultado', 'audio'],
  ['áudio omitido', 'audio'],
  ['figurinha omitida', 'sticker'],
  ['figurinha ocultada', 'sticker'],
  ['gif omitido', 'video'],
  ['gif ocultado', 'video'],
  ['documento omitido', 'document'],
  ['documento ocultado', 'document'],
  ['cartão do contato omitido', 'contact'],
  ['cartão de contato omitido', 'contact'],
]);

/** Android with media: `IMG-20250303-WA0007.jpg (file attached)`, names may hold spaces/accents. */
const FILE_ATTACHED =
  /^(.+?) \((?:file attached|arquivo anexado|Datei angehängt|archivo adjunto|file allegato|fichier joint)\)$/;
/** iOS with media: `<attached: 00000042-PHOTO-….jpg>`, documents prefixed `Name.pdf • 4 pages `. */
const IOS_ATTACHED = /^(?:.+? • .*?)?<(?:attached|anexado|Anhang|adjunto|allegato|pièce jointe) ?: ?(.+?)>$/;
/** iOS until 2017: `2015-08-04-PHOTO-00000012.jpg <attached>`. */
const IOS_OLD_ATTACHED = /^(\S.*?) <(?:attached|anexado)>$/;
/** iOS document left out: `report.pdf • 3 pages document omitted`. */
const IOS_DOCUMENT_OMITTED = /^(.+?) • .*(?:document omitted|documento omitido|documento ocultado)$/;

const MAX_PLACEHOLDER = 40;

/** Recognises a first body line (marks removed) as an attachment, or returns null. */
export function recogniseAttachment(line: string): RecognisedAttachment | null {
  const last = line.charCodeAt(line.length - 1);
  if (last === 62 /* > */) {
    const ios = IOS_ATTACHED.exec(line) ?? IOS_OLD_ATTACHED.exec(line);
    if (ios !== null) return present(ios[1]!.trim());
  }
  if (last === 41 /* ) */) {
    const android = FILE_ATTACHED.exec(line);
    if (android !== null) return present(android[1]!.trim());
  }
  // Every placeholder ends with `>` or contains "omit"/"ocult" (lower-casing every short line is costly).
  if (line.length <= MAX_PLACEHOLDER && (last === 62 || line.includes('omit') || line.includes('ocult'))) {
    const type = OMITTED.get(line.trim().toLowerCase());
    if (type !== undefined) return { type, attachment: { fileName: null, omitted: true } };
  }
  const document = line.indexOf(' • ') > 0 ? IOS_DOCUMENT_OMITTED.exec(line) : null;
  if (document !== null) {
    return { type: 'document', attachment: { fileName: document[1]!.trim(), omitted: true } };
  }
  return null;
}

function present(fileName: string): RecognisedAttachment {
  return { type: mediaTypeOfFileName(fileName), attachment: { fileName, omitted: false } };
}

const ANDROID_PREFIX = /^(IMG|VID|PTT|AUD|STK|DOC)-\d{8}-WA/i;
const IOS_KIND = /-(PHOTO|VIDEO|AUDIO|STICKER|GIF)-/;
const PREFIX_TYPES: Record<string, MessageType> = {
  IMG: 'image',
  VID: 'video',
  PTT: 'voice',
  AUD: 'audio',
  STK: 'sticker',
  DOC: 'document',
  PHOTO: 'image',
  VIDEO: 'video',
  AUDIO: 'audio',
  STICKER: 'sticker',
  GIF: 'video',
};
const EXTENSION_TYPES: Record<string, MessageType> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  heic: 'image',
  heif: 'image',
  gif: 'image',
  webp: 'sticker',
  mp4: 'video',
  mov: 'video',
  '3gp': 'video',
  mkv: 'video',
  opus: 'voice',
  ogg: 'audio',
  mp3: 'audio',
  m4a: 'audio',
  aac: 'audio',
  amr: 'audio',
  wav: 'audio',
  vcf: 'contact',
};

/** Message type implied by an exported file name (WhatsApp prefixes first, then the extension). */
export function mediaTypeOfFileName(fileName: string): MessageType {
  const dot = fileName.lastIndexOf('.');
  const extension = dot >= 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const kind = ANDROID_PREFIX.exec(fileName)?.[1]?.toUpperCase() ?? IOS_KIND.exec(fileName)?.[1];
  if (kind !== undefined) {
    const type = PREFIX_TYPES[kind] ?? 'document';
    // iOS voice notes are `-AUDIO-….opus`.
    return type === 'audio' && extension === 'opus' ? 'voice' : type;
  }
  return EXTENSION_TYPES[extension] ?? 'document';
}
