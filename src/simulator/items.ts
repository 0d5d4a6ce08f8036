/**
 * Builders of journal items with the exact shapes of reference §5.1: base fields, direction
 * fields, flattened content per typeMessage, and the edit/delete markers on every item.
 */

export interface JournalItem {
  type: 'incoming' | 'outgoing';
  idMessage: string;
  timestamp: number;
  typeMessage: string;
  chatId: string;
  [field: string]: unknown;
}

/** Who sent an item, when, where. */
export interface Origin {
  idMessage: string;
  timestamp: number;
  chatId: string;
  incoming: boolean;
  senderId?: string;
  senderName?: string;
  senderContactName?: string;
  statusMessage?: string;
  sendByApi?: boolean;
}

export function makeItem(o: Origin, typeMessage: string, content: Record<string, unknown>): JournalItem {
  const item: JournalItem = {
    type: o.incoming ? 'incoming' : 'outgoing',
    idMessage: o.idMessage,
    timestamp: o.timestamp,
    typeMessage,
    chatId: o.chatId,
    ...content,
  };
  if (o.incoming) {
    item.senderId = o.senderId ?? o.chatId;
    item.senderName = o.senderName ?? '';
    item.senderContactName = o.senderContactName ?? '';
  } else {
    item.statusMessage = o.statusMessage ?? 'sent';
    item.sendByApi = o.sendByApi ?? false;
  }
  item.deletedMessageId = '';
  item.editedMessageId = '';
  item.isEdited = false;
  item.isDeleted = false;
  return item;
}

const plain = { forwardingScore: 0, isForwarded: false };

export const textItem = (o: Origin, text: string) => makeItem(o, 'textMessage', { textMessage: text });

export function extendedTextItem(o: Origin, text: string, title: string, description = ''): JournalItem {
  return makeItem(o, 'extendedTextMessage', {
    textMessage: text,
    extendedTextMessage: { text, description, title, previewType: 'None', jpegThumbnail: '', ...plain },
  });
}

export interface FileContent {
  downloadUrl: string;
  caption: string;
  fileName: string;
  mimeType: string;
  jpegThumbnail?: string;
  isAnimated?: boolean;
}

export type FileType =
  'imageMessage' | 'videoMessage' | 'documentMessage' | 'audioMessage' | 'stickerMessage';

export function fileItem(o: Origin, typeMessage: FileType, f: FileContent): JournalItem {
  return makeItem(o, typeMessage, {
    downloadUrl: f.downloadUrl,
    caption: f.caption,
    fileName: f.fileName,
    jpegThumbnail: f.jpegThumbnail ?? '',
    mimeType: f.mimeType,
    isAnimated: f.isAnimated ?? false,
    ...plain,
  });
}

export function locationItem(
  o: Origin,
  l: { nameLocation: string; address: string; latitude: number; longitude: number },
): JournalItem {
  return makeItem(o, 'locationMessage', { location: { ...l, jpegThumbnail: '', ...plain } });
}

export const vcard = (name: string, phone: string): string =>
  `BEGIN:VCARD\nVERSION:3.0\nN:;${name};;;\nFN:${name}\nTEL;type=CELL;waid=${phone}:+${phone}\nEND:VCARD`;

export function contactItem(o: Origin, displayName: string, phone: string): JournalItem {
  return makeItem(o, 'contactMessage', {
    contact: { displayName, vcard: vcard(displayName, phone), ...plain },
  });
}

export function contactsArrayItem(o: Origin, people: { name: string; phone: string }[]): JournalItem {
  const contacts = people.map((p) => ({
    displayName: p.name,
    vcard: vcard(p.name, p.phone),
    contextInfo: null,
  }));
  return makeItem(o, 'contactsArrayMessage', { messageData: { contacts, ...plain } });
}

export function pollItem(
  o: Origin,
  name: string,
  options: readonly string[],
  multipleAnswers = false,
): JournalItem {
  return makeItem(o, 'pollMessage', {
    pollMessageData: { name, options: options.map((optionName) => ({ optionName })), multipleAnswers },
  });
}

export function pollUpdateItem(o: Origin, poll: JournalItem, votes: Record<string, string[]>): JournalItem {
  const data = (poll.pollMessageData ?? {}) as { name?: string; options?: { optionName: string }[] };
  return makeItem(o, 'pollUpdateMessage', {
    pollMessageData: {
      name: data.name ?? '',
      stanzaId: poll.idMessage,
      votes: (data.options ?? []).map((opt) => ({
        optionName: opt.optionName,
        optionVoters: votes[opt.optionName] ?? [],
      })),
      multipleAnswers: false,
    },
  });
}

/** Author of an item as a `participant` value: the sender, or the own wid for outgoing items. */
const authorOf = (target: JournalItem, ownWid: string): string =>
  target.type === 'incoming' ? String(target.senderId ?? target.chatId) : ownWid;

/** Content of a quoted message, flattened into `quotedMessage` as the reference shows. */
function quotedContent(target: JournalItem): Record<string, unknown> {
  const pick = (...keys: string[]) =>
    Object.fromEntries(keys.filter((k) => k in target).map((k) => [k, target[k]]));
  switch (target.typeMessage) {
    case 'textMessage':
    case 'extendedTextMessage':
      return pick('textMessage');
    case 'quotedMessage':
      return { textMessage: (target.extendedTextMessage as { text?: string } | undefined)?.text ?? '' };
    case 'locationMessage':
      return pick('location');
    case 'contactMessage':
      return pick('contact');
    case 'pollMessage':
      return pick('pollMessageData');
    default:
      return pick('downloadUrl', 'caption', 'fileName', 'jpegThumbnail', 'mimeType');
  }
}

export function quotedItem(o: Origin, text: string, target: JournalItem, ownWid: string): JournalItem {
  const participant = authorOf(target, ownWid);
  return makeItem(o, 'quotedMessage', {
    extendedTextMessage: { text, stanzaId: target.idMessage, participant },
    quotedMessage: {
      stanzaId: target.idMessage,
      participant,
      typeMessage: target.typeMessage,
      ...quotedContent(target),
    },
  });
}

export function reactionItem(o: Origin, emoji: string, target: JournalItem, ownWid: string): JournalItem {
  return makeItem(o, 'reactionMessage', {
    extendedTextMessageData: { text: emoji },
    quotedMessage: {
      stanzaId: target.idMessage,
      participant: authorOf(target, ownWid),
      type: '',
      typeMessage: '',
    },
  });
}

/**
 * An edit: the original now shows the new text with isEdited/editedMessageId (Postman "Edited
 * message in the journal"), and an `editedMessage` event item records the change.
 */
export function applyEdit(o: Origin, target: JournalItem, newText: string): JournalItem {
  const isText = 'textMessage' in target;
  const event = makeItem(o, 'editedMessage', {
    editedMessageData: isText
      ? { textMessage: newText, stanzaId: target.idMessage }
      : { caption: newText, stanzaId: target.idMessage },
  });
  if (isText) target.textMessage = newText;
  else if ('caption' in target) target.caption = newText;
  const ext = target.extendedTextMessage as { text?: string } | undefined;
  if (ext && typeof ext.text === 'string') ext.text = newText;
  target.isEdited = true;
  target.editedMessageId = event.idMessage;
  return event;
}

/** A delete: the original keeps its content, is flagged, and a `deletedMessage` event item exists. */
export function applyDelete(o: Origin, target: JournalItem): JournalItem {
  const event = makeItem(o, 'deletedMessage', { deletedMessageData: { stanzaId: target.idMessage } });
  target.isDeleted = true;
  target.deletedMessageId = event.idMessage;
  return event;
}

/** Event items change other messages; they are not messages of their own. */
export const EVENT_TYPES: ReadonlySet<string> = new Set([
  'editedMessage',
  'deletedMessage',
  'reactionMessage',
  'pollUpdateMessage',
]);
