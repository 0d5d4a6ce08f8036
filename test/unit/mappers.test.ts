import { describe, expect, it } from 'vitest';
import { journalItemToMessage, type MappedItem } from '../../src/sync/mappers.js';
import { notificationToEvent } from '../../src/sync/notification-events.js';

const OWN = '79001234567@c.us';
const markers = { deletedMessageId: '', editedMessageId: '', isEdited: false, isDeleted: false };
const incoming = (extra: Record<string, unknown>) => ({
  type: 'incoming',
  idMessage: '3A66D7F0B50000000001',
  timestamp: 1717412276,
  chatId: '79001112233@c.us',
  senderId: '79001112233@c.us',
  senderName: 'Olga',
  senderContactName: 'Olga (accounting)',
  ...markers,
  ...extra,
});
const outgoing = (extra: Record<string, unknown>) => ({
  type: 'outgoing',
  idMessage: 'BAE5D12345ABCDEF',
  timestamp: 1717412201,
  chatId: '79001112233@c.us',
  statusMessage: 'read',
  sendByApi: true,
  ...markers,
  ...extra,
});

function message(item: Record<string, unknown>) {
  const mapped = journalItemToMessage(item, { ownWid: OWN });
  if (mapped?.kind !== 'message') throw new Error(`expected a message, got ${mapped?.kind}`);
  return mapped.message;
}
const file = (typeMessage: string, f: Record<string, unknown>) =>
  incoming({
    typeMessage,
    downloadUrl: 'https://sw-media-7103.storage.yandexcloud.net/7103000000/6f0c1a2e-1d.jpg',
    caption: '',
    fileName: '6f0c1a2e-1d.jpg',
    jpegThumbnail: '',
    mimeType: 'image/jpeg',
    isAnimated: false,
    isForwarded: false,
    forwardingScore: 0,
    ...f,
  });

describe('journalItemToMessage: message types', () => {
  it('textMessage (outgoing): own wid as sender, status, sendByApi kept, nothing else in extra', () => {
    const m = message(
      outgoing({ typeMessage: 'textMessage', textMessage: 'Hello, the invoice is attached' }),
    );
    expect(m).toMatchObject({
      waId: 'BAE5D12345ABCDEF',
      ts: 1717412201,
      direction: 'out',
      senderWaId: OWN,
      type: 'text',
      text: 'Hello, the invoice is attached',
      status: 'read',
      edited: false,
      deleted: false,
      source: 'api',
    });
    expect(m.extra).toEqual({ sendByApi: true });
  });

  it('incoming text: sender from senderId, saved name wins and the push name is kept in extra', () => {
    const m = message(incoming({ typeMessage: 'textMessage', textMessage: 'Bom dia, orçamento?' }));
    expect(m.direction).toBe('in');
    expect(m.senderWaId).toBe('79001112233@c.us');
    expect(m.senderName).toBe('Olga (accounting)');
    expect(m.status).toBeNull();
    expect(m.extra).toEqual({ senderName: 'Olga' });
  });

  it('outgoing without ownWid has a null sender', () => {
    const mapped = journalItemToMessage(outgoing({ typeMessage: 'textMessage', textMessage: 'x' }));
    expect(mapped?.kind === 'message' && mapped.message.senderWaId).toBeNull();
  });

  it('extendedTextMessage: text from textMessage, preview title kept, empty defaults dropped', () => {
    const m = message(
      incoming({
        typeMessage: 'extendedTextMessage',
        textMessage: 'Boleto: https://boleto.exemplo.com.br/x',
        extendedTextMessage: {
          text: 'Boleto: https://boleto.exemplo.com.br/x',
          description: '',
          title: 'Boleto OS 30415',
          previewType: 'None',
          jpegThumbnail: '',
          forwardingScore: 0,
          isForwarded: false,
        },
      }),
    );
    expect(m.type).toBe('text');
    expect(m.text).toBe('Boleto: https://boleto.exemplo.com.br/x');
    expect(m.extra).toEqual({
      typeMessage: 'extendedTextMessage',
      senderName: 'Olga',
      extendedTextMessage: { title: 'Boleto OS 30415', previewType: 'None' },
    });
  });

  it('quotedMessage: reply text, quotedWaId from stanzaId, quoted content kept', () => {
    const m = message(
      incoming({
        idMessage: '3AB0EB938BA000000002',
        typeMessage: 'quotedMessage',
        extendedTextMessage: { text: 'Yes, received', stanzaId: 'BAE5D12345ABCDEF', participant: OWN },
        quotedMessage: {
          stanzaId: 'BAE5D12345ABCDEF',
          participant: OWN,
          typeMessage: 'textMessage',
          textMessage: 'Hello, the invoice is attached',
        },
      }),
    );
    expect(m).toMatchObject({ type: 'text', text: 'Yes, received', quotedWaId: 'BAE5D12345ABCDEF' });
    expect(m.extra?.extendedTextMessage).toEqual({ participant: OWN });
    expect(m.extra?.quotedMessage).toMatchObject({ textMessage: 'Hello, the invoice is attached' });
  });

  it('imageMessage: caption is the text, media columns filled, machine file name not searchable', () => {
    const m = message(file('imageMessage', { caption: 'Invoice photo', jpegThumbnail: '/9j/4AAQ' }));
    expect(m).toMatchObject({
      type: 'image',
      text: 'Invoice photo',
      mediaMime: 'image/jpeg',
      mediaName: '6f0c1a2e-1d.jpg',
      mediaUrl: 'https://sw-media-7103.storage.yandexcloud.net/7103000000/6f0c1a2e-1d.jpg',
    });
    expect(m.extra).toEqual({ senderName: 'Olga' }); // the base64 preview is dropped
  });

  it('documentMessage: caption and file name (accents, spaces) are both searchable', () => {
    const m = message(
      file('documentMessage', {
        caption: 'Segue o orçamento',
        fileName: 'Orçamento OS 30415.pdf',
        mimeType: 'application/pdf',
      }),
    );
    expect(m.type).toBe('document');
    expect(m.text).toBe('Segue o orçamento\nOrçamento OS 30415.pdf');
    expect(m.mediaName).toBe('Orçamento OS 30415.pdf');
    // The caption cannot be told apart from the file name in `text`, so it stays in extra.
    expect(m.extra?.caption).toBe('Segue o orçamento');
  });

  it('audioMessage with opus is a voice note; mp3 is audio', () => {
    const voice = message(
      file('audioMessage', { fileName: 'a1b2c3d4-e5f6.ogg', mimeType: 'audio/ogg; codecs=opus' }),
    );
    expect(voice.type).toBe('voice');
    expect(voice.text).toBeNull();
    const audio = message(file('audioMessage', { fileName: 'Áudio do defeito.mp3', mimeType: 'audio/mpeg' }));
    expect(audio.type).toBe('audio');
    expect(audio.text).toBe('Áudio do defeito.mp3');
  });

  it('videoMessage and stickerMessage', () => {
    expect(message(file('videoMessage', { mimeType: 'video/mp4', caption: 'Barulho' })).type).toBe('video');
    const sticker = message(file('stickerMessage', { mimeType: 'image/webp', isAnimated: true }));
    expect(sticker.type).toBe('sticker');
    expect(sticker.extra).toMatchObject({ isAnimated: true });
  });

  it('locationMessage: name and address are the text, coordinates kept', () => {
    const m = message(
      incoming({
        typeMessage: 'locationMessage',
        location: {
          nameLocation: 'BMA Refrigeração',
          address: 'Rua da Bahia, 1148 - Centro',
          jpegThumbnail: '',
          latitude: -19.92,
          longitude: -43.94,
          forwardingScore: 0,
          isForwarded: false,
        },
      }),
    );
    expect(m.type).toBe('location');
    expect(m.text).toBe('BMA Refrigeração\nRua da Bahia, 1148 - Centro');
    expect(m.extra?.location).toEqual({
      nameLocation: 'BMA Refrigeração',
      address: 'Rua da Bahia, 1148 - Centro',
      latitude: -19.92,
      longitude: -43.94,
    });
  });

  it('contactMessage and contactsArrayMessage: display names are the text, vcards kept', () => {
    const vcard = 'BEGIN:VCARD\nFN:Wellington\nEND:VCARD';
    const one = message(
      incoming({
        typeMessage: 'contactMessage',
        contact: { displayName: 'Wellington', vcard, forwardingScore: 0 },
      }),
    );
    expect(one).toMatchObject({ type: 'contact', text: 'Wellington' });
    expect(one.extra?.contact).toEqual({ displayName: 'Wellington', vcard });
    const many = message(
      incoming({
        typeMessage: 'contactsArrayMessage',
        messageData: {
          contacts: [
            { displayName: 'Wellington', vcard, contextInfo: null },
            { displayName: 'Financeiro', vcard, contextInfo: null },
          ],
          forwardingScore: 0,
          isForwarded: false,
        },
      }),
    );
    expect(many).toMatchObject({ type: 'contact', text: 'Wellington, Financeiro' });
  });

  it('pollMessage: question and options are the text', () => {
    const m = message(
      outgoing({
        typeMessage: 'pollMessage',
        pollMessageData: {
          name: 'Melhor horário?',
          options: [{ optionName: 'Manhã' }, { optionName: 'Tarde' }],
          multipleAnswers: false,
        },
      }),
    );
    expect(m).toMatchObject({ type: 'poll', text: 'Melhor horário?\nManhã\nTarde' });
  });

  it('edited and deleted originals carry the flags; a deleted item without content becomes type deleted', () => {
    const edited = message(
      outgoing({ typeMessage: 'textMessage', textMessage: 'novo', isEdited: true, editedMessageId: 'E1' }),
    );
    expect(edited.edited).toBe(true);
    expect(edited.extra).toMatchObject({ editedMessageId: 'E1' });
    const deleted = message(incoming({ typeMessage: 'textMessage', textMessage: 'oi', isDeleted: true }));
    expect(deleted).toMatchObject({ deleted: true, type: 'text', text: 'oi' });
    const gone = message(incoming({ typeMessage: 'textMessage', textMessage: '', isDeleted: true }));
    expect(gone.type).toBe('deleted');
  });

  it('unknown typeMessage maps to unknown and keeps its payload', () => {
    const m = message(incoming({ typeMessage: 'someFutureMessage', futureData: { a: 1 } }));
    expect(m.type).toBe('unknown');
    expect(m.extra).toMatchObject({ typeMessage: 'someFutureMessage', futureData: { a: 1 } });
  });

  it('group message from an @lid member; interactive reply; call item', () => {
    const g = message(
      incoming({
        chatId: '120363043968066561@g.us',
        senderId: '154300998877665@lid',
        typeMessage: 'textMessage',
      }),
    );
    expect(g.senderWaId).toBe('154300998877665@lid');
    const reply = message(
      incoming({
        typeMessage: 'templateButtonsReplyMessage',
        templateButtonReplyMessage: {
          stanzaId: 'S1',
          selectedIndex: 0,
          selectedId: '1',
          selectedDisplayText: 'Sim',
        },
      }),
    );
    expect(reply).toMatchObject({ type: 'text', text: 'Sim', quotedWaId: 'S1' });
    const call = message({
      type: 'incoming',
      idMessage: 'C1',
      timestamp: 1754455764,
      typeMessage: 'incomingCall',
      chatId: '79001234567@c.us',
      duration: 3,
      isVideo: false,
      status: 'pickUp',
    });
    expect(call).toMatchObject({ type: 'call', text: null, extra: { duration: 3, status: 'pickUp' } });
  });

  it('millisecond timestamps are scaled to seconds; items without id/chat/time are null', () => {
    expect(message(incoming({ typeMessage: 'textMessage', timestamp: 1754455764123 })).ts).toBe(1754455764);
    expect(journalItemToMessage({ typeMessage: 'textMessage', chatId: 'x@c.us', timestamp: 1 })).toBeNull();
    expect(journalItemToMessage(incoming({ typeMessage: 'textMessage', timestamp: 'ontem' }))).toBeNull();
    expect(journalItemToMessage(incoming({ typeMessage: 'textMessage', chatId: '' }))).toBeNull();
  });
});

describe('journalItemToMessage: events', () => {
  it('reactionMessage → reaction on the quoted stanzaId', () => {
    const r = journalItemToMessage(
      incoming({
        typeMessage: 'reactionMessage',
        extendedTextMessageData: { text: '👍' },
        quotedMessage: { stanzaId: 'BAE5D12345ABCDEF', participant: OWN, type: '', typeMessage: '' },
      }),
    );
    expect(r).toMatchObject({
      kind: 'reaction',
      targetWaId: 'BAE5D12345ABCDEF',
      emoji: '👍',
      direction: 'in',
    });
  });

  it('editedMessage → edit with the new text; deletedMessage → delete', () => {
    const e = journalItemToMessage(
      outgoing({
        typeMessage: 'editedMessage',
        editedMessageData: { textMessage: 'R$ 1.300,00', stanzaId: 'T1' },
      }),
      { ownWid: OWN },
    );
    expect(e).toMatchObject({ kind: 'edit', targetWaId: 'T1', text: 'R$ 1.300,00', senderWaId: OWN });
    const d = journalItemToMessage(
      incoming({ typeMessage: 'deletedMessage', deletedMessageData: { stanzaId: 'T2' } }),
    );
    expect(d).toMatchObject({ kind: 'delete', targetWaId: 'T2' });
    expect(
      journalItemToMessage(incoming({ typeMessage: 'deletedMessage', deletedMessageData: {} })),
    ).toBeNull();
  });

  it('pollUpdateMessage → pollVote with options and voters', () => {
    const v = journalItemToMessage(
      incoming({
        typeMessage: 'pollUpdateMessage',
        pollMessageData: {
          name: 'Melhor horário?',
          stanzaId: 'P1',
          votes: [
            { optionName: 'Manhã', optionVoters: ['79001112233@c.us'] },
            { optionName: 'Tarde', optionVoters: [] },
          ],
          multipleAnswers: false,
        },
      }),
    );
    expect(v).toEqual(
      expect.objectContaining({
        kind: 'pollVote',
        pollWaId: 'P1',
        question: 'Melhor horário?',
        votes: [
          { option: 'Manhã', voters: ['79001112233@c.us'] },
          { option: 'Tarde', voters: [] },
        ],
      }),
    );
  });
});

const instanceData = { idInstance: 7103000000, wid: OWN, typeInstance: 'whatsapp' };

describe('notificationToEvent', () => {
  it('incoming quoted reply in a group (reference §9.5 example)', () => {
    const ev = notificationToEvent({
      typeWebhook: 'incomingMessageReceived',
      instanceData,
      timestamp: 1717412600,
      idMessage: '165682394AEEFFB519B13DD51491DF65',
      senderData: {
        chatId: '120363043968066561@g.us',
        chatName: 'Sales team',
        sender: '79001112233@c.us',
        senderName: 'Olga',
        senderContactName: 'Olga (accounting)',
      },
      messageData: {
        typeMessage: 'quotedMessage',
        extendedTextMessageData: { text: 'Agreed', stanzaId: 'BAE5D12345ABCDEF', participant: OWN },
        quotedMessage: {
          stanzaId: 'BAE5D12345ABCDEF',
          participant: OWN,
          typeMessage: 'textMessage',
          textMessage: 'Meeting at 10?',
        },
      },
    });
    expect(ev).toMatchObject({
      kind: 'message',
      idInstance: 7103000000,
      chatId: '120363043968066561@g.us',
      chatName: 'Sales team',
    });
    const m = (ev as Extract<MappedItem, { kind: 'message' }>).message;
    expect(m).toMatchObject({
      waId: '165682394AEEFFB519B13DD51491DF65',
      direction: 'in',
      senderWaId: '79001112233@c.us',
      senderName: 'Olga (accounting)',
      text: 'Agreed',
      quotedWaId: 'BAE5D12345ABCDEF',
      source: 'webhook',
    });
  });

  it('outgoing API image: sender is the own wid from instanceData, media fields mapped', () => {
    const ev = notificationToEvent({
      typeWebhook: 'outgoingAPIMessageReceived',
      instanceData,
      timestamp: 1717412700,
      idMessage: 'BAE5F94000000000',
      senderData: {
        chatId: '79001112233@c.us',
        chatName: 'Olga',
        sender: OWN,
        senderName: 'My Business',
        senderContactName: '',
      },
      messageData: {
        typeMessage: 'imageMessage',
        fileMessageData: {
          downloadUrl: 'https://sw-media-out.storage.yandexcloud.net/7103000000/95917013-579d.jpg',
          caption: 'Invoice',
          fileName: 'invoice.jpg',
          jpegThumbnail: '',
          mimeType: 'image/jpeg',
          forwardingScore: 0,
          isForwarded: false,
        },
      },
    });
    expect(ev?.kind).toBe('message');
    const m = (ev as Extract<MappedItem, { kind: 'message' }>).message;
    expect(m).toMatchObject({
      direction: 'out',
      senderWaId: OWN,
      type: 'image',
      text: 'Invoice\ninvoice.jpg',
    });
    expect(m.extra).toMatchObject({ sendByApi: true });
  });

  it('text webhook maps like the journal item; phone-sent outgoing has sendByApi false', () => {
    const ev = notificationToEvent({
      typeWebhook: 'outgoingMessageReceived',
      instanceData,
      timestamp: 1717412350,
      idMessage: '3EB0AAAA',
      senderData: { chatId: '79001112233@c.us', sender: OWN, senderName: 'Loja' },
      messageData: { typeMessage: 'textMessage', textMessageData: { textMessage: 'Pode sim!' } },
    });
    expect(ev).toMatchObject({
      kind: 'message',
      message: { text: 'Pode sim!', extra: { sendByApi: false } },
    });
  });

  it('reaction, edit and delete webhooks become events', () => {
    const base = {
      typeWebhook: 'incomingMessageReceived',
      instanceData,
      timestamp: 1717412400,
      idMessage: 'EV1',
      senderData: { chatId: '79001112233@c.us', sender: '79001112233@c.us', senderName: 'Olga' },
    };
    expect(
      notificationToEvent({
        ...base,
        messageData: {
          typeMessage: 'reactionMessage',
          extendedTextMessageData: { text: '❤️' },
          quotedMessage: { stanzaId: 'T1', participant: OWN },
        },
      }),
    ).toMatchObject({ kind: 'reaction', targetWaId: 'T1', emoji: '❤️' });
    expect(
      notificationToEvent({
        ...base,
        messageData: {
          typeMessage: 'editedMessage',
          editedMessageData: { textMessage: 'corrigido', stanzaId: 'T1' },
        },
      }),
    ).toMatchObject({ kind: 'edit', targetWaId: 'T1', text: 'corrigido' });
    expect(
      notificationToEvent({
        ...base,
        messageData: { typeMessage: 'deletedMessage', deletedMessageData: { stanzaId: 'T1' } },
      }),
    ).toMatchObject({ kind: 'delete', targetWaId: 'T1' });
  });

  it('location and contact webhooks use the *MessageData keys', () => {
    const base = {
      typeWebhook: 'incomingMessageReceived',
      instanceData,
      timestamp: 1717412400,
      idMessage: 'L1',
      senderData: { chatId: '79001112233@c.us', sender: '79001112233@c.us' },
    };
    const loc = notificationToEvent({
      ...base,
      messageData: {
        typeMessage: 'locationMessage',
        locationMessageData: {
          nameLocation: 'Loja',
          address: 'Rua X',
          latitude: 1,
          longitude: 2,
          jpegThumbnail: '',
        },
      },
    });
    expect(loc).toMatchObject({ kind: 'message', message: { type: 'location', text: 'Loja\nRua X' } });
    const contact = notificationToEvent({
      ...base,
      messageData: {
        typeMessage: 'contactMessage',
        contactMessageData: { displayName: 'Técnico', vcard: 'V' },
      },
    });
    expect(contact).toMatchObject({ kind: 'message', message: { type: 'contact', text: 'Técnico' } });
  });

  it('status, state, call, quota and unknown webhooks', () => {
    expect(
      notificationToEvent({
        typeWebhook: 'outgoingMessageStatus',
        chatId: '79001112233@c.us',
        instanceData,
        timestamp: 1717412290,
        idMessage: 'BAE5D12345ABCDEF',
        status: 'delivered',
        sendByApi: true,
      }),
    ).toEqual({
      typeWebhook: 'outgoingMessageStatus',
      idInstance: 7103000000,
      kind: 'status',
      chatId: '79001112233@c.us',
      waId: 'BAE5D12345ABCDEF',
      ts: 1717412290,
      status: 'delivered',
      description: null,
      sendByApi: true,
    });
    expect(
      notificationToEvent({
        typeWebhook: 'stateInstanceChanged',
        instanceData,
        timestamp: 1,
        stateInstance: 'blocked',
      }),
    ).toMatchObject({ kind: 'state', stateInstance: 'blocked' });
    const call = notificationToEvent({
      from: '79001112233@c.us',
      typeWebhook: 'incomingCall',
      instanceData,
      status: 'offer',
      isVideo: false,
      timestamp: 1717412400,
      idMessage: '0CC5E9DB52F5C9A47E839707419F9582',
    });
    expect(call).toMatchObject({
      kind: 'message',
      chatId: '79001112233@c.us',
      message: { type: 'call', direction: 'in', senderWaId: '79001112233@c.us', extra: { status: 'offer' } },
    });
    expect(
      notificationToEvent({
        typeWebhook: 'quotaExceeded',
        instanceData,
        timestamp: 1,
        quotaData: { method: 'correspondents', used: 3, total: 3, status: 'CORRESPONDENTS_QUOTA_EXCEEDED' },
      }),
    ).toMatchObject({ kind: 'quota', used: 3, total: 3, status: 'CORRESPONDENTS_QUOTA_EXCEEDED' });
    expect(notificationToEvent({ typeWebhook: 'deviceInfo', instanceData })).toMatchObject({
      kind: 'ignored',
    });
    expect(notificationToEvent(null)).toBeNull();
    expect(notificationToEvent({ foo: 1 })).toBeNull();
  });
});
