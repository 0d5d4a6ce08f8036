import { describe, expect, it } from 'vitest';
import { ChatSchema, GroupDataSchema, JournalItemSchema, parseList } from '../../src/greenapi/schemas.js';

const item = {
  type: 'incoming',
  idMessage: '3A66D7F0B50000000001',
  timestamp: 1717412276,
  typeMessage: 'imageMessage',
  chatId: '120363043968066561@g.us',
  downloadUrl: 'https://sw-media-7103.storage.yandexcloud.net/7103000000/6f0c1a2e-1d.jpg',
  caption: 'Invoice photo',
  senderId: '79001112233@c.us',
  isEdited: false,
};

describe('schemas (lenient)', () => {
  it('keeps unknown fields of a journal item', () => {
    const parsed = JournalItemSchema.parse({ ...item, brandNewField: { x: 1 } });
    expect(parsed.brandNewField).toEqual({ x: 1 });
    expect(parsed.caption).toBe('Invoice photo');
  });

  it('accepts unknown typeMessage values', () => {
    expect(JournalItemSchema.safeParse({ ...item, typeMessage: 'futureMessage' }).success).toBe(true);
  });

  it('drops an optional field of the wrong type instead of failing the item', () => {
    const parsed = JournalItemSchema.parse({ ...item, senderName: 42, isEdited: 'no' });
    expect(parsed.senderName).toBeUndefined();
    expect(parsed.isEdited).toBeUndefined();
  });

  it('rejects items without id, chat or numeric timestamp', () => {
    expect(JournalItemSchema.safeParse({ ...item, idMessage: undefined }).success).toBe(false);
    expect(JournalItemSchema.safeParse({ ...item, chatId: '' }).success).toBe(false);
    expect(JournalItemSchema.safeParse({ ...item, timestamp: 'ontem' }).success).toBe(false);
  });

  it('parseList validates item by item and reports each skipped item', () => {
    const skipped: unknown[] = [];
    const result = parseList(
      JournalItemSchema,
      [item, null, 'garbage', { ...item, idMessage: 'B' }, [1]],
      (raw) => skipped.push(raw),
    );
    expect(result?.items.map((i) => i.idMessage)).toEqual(['3A66D7F0B50000000001', 'B']);
    expect(result?.skipped).toBe(3);
    expect(skipped).toEqual([null, 'garbage', [1]]);
    expect(parseList(JournalItemSchema, { not: 'an array' }, () => {})).toBeNull();
  });

  it('chats may carry @lid ids and empty names', () => {
    const r = ChatSchema.parse({
      archive: true,
      id: '154300998877665@lid',
      name: '',
      type: 'user',
      notSpam: true,
    });
    expect(r).toMatchObject({ id: '154300998877665@lid', name: '', notSpam: true });
  });

  it('group data drops a bad participant and keeps the others', () => {
    const g = GroupDataSchema.parse({
      groupId: '120363043968066561@g.us',
      participants: [
        { id: '79001234567@c.us', isAdmin: true },
        { isAdmin: false },
        { id: '154300998877665@lid' },
      ],
    });
    expect(g.participants.map((p) => p.id)).toEqual(['79001234567@c.us', '154300998877665@lid']);
  });
});
