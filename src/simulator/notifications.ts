/** Notification bodies (reference §9) for simulated events, built from the journal items. */
import type { JournalItem } from './items.js';

export interface InstanceInfo {
  idInstance: number;
  wid: string;
  businessName: string;
}

type Body = Record<string, unknown>;

const instanceData = (i: InstanceInfo) => ({
  idInstance: i.idInstance,
  wid: i.wid,
  typeInstance: 'whatsapp',
});

const FILE_TYPES = new Set([
  'imageMessage',
  'videoMessage',
  'documentMessage',
  'audioMessage',
  'stickerMessage',
]);
const FILE_FIELDS = [
  'downloadUrl',
  'caption',
  'fileName',
  'jpegThumbnail',
  'mimeType',
  'forwardingScore',
  'isForwarded',
];
/** Journal fields that are not part of a webhook's messageData. */
const ENVELOPE = new Set([
  'type',
  'idMessage',
  'timestamp',
  'typeMessage',
  'chatId',
  'senderId',
  'senderName',
  'senderContactName',
  'statusMessage',
  'sendByApi',
  'deletedMessageId',
  'editedMessageId',
  'isEdited',
  'isDeleted',
]);

/** The nested `messageData` of a message webhook (§9.5) for a flat journal item (§5.1). */
export function messageDataFor(item: JournalItem): Body {
  const tm = item.typeMessage;
  const data: Body = { typeMessage: tm };
  if (FILE_TYPES.has(tm)) {
    const file: Body = Object.fromEntries(FILE_FIELDS.map((k) => [k, item[k]]));
    if (tm === 'stickerMessage') file.isAnimated = item.isAnimated;
    data.fileMessageData = file;
    return data;
  }
  switch (tm) {
    case 'textMessage':
      data.textMessageData = { textMessage: item.textMessage };
      return data;
    case 'extendedTextMessage':
      data.extendedTextMessageData = item.extendedTextMessage;
      return data;
    case 'quotedMessage':
      data.extendedTextMessageData = item.extendedTextMessage;
      data.quotedMessage = item.quotedMessage;
      return data;
    case 'reactionMessage': {
      const q = (item.quotedMessage ?? {}) as Body;
      data.extendedTextMessageData = item.extendedTextMessageData;
      data.quotedMessage = { stanzaId: q.stanzaId, participant: q.participant };
      return data;
    }
    case 'locationMessage':
      data.locationMessageData = item.location;
      return data;
    case 'contactMessage':
      data.contactMessageData = item.contact;
      return data;
  }
  // contactsArrayMessage (messageData), polls (pollMessageData), edits/deletes (*Data): same key.
  for (const [k, v] of Object.entries(item)) if (!ENVELOPE.has(k)) data[k] = v;
  return data;
}

/** incoming/outgoing/outgoingAPI MessageReceived body for a journal item. */
export function messageWebhook(item: JournalItem, info: InstanceInfo, chatName: string): Body {
  const incoming = item.type === 'incoming';
  const typeWebhook = incoming
    ? 'incomingMessageReceived'
    : item.sendByApi === true
      ? 'outgoingAPIMessageReceived'
      : 'outgoingMessageReceived';
  return {
    typeWebhook,
    instanceData: instanceData(info),
    timestamp: item.timestamp,
    idMessage: item.idMessage,
    senderData: {
      chatId: item.chatId,
      chatName,
      sender: incoming ? item.senderId : info.wid,
      senderName: incoming ? item.senderName : info.businessName,
      senderContactName: incoming ? item.senderContactName : '',
    },
    messageData: messageDataFor(item),
  };
}

export function statusWebhook(item: JournalItem, info: InstanceInfo, status: string): Body {
  return {
    typeWebhook: 'outgoingMessageStatus',
    chatId: item.chatId,
    instanceData: instanceData(info),
    timestamp: item.timestamp,
    idMessage: item.idMessage,
    status,
    sendByApi: item.sendByApi === true,
  };
}

export function stateWebhook(info: InstanceInfo, stateInstance: string, timestamp: number): Body {
  return { typeWebhook: 'stateInstanceChanged', instanceData: instanceData(info), timestamp, stateInstance };
}

export function quotaWebhook(info: InstanceInfo, allowed: string[], total: number, timestamp: number): Body {
  return {
    typeWebhook: 'quotaExceeded',
    instanceData: instanceData(info),
    timestamp,
    quotaData: {
      method: 'correspondents',
      used: allowed.length,
      total,
      status: 'CORRESPONDENTS_QUOTA_EXCEEDED',
      description: quotaDescription(allowed, 'following chats: ', ', '),
    },
  };
}

export function quotaDescription(allowed: string[], lead: string, sep: string): string {
  return (
    `Monthly quota has been exceeded. You can only send or receive messages from ${lead}${allowed.join(sep)}. ` +
    'Please go to your personal account and change the tariff to business https://console.green-api.com'
  );
}

/** The documented 466 body for the chat-count limit (reference §11.2). */
export function quota466Body(method: string, allowed: string[], total: number, invokeUsed: number): Body {
  return {
    invokeStatus: { method: method.toLowerCase(), used: invokeUsed, total: 0, status: 'QUOTE_ALLOWED' },
    correspondentsStatus: {
      method: 'correspondents',
      used: allowed.length,
      total,
      status: 'CORRESPONDENTS_QUOTE_EXCEEDED',
      description: quotaDescription(allowed, 'these numbers: ', ','),
    },
  };
}
