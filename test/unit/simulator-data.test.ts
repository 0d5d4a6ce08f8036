import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, EVENT_TYPES, type JournalItem, type Simulator } from '../../src/simulator/index.js';
import { createFaults } from '../../src/simulator/faults.js';
import { createArrivalClock } from '../../src/simulator/arrival.js';
import { createRateLimiter } from '../../src/simulator/limits.js';
import { messageWebhook } from '../../src/simulator/notifications.js';
import { createInstance } from '../../src/simulator/state.js';
import { journalItemToMessage } from '../../src/sync/mappers.js';
import { notificationToEvent } from '../../src/sync/notification-events.js';

const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);
const config = { idInstance: 1101000001, token: 't0ken', chats: 40, messagesPerChat: 80 };
const make = (seed: number) => createInstance(config, seed, () => NOW, createFaults(seed));

let inst: ReturnType<typeof make>;
let all: JournalItem[];
beforeAll(() => {
  inst = make(42);
  all = inst.timeline().map((e) => e.item);
});

describe('simulator data', () => {
  it('is deterministic for a seed and a clock, and differs across seeds', () => {
    const again = make(42)
      .timeline()
      .map((e) => e.item);
    expect(JSON.stringify(again)).toBe(JSON.stringify(all));
    expect(JSON.stringify(make(43).timeline()[0])).not.toBe(JSON.stringify(inst.timeline()[0]));
  });

  it('holds chats × messagesPerChat items, oldest first, all in the past', () => {
    expect(all).toHaveLength(40 * 80);
    for (let i = 1; i < all.length; i++)
      expect(all[i]!.timestamp).toBeGreaterThanOrEqual(all[i - 1]!.timestamp);
    expect(all.at(-1)!.timestamp).toBeLessThanOrEqual(NOW / 1000);
  });

  it('items have the §5.1 base, direction and marker fields', () => {
    for (const item of all) {
      expect(item).toMatchObject({
        idMessage: expect.any(String),
        timestamp: expect.any(Number),
        typeMessage: expect.any(String),
        chatId: expect.stringMatching(/@(c\.us|g\.us|lid)$/),
        deletedMessageId: expect.any(String),
        editedMessageId: expect.any(String),
        isEdited: expect.any(Boolean),
        isDeleted: expect.any(Boolean),
      });
      if (item.type === 'incoming') {
        expect(item).toMatchObject({ senderId: expect.any(String), senderName: expect.any(String) });
        expect(item).not.toHaveProperty('statusMessage');
      } else {
        expect(['sent', 'delivered', 'read']).toContain(item.statusMessage);
        expect(typeof item.sendByApi).toBe('boolean');
        expect(item).not.toHaveProperty('senderId');
      }
    }
    expect(new Set(all.map((i) => `${i.chatId}/${i.idMessage}`)).size).toBe(all.length);
  });

  it('covers every message type of the reference, voice notes and phone/API outgoing', () => {
    const types = new Set(all.map((i) => i.typeMessage));
    for (const t of [
      'textMessage',
      'extendedTextMessage',
      'quotedMessage',
      'imageMessage',
      'videoMessage',
      'documentMessage',
      'audioMessage',
      'stickerMessage',
      'locationMessage',
      'contactMessage',
      'contactsArrayMessage',
      'pollMessage',
      'pollUpdateMessage',
      'reactionMessage',
      'editedMessage',
      'deletedMessage',
    ])
      expect(types, t).toContain(t);
    expect(all.some((i) => i.mimeType === 'audio/ogg; codecs=opus')).toBe(true);
    expect(
      all.some((i) => typeof i.fileName === 'string' && /ç|ó|á/.test(i.fileName) && i.fileName.includes(' ')),
    ).toBe(true);
    expect(all.some((i) => i.sendByApi === true)).toBe(true);
    expect(all.some((i) => i.sendByApi === false)).toBe(true);
  });

  it('is a Brazilian business: pt-BR text, +55 mobile numbers, "X" groups, @lid ids', () => {
    const text = all.map((i) => String(i.textMessage ?? '')).join('\n');
    expect(text).toMatch(/orçamento/);
    expect(text).toMatch(/OS \d{5}/);
    expect(text).toMatch(/boleto|pix/i);
    const users = inst.chats().filter((c) => c.type === 'user' && c.id.endsWith('@c.us'));
    for (const c of users) expect(c.id).toMatch(/^55\d{2}9\d{8}@c\.us$/);
    expect(inst.own.wid).toMatch(/^55\d{2}9\d{8}@c\.us$/);
    const groups = inst.chats().filter((c) => c.type === 'group');
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g.name).toMatch(/ X /);
    expect(inst.chats().some((c) => c.id.endsWith('@lid'))).toBe(true);
    expect(all.some((i) => i.chatId.endsWith('@g.us') && String(i.senderId).endsWith('@lid'))).toBe(true);
  });

  it('edits and deletes link the original and the event item both ways', () => {
    const byId = new Map(all.map((i) => [i.idMessage, i]));
    const edits = all.filter((i) => i.typeMessage === 'editedMessage');
    expect(edits.length).toBeGreaterThan(0);
    for (const e of edits) {
      const target = byId.get((e.editedMessageData as { stanzaId: string }).stanzaId)!;
      expect(target.isEdited).toBe(true);
      expect(target.chatId).toBe(e.chatId);
    }
    for (const d of all.filter((i) => i.typeMessage === 'deletedMessage')) {
      const target = byId.get((d.deletedMessageData as { stanzaId: string }).stanzaId)!;
      expect(target).toMatchObject({ isDeleted: true, deletedMessageId: d.idMessage });
    }
    for (const r of all.filter(
      (i) => i.typeMessage === 'reactionMessage' || i.typeMessage === 'quotedMessage',
    )) {
      expect(byId.get((r.quotedMessage as { stanzaId: string }).stanzaId)?.chatId).toBe(r.chatId);
    }
  });

  it('ground truth counts messages and events', () => {
    const truth = inst.groundTruth();
    expect(truth.totalItems).toBe(all.length);
    expect(truth.totalEvents).toBe(all.filter((i) => EVENT_TYPES.has(i.typeMessage)).length);
    expect(truth.totalMessages + truth.totalEvents).toBe(truth.totalItems);
    expect([...truth.itemsByChat.values()].reduce((n, l) => n + l.length, 0)).toBe(all.length);
  });

  it('every item survives the mapper, and its webhook maps to the same row', () => {
    for (const item of all) {
      const fromJournal = journalItemToMessage(item, { ownWid: inst.own.wid });
      expect(fromJournal, item.typeMessage).not.toBeNull();
      const body = messageWebhook(item, inst.info, inst.chat(item.chatId)?.name ?? '');
      const fromWebhook = notificationToEvent(body);
      if (fromJournal?.kind !== 'message' || fromWebhook?.kind !== 'message') {
        expect(fromWebhook?.kind).toBe(fromJournal?.kind);
        continue;
      }
      // A webhook is the message as it arrived: no delivery status, edit or delete flags yet.
      const {
        extra: a,
        status: _s,
        source: _a,
        senderName: _n,
        edited: _e,
        deleted: _d,
        ...restJournal
      } = fromJournal.message;
      const {
        extra: b,
        status: _t,
        source: _b,
        senderName: _m,
        edited: _f,
        deleted: _g,
        ...restWebhook
      } = fromWebhook.message;
      expect(restWebhook, item.typeMessage).toEqual(restJournal);
      expect(Boolean(a?.sendByApi)).toBe(Boolean(b?.sendByApi));
    }
  });
});

describe('simulator driving API', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await createSimulator({ seed: 5, limits: 'off', now: () => NOW, instances: [config] });
  });
  afterAll(() => sim.close());

  it('adds "N messages across K chats now", queues their notifications and updates the ground truth', () => {
    const inst = sim.instances[0]!;
    const before = inst.groundTruth().totalItems;
    sim.clock.advance(60_000);
    const added = inst.addMessages({ count: 85, chats: 5 });
    expect(added).toHaveLength(85);
    expect(new Set(added.map((i) => i.chatId)).size).toBe(5);
    expect(added.every((i) => i.timestamp === Math.floor((NOW + 60_000) / 1000))).toBe(true);
    expect(inst.groundTruth().totalItems).toBe(before + 85);
    expect(inst.pendingNotifications()).toBeGreaterThanOrEqual(85);
  });

  it('addMessage, editMessage and deleteMessage produce the journal and event items', () => {
    const inst = sim.instances[0]!;
    const chatId = inst.chats()[0]!.id;
    const m = inst.addMessage({
      chatId,
      direction: 'out',
      text: 'Orçamento OS 30415: R$ 1.250,00',
      sendByApi: true,
    });
    expect(m).toMatchObject({
      type: 'outgoing',
      sendByApi: true,
      textMessage: 'Orçamento OS 30415: R$ 1.250,00',
    });
    const edit = inst.editMessage(chatId, m.idMessage, 'Orçamento OS 30415: R$ 1.300,00');
    expect(edit).toMatchObject({
      typeMessage: 'editedMessage',
      editedMessageData: { stanzaId: m.idMessage },
    });
    expect(inst.history(chatId).find((i) => i.idMessage === m.idMessage)).toMatchObject({
      isEdited: true,
      editedMessageId: edit.idMessage,
      textMessage: 'Orçamento OS 30415: R$ 1.300,00',
    });
    const del = inst.deleteMessage(chatId, m.idMessage);
    expect(inst.entry(chatId, m.idMessage)?.item).toMatchObject({
      isDeleted: true,
      deletedMessageId: del.idMessage,
    });
    const voice = inst.addMessage({ chatId, kind: 'voice' });
    expect(voice).toMatchObject({ typeMessage: 'audioMessage', mimeType: 'audio/ogg; codecs=opus' });
  });

  it('drop and duplicate faults act on notifications only', () => {
    const inst = sim.instances[0]!;
    const queued = inst.pendingNotifications();
    sim.setFaults({ dropNotificationRate: 1 });
    inst.addMessage({ direction: 'in' });
    expect(inst.pendingNotifications()).toBe(queued);
    sim.setFaults({ dropNotificationRate: 0, duplicateNotificationRate: 1 });
    inst.addMessage({ direction: 'in' });
    expect(inst.pendingNotifications()).toBe(queued + 2);
    sim.setFaults({ duplicateNotificationRate: 0 });
  });
});

describe('simulator rate limiter', () => {
  it('allows rps calls per second per instance and method, faster with speedFactor', () => {
    let t = 0;
    const limiter = createRateLimiter({ now: () => t });
    expect(limiter.allow(1, 'getChatHistory')).toBe(true);
    expect(limiter.allow(1, 'getChatHistory')).toBe(false);
    expect(limiter.allow(2, 'getChatHistory')).toBe(true);
    t = 999;
    expect(limiter.allow(1, 'getChatHistory')).toBe(false);
    t = 2000;
    expect(limiter.allow(1, 'getChatHistory')).toBe(true);
    const burst = Array.from({ length: 11 }, () => limiter.allow(1, 'getMessage'));
    expect(burst.filter(Boolean)).toHaveLength(10);
    limiter.set({ speedFactor: 100, now: () => t });
    expect(limiter.allow(1, 'getChats')).toBe(true);
    t += 10;
    expect(limiter.allow(1, 'getChats')).toBe(true);
    limiter.set('off');
    expect(Array.from({ length: 5 }, () => limiter.allow(1, 'getChats')).every(Boolean)).toBe(true);
  });

  it('judges a request by when it arrived, not when its body was read', () => {
    const limiter = createRateLimiter({});
    const t0 = performance.now() - 5000;
    expect(limiter.allow(1, 'getChatHistory', t0)).toBe(true);
    // Both checked now: a second apart on arrival is within the limit, 0.9 s apart is not.
    expect(limiter.allow(1, 'getChatHistory', t0 + 1000)).toBe(true);
    expect(limiter.allow(1, 'getChatHistory', t0 + 1900)).toBe(false);
    // Checked out of arrival order: an earlier arrival refills nothing.
    expect(limiter.allow(1, 'getChatHistory', t0 + 1500)).toBe(false);
    expect(limiter.allow(1, 'getChatHistory', t0 + 3000)).toBe(true);
  });

  it('judges a request read late at the first moment it can have arrived and conformed', () => {
    const limiter = createRateLimiter({ speedFactor: 10 }); // one getChatHistory per 100 ms
    const t0 = performance.now() - 10_000;
    expect(limiter.allow(1, 'getChatHistory', t0)).toBe(true);
    // Sent 105 ms later, read 20 ms late (the simulator stalled): judged at t0 + 104.
    expect(limiter.allow(1, 'getChatHistory', t0 + 125, t0 + 104)).toBe(true);
    // The next, sent 105 ms after it and read on time, is 85 ms after the late read yet conforms.
    expect(limiter.allow(1, 'getChatHistory', t0 + 210, t0 + 209)).toBe(true);
    // A window does not excuse a client that is too fast.
    expect(limiter.allow(1, 'getChatHistory', t0 + 260, t0 + 259)).toBe(false);
    expect(limiter.allow(1, 'getChatHistory', t0 + 330, t0 + 329)).toBe(true);
    // An earliest moment read a hair after the request itself counts as the request's own time.
    expect(limiter.allow(2, 'getChatHistory', t0 + 330, t0 + 330.1)).toBe(true);
  });
});

describe('simulator arrival clock', () => {
  it('dates a request read after a stall back to the last beat before it; otherwise to now', async () => {
    const clock = createArrivalClock();
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      // An idle event loop reads a request at once; the first one starts the heartbeat.
      const first = performance.now();
      expect(clock.arrived(performance.now())).toBeGreaterThanOrEqual(first);
      await pause(20);
      const stalled = performance.now();
      while (performance.now() - stalled < 40); // the event loop is blocked, as by a long collection
      expect(clock.arrived(performance.now())).toBeLessThanOrEqual(stalled);
      // The late beat still marks the stall...
      await new Promise((resolve) => setImmediate(resolve));
      expect(clock.arrived(performance.now())).toBeLessThanOrEqual(stalled);
      // ...and beats on time move it up to the present again.
      await pause(30);
      expect(clock.arrived(performance.now())).toBeGreaterThan(stalled + 20);
    } finally {
      clock.stop();
    }
    // Stopped, it beats again only from the next request on.
    const now = performance.now();
    expect(clock.arrived(performance.now())).toBeGreaterThanOrEqual(now);
    clock.stop();
  });
});
