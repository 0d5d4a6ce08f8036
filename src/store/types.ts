/** Row shapes shared by the store, the sync engine and the importers. Times are UTC seconds. */

export const MESSAGE_TYPES = [
  'text',
  'image',
  'video',
  'audio',
  'voice',
  'document',
  'sticker',
  'location',
  'contact',
  'poll',
  'call',
  'system',
  'deleted',
  'unknown',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const DIRECTIONS = ['in', 'out', 'system'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export type MessageSource = 'api' | 'webhook' | 'export';
export type ChatType = 'private' | 'group';

/** A message ready to be written; the store resolves chat and sender ids. */
export interface NewMessage {
  /** Green API idMessage, or a deterministic id for exported messages. */
  waId: string;
  ts: number;
  direction: Direction;
  /** WhatsApp id of the author (5531...@c.us, ...@lid); null for system messages and unknown authors. */
  senderWaId: string | null;
  /** Name as the message carried it (push name, export author). */
  senderName: string | null;
  type: MessageType;
  /** Searchable text: body, caption, file name, poll question and options, location name. */
  text: string | null;
  quotedWaId?: string | null;
  mediaMime?: string | null;
  mediaName?: string | null;
  mediaUrl?: string | null;
  mediaSha256?: string | null;
  edited?: boolean;
  deleted?: boolean;
  status?: string | null;
  source: MessageSource;
  /** Payload fields that have no column (JSON-serialisable), so nothing of the original is lost. */
  extra?: Record<string, unknown> | null;
}

export interface ChatRef {
  instanceId: number;
  waId: string;
  type: ChatType;
  name?: string | null;
}
