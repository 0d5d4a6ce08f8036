/**
 * Pure mapping of notification bodies (receiveNotification `.body` or webhook POSTs, reference §9) to
 * events. Message webhooks are first flattened into the journal shape so they share its mapping.
 */
import { MESSAGE_WEBHOOKS, webhookToJournalItem } from '../greenapi/webhook.js';
import { journalItemToMessage, type MapOptions, type MappedItem } from './mappers.js';
import { numOrNull, obj, seconds, str, type Rec } from './payload.js';

export type NotificationEvent = { typeWebhook: string; idInstance: number | null } & (
  | MappedItem
  | {
      kind: 'status';
      chatId: string;
      waId: string;
      ts: number;
      status: string;
      description: string | null;
      sendByApi: boolean | null;
    }
  | { kind: 'state'; ts: number | null; stateInstance: string }
  | {
      kind: 'quota';
      ts: number | null;
      used: number | null;
      total: number | null;
      status: string | null;
      description: string | null;
    }
  | { kind: 'ignored'; ts: number | null }
);

/**
 * Maps a notification body (receiveNotification `.body` or a webhook POST) to an event. Message
 * webhooks give the same items as the journals (source `webhook`); null for anything unreadable.
 */
export function notificationToEvent(body: unknown, options: MapOptions = {}): NotificationEvent | null {
  const b = obj(body);
  const typeWebhook = str(b.typeWebhook);
  if (!typeWebhook) return null;
  const instance = obj(b.instanceData);
  const head = { typeWebhook, idInstance: numOrNull(instance.idInstance) };
  const ts = seconds(b.timestamp);
  const ownWid = options.ownWid ?? str(instance.wid);

  if (MESSAGE_WEBHOOKS.has(typeWebhook)) {
    const item = webhookToJournalItem(b);
    const mapped = journalItemToMessage(item, { ownWid, source: options.source ?? 'webhook' });
    if (!mapped) return null;
    const chatName = str(obj(b.senderData).chatName);
    return { ...head, ...mapped, ...(chatName ? { chatName } : {}) };
  }
  switch (typeWebhook) {
    case 'outgoingMessageStatus': {
      const chatId = str(b.chatId);
      const waId = str(b.idMessage);
      const status = str(b.status);
      if (!chatId || !waId || !status || ts === null) return null;
      const sendByApi = typeof b.sendByApi === 'boolean' ? b.sendByApi : null;
      return {
        ...head,
        kind: 'status',
        chatId,
        waId,
        ts,
        status,
        description: str(b.description),
        sendByApi,
      };
    }
    case 'incomingCall':
    case 'outgoingCall': {
      const from = str(b.from);
      const item: Rec = { ...b, chatId: from, senderId: from, typeMessage: typeWebhook };
      delete item.typeWebhook;
      delete item.instanceData;
      delete item.from;
      const mapped = journalItemToMessage(item, { ownWid, source: options.source ?? 'webhook' });
      return mapped ? { ...head, ...mapped } : null;
    }
    case 'stateInstanceChanged': {
      const state = str(b.stateInstance);
      return state ? { ...head, kind: 'state', ts, stateInstance: state } : null;
    }
    case 'quotaExceeded': {
      const q = obj(b.quotaData);
      const [used, total] = [numOrNull(q.used), numOrNull(q.total)];
      return {
        ...head,
        kind: 'quota',
        ts,
        used,
        total,
        status: str(q.status),
        description: str(q.description),
      };
    }
    default:
      return { ...head, kind: 'ignored', ts };
  }
}
