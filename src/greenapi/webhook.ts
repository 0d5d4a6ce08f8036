/**
 * Webhook message bodies (reference §9.5) nest the content in `*MessageData` objects; journals
 * (§5.1) carry the same content flat. This rewrites a message webhook into the journal form so
 * one mapper serves both.
 */
type Rec = Record<string, unknown>;
const obj = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});

export const MESSAGE_WEBHOOKS: ReadonlySet<string> = new Set([
  'incomingMessageReceived',
  'outgoingMessageReceived',
  'outgoingAPIMessageReceived',
]);

export function webhookToJournalItem(body: Rec): Rec {
  const typeWebhook = body.typeWebhook;
  const sender = obj(body.senderData);
  const data = obj(body.messageData);
  const tm = typeof data.typeMessage === 'string' ? data.typeMessage : '';
  const outgoing = typeWebhook !== 'incomingMessageReceived';
  const item: Rec = {
    type: outgoing ? 'outgoing' : 'incoming',
    idMessage: body.idMessage,
    timestamp: body.timestamp,
    typeMessage: tm,
    chatId: sender.chatId,
    senderName: sender.senderName,
    senderContactName: sender.senderContactName,
  };
  if (outgoing) item.sendByApi = typeWebhook === 'outgoingAPIMessageReceived';
  else item.senderId = sender.sender;
  for (const [key, value] of Object.entries(data)) {
    if (key === 'typeMessage') continue;
    if (key === 'textMessageData' || key === 'fileMessageData') Object.assign(item, obj(value));
    else if (key === 'locationMessageData') item.location = value;
    else if (key === 'contactMessageData') item.contact = value;
    // Reactions keep `extendedTextMessageData` in the journals too; replies and links use `extendedTextMessage`.
    else if (key === 'extendedTextMessageData' && tm !== 'reactionMessage') {
      item.extendedTextMessage = value;
      if (tm === 'extendedTextMessage') item.textMessage = obj(value).text;
    } else item[key] = value;
  }
  return item;
}
