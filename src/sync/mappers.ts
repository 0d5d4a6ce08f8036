/**
 * Pure mapping of Green API journal items (reference §5.1) to store rows and events (edits,
 * deletes, reactions, poll votes). Notifications reuse it (notification-events.ts). No I/O, no clock.
 */
import type { JournalItem } from '../greenapi/index.js';
import type { Direction, MessageSource, MessageType, NewMessage } from '../store/types.js';
import { arr, join, obj, seconds, str, type Rec } from './payload.js';

export interface MapOptions {
  /** Own WhatsApp id (getSettings.wid), used as the sender of outgoing messages. */
  ownWid?: string | null;
  source?: MessageSource;
}

interface EventBase {
  chatId: string;
  /** Id of the event item itself (edit, delete, reaction, vote). */
  waId: string;
  ts: number;
  direction: Direction;
  senderWaId: string | null;
  senderName: string | null;
  /** Chat name when the payload carries one (webhooks). */
  chatName?: string;
}

export type MappedItem =
  | { kind: 'message'; chatId: string; message: NewMessage; chatName?: string }
  | (EventBase & { kind: 'edit'; targetWaId: string; text: string | null })
  | (EventBase & { kind: 'delete'; targetWaId: string })
  /** emoji '' means the reaction was removed. */
  | (EventBase & { kind: 'reaction'; targetWaId: string; emoji: string })
  | (EventBase & {
      kind: 'pollVote';
      pollWaId: string;
      question: string | null;
      votes: { option: string; voters: string[] }[];
    });

const MEDIA: Record<string, MessageType> = {
  imageMessage: 'image',
  videoMessage: 'video',
  audioMessage: 'audio',
  documentMessage: 'document',
  stickerMessage: 'sticker',
};
const CANONICAL: Partial<Record<MessageType, string>> = {
  text: 'textMessage',
  image: 'imageMessage',
  video: 'videoMessage',
  audio: 'audioMessage',
  voice: 'audioMessage',
  document: 'documentMessage',
  sticker: 'stickerMessage',
  location: 'locationMessage',
  contact: 'contactMessage',
  poll: 'pollMessage',
  call: 'incomingCall',
};
/** Fields that always become columns. */
// prettier-ignore
const BASE_KEYS = new Set([
  'type', 'idMessage', 'timestamp', 'typeMessage', 'chatId', 'senderId', 'senderName', 'senderContactName',
  'statusMessage', 'isEdited', 'isDeleted',
]);
// prettier-ignore
const REPLY_TYPES = new Set([
  'templateButtonsReplyMessage', 'interactiveButtonsResponse', 'buttonsResponseMessage', 'listResponseMessage',
]);

/** Base64 previews (1-6 kB each) that the media itself supersedes: not worth their weight in the store. */
const PREVIEWS = new Set(['jpegThumbnail', 'base64Avatar']);

/** Drops defaults, empties (forwardingScore 0, isForwarded false, null…) and image previews. */
function compact(value: unknown, key: string): unknown {
  if (value === null || value === undefined || value === '' || value === false || PREVIEWS.has(key))
    return undefined;
  if (typeof value !== 'object') return value === 0 && key === 'forwardingScore' ? undefined : value;
  if (Array.isArray(value)) {
    if (!value.length) return undefined;
    return value.map((v: unknown) => compact(v, '') ?? null);
  }
  let out: Rec | undefined;
  for (const k in value) {
    const c = compact((value as Rec)[k], k);
    if (c !== undefined) (out ??= {})[k] = c;
  }
  return out;
}

/** Machine-made names (uuids, hex ids) add nothing to search; a document's name always does. */
const generatedName = (name: string) => /^[0-9a-f-]{8,}(\.\w{1,5})?$/i.test(name);

interface Content {
  type: MessageType;
  text: string | null;
  quoted?: string | null;
  media?: { mime: string | null; name: string | null; url: string | null };
  /** Top-level keys turned into columns; `trim` removes nested keys, e.g. extendedTextMessage.text. */
  used: string[];
  trim?: (extra: Rec) => void;
}

function dropNested(extra: Rec, key: string, fields: string[]): void {
  const inner = extra[key];
  if (!inner || typeof inner !== 'object') return;
  for (const f of fields) delete (inner as Rec)[f];
  if (!Object.keys(inner).length) delete extra[key];
}

function content(tm: string, item: Rec): Content {
  const quotedOf = (ext: Rec) => str(ext.stanzaId) ?? str(obj(item.quotedMessage).stanzaId);
  const media = MEDIA[tm];
  if (media) {
    const mime = str(item.mimeType);
    const name = str(item.fileName);
    const caption = str(item.caption);
    const voice = media === 'audio' && !!mime && /opus|ogg/i.test(mime);
    const searchName = name && (media === 'document' || !generatedName(name)) ? name : null;
    const text = join(caption, searchName);
    return {
      type: voice || item.ptt === true ? 'voice' : media,
      text,
      quoted: str(obj(item.quotedMessage).stanzaId),
      media: { mime, name, url: str(item.downloadUrl) },
      used: ['downloadUrl', 'mimeType', 'fileName', ...(text === caption ? ['caption'] : [])],
    };
  }
  switch (tm) {
    case 'textMessage':
      return { type: 'text', text: str(item.textMessage), quoted: quotedOf({}), used: ['textMessage'] };
    case 'extendedTextMessage':
    case 'quotedMessage': {
      const ext = obj(item.extendedTextMessage);
      const text = str(item.textMessage) ?? str(ext.text);
      return {
        type: 'text',
        text,
        quoted: quotedOf(ext),
        used: ['textMessage'],
        trim: (e) =>
          dropNested(e, 'extendedTextMessage', ext.text === text ? ['text', 'stanzaId'] : ['stanzaId']),
      };
    }
    case 'locationMessage': {
      const loc = obj(item.location);
      return { type: 'location', text: join(loc.nameLocation, loc.address), used: [] };
    }
    case 'contactMessage':
      return { type: 'contact', text: str(obj(item.contact).displayName), used: [] };
    case 'contactsArrayMessage': {
      const names = arr(obj(item.messageData).contacts).map((c) => str(obj(c).displayName));
      return { type: 'contact', text: names.filter(Boolean).join(', ') || null, used: [] };
    }
    case 'pollMessage': {
      const poll = obj(item.pollMessageData);
      return {
        type: 'poll',
        text: join(poll.name, ...arr(poll.options).map((o) => obj(o).optionName)),
        used: [],
      };
    }
    case 'incomingCall':
    case 'outgoingCall':
      return { type: 'call', text: null, used: [] };
    case 'groupInviteMessage': {
      const inv = obj(item.groupInviteMessage ?? item.groupInviteMessageData);
      return { type: 'unknown', text: join(inv.groupName, inv.caption), used: [] };
    }
    case 'interactiveButtons': {
      const b = obj(item.interactiveButtons);
      return { type: 'text', text: join(b.titleText, b.contentText, b.footerText), used: [] };
    }
  }
  if (REPLY_TYPES.has(tm)) {
    const reply =
      Object.values(item)
        .map(obj)
        .find((o) => 'selectedDisplayText' in o) ?? {};
    return { type: 'text', text: str(reply.selectedDisplayText), quoted: str(reply.stanzaId), used: [] };
  }
  return { type: 'unknown', text: str(item.textMessage) ?? str(item.caption), used: [] };
}

/**
 * Maps one journal item (getChatHistory, getMessage, lastIncoming/OutgoingMessages) to a message
 * row or an event on another message. Returns null when the item lacks an id, chat or time.
 */
export function journalItemToMessage(item: Rec, options: MapOptions = {}): MappedItem | null {
  const waId = str(item.idMessage);
  const chatId = str(item.chatId);
  const ts = seconds(item.timestamp);
  if (!waId || !chatId || ts === null) return null;
  const tm = typeof item.typeMessage === 'string' ? item.typeMessage : '';
  const outgoing = item.type === 'outgoing' || tm === 'outgoingCall';
  const direction: Direction = outgoing ? 'out' : 'in';
  const contactName = str(item.senderContactName);
  const pushName = str(item.senderName);
  const senderName = contactName ?? pushName;
  const senderWaId = outgoing
    ? (options.ownWid ?? null)
    : (str(item.senderId) ?? (chatId.endsWith('@g.us') ? null : chatId));
  const base: EventBase = { chatId, waId, ts, direction, senderWaId, senderName };

  switch (tm) {
    case 'editedMessage': {
      const data = obj(item.editedMessageData);
      const target = str(data.stanzaId);
      const text = str(data.textMessage) ?? str(data.caption) ?? str(data.text);
      return target ? { ...base, kind: 'edit', targetWaId: target, text } : null;
    }
    case 'deletedMessage': {
      const target = str(obj(item.deletedMessageData).stanzaId);
      return target ? { ...base, kind: 'delete', targetWaId: target } : null;
    }
    case 'reactionMessage': {
      const target = str(obj(item.quotedMessage).stanzaId);
      const data = obj(item.extendedTextMessageData ?? item.extendedTextMessage);
      const emoji = typeof data.text === 'string' ? data.text : '';
      return target ? { ...base, kind: 'reaction', targetWaId: target, emoji } : null;
    }
    case 'pollUpdateMessage': {
      const data = obj(item.pollMessageData);
      const pollWaId = str(data.stanzaId);
      if (!pollWaId) return null;
      const votes = arr(data.votes).map((v) => ({
        option: String(obj(v).optionName ?? ''),
        voters: arr(obj(v).optionVoters).filter((x): x is string => typeof x === 'string'),
      }));
      return { ...base, kind: 'pollVote', pollWaId, question: str(data.name), votes };
    }
  }

  const c = content(tm, item);
  const deleted = item.isDeleted === true;
  const type: MessageType = deleted && c.text === null && !c.media ? 'deleted' : c.type;
  const source = options.source ?? 'api';
  const extra: Rec = {};
  for (const k in item) {
    if (BASE_KEYS.has(k) || c.used.includes(k)) continue;
    const v = compact(item[k], k);
    if (v !== undefined) extra[k] = v;
  }
  if (tm !== CANONICAL[c.type]) extra.typeMessage = tm;
  // Keep the name the row did not take, so both the saved and the profile name survive.
  if (contactName && pushName && pushName !== contactName) extra.senderName = pushName;
  c.trim?.(extra);
  if (outgoing && typeof item.sendByApi === 'boolean') extra.sendByApi = item.sendByApi;

  const message: NewMessage = {
    waId,
    ts,
    direction,
    senderWaId,
    senderName,
    type,
    text: c.text,
    quotedWaId: c.quoted ?? null,
    mediaMime: c.media?.mime ?? null,
    mediaName: c.media?.name ?? null,
    mediaUrl: c.media?.url ?? null,
    edited: item.isEdited === true,
    deleted,
    status: outgoing ? str(item.statusMessage) : null,
    source,
    extra: Object.keys(extra).length ? extra : null,
  };
  return { kind: 'message', chatId, message };
}

/** A journal item read from the API (source `api`). */
export function mapApiItem(item: JournalItem, ownWid: string | null): MappedItem | null {
  return journalItemToMessage(item as Record<string, unknown>, { ownWid, source: 'api' });
}
